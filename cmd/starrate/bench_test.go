//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// Round-scale benchmarks (issues 5, 8, 11; BENCHMARKS.md). Each job runs in
// a child process, the test binary run again, so that its CPU time and peak
// RSS are its own:
//
//	floor   excelize opens every workbook and streams every cell of every sheet
//	import  the importer reads every workbook and rates it
//	rate    the whole `starrate rate` with every output (round.Run)
//	review  the same with --review: a record filled part-way, as a reviewer
//	        would (round.ReviewSample), applied; compare with rate
//	record  `starrate review` creating the round's review record
//	update  `starrate review` updating that record once filled part-way
//	review-full, update-full  the same with the record filled in full (every
//	        open row 通过), as at the end of a round
//
// The round and its filled record are generated once per size into
// $TMPDIR/starrate-bench/.
//
//	go test ./cmd/starrate -run '^$' -bench Round -benchtime 1x

const benchChild = "STARRATE_BENCH_CHILD"

func init() {
	job := os.Getenv(benchChild)
	if job == "" {
		return
	}
	workers, _ := strconv.Atoi(os.Getenv("STARRATE_BENCH_WORKERS"))
	// STARRATE_BENCH_CPUPROFILE=FILE profiles the job itself.
	if path := os.Getenv("STARRATE_BENCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	// STARRATE_BENCH_MEMPROFILE=FILE writes the heap profile (as of the last
	// GC) each time RSS reaches a new high, so what holds the peak shows.
	if path := os.Getenv("STARRATE_BENCH_MEMPROFILE"); path != "" {
		go heapAtPeak(path)
	}
	in, out := os.Getenv("STARRATE_BENCH_IN"), os.Getenv("STARRATE_BENCH_OUT")
	code := 0
	switch job {
	case "floor":
		code = floorJob(in, workers)
	case "import":
		code = importJob(in, workers)
	case "rate":
		code = rateJob(in, out, workers, nil)
	case "review":
		code = rateJob(in, out, workers, []string{recordOf(in)})
	case "record":
		code = reviewJob(in, filepath.Join(out, "评审记录.xlsx"), workers)
	case "review-full":
		code = rateJob(in, out, workers, []string{recordFullOf(in)})
	case "update", "update-full":
		// The record is updated in place: work on a copy of the filled one.
		src := recordOf(in)
		if job == "update-full" {
			src = recordFullOf(in)
		}
		rec := filepath.Join(out, "评审记录.xlsx")
		if data, err := os.ReadFile(src); err != nil || os.WriteFile(rec, data, 0o644) != nil {
			code = 1
			break
		}
		code = reviewJob(in, rec, workers)
	}
	pprof.StopCPUProfile()
	if hwm := peakRSS(); hwm > 0 {
		fmt.Printf("%s %d\n", peakLine, hwm)
	}
	os.Exit(code)
}

// peakLine starts the line on which a job reports its peak RSS in KiB.
const peakLine = "peak-rss-KiB"

// peakRSS is this process's own peak RSS in KiB (VmHWM; 0 where there is
// no /proc). getrusage's ru_maxrss of the child is not its own: on Linux,
// exec keeps the high-water mark of the memory it replaces, which after Go's
// vfork-style clone is the parent's, so every job would report at least the
// benchmark process's RSS (136 MB after it has generated a round).
func heapAtPeak(path string) {
	var high int64
	for range time.Tick(100 * time.Millisecond) {
		if rss := peakRSS(); rss > high+high/20 { // 5 % above the last profile
			high = rss
			if f, err := os.Create(path); err == nil {
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}

func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// recordOf is the filled review record made for the round in dir, kept
// beside it so that it is not one of the round's inputs.
func recordOf(dir string) string { return dir + "-评审记录.xlsx" }

// recordFullOf is the record of the round in dir filled in full.
func recordFullOf(dir string) string { return dir + "-评审记录-全部核实.xlsx" }

// fillAll writes to dst the record src with every row a reviewer left open
// given 通过, a reviewer and a date: the record at the end of a round,
// when every row has a verdict.
func fillAll(src, dst string) error {
	f, err := excelize.OpenFile(src)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.GetRows(rating.ReviewSheetChecks)
	if err != nil {
		return err
	}
	col := func(h string) int { return slices.Index(rating.ReviewColumns, h) }
	verdict, by, date := col("核实结果"), col("核实人"), col("核实日期")
	for i, r := range rows[1:] {
		if len(r) == 0 || r[0] == "" || len(r) > verdict && r[verdict] != "" {
			continue
		}
		for c, v := range map[int]any{verdict: string(rating.VerdictPass), by: "王评审", date: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)} {
			cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
			if err := f.SetCellValue(rating.ReviewSheetChecks, cell, v); err != nil {
				return err
			}
		}
	}
	return f.SaveAs(dst)
}

// rateJob is `starrate rate -q [--review REC] -o out in`, without the
// command line's flag parsing.
func rateJob(in, out string, workers int, review []string) int {
	cfg := round.Config{Out: out, Workers: workers, Version: "bench", Log: zerolog.Nop(), Review: review,
		Title: "T/BAX 000X—2022 星级评定"}
	sum, err := round.Run(context.Background(), cfg, []string{in})
	if err != nil && !errors.Is(err, round.ErrInput) { // the sample round has input errors by design
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if review != nil && sum.RecordErrors > 0 {
		fmt.Fprintf(os.Stderr, "the review record has %d errors\n", sum.RecordErrors)
		return 1
	}
	return 0
}

// reviewJob is `starrate review -o rec in`.
func reviewJob(in, rec string, workers int) int {
	_, err := round.Review(context.Background(), round.ReviewConfig{Out: rec, Workers: workers, Log: zerolog.Nop()}, []string{in})
	if err != nil && !errors.Is(err, round.ErrInput) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func inputsOf(dir string) []round.Input {
	inputs, err := round.Discover([]string{dir}, "")
	if err != nil {
		panic(err)
	}
	return inputs
}

func pool(n, workers int, fn func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				fn(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// floorJob is the least any reader of these workbooks must do.
func floorJob(dir string, workers int) int {
	inputs := inputsOf(dir)
	pool(len(inputs), workers, func(i int) {
		f, err := excelize.OpenFile(inputs[i].Path, excelize.Options{UnzipSizeLimit: 512 << 20, UnzipXMLSizeLimit: 16 << 20})
		if err != nil {
			return
		}
		defer f.Close()
		for _, s := range f.GetSheetList() {
			rows, err := f.Rows(s)
			if err != nil {
				continue
			}
			for rows.Next() {
				_, _ = rows.Columns(excelize.Options{RawCellValue: true})
			}
			rows.Close()
		}
	})
	return 0
}

func importJob(dir string, workers int) int {
	inputs := inputsOf(dir)
	profile := rating.DefaultProfile()
	pool(len(inputs), workers, func(i int) {
		wb := importer.ReadFile(context.Background(), inputs[i].Path, inputs[i].Name, importer.Options{})
		if wb.Application != nil {
			_ = rating.Rate(wb.Application, profile)
		}
	})
	return 0
}

// benchRound returns a folder with n typical applications (and, beside it,
// its review record filled part-way), made once. The folder's name changes
// with the sample's: a round of an older sample is never measured.
func benchRound(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), "starrate-bench", fmt.Sprintf("typical-2022.2-%d", n))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		if _, err := os.Stat(recordFullOf(dir)); err != nil { // a round made before the record filled in full
			if err := fillAll(recordOf(dir), recordFullOf(dir)); err != nil {
				b.Fatal(err)
			}
		}
		return dir
	}
	b.Logf("generating %d typical companies into %s", n, dir)
	os.RemoveAll(dir)
	err := templates.SampleRound(42, n, templates.Typical, 2022, func(name string, write func(io.Writer) error) error {
		return round.WriteFile(filepath.Join(dir, name), write)
	})
	if err != nil {
		b.Fatal(err)
	}
	// The record a reviewer part-way through would hand back (three
	// companies checked, one refuted, one override, one stale row).
	_, err = round.ReviewSample(context.Background(), round.ReviewConfig{Out: recordOf(dir), Workers: runtime.NumCPU()}, dir, 2022)
	if err != nil {
		b.Fatal(err)
	}
	if err := fillAll(recordOf(dir), recordFullOf(dir)); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkRound(b *testing.B) {
	workers := runtime.NumCPU()
	for _, n := range []int{100, 1000} {
		if testing.Short() && n > 100 {
			continue
		}
		for _, job := range []string{"floor", "import", "rate", "review", "review-full", "record", "update", "update-full"} {
			b.Run(fmt.Sprintf("%s/n=%d", job, n), func(b *testing.B) {
				in := benchRound(b, n)
				var cpu, wall time.Duration
				var rss int64
				for b.Loop() {
					out := b.TempDir()
					cmd := exec.Command(os.Args[0], "-test.run=^$")
					cmd.Env = append(os.Environ(), benchChild+"="+job, "STARRATE_BENCH_IN="+in, "STARRATE_BENCH_OUT="+out,
						"STARRATE_BENCH_WORKERS="+strconv.Itoa(workers))
					cmd.Stderr = os.Stderr
					start := time.Now()
					stdout, err := cmd.Output()
					if err != nil {
						b.Fatalf("%s: %v", job, err)
					}
					wall += time.Since(start)
					ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
					cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
					peak := ru.Maxrss // KiB on Linux; an upper bound where VmHWM is missing
					for _, line := range strings.Split(string(stdout), "\n") {
						if v, ok := strings.CutPrefix(line, peakLine+" "); ok {
							peak, _ = strconv.ParseInt(v, 10, 64)
						}
					}
					rss = max(rss, peak)
				}
				runs := float64(b.N)
				b.ReportMetric(cpu.Seconds()/runs, "cpu-s/op")
				b.ReportMetric(wall.Seconds()/runs, "wall-s/op")
				b.ReportMetric(cpu.Seconds()*1000/runs/float64(n), "cpu-ms/company")
				b.ReportMetric(float64(rss)/1024, "peak-rss-MB")
			})
		}
	}
}
