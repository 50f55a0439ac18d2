package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/exporter"
	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/selfcheck"
	"github.com/bax/starrate/templates"
)

var screenshots = flag.Bool("screenshots", false, "write docs/selfcheck-*.png from the browser test")

// chromiumPath is the browser the page is tested in: Debian's chromium
// (apt-get install chromium), or STARRATE_CHROMIUM.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("STARRATE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	t.Skip("SKIPPED: no chromium binary (/usr/bin/chromium); install it with `apt-get install -y chromium` " +
		"or set STARRATE_CHROMIUM to run the self-check page in a real browser")
	return ""
}

// browserPage opens the self-check page, written by the selfcheck command,
// from disk in headless Chromium at 1366×768, with downloads going to the
// returned folder.
func browserPage(t *testing.T) (ctx context.Context, downloads string) {
	t.Helper()
	bin := chromiumPath(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "申报自查.html")
	code, _, stderr := runCLI(t, "selfcheck", "-o", page)
	require.Equal(t, exitOK, code, stderr)
	info, err := os.Stat(page)
	require.NoError(t, err)
	t.Logf("page: %.2f MB", float64(info.Size())/(1<<20))
	require.LessOrEqual(t, info.Size(), int64(10<<20), "the page must fit in an e-mail")

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true))
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })

	downloads = t.TempDir()
	_, err = chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
	require.NoError(t, err)
	start := time.Now()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate((&url.URL{Scheme: "file", Path: page}).String()),
	))
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.ready === "true" || document.getElementById("status").className === "error"`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err)
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent`))
	require.NoError(t, err)
	require.Contains(t, status, "准备就绪", "the engine did not load")
	t.Logf("engine ready %.2f s after opening", time.Since(start).Seconds())
	return ctx, downloads
}

// checkInPage loads files through the page's file input and waits for the
// answer; it returns the page's own measure of the check, in ms.
func checkInPage(t *testing.T, ctx context.Context, paths ...string) int {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("files"), paths)))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.state === "done" || document.body.dataset.state === "failed"`,
		chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.state + " " + document.getElementById("status").textContent`))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(state, "done "), state)
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`+document.body.dataset.checkMs`))
	require.NoError(t, err)
	return ms
}

type shownFile struct {
	File     string     `json:"file"`
	Problems [][]string `json:"problems"`
}

// shownProblems reads the problem tables as the applicant sees them.
func shownProblems(t *testing.T, ctx context.Context) map[string][][]string {
	t.Helper()
	files, err := chromedp.Run(ctx, chromedp.Evaluate[[]shownFile](`Array.from(document.querySelectorAll(".file")).map(f => ({
		file: f.dataset.file,
		problems: Array.from(f.querySelectorAll("tr.problem")).map(tr => Array.from(tr.cells).map(c => c.textContent))}))`))
	require.NoError(t, err)
	out := map[string][][]string{}
	for _, f := range files {
		out[f.File] = f.Problems
		if out[f.File] == nil {
			out[f.File] = [][]string{}
		}
	}
	return out
}

// asShown is how the page should show validate's problems.
func asShown(reports []fileReport) map[string][][]string {
	out := map[string][][]string{}
	for _, r := range reports {
		rows := [][]string{}
		for _, p := range r.Problems {
			sev := "错误"
			if p.Severity == "warning" {
				sev = "警告"
			}
			rows = append(rows, []string{sev, p.Sheet, p.Cell, p.Value, p.Expected, p.Message})
		}
		out[r.File] = rows
	}
	return out
}

func shownStars(t *testing.T, ctx context.Context) map[string]int {
	t.Helper()
	type card struct {
		File  string `json:"file"`
		Stars int    `json:"stars"`
	}
	cards, err := chromedp.Run(ctx, chromedp.Evaluate[[]card](`Array.from(document.querySelectorAll(".verdict-card")).map(c => ({
		file: c.dataset.file, stars: +c.querySelector("[data-stars]").dataset.stars}))`))
	require.NoError(t, err)
	out := map[string]int{}
	for _, c := range cards {
		out[c.File] = c.Stars
	}
	return out
}

// download waits for a new file in dir after click and returns its path.
func download(t *testing.T, ctx context.Context, dir string, click chromedp.Action[chromedp.Void]) string {
	t.Helper()
	before, _ := os.ReadDir(dir)
	start := time.Now()
	require.NoError(t, chromedp.Do(ctx, click))
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".xlsx") && !containsEntry(before, e.Name()) {
				t.Logf("downloaded %s %.2f s after the click", e.Name(), time.Since(start).Seconds())
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no download arrived")
	return ""
}

func containsEntry(es []os.DirEntry, name string) bool {
	for _, e := range es {
		if e.Name() == name {
			return true
		}
	}
	return false
}

func screenshot(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	if !*screenshots {
		return
	}
	act := chromedp.CaptureScreenshot()
	if full {
		act = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, act)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join("..", "..", "docs", "selfcheck-"+name+".png"), png, 0o644))
}

