package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
)

func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:      "review",
		Usage:     "生成或更新本轮的评审记录（评审记录.xlsx），保留已填写的全部核实结果",
		ArgsUsage: "申报表或文件夹...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "要生成或就地更新的评审记录 `FILE`", Required: true},
			rulesFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("review 需要至少一个申报工作簿文件或文件夹")
			}
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			out := c.String("output")
			sum, err := round.Review(c.Context, round.ReviewConfig{Out: out, Profile: p, Workers: runtime.NumCPU()}, c.Args().Slice())
			printReview(c.App.Writer, c.App.ErrWriter, out, sum, err)
			return err
		},
	}
}

// printReview prints the problems `review` met and, once the record is
// written, what changed in it.
func printReview(stdout, stderr io.Writer, out string, sum round.ReviewSummary, err error) {
	for _, p := range sum.Problems {
		sev := "错误"
		if p.Severity == rating.SeverityWarning {
			sev = "警告"
		}
		m := p.Masked()
		fmt.Fprintln(stderr, sev+" "+m.Error())
	}
	if sum.Checks > 0 || sum.Companies > 0 {
		fmt.Fprintf(stdout, "%s：%s\n", out, sum)
	}
	if errors.Is(err, round.ErrInput) {
		fmt.Fprintln(stderr, err) // main leaves input errors to the command
	}
}
