package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "生成空白申报表；加 --survey 生成用户评价表（表A.1）",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "要写入的工作簿 `FILE`（.xlsx）", Required: true},
			&cli.BoolFlag{Name: "survey", Usage: "生成单独的用户评价表（表A.1）"},
			&cli.IntFlag{Name: "year", Usage: "预填评价年度 `YEAR`（如 2022）"},
			&cli.BoolFlag{Name: "force", Usage: "FILE 已存在时覆盖它"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("template 不接受参数，收到 %q", c.Args().First())
			}
			if y := c.Int("year"); y != 0 && (y < 2000 || y > 2100) {
				return usage("--year 应为 2000 到 2100 之间的年份，收到 %d", y)
			}
			out := c.String("output")
			if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
				// Excel refuses an .xlsx workbook under an .xls or .et name.
				return usage("-o 应为 .xlsx 文件，收到 %q", out)
			}
			if _, err := os.Lstat(out); err == nil && !c.Bool("force") {
				return usage("%s 已存在，未覆盖；确需覆盖请加 --force", out)
			}
			err := round.WriteFile(out, func(w io.Writer) error {
				if c.Bool("survey") {
					return templates.WriteSurvey(w)
				}
				return templates.Write(w, c.Int("year"))
			})
			if err != nil {
				return round.Mark(round.ErrOutput, fmt.Errorf("写入 %s 失败：%w", out, err))
			}
			fmt.Fprintf(c.App.ErrWriter, "已生成 %s\n", out)
			return nil
		},
	}
}
