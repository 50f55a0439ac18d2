package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// sampleReview is the name of the sample round's review record.
const sampleReview = "评审记录.xlsx"

func sampleCommand() *cli.Command {
	return &cli.Command{
		Name: "sample",
		Usage: "生成一轮合成的申报数据：N 份申报表（各星级、待核实、有填报错误），另加一份单独的用户评价表（表A.1）、" +
			"一个无法读取的文件，以及部分填写的评审记录 " + sampleReview,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "写入样例文件的文件夹 `DIR`", Required: true},
			&cli.IntFlag{Name: "n", Value: 8, Usage: "申报表份数 `N`（另加表A.1、无法读取的文件和评审记录）"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "随机种子 `SEED`：种子相同，生成的文件相同"},
			&cli.IntFlag{Name: "year", Value: 2022, Usage: "评价年度 `YEAR`"},
			&cli.StringFlag{Name: "size", Value: "typical", Usage: "规模 `SIZE`：typical（200 人、1000 条培训、60 份合同、20 份评价）或 small"},
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
			record := filepath.Join(dir, sampleReview)
			sum, err := round.ReviewSample(c.Context, round.ReviewConfig{Out: record}, dir, c.Int("year"))
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "已在 %s 生成 %d 个文件和评审记录 %s（%s）\n", dir, count, sampleReview, sum)
			return nil
		},
	}
}
