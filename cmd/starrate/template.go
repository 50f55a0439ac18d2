package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "write the applicant workbook (申报表), or with --survey the user survey form (表A.1)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the workbook `FILE` to write (.xlsx)", Required: true},
			&cli.BoolFlag{Name: "survey", Usage: "write the standalone user survey form 表A.1 instead"},
			&cli.IntFlag{Name: "year", Usage: "fill in 评价年度 (e.g. 2022)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("template 不接受参数，收到 %q", c.Args().First())
			}
			if y := c.Int("year"); y != 0 && (y < 2000 || y > 2100) {
				return usage("--year 应为 2000 到 2100 之间的年份，收到 %d", y)
			}
			out := c.String("output")
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
