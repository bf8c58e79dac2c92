package corpus_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
	"github.com/tracecheck/tracecheck/tracefile"
)

// verdictCounts pins the flows found in the real traces, as checked by
// reading each trace: allowed, blocked and undetermined.
var verdictCounts = map[string][3]int{
	"har/chrome143-cors-preflight-failures.har":        {1, 7, 0}, // 4 CORS-blocked preflights, 3 responses without ACAO
	"har/chrome-devicemode-preflight-post-ok.har":      {3, 0, 0}, // 3 successful POST preflights
	"har/chrome147-sanitized-preflights-websocket.har": {5, 0, 0},
	"har/chrome56-prerelease-oorcors-options.har":      {10, 0, 0},
	"har/firefox111-cors-headers.har":                  {1, 0, 0},
	"har/playwright123-chromium-routefromhar.har":      {0, 0, 0},
	"har/charles463-redirecturl-null.har":              {0, 0, 0},
	"samltracer/synthetic-chrome-1.9-mask.json":        {1, 1, 0}, // one good preflight, one without ACAO
	"chromium/cc-finesse-cuic-pub-preflight-ok.har":    {1, 0, 0},
	"chromium/cc-finesse-cuic-sub-preflight-403.har":   {0, 1, 0},
}

// TestCorpusAnalyzes loads and analyzes every trace of the shared corpus:
// each loads (but the one malformed file, which must fail with its line
// and column), each report is consistent, and no rule fails to run.
func TestCorpusAnalyzes(t *testing.T) {
	root := testshared.Dir(t, "corpus")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".har") || strings.HasSuffix(path, ".json")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 60 {
		t.Fatalf("found only %d traces under %s", len(files), root)
	}

	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			trace, err := tracefile.Load(path, tracefile.Options{})
			if strings.HasPrefix(filepath.Base(path), "malformed-") {
				var de *analyzer.DecodeError
				if !errors.As(err, &de) || de.Line == 0 || de.Column == 0 {
					t.Fatalf("want a DecodeError with line and column, got %v", err)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			rep, err := analyzer.Analyze(trace, analyzer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkConsistent(t, trace, rep)

			if want, ok := verdictCounts[rel]; ok {
				got := [3]int{rep.Summary.Allowed, rep.Summary.Blocked, rep.Summary.Undetermined}
				if got != want {
					t.Errorf("allowed/blocked/undetermined = %v, want %v", got, want)
				}
			}
		})
	}
}

// checkConsistent checks the invariants every report keeps: findings point
// at real exchanges and registered rules, flows have verdicts and reasons,
// blocked flows name their first failure, and the summary adds up.
func checkConsistent(t *testing.T, trace *analyzer.Trace, rep *analyzer.Report) {
	t.Helper()
	n := len(trace.Exchanges)
	if rep.Summary.Exchanges != n {
		t.Errorf("summary counts %d exchanges, trace has %d", rep.Summary.Exchanges, n)
	}
	if rep.Summary.Flows != len(rep.Flows) || rep.Summary.Allowed+rep.Summary.Blocked+rep.Summary.Undetermined != len(rep.Flows) {
		t.Errorf("summary %+v does not add up to %d flows", rep.Summary, len(rep.Flows))
	}
	for _, f := range rep.Flows {
		if f.Reason == "" {
			t.Errorf("flow %d has no reason", f.ID)
		}
		if f.Preflight == nil && f.Actual == nil {
			t.Errorf("flow %d has no exchange", f.ID)
		}
		if f.Verdict == analyzer.Blocked && (f.FirstFailure == "" || f.Chromium == "") {
			t.Errorf("blocked flow %d names no first failure: %+v", f.ID, f)
		}
	}
	for _, fd := range rep.Findings {
		if _, ok := analyzer.LookupRule(fd.Rule); !ok {
			t.Errorf("finding of unknown rule %s", fd.Rule)
		}
		if fd.Exchange.Index < 0 || fd.Exchange.Index >= n {
			t.Errorf("finding %s points at exchange %d of %d", fd.Rule, fd.Exchange.Index, n)
		}
		for _, r := range fd.Related {
			if r.Index < 0 || r.Index >= n {
				t.Errorf("finding %s relates exchange %d of %d", fd.Rule, r.Index, n)
			}
		}
		if fd.Message == "" || len(fd.Evidence) == 0 {
			t.Errorf("finding %s lacks a message or evidence", fd.Rule)
		}
	}
}

// TestCorpusErrorsProven checks that every error finding on the real
// traces rests on what the browser itself recorded: the flow it belongs to
// is blocked, and the browser marked the request as failed (an exporter
// error such as net::ERR_FAILED) or never sent it (no actual request in
// the trace after a failed preflight).
func TestCorpusErrorsProven(t *testing.T) {
	root := testshared.Dir(t, "corpus")
	paths, err := filepath.Glob(filepath.Join(root, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range paths {
		if !(strings.HasSuffix(path, ".har") || strings.HasSuffix(path, ".json")) || strings.Contains(path, "malformed-") {
			continue
		}
		trace, err := tracefile.Load(path, tracefile.Options{})
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		rep, err := analyzer.Analyze(trace, analyzer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		flows := map[int]analyzer.Flow{}
		for _, f := range rep.Flows {
			flows[f.ID] = f
		}
		for _, fd := range rep.Findings {
			if fd.Severity != analyzer.SeverityError {
				continue
			}
			checked++
			f, ok := flows[fd.Flow]
			if !ok || f.Verdict != analyzer.Blocked {
				t.Errorf("%s: error %s on entry %d is not part of a blocked flow", filepath.Base(path), fd.Rule, fd.Exchange.Index)
				continue
			}
			switch {
			case f.Actual == nil:
				// The request never reached the trace: SAML-tracer and similar
				// exporters leave out requests that got no response.
			case trace.Exchanges[f.Actual.Index].Error != "" || !trace.Exchanges[f.Actual.Index].HasResponse():
				// The exporter recorded a failure, or no response at all.
			default:
				t.Errorf("%s: error %s on entry %d, but the browser recorded no failure for entry %d", filepath.Base(path), fd.Rule, fd.Exchange.Index, f.Actual.Index)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no error finding in the corpus; the check ran on nothing")
	}
}
