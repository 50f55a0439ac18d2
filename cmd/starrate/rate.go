package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/round"
)

func rateCommand() *cli.Command {
	return &cli.Command{
		Name:      "rate",
		Usage:     "评定一轮申报：在 DIR 中写入 results.json、results.xlsx、results.csv 和每份申报表的批注副本",
		ArgsUsage: "申报表或文件夹...（文件夹递归查找 .xlsx）",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出目录 `DIR`（专供 starrate 使用）", Required: true},
			rulesFlag,
			&cli.StringSliceFlag{Name: "review", Usage: "评审记录 `FILE`（starrate review 生成、评审人员填写）；可重复，多人分别填写的记录一并采用"},
			&cli.StringFlag{Name: "evaluator", Usage: "评价机构名称 `NAME`（§6.1），写入输出"},
			&cli.StringFlag{Name: "title", Value: "T/BAX 000X—2022 星级评定", Usage: "评定批次名称 `TITLE`，显示在 results.xlsx 汇总的标题中"},
			&cli.StringFlag{Name: "compare", Usage: "与往年的 results.json `FILE` 按统一社会信用代码逐家比较，列入 results.xlsx 变化"},
			&cli.BoolFlag{Name: "incremental", Usage: "只重新读取自上次写入 DIR 以来有变化的输入"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "同时读取的工作簿数 `N`"},
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: "日志格式 `FORMAT`：console、json 或 auto（终端上为 console）"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "只记录警告和最后的汇总"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usage("rate 需要至少一个输入文件或文件夹")
			}
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

// newLogger logs for people on a terminal, JSON lines otherwise (cron,
// pipes), or as asked.
func newLogger(w io.Writer, format string, quiet bool) (zerolog.Logger, error) {
	level := zerolog.InfoLevel
	if quiet {
		level = zerolog.WarnLevel
	}
	switch format {
	case "auto":
		if isTerminal(w) {
			format = "console"
		} else {
			format = "json"
		}
	case "console", "json":
	default:
		return zerolog.Logger{}, usage("--log-format 应为 console、json 或 auto，收到 %q", format)
	}
	if format == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05", NoColor: !isTerminal(w)}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger(), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
