package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
)

// decodeBoth decodes data on the sequential path and on the filtered one.
func decodeBoth(t *testing.T, data []byte, opts Options) (seq, par decodeResult) {
	t.Helper()
	return decodeWith(data, opts, false), decodeWith(data, opts, true)
}

type decodeResult struct {
	trace *analyzer.Trace
	err   string
}

func decodeWith(data []byte, opts Options, filtered bool) decodeResult {
	var exchanges []analyzer.Exchange
	tr, err := stream(bytes.NewReader(data), "trace.har", opts, func(e *Entry) error {
		exchanges = append(exchanges, e.Exchange)
		return nil
	}, filtered)
	tr.Exchanges = exchanges
	r := decodeResult{trace: tr}
	if err != nil {
		r.err = err.Error()
		var derr *analyzer.DecodeError
		if errors.As(err, &derr) {
			r.err += " " + sprint(*derr)
		}
	}
	return r
}

func reportJSON(t *testing.T, tr *analyzer.Trace) string {
	t.Helper()
	report, err := analyzer.Analyze(tr, analyzer.Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	out, err := json.Marshal(report)
	if err != nil {
		t.Fatalf("marshal report: %v", err)
	}
	return string(out)
}

// TestPathsAgreeOnCorpus checks that the body filter changes nothing: every
// HAR file of the shared corpus gives the same trace, error and analyzer
// report on both decode paths.
func TestPathsAgreeOnCorpus(t *testing.T) {
	var files []string
	for _, root := range []string{testshared.Dir(t, "corpus"), "testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".har") || strings.HasSuffix(path, ".har.gz")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 10 {
		t.Fatalf("found %d HAR files, want the corpus", len(files))
	}
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			seq, par := decodeBoth(t, data, Options{})
			if seq.err != par.err {
				t.Fatalf("error differs:\nsequential: %s\nfiltered:   %s", seq.err, par.err)
			}
			if !reflect.DeepEqual(seq.trace, par.trace) {
				t.Fatalf("trace differs:\nsequential: %s\nfiltered:   %s", sprint(seq.trace), sprint(par.trace))
			}
			if a, b := reportJSON(t, seq.trace), reportJSON(t, par.trace); a != b {
				t.Errorf("report differs:\nsequential: %s\nfiltered:   %s", a, b)
			}
		})
	}
}

// TestPathsAgreeOnBrokenBodies checks that an invalid or cut-off body
// string fails at the same place on both paths.
func TestPathsAgreeOnBrokenBodies(t *testing.T) {
	bodies := []string{
		`"ok \" \\ \/ \n \u00e9 end"`,
		"\"raw control \x01 char\"",
		"\"raw newline\n inside\"",
		`"bad escape \x here"`,
		`"short unicode \u12G4 here"`,
		`"cut off`,
		`"cut in escape \`,
		`"cut in unicode \u00`,
		`"text"`,
		`12`,
		`{"text": "nested"}`,
	}
	for _, body := range bodies {
		for _, tail := range []string{`}}]}}`, ``, `}},{"request":{"method":"GET"}}]}}`} {
			doc := "{\"log\":{\"entries\":[\n{\"request\":{\"method\":\"POST\",\"postData\":{\"text\":" + body + "}},\n\"response\":{\"status\":200,\"content\":{\"text\":" + body + tail
			seq, par := decodeBoth(t, []byte(doc), Options{})
			if seq.err != par.err {
				t.Errorf("%q: error differs:\nsequential: %s\nfiltered:   %s", doc, seq.err, par.err)
			}
			if !reflect.DeepEqual(seq.trace, par.trace) {
				t.Errorf("%q: trace differs:\nsequential: %s\nfiltered:   %s", doc, sprint(seq.trace), sprint(par.trace))
			}
		}
	}
}
