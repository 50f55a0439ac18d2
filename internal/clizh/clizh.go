// Package clizh gives an urfave/cli v2 app Chinese help and usage errors,
// and lets flags follow the arguments.
//
// urfave/cli renders its help from package-level templates and words its
// parse errors (and Go's flag package's) in English; association staff and
// applicants read Chinese. Localise replaces the templates once and gives
// the app a Chinese help command and root action; Translate turns a parse
// error into a sentence for an operator; Args moves flags typed after the
// file names to before them.
package clizh

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
)

// Localise makes app speak Chinese. mark is applied to every usage error
// the app returns (a translated parse error, an unknown command), so that
// the caller's exit-code table knows it for one.
func Localise(app *cli.App, mark func(error) error) {
	templatesOnce.Do(setTemplates)
	app.Commands = append([]*cli.Command{helpCommand(mark)}, app.Commands...)
	app.Action = func(c *cli.Context) error {
		// No command matched: no arguments shows the help, anything else
		// is an unknown command (urfave/cli would look for a help topic
		// and exit 3).
		if c.NArg() == 0 {
			return cli.ShowAppHelp(c)
		}
		return mark(unknownCommand(c.App, c.Args().First()))
	}
	app.OnUsageError = func(_ *cli.Context, err error, _ bool) error { return mark(Translate(err)) }
	for _, cmd := range app.Commands {
		cmd.OnUsageError = app.OnUsageError
	}
}

var templatesOnce sync.Once

// setTemplates replaces urfave/cli's help templates and its help and
// version flags: they are package-level, shared by every app.
func setTemplates() {
	cli.AppHelpTemplate = `{{.Name}} — {{.Usage}}

用法：
   {{.HelpName}} 命令 [选项] [参数…]{{if .Version}}{{if not .HideVersion}}

版本：
   {{.Version}}{{end}}{{end}}{{if .VisibleCommands}}

命令：{{template "visibleCommandCategoryTemplate" .}}{{end}}{{if .VisibleFlags}}

全局选项：{{template "visibleFlagTemplate" .}}{{end}}

每个命令的说明：{{.HelpName}} help 命令（或 {{.HelpName}} 命令 --help）
`
	cli.CommandHelpTemplate = `{{.HelpName}} — {{.Usage}}

用法：
   {{if .UsageText}}{{wrap .UsageText 3}}{{else}}{{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}{{if .Description}}

说明：
   {{template "descriptionTemplate" .}}{{end}}{{if .VisibleFlags}}

选项（可写在文件名之前或之后）：{{template "visibleFlagTemplate" .}}{{end}}
`
	cli.SubcommandHelpTemplate = cli.CommandHelpTemplate
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助", DisableDefaultText: true}
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "显示版本", DisableDefaultText: true}
	stringify := cli.FlagStringer
	cli.FlagStringer = func(f cli.Flag) string {
		return defaultText.ReplaceAllString(stringify(f), "（默认：$1）")
	}
}

var defaultText = regexp.MustCompile(` \(default: (.*)\)$`)

// helpCommand replaces urfave/cli's own (whose text is English): `app
// help` and `app help command`.
func helpCommand(mark func(error) error) *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "显示命令列表，或一个命令的说明",
		ArgsUsage: "[命令]",
		Action: func(c *cli.Context) error {
			name := c.Args().First()
			if name == "" {
				return cli.ShowAppHelp(c)
			}
			if c.App.Command(name) == nil {
				return mark(unknownCommand(c.App, name))
			}
			// The root context lists the app's commands; the help
			// command's own context lists none.
			for _, p := range c.Lineage()[1:] {
				if p.Command != nil {
					return cli.ShowCommandHelp(p, name)
				}
			}
			return cli.ShowAppHelp(c)
		},
	}
}

// unknownCommand names the commands the app does have.
func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.VisibleCommands() {
		names = append(names, c.Name)
	}
	return fmt.Errorf("没有命令「%s」；可用的命令：%s（%s help 查看说明）", name, strings.Join(names, "、"), app.Name)
}

// Go's flag package and urfave/cli word their parse errors in English;
// these patterns turn them into sentences for an operator.
var parseErrors = []struct {
	re   *regexp.Regexp
	text func(m []string) string
}{
	{regexp.MustCompile(`^Required flags? "(.+)" not set$`), func(m []string) string {
		var flags []string
		for _, f := range strings.Split(m[1], ", ") {
			flags = append(flags, "--"+strings.Trim(f, `"`))
		}
		return fmt.Sprintf("缺少必需的选项 %s", strings.Join(flags, "、"))
	}},
	{regexp.MustCompile(`^flag provided but not defined: -+(.+)$`), func(m []string) string {
		return fmt.Sprintf("没有选项 --%s", m[1])
	}},
	{regexp.MustCompile(`^flag needs an argument: -+(.+)$`), func(m []string) string {
		return fmt.Sprintf("选项 --%s 需要一个值", m[1])
	}},
	{regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for flag -+([^:]+): (.*)$`), func(m []string) string {
		return fmt.Sprintf("选项 --%s 的值「%s」无效", m[2], m[1])
	}},
}

// Translate turns a parse error of urfave/cli or Go's flag package into
// Chinese; other errors are returned as they are, so err == Translate(err)
// says the error was not a parse error.
func Translate(err error) error {
	msg := err.Error()
	for _, p := range parseErrors {
		if m := p.re.FindStringSubmatch(msg); m != nil {
			return errors.New(p.text(m))
		}
	}
	return err
}

// Args moves the flags of a command that stand after its arguments to
// before them, so that `app cmd in -o out` works as people type it (Go's
// flag parsing stops at the first non-flag). A flag that takes a value
// keeps the word after it; "--" ends the flags.
func Args(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, rest []string
	for i := 2; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && takesValue[name] {
			if i+1 == len(args) {
				// The value is missing: the flag goes last, so that the
				// parser says so instead of taking "--" as its value.
				return append([]string{args[0], args[1]}, flags...)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(rest) > 0 {
		out = append(out, "--")
		out = append(out, rest...)
	}
	return out
}
