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
		Usage:     "rate a round: results.json, results.xlsx, results.csv and an annotated copy of every input",
		ArgsUsage: "INPUT...  (workbooks, or folders searched recursively)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output `DIR`, the program's alone", Required: true},
			rulesFlag,
			&cli.StringFlag{Name: "evaluator", Usage: "the evaluating organisation (§6.1), recorded in the outputs"},
			&cli.StringSliceFlag{Name: "review", Usage: "评审记录 `FILE`（starrate review 生成、评审人员填写）；可重复，多人分别填写的记录一并采用"},
			&cli.BoolFlag{Name: "incremental", Usage: "re-read only inputs that changed since the last run into DIR"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "workbooks read at once"},
			&cli.StringFlag{Name: "log-format", Value: "auto", Usage: "console, json, or auto (console on a terminal)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "log warnings and the summary only"},
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
				Review: c.StringSlice("review"),
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
