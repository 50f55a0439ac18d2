//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/bax/starrate/importer"
	"github.com/bax/starrate/rating"
	"github.com/bax/starrate/round"
	"github.com/bax/starrate/templates"
)

// Round-scale benchmarks (issue 5, BENCHMARKS.md). Each job runs in a child
// process, the test binary run again, so that its CPU time and peak RSS are
// its own:
//
//	floor   excelize opens every workbook and streams every cell of every sheet
//	import  the importer reads every workbook and rates it
//	rate    the whole `starrate rate` with every output
//
// The round is generated once per size into $TMPDIR/starrate-bench/.
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
	in, out := os.Getenv("STARRATE_BENCH_IN"), os.Getenv("STARRATE_BENCH_OUT")
	code := 0
	switch job {
	case "floor":
		code = floorJob(in, workers)
	case "import":
		code = importJob(in, workers)
	case "rate":
		code = run(context.Background(), []string{"starrate", "rate", "-q", "--workers", strconv.Itoa(workers), "-o", out, in}, io.Discard, io.Discard)
		if code == exitInput {
			code = 0 // the sample round has input errors by design
		}
	}
	pprof.StopCPUProfile()
	os.Exit(code)
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

// benchRound returns a folder with n typical companies, made once.
func benchRound(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), "starrate-bench", fmt.Sprintf("typical-%d", n))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
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
		for _, job := range []string{"floor", "import", "rate"} {
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
					if err := cmd.Run(); err != nil {
						b.Fatalf("%s: %v", job, err)
					}
					wall += time.Since(start)
					ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
					cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
					rss = max(rss, ru.Maxrss) // KiB on Linux
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
