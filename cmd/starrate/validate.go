package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/round"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name: "validate",
		Usage: "提交前检查工作簿：逐个文件列出全部问题（工作表、单元格），并给出预评星级（自查模式）、是否达到申报星级及各级差距；" +
			"有错误时退出码为 1",
		ArgsUsage: "申报表或文件夹...",
		Flags: []cli.Flag{
			rulesFlag,
			&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出"},
			&cli.StringSliceFlag{Name: "review", Usage: "评审记录 `FILE`：按评审方式评定（核实结果生效，未核实的显示为待核实）；可重复"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("validate 需要至少一个工作簿文件或文件夹")
			}
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			reports, err := round.Validate(c.Context, round.ValidateConfig{Profile: p, Review: c.StringSlice("review")}, c.Args().Slice())
			if err != nil {
				return err
			}
			if c.Bool("json") {
				if err := exporter.WriteReportsJSON(c.App.Writer, reports); err != nil {
					return round.Mark(round.ErrOutput, err)
				}
			} else {
				exporter.PrintReports(c.App.Writer, reports)
			}
			if bad := exporter.BadFiles(reports); bad > 0 {
				return round.Mark(round.ErrInput, fmt.Errorf("%d 个文件有错误", bad))
			}
			return nil
		},
	}
}
