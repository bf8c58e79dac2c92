package report

import (
	"bufio"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// benchTracePath is a large HAR file for BenchmarkJSONLarge. The benchmark
// is skipped when the file does not exist.
const benchTracePath = "/tmp/bench100/trace.har"

var (
	largeInputOnce sync.Once
	largeInput     Input
	largeInputErr  error
)

// loadLargeInput decodes and analyzes benchTracePath once per test binary.
func loadLargeInput(b *testing.B) Input {
	b.Helper()
	if _, err := os.Stat(benchTracePath); err != nil {
		b.Skipf("large trace not available: %v", err)
	}
	largeInputOnce.Do(func() {
		trace, err := tracefile.Load(benchTracePath, tracefile.Options{})
		if err != nil {
			largeInputErr = err
			return
		}
		r, err := analyzer.Analyze(trace, analyzer.Options{})
		if err != nil {
			largeInputErr = err
			return
		}
		largeInput = Input{Report: r, Trace: trace}
	})
	if largeInputErr != nil {
		b.Fatalf("load %s: %v", benchTracePath, largeInputErr)
	}
	return largeInput
}

// countingWriter counts the bytes written to it and discards them.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// BenchmarkJSONLarge renders benchTracePath once and as nine files. The
// 100 MB trace has about 5,900 exchanges, so nine copies make a report of
// about 53,000. The copies hold the same strings, so the redaction cache
// of the JSON reporter finds more repeats there than in nine distinct
// traces.
func BenchmarkJSONLarge(b *testing.B) {
	in := loadLargeInput(b)
	for _, copies := range []int{1, 9} {
		b.Run(fmt.Sprintf("files=%d", copies), func(b *testing.B) {
			benchmarkJSON(b, in, copies)
		})
	}
}

func benchmarkJSON(b *testing.B, in Input, copies int) {
	inputs := make([]Input, copies)
	for i := range inputs {
		r := *in.Report
		r.Source = fmt.Sprintf("copy-%d.har", i)
		inputs[i] = Input{Report: &r, Trace: in.Trace}
	}
	b.Logf("%d files of %d exchanges, %d flows, %d findings",
		len(inputs), len(in.Trace.Exchanges), len(in.Report.Flows), len(in.Report.Findings))
	var out countingWriter
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out.n = 0
		// The command line writes through a buffered writer too.
		w := bufio.NewWriter(&out)
		if err := (&JSON{}).Render(w, inputs); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(out.n)
}