func TestSelfcheckPageInChromium(t *testing.T) {
	ctx, downloads := browserPage(t)
	screenshot(t, ctx, "empty", false)

	// Usable by keyboard: Tab reaches the three controls, in reading order.
	var focused []string
	for range 3 {
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("\t")))
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		require.NoError(t, err)
		focused = append(focused, id)
	}
	require.Equal(t, []string{"get-template", "get-survey", "choose"}, focused)
	// At 1366×768 nothing is wider than the window.
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	require.NoError(t, err)
	require.False(t, wide, "the page scrolls sideways at 1366×768")

	// The blank forms come from the page itself.
	blank := download(t, ctx, downloads, chromedp.Click(chromedp.ID("get-template")))
	f, err := excelize.OpenFile(blank)
	require.NoError(t, err)
	require.Contains(t, f.GetSheetList(), templates.SheetStaff)
	f.Close()
	survey := download(t, ctx, downloads, chromedp.Click(chromedp.ID("get-survey")))
	wb := importer.ReadFile(context.Background(), survey, "表A.1", importer.Options{})
	require.NotNil(t, wb.Form, "the page's 表A.1 is read back as a survey form")

	t.Run("sample round", func(t *testing.T) {
		inputs, err := round.Discover([]string{sampleRound}, "")
		require.NoError(t, err)
		var paths []string
		for _, in := range inputs {
			abs, err := filepath.Abs(in.Path)
			require.NoError(t, err)
			paths = append(paths, abs)
		}
		// The engine runs in a Web Worker: the page's own timers keep
		// running while it checks (on the page's thread they would stop).
		inWorker, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.starrate === "undefined" && typeof window.Go === "undefined"`))
		require.NoError(t, err)
		require.True(t, inWorker, "the engine is not loaded into the page itself")
		_, err = chromedp.Run(ctx, chromedp.Evaluate[int](`window.ticks = 0; window.ticker = setInterval(() => window.ticks++, 20)`))
		require.NoError(t, err)
		ms := checkInPage(t, ctx, paths...)
		ticks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`clearInterval(window.ticker), window.ticks`))
		require.NoError(t, err)
		t.Logf("sample round (%d files) checked in %d ms; the page's 20 ms timer ran %d times meanwhile", len(paths), ms, ticks)
		if ms >= 200 {
			require.GreaterOrEqual(t, ticks, ms/20/4, "the page froze while the engine checked")
		}
		require.Equal(t, asShown(validateJSON(t, sampleRound)), shownProblems(t, ctx))
		want := map[string]int{}
		for _, v := range selfcheck.Check(context.Background(), pageFiles(t, sampleRound)).Verdicts {
			want[v.File] = v.Stars
		}
		require.Equal(t, want, shownStars(t, ctx))

		// The annotated copy, made in the page, opened as the applicant will.
		annotated := download(t, ctx, downloads, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.verdict-card[data-file=%q] button`, errorCompany))))
		f, err := excelize.OpenFile(annotated)
		require.NoError(t, err)
		defer f.Close()
		require.Equal(t, exporter.SheetVerdict, f.GetSheetList()[0])
		comments, err := f.GetComments(templates.SheetStaff)
		require.NoError(t, err)
		require.NotEmpty(t, comments, "cells with problems carry comments")
	})

	t.Run("ID as a number, 合计 row, missing sheet", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "申报表-有误.xlsx")
		require.NoError(t, os.WriteFile(path, oddWorkbook(t), 0o644))
		checkInPage(t, ctx, path)
		want := validateJSON(t, path)
		want[0].File = filepath.Base(path)
		require.Equal(t, asShown(want), shownProblems(t, ctx))
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		require.NoError(t, err)
		require.False(t, wide, "the problem table scrolls sideways at 1366×768")
		screenshot(t, ctx, "problems", true)
	})

	t.Run("typical workbook within 3 s", func(t *testing.T) {
		app := templates.Sample(templates.SampleSpec{Seed: 1, Index: 1, Year: 2022, Level: 3})
		require.Len(t, app.Staff, 200)
		require.Len(t, app.Trainings, 1000)
		require.Len(t, app.Contracts, 60)
		require.Len(t, app.Surveys, 20)
		var b bytes.Buffer
		require.NoError(t, templates.WriteFilled(&b, app))
		path := filepath.Join(t.TempDir(), "申报表-典型.xlsx")
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
		ms := checkInPage(t, ctx, path)
		t.Logf("typical workbook (200 staff, 1,000 training rows, 60 contracts, 20 surveys, %d KB) checked in %d ms", b.Len()>>10, ms)
		require.LessOrEqual(t, ms, 3000)
		require.Equal(t, asShown(validateJSON(t, path)), map[string][][]string{filepath.Base(path): shownProblems(t, ctx)[filepath.Base(path)]})
		screenshot(t, ctx, "clean", true)
	})
}
