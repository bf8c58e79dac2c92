package analyzer_test

import (
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
	"github.com/tracecheck/tracecheck/tracefile"
)

// analyzeJSON returns the report of t as JSON, with the rules run side by
// side from threshold flows on (0: never).
func analyzeJSON(t *testing.T, tr *analyzer.Trace, threshold int) string {
	t.Helper()
	defer analyzer.SetParallelThreshold(threshold)()
	r, err := analyzer.Analyze(tr, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestParallelRulesAgree checks that running the rules side by side gives
// the report of a sequential run, on synthetic traces and on every trace
// of the shared corpus, with the parallel path forced for two flows.
func TestParallelRulesAgree(t *testing.T) {
	traces := map[string]*analyzer.Trace{
		"synthetic 3000":  syntheticTrace(3000),
		"synthetic 20000": syntheticTrace(20000),
	}
	root := testshared.Dir(t, "corpus")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".har") || strings.HasSuffix(path, ".json")) {
			return err
		}
		if tr, err := tracefile.Load(path, tracefile.Options{}); err == nil {
			traces[path] = tr
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(traces) < 12 {
		t.Fatalf("loaded %d traces, want the corpus", len(traces))
	}
	for name, tr := range traces {
		seq, par := analyzeJSON(t, tr, 0), analyzeJSON(t, tr, 2)
		if seq != par {
			t.Errorf("%s: the parallel report differs from the sequential one", name)
		}
		if strings.HasPrefix(name, "synthetic") && !strings.Contains(seq, `"flow":300`) {
			t.Errorf("%s: the report has fewer than 300 flows; the test does not run the parallel path", name)
		}
	}
}
