// Package corpus_test checks the analyzer end to end against traces that
// real browsers and exporters wrote.
package corpus_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/har"
	"github.com/tracecheck/tracecheck/internal/testshared"
)

// verdictFile is the layout of the Chromium verdicts recorded for each
// scenario of the Chromium corpus.
type verdictFile struct {
	Scenarios map[string]struct {
		Verdict struct {
			BrowserBlocks bool    `json:"browser_blocks"`
			Chromium      *string `json:"chromium"`
		} `json:"verdict"`
		Steps []struct {
			Step struct {
				Kind   string `json:"kind"`
				Method string `json:"method"`
				URL    string `json:"url"`
			} `json:"step"`
			Chromium *string `json:"chromium"`
		} `json:"steps"`
	} `json:"scenarios"`
}

func loadVerdicts(t *testing.T) verdictFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testshared.Dir(t, "spec"), "chromium-verdicts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vf verdictFile
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatal(err)
	}
	if len(vf.Scenarios) == 0 {
		t.Fatal("no scenarios in chromium-verdicts.json")
	}
	return vf
}

func analyzeFile(t *testing.T, path string) (*analyzer.Trace, *analyzer.Report) {
	t.Helper()
	trace, err := har.DecodeFile(path, har.Options{})
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return trace, rep
}

// TestChromiumVerdicts compares the analyzer's verdict on every trace
// recorded from a real Chromium with Chromium's own verdict.
func TestChromiumVerdicts(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "chromium")
	vf := loadVerdicts(t)

	for id, sc := range vf.Scenarios {
		t.Run(id, func(t *testing.T) {
			_, rep := analyzeFile(t, filepath.Join(dir, id+".har"))

			anyBlocked := false
			for i, step := range sc.Steps {
				flows := flowsFor(rep, step.Step.Method, step.Step.URL)
				if len(flows) <= i && len(flows) == 0 {
					if sc.Verdict.BrowserBlocks || step.Step.Kind == "fetch" {
						t.Fatalf("step %d: no flow for %s %s; flows: %s", i, step.Step.Method, step.Step.URL, flowList(rep))
					}
					continue
				}
				flow := flows[min(i, len(flows)-1)]
				blocked := step.Chromium != nil
				if blocked {
					anyBlocked = true
				}
				want := analyzer.Allowed
				if blocked {
					want = analyzer.Blocked
				}
				if flow.Verdict != want {
					t.Errorf("step %d %s %s: verdict %s (%s), Chromium: %s", i, step.Step.Method, step.Step.URL, flow.Verdict, flow.Reason, want)
				}
				if blocked && !sameChromiumError(flow.Chromium, *step.Chromium) {
					t.Errorf("step %d: first failing check %q (rule %s), Chromium reported %q", i, flow.Chromium, flow.FirstFailure, *step.Chromium)
				}
			}
			if anyBlocked != sc.Verdict.BrowserBlocks {
				t.Errorf("scenario blocked = %v, Chromium: %v", anyBlocked, sc.Verdict.BrowserBlocks)
			}
		})
	}
}

// sameChromiumError compares the analyzer's name for Chromium's error with
// the recorded one. Chromium records mixed content as "blocked:mixed-content".
func sameChromiumError(got, want string) bool {
	if got == want {
		return true
	}
	gotName, _, _ := strings.Cut(got, " ")
	wantName, _, _ := strings.Cut(want, " ")
	return gotName == wantName && !strings.Contains(want, "(") && !strings.Contains(got, "(")
}

// TestChromiumPairing checks that every preflight in the Chromium corpus
// pairs with the request named by its initiator, and that every blocked
// request takes its origin from its preflight.
func TestChromiumPairing(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "chromium")
	files, err := filepath.Glob(filepath.Join(dir, "*.har"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Chromium traces in %s: %v", dir, err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			trace, rep := analyzeFile(t, path)
			byPreflight := map[int]*analyzer.Flow{}
			byActual := map[int]*analyzer.Flow{}
			for i := range rep.Flows {
				f := &rep.Flows[i]
				if f.Preflight != nil {
					byPreflight[f.Preflight.Index] = f
				}
				if f.Actual != nil {
					byActual[f.Actual.Index] = f
				}
			}
			for _, e := range trace.Exchanges {
				if e.ResourceType != "preflight" {
					continue
				}
				f := byPreflight[e.Index]
				if f == nil {
					t.Errorf("preflight entry %d has no flow", e.Index)
					continue
				}
				if f.Actual == nil {
					t.Errorf("preflight entry %d (%s) is not paired", e.Index, e.URL)
					continue
				}
				if f.Actual.URL != e.Initiator.URL {
					t.Errorf("preflight entry %d paired with %s, initiator names %s", e.Index, f.Actual.URL, e.Initiator.URL)
				}
			}
			for _, e := range trace.Exchanges {
				if e.Error != "net::ERR_FAILED" || e.Status != 0 {
					continue
				}
				f := byActual[e.Index]
				if f == nil {
					t.Errorf("blocked entry %d (%s) has no flow", e.Index, e.URL)
					continue
				}
				if f.Preflight == nil {
					t.Errorf("blocked entry %d has no preflight", e.Index)
					continue
				}
				want := trace.Exchanges[f.Preflight.Index].RequestHeaders.Value("Origin")
				if f.Origin != want || f.OriginSource != "preflight" {
					t.Errorf("blocked entry %d: origin %q from %s, want %q from the preflight", e.Index, f.Origin, f.OriginSource, want)
				}
			}
		})
	}
}

// flowsFor returns the flows of the actual requests with this method and URL,
// in file order.
func flowsFor(rep *analyzer.Report, method, url string) []*analyzer.Flow {
	var out []*analyzer.Flow
	for i := range rep.Flows {
		f := &rep.Flows[i]
		if f.Method == method && f.URL == url && (f.Actual != nil || f.Preflight != nil) {
			if f.Actual == nil && hasActualFlow(rep, method, url) {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

func hasActualFlow(rep *analyzer.Report, method, url string) bool {
	for _, f := range rep.Flows {
		if f.Method == method && f.URL == url && f.Actual != nil {
			return true
		}
	}
	return false
}

func flowList(rep *analyzer.Report) string {
	var parts []string
	for _, f := range rep.Flows {
		parts = append(parts, f.Method+" "+f.URL+" "+string(f.Verdict))
	}
	return strings.Join(parts, "; ")
}
