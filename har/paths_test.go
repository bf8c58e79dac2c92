package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
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
	return decodeReader(bytes.NewReader(data), opts, filtered)
}

// decodeReader decodes the HAR file that in yields on one of the paths.
func decodeReader(in io.Reader, opts Options, filtered bool) decodeResult {
	var exchanges []analyzer.Exchange
	tr, err := stream(in, "trace.har", opts, func(e *Entry) error {
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

// TestPathsAgreeOnLimits checks that the depth and string limits stop both
// paths at the same place with the same error, also when removed bodies
// come before that place. The body filter enforces them on the filtered
// path, and a separate limiter on the sequential one.
func TestPathsAgreeOnLimits(t *testing.T) {
	body := `"` + strings.Repeat(`ab\n\"\u00e9/`, 15) + `"` // shorter than the limit, as the sequential path counts it
	entry := func(method, url, value string) string {
		return `{"request":{"method":"` + method + `","url":"` + url + `","postData":{"text":` + body + `},` +
			`"headers":[{"name":"x","value":"` + value + `"}]},"response":{"status":200,"content":{"text":` + body + `}}}`
	}
	deep := strings.Repeat(`[`, 30) + strings.Repeat(`]`, 30)
	cases := []struct {
		name string
		doc  string
		want string // the limit flag named in the error
	}{
		{"long header value", harWith(entry("GET", "https://a.test/", "v"), entry("GET", "https://a.test/", strings.Repeat("v", 300))), "max-string"},
		{"long escaped value", harWith(entry("GET", "https://a.test/", strings.Repeat(`\"`, 150))), "max-string"},
		{"long member name", harWith(entry("GET", "https://a.test/", "v"), `{"`+strings.Repeat("n", 300)+`":1}`), "max-string"},
		{"value at the limit", harWith(entry("GET", "https://a.test/", strings.Repeat("v", 256))), ""},
		{"deep value after bodies", harWith(entry("GET", "https://a.test/", "v"), `{"_x":`+deep+`}`), "max-depth"},
		{"deep value inside a body member", harWith(`{"response":{"content":{"text":` + deep + `}}}`), "max-depth"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Limits: Limits{MaxString: 256, MaxDepth: 20}}
			seq, par := decodeBoth(t, []byte(tc.doc), opts)
			if seq.err != par.err {
				t.Fatalf("error differs:\nsequential: %s\nfiltered:   %s", seq.err, par.err)
			}
			if !reflect.DeepEqual(seq.trace, par.trace) {
				t.Fatalf("trace differs:\nsequential: %s\nfiltered:   %s", sprint(seq.trace), sprint(par.trace))
			}
			switch {
			case tc.want == "" && par.err != "":
				t.Errorf("error = %q, want none", par.err)
			case tc.want != "" && !strings.Contains(par.err, "--"+tc.want):
				t.Errorf("error = %q, want one naming --%s", par.err, tc.want)
			}
		})
	}
}
