// Command starrate rates security-system O&M service companies from one to
// three stars under T/BAX 000X—2022. See README.md.
//
// This package is flags, the logger and the exit codes: package round does
// the work, driving templates → importer → rating → exporter.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/internal/clizh"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program: it takes the arguments and the writers and
// returns the exit code, so tests drive the CLI in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, clizh.Args(app, args))
	if err == nil {
		return exitOK
	}
	if t := clizh.Translate(err); t != err {
		err = round.Mark(round.ErrUsage, t)
	}
	// Input errors are reported already, file by file.
	if !errors.Is(err, round.ErrInput) {
		fmt.Fprintln(stderr, "starrate:", err)
	}
	return exitCode(err)
}

// newApp is the command tree.
func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "starrate",
		Usage:   "按 T/BAX 000X—2022 评定安全防范系统运行维护服务星级",
		Version: version,
		Writer:  stdout, ErrWriter: stderr,
		// Errors are printed once, by run, with their exit code.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{templateCommand(), validateCommand(), rateCommand(), reviewCommand(),
			sampleCommand(), selfcheckCommand(), rulesCommand()},
	}
	clizh.Localise(app, func(err error) error { return round.Mark(round.ErrUsage, err) })
	// An action's error of no kind is a bug of ours; the parser's own
	// errors (a missing required flag) are usage.
	for _, cmd := range app.Commands {
		action := cmd.Action
		cmd.Action = func(c *cli.Context) error {
			err := action(c)
			if err != nil && exitCode(err) == exitUsage && !errors.Is(err, round.ErrUsage) && !errors.Is(err, rating.ErrProfile) {
				err = round.Mark(round.ErrInternal, err)
			}
			return err
		}
	}
	return app
}

// The exit codes of rating-model.md §5.
const (
	exitOK     = 0 // every input rated without errors
	exitInput  = 1 // some inputs had errors; the rest were still rated
	exitUsage  = 2 // bad usage or configuration; nothing written
	exitLocked = 3 // another run holds the output folder's lock
	exitOutput = 4 // an output could not be written, or an internal error
	// exitInterrupted: stopped by SIGINT or SIGTERM before the outputs were
	// committed; the previous outputs are intact (128 + SIGINT, as shells do).
	exitInterrupted = 130
)

// exitCodes maps error kinds to exit codes: the one table of them. The
// first kind an error is of wins.
var exitCodes = []struct {
	kind error
	code int
}{
	{round.ErrInterrupted, exitInterrupted},
	{round.ErrLocked, exitLocked},
	{round.ErrInternal, exitOutput},
	{round.ErrOutput, exitOutput},
	{round.ErrUsage, exitUsage},
	{rating.ErrProfile, exitUsage},
	{round.ErrInput, exitInput},
}

func exitCode(err error) int {
	for _, e := range exitCodes {
		if errors.Is(err, e.kind) {
			return e.code
		}
	}
	return exitUsage // the command-line parser's own errors
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
