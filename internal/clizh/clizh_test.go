package clizh

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

var errUsage = errors.New("usage")

type marked struct{ err error }

func (m marked) Error() string   { return m.err.Error() }
func (m marked) Unwrap() []error { return []error{errUsage, m.err} }
func mark(err error) error       { return marked{err} }
func newApp(out *bytes.Buffer) *cli.App {
	app := &cli.App{
		Name: "demo", Usage: "演示", Writer: out, ErrWriter: out,
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{{
			Name: "rate", Usage: "评定", ArgsUsage: "文件...",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出目录 `DIR`", Required: true},
				&cli.IntFlag{Name: "workers", Value: 4, Usage: "工作数 `N`"},
				&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "安静"},
			},
			Action: func(c *cli.Context) error {
				_, err := c.App.Writer.Write([]byte("ran " + c.String("output") + " " + c.Args().First()))
				return err
			},
		}},
	}
	Localise(app, mark)
	return app
}

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	app := newApp(&out)
	err := app.Run(Args(app, append([]string{"demo"}, args...)))
	if err != nil && Translate(err) != err {
		err = mark(Translate(err))
	}
	return out.String(), err
}

func TestUsageErrorsAreChineseAndMarked(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing required flag", []string{"rate", "in"}, "缺少必需的选项 --output"},
		{"unknown flag", []string{"rate", "--bogus", "-o", "x", "in"}, "没有选项 --bogus"},
		{"unknown flag after arguments", []string{"rate", "in", "--bogus"}, "没有选项 --bogus"},
		{"unknown command", []string{"frob"}, "没有命令「frob」；可用的命令：help、rate（demo help 查看说明）"},
		{"help for an unknown command", []string{"help", "frob"}, "没有命令「frob」"},
		{"flag without its value", []string{"rate", "in", "-o"}, "选项 --o 需要一个值"},
		{"bad number", []string{"rate", "--workers", "many", "-o", "x", "in"}, "选项 --workers 的值「many」无效"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.ErrorIs(t, err, errUsage)
		})
	}
}

func TestTranslateLeavesOtherErrors(t *testing.T) {
	err := errors.New("disk full")
	assert.Same(t, err, Translate(err))
	assert.EqualError(t, Translate(errors.New(`Required flags "output, rules" not set`)), "缺少必需的选项 --output、--rules")
	assert.EqualError(t, Translate(errors.New(`invalid boolean value "x" for flag -q: parse error`)), "选项 --q 的值「x」无效")
}

func TestHelpIsChinese(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"help", "rate"}, {"rate", "--help"}} {
		out, err := run(t, args...)
		require.NoError(t, err, args)
		assert.Contains(t, out, "用法：", args)
		for _, english := range []string{"USAGE:", "COMMANDS:", "OPTIONS:", "(default:", "show help", "Shows a list"} {
			assert.NotContains(t, out, english, args)
		}
	}
	out, err := run(t, "help", "rate")
	require.NoError(t, err)
	assert.Contains(t, out, "（默认：4）")
	assert.Contains(t, out, "选项（可写在文件名之前或之后）")
}

func TestFlagsAfterArguments(t *testing.T) {
	out, err := run(t, "rate", "in", "-o", "out")
	require.NoError(t, err)
	assert.Equal(t, "ran out in", out)
}

func TestArgs(t *testing.T) {
	app := newApp(nil)
	for _, tc := range []struct{ in, want []string }{
		{[]string{"demo", "rate", "in", "-o", "out"}, []string{"demo", "rate", "-o", "out", "--", "in"}},
		{[]string{"demo", "rate", "-o", "out", "in"}, []string{"demo", "rate", "-o", "out", "--", "in"}},
		{[]string{"demo", "rate", "in", "--output=out", "-q", "b"}, []string{"demo", "rate", "--output=out", "-q", "--", "in", "b"}},
		{[]string{"demo", "rate", "-o", "out", "--", "-odd.xlsx"}, []string{"demo", "rate", "-o", "out", "--", "-odd.xlsx"}},
		{[]string{"demo", "rate", "in", "-o"}, []string{"demo", "rate", "-o"}},
		{[]string{"demo", "rate", "-q"}, []string{"demo", "rate", "-q"}},
		{[]string{"demo", "frob", "a", "-x"}, []string{"demo", "frob", "a", "-x"}},
		{[]string{"demo", "rate"}, []string{"demo", "rate"}},
	} {
		assert.Equal(t, tc.want, Args(app, tc.in), tc.in)
	}
}
