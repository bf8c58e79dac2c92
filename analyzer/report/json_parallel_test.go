package report

import (
	"bytes"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/tracegen"
	"github.com/tracecheck/tracecheck/tracefile"
)

// TestJSONParallelAgrees checks that the JSON report is byte for byte the
// same whether its arrays are written on one goroutine or built by
// several, with and without secrets shown, for one file and for two.
func TestJSONParallelAgrees(t *testing.T) {
	var har bytes.Buffer
	if _, err := tracegen.WriteHAR(&har, tracegen.HAROptions{Size: 4 << 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	trace, err := tracefile.Decode(bytes.NewReader(har.Bytes()), "generated.har", tracefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Flows) < 20 || len(r.Findings) < 20 {
		t.Fatalf("generated trace has %d flows and %d findings, want at least 20 of each", len(r.Flows), len(r.Findings))
	}
	oneFile := []Input{{Report: r, Trace: trace}}
	second := *r
	second.Source = "second.har"
	twoFiles := append(oneFile, Input{Report: &second, Trace: trace})

	render := func(inputs []Input, opts Options, threshold, batch int) string {
		t.Helper()
		oldThreshold, oldBatch := parallelElements, elementBatch
		parallelElements, elementBatch = threshold, batch
		defer func() { parallelElements, elementBatch = oldThreshold, oldBatch }()
		var out bytes.Buffer
		if err := (&JSON{Options: opts}).Render(&out, inputs); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	for _, inputs := range [][]Input{oneFile, twoFiles} {
		for _, opts := range []Options{{}, {ShowSecrets: true}} {
			want := render(inputs, opts, 1<<30, 1)
			for _, batch := range []int{1, 3, 128} {
				if got := render(inputs, opts, 1, batch); got != want {
					t.Errorf("%d files, secrets shown %v, batch %d: the parallel report differs from the sequential one",
						len(inputs), opts.ShowSecrets, batch)
				}
			}
		}
	}
}
