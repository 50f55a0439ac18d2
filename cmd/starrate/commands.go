package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/selfcheck"
	"github.com/bax/starrate/templates"
)

// The flags several commands share.
var (
	rulesFlag = &cli.StringFlag{Name: "rules", Usage: "规则文件 `FILE`（YAML，格式同 starrate rules 的输出）；默认为内置的 T/BAX 000X—2022 规则"}
	forceFlag = &cli.BoolFlag{Name: "force", Usage: "FILE 已存在时覆盖它"}
)

func outputFlag(usage string) *cli.StringFlag {
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: usage, Required: true}
}

func reviewFlag(usage string) *cli.StringSliceFlag {
	return &cli.StringSliceFlag{Name: "review", Usage: usage}
}

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "生成空白申报表；加 --survey 生成用户评价表（表A.1）",
		Flags: []cli.Flag{
			outputFlag("要写入的工作簿 `FILE`（.xlsx）"),
			&cli.BoolFlag{Name: "survey", Usage: "生成单独的用户评价表（表A.1）"},
			&cli.IntFlag{Name: "year", Usage: "预填评价年度 `YEAR`（如 2022）"},
			forceFlag,
		},
		Before: noArgs,
		Action: func(c *cli.Context) error {
			if y := c.Int("year"); y != 0 && (y < 2000 || y > 2100) {
				return usage("--year 应为 2000 到 2100 之间的年份，收到 %d", y)
			}
			// Excel refuses an .xlsx workbook under an .xls or .et name.
			return create(c, ".xlsx", "", func(w io.Writer) error {
				if c.Bool("survey") {
					return templates.WriteSurvey(w)
				}
				return templates.Write(w, c.Int("year"))
			})
		},
	}
}

func validateCommand() *cli.Command {
	return &cli.Command{
		Name: "validate",
		Usage: "提交前检查工作簿：逐个文件列出全部问题（工作表、单元格），并给出预评星级（自查模式）、是否达到申报星级及各级差距；" +
			"有错误时退出码为 1",
		ArgsUsage: "申报表或文件夹...",
		Flags: []cli.Flag{
			rulesFlag,
			&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出"},
			reviewFlag("评审记录 `FILE`：按评审方式评定（核实结果生效，未核实的显示为待核实）；可重复"),
		},
		Before: needArgs,
		Action: func(c *cli.Context) error {
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			reports, err := round.Validate(c.Context, round.ValidateConfig{Profile: p, Review: c.StringSlice("review")}, c.Args().Slice())
			if err != nil {
				return err
			}
			if !c.Bool("json") {
				exporter.PrintReports(c.App.Writer, reports)
			} else if err := exporter.WriteReportsJSON(c.App.Writer, reports); err != nil {
				return round.Mark(round.ErrOutput, err)
			}
			if bad := exporter.BadFiles(reports); bad > 0 {
				return round.Mark(round.ErrInput, fmt.Errorf("%d 个文件有错误", bad))
			}
			return nil
		},
	}
}

func rateCommand() *cli.Command {
	return &cli.Command{
		Name:      "rate",
		Usage:     "评定一轮申报：在 DIR 中写入 results.json、results.xlsx、results.csv 和每份申报表的批注副本",
		ArgsUsage: "申报表或文件夹...（文件夹递归查找 .xlsx）",
		Flags: []cli.Flag{
			outputFlag("输出目录 `DIR`（专供 starrate 使用）"),
			rulesFlag,
			reviewFlag("评审记录 `FILE`（starrate review 生成、评审人员填写）；可重复，多人分别填写的记录一并采用"),
			&cli.StringFlag{Name: "evaluator", Usage: "评价机构名称 `NAME`（§6.1），写入输出"},
			&cli.StringFlag{Name: "title", Value: "T/BAX 000X—2022 星级评定", Usage: "评定批次名称 `TITLE`，显示在 results.xlsx 汇总的标题中"},
			&cli.StringFlag{Name: "compare", Usage: "与往年的 results.json `FILE` 按统一社会信用代码逐家比较，列入 results.xlsx 变化"},
			&cli.BoolFlag{Name: "incremental", Usage: "只重新读取自上次写入 DIR 以来有变化的输入"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "同时读取的工作簿数 `N`"},
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: "日志格式 `FORMAT`：console、json 或 auto（终端上为 console）"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "只记录警告和最后的汇总"},
		},
		Before: needArgs,
		Action: func(c *cli.Context) error {
			if c.Int("workers") < 1 {
				return usage("--workers 应不小于 1，收到 %d", c.Int("workers"))
			}
			profile, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			log, err := newLogger(c.App.ErrWriter, c.String("log-format"), c.Bool("quiet"))
			if err != nil {
				return err
			}
			cfg := round.Config{
				Out: c.String("output"), Profile: profile, Evaluator: c.String("evaluator"), Version: version,
				Incremental: c.Bool("incremental"), Workers: c.Int("workers"), Log: log, FileLevel: zerolog.InfoLevel,
				Review: c.StringSlice("review"), Title: c.String("title"), Compare: c.String("compare"),
			}
			// On a terminal a progress bar shows the files; their lines go to debug.
			if isTerminal(c.App.ErrWriter) {
				bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(c.App.ErrWriter), progressbar.OptionSetDescription("评定中"),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond))
				cfg.FileLevel, cfg.Done = zerolog.DebugLevel, func() { _ = bar.Add(1) }
				defer func() { _ = bar.Finish(); fmt.Fprintln(c.App.ErrWriter) }()
			}
			_, err = round.Run(c.Context, cfg, c.Args().Slice())
			return err
		},
	}
}

