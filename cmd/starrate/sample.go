package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

func sampleCommand() *cli.Command {
	return &cli.Command{
		Name:  "sample",
		Usage: "write a synthetic round of applicant workbooks (every star level, pending reviews, input errors, an unreadable file)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "folder `DIR` to write the workbooks into", Required: true},
			&cli.IntFlag{Name: "n", Value: 8, Usage: "number of input files"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "the same seed gives the same round"},
			&cli.IntFlag{Name: "year", Value: 2022, Usage: "评价年度"},
			&cli.StringFlag{Name: "size", Value: "typical", Usage: "typical (200 staff, 1,000 training rows, 60 contracts, 20 surveys) or small"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("sample 不接受参数，收到 %q", c.Args().First())
			}
			n := c.Int("n")
			if n < 1 || n > 100000 {
				return usage("-n 应为 1 到 100000，收到 %d", n)
			}
			size := templates.Typical
			switch c.String("size") {
			case "typical":
			case "small":
				size = templates.Small
			default:
				return usage("--size 应为 typical 或 small")
			}
			dir := c.String("output")
			count := 0
			err := templates.SampleRound(c.Uint64("seed"), n, size, c.Int("year"), func(name string, write func(io.Writer) error) error {
				count++
				return round.WriteFile(filepath.Join(dir, name), write)
			})
			if err != nil {
				return round.Mark(round.ErrOutput, err)
			}
			fmt.Fprintf(c.App.ErrWriter, "已在 %s 生成 %d 个文件\n", dir, count)
			return nil
		},
	}
}
