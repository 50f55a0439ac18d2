// Command starrate rates security-system O&M service companies from one to
// three stars under T/BAX 000X—2022. See README.md.
//
// This package only wires the others together: templates → importer →
// rating → exporter.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/templates"
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
	app := &cli.App{
		Name:    "starrate",
		Usage:   "按 T/BAX 000X—2022 评定安全防范系统运行维护服务星级",
		Version: version,
		Writer:  stdout, ErrWriter: stderr,
		// Errors are printed once, by run, with their exit code.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		Commands: []*cli.Command{
			templateCommand(),
			validateCommand(),
			rateCommand(),
			reviewCommand(),
			sampleCommand(),
			rulesCommand(),
		},
	}
	err := app.RunContext(ctx, args)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	if !errors.Is(err, errReported) {
		fmt.Fprintln(stderr, "starrate:", err)
	}
	return code
}

// The exit codes of rating-model.md §5.
const (
	exitOK     = 0 // every input rated without errors
	exitInput  = 1 // some inputs had errors; the rest were still rated
	exitUsage  = 2 // bad usage or configuration
	exitLocked = 3 // another run holds the output folder's lock
	// exitInterrupted: stopped by SIGINT or SIGTERM before the outputs were
	// written; the previous outputs are intact (128 + SIGINT, as shells do).
	exitInterrupted = 130
)

// errReported is an outcome already told to the user (such as "some inputs
// had errors"): run exits with its code and prints nothing more.
var errReported = errors.New("reported")

// inputErrors says that some inputs had errors, already reported.
type inputErrors struct{ n int }

func (e inputErrors) Error() string { return fmt.Sprintf("%d 个文件有错误", e.n) }
func (e inputErrors) Unwrap() error { return errReported }

// usageError is a mistake on the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitCode maps an error kind to its exit code: the one table of them.
func exitCode(err error) int {
	var (
		ie inputErrors
		ue usageError
	)
	switch {
	case errors.Is(err, exporter.ErrLocked):
		return exitLocked
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &ie):
		return exitInput
	case errors.As(err, &ue), errors.Is(err, rating.ErrProfile):
		return exitUsage
	}
	return exitUsage
}

var rulesFlag = &cli.StringFlag{
	Name:  "rules",
	Usage: "rule profile `FILE` (YAML, as printed by 'starrate rules'); default: the embedded T/BAX 000X—2022 profile",
}

// loadProfile returns the profile named by --rules, or the embedded one.
// Its declaration items must be rows the workbook has: a tailored profile
// that names one it has not would fail every company on it.
func loadProfile(c *cli.Context) (*rating.Profile, error) {
	name := c.String(rulesFlag.Name)
	if name == "" {
		return rating.DefaultProfile(), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, &rating.ProfileError{Source: name, Reasons: []string{err.Error()}}
	}
	defer f.Close()
	p, err := rating.LoadProfile(f, name)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, item := range p.Items() {
		if _, ok := templates.ItemByID(item); !ok {
			unknown = append(unknown, fmt.Sprintf("declaration item %q is not a row of sheet %s (known: Q1–Q4, C1–C3, T1, M1–M12)", item, templates.SheetDeclarations))
		}
	}
	if len(unknown) > 0 {
		return nil, &rating.ProfileError{Source: name, Reasons: unknown}
	}
	return p, nil
}

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "print the active rule profile (edit it and pass it back with --rules)",
		Flags: []cli.Flag{rulesFlag},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError{fmt.Errorf("rules 不接受参数，收到 %q", c.Args().First())}
			}
			p, err := loadProfile(c)
			if err != nil {
				return err
			}
			return p.Dump(c.App.Writer)
		},
	}
}