func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:      "review",
		Usage:     "生成或更新本轮的评审记录（评审记录.xlsx），保留已填写的全部核实结果",
		ArgsUsage: "申报表或文件夹...",
		Flags:     []cli.Flag{outputFlag("要生成或就地更新的评审记录 `FILE`"), rulesFlag},
		Before:    needArgs,
		Action: func(c *cli.Context) error {
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			out := c.String("output")
			sum, err := round.Review(c.Context, round.ReviewConfig{Out: out, Profile: p, Workers: runtime.NumCPU()}, c.Args().Slice())
			sum.PrintProblems(c.App.ErrWriter)
			if sum.Checks > 0 || sum.Companies > 0 {
				fmt.Fprintf(c.App.Writer, "%s：%s\n", out, sum)
			}
			if errors.Is(err, round.ErrInput) {
				fmt.Fprintln(c.App.ErrWriter, err) // run leaves input errors to the command
			}
			return err
		},
	}
}

func sampleCommand() *cli.Command {
	return &cli.Command{
		Name: "sample",
		Usage: "生成一轮合成的申报数据：N 份申报表（各星级、待核实、有填报错误），另加一份单独的用户评价表（表A.1）、" +
			"一个无法读取的文件，以及部分填写的评审记录 " + round.SampleRecord,
		Flags: []cli.Flag{
			outputFlag("写入样例文件的文件夹 `DIR`"),
			&cli.IntFlag{Name: "n", Value: 8, Usage: "申报表份数 `N`（另加表A.1、无法读取的文件和评审记录）"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "随机种子 `SEED`：种子相同，生成的文件相同"},
			&cli.IntFlag{Name: "year", Value: 2022, Usage: "评价年度 `YEAR`"},
			&cli.StringFlag{Name: "size", Value: "typical", Usage: "规模 `SIZE`：typical（200 人、1000 条培训、60 份合同、20 份评价）或 small"},
		},
		Before: noArgs,
		Action: func(c *cli.Context) error {
			n := c.Int("n")
			if n < 1 || n > 100000 {
				return usage("-n 应为 1 到 100000，收到 %d", n)
			}
			size, ok := map[string]templates.SampleSize{"typical": templates.Typical, "small": templates.Small}[c.String("size")]
			if !ok {
				return usage("--size 应为 typical 或 small")
			}
			dir := c.String("output")
			count, sum, err := round.Sample(c.Context, round.SampleConfig{Dir: dir, Seed: c.Uint64("seed"), N: n, Size: size, Year: c.Int("year")})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "已在 %s 生成 %d 个文件和评审记录 %s（%s）\n", dir, count, round.SampleRecord, sum)
			return nil
		},
	}
}

func selfcheckCommand() *cli.Command {
	return &cli.Command{
		Name:   "selfcheck",
		Usage:  "生成申报单位用的离线自查页面（申报自查.html）：在浏览器中检查申报表并给出自查星级，不上传任何数据",
		Flags:  []cli.Flag{outputFlag("要写入的页面 `FILE`（.html）"), forceFlag},
		Before: noArgs,
		Action: func(c *cli.Context) error {
			return create(c, ".html", "：可放到网站上或通过电子邮件发给申报单位，用浏览器直接打开即可自查", selfcheck.Write)
		},
	}
}

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:   "rules",
		Usage:  "打印当前使用的规则（可修改后用 --rules 传回）",
		Flags:  []cli.Flag{rulesFlag},
		Before: noArgs,
		Action: func(c *cli.Context) error {
			p, err := round.LoadProfile(c.String(rulesFlag.Name))
			if err != nil {
				return err
			}
			return p.Dump(c.App.Writer)
		},
	}
}

// usage marks a mistake on the command line.
func usage(format string, args ...any) error {
	return round.Mark(round.ErrUsage, fmt.Errorf(format, args...))
}

func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return usage("%s 不接受参数，收到 %q", c.Command.Name, c.Args().First())
	}
	return nil
}

func needArgs(c *cli.Context) error {
	if c.NArg() == 0 {
		return usage("%s 需要至少一个申报表或文件夹", c.Command.Name)
	}
	return nil
}

// create writes the new file --output (of extension ext) with write and
// says so, adding note; it overwrites a file only with --force.
func create(c *cli.Context, ext, note string, write func(io.Writer) error) error {
	out := c.String("output")
	if !strings.EqualFold(filepath.Ext(out), ext) {
		return usage("--output 应为 %s 文件，收到 %q", ext, out)
	}
	if _, err := os.Lstat(out); err == nil && !c.Bool(forceFlag.Name) {
		return usage("%s 已存在，未覆盖；确需覆盖请加 --force", out)
	}
	if err := round.WriteFile(out, write); err != nil {
		return round.Mark(round.ErrOutput, fmt.Errorf("写入 %s 失败：%w", out, err))
	}
	fmt.Fprintf(c.App.ErrWriter, "已生成 %s%s\n", out, note)
	return nil
}
