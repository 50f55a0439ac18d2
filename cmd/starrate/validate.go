package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check workbooks before submitting: every problem, by file, sheet and cell; exit 1 if any error",
		ArgsUsage: "FILE|FOLDER...",
		Flags: []cli.Flag{
			rulesFlag,
			&cli.BoolFlag{Name: "json", Usage: "print the problems as JSON"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("validate 需要至少一个工作簿文件或文件夹")
			}
			if _, err := round.LoadProfile(c.String(rulesFlag.Name)); err != nil {
				return err
			}
			reports, err := round.Validate(c.Context, c.Args().Slice())
			if err != nil {
				return err
			}
			if c.Bool("json") {
				if err := round.WriteReportsJSON(c.App.Writer, reports); err != nil {
					return round.Mark(round.ErrOutput, err)
				}
			} else {
				round.PrintReports(c.App.Writer, reports)
			}
			if bad := round.Bad(reports); bad > 0 {
				return round.Mark(round.ErrInput, fmt.Errorf("%d 个文件有错误", bad))
			}
			return nil
		},
	}
}
