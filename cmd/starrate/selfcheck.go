package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
	"github.com/bax/starrate/selfcheck"
)

func selfcheckCommand() *cli.Command {
	return &cli.Command{
		Name:  "selfcheck",
		Usage: "生成申报单位用的离线自查页面（申报自查.html）：在浏览器中检查申报表并给出自查星级，不上传任何数据",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "要写入的页面 `FILE`（.html）", Required: true},
			&cli.BoolFlag{Name: "force", Usage: "FILE 已存在时覆盖它"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("selfcheck 不接受参数，收到 %q", c.Args().First())
			}
			out := c.String("output")
			if !strings.EqualFold(filepath.Ext(out), ".html") {
				return usage("--output 应为 .html 文件，收到 %q", out)
			}
			if _, err := os.Lstat(out); err == nil && !c.Bool("force") {
				return usage("%s 已存在；要覆盖请加 --force", out)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("无法检查 %s：%w", out, err)
			}
			if err := round.WriteFile(out, func(w io.Writer) error { return selfcheck.Write(w) }); err != nil {
				return fmt.Errorf("写入 %s 失败：%w", out, err)
			}
			fmt.Fprintf(c.App.ErrWriter, "已生成 %s：可放到网站上或通过电子邮件发给申报单位，用浏览器直接打开即可自查\n", out)
			return nil
		},
	}
}
