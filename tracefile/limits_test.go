package tracefile_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// harEntries returns a HAR file with n entries, each with the given
// request headers JSON array.
func harEntries(n int, headers string) string {
	entry := `{"startedDateTime":"2024-05-01T10:00:00Z","time":1,` +
		`"request":{"method":"GET","url":"https://a.example/","headers":` + headers + `},` +
		`"response":{"status":200,"headers":[]}}`
	return `{"log":{"version":"1.2","entries":[` + strings.TrimSuffix(strings.Repeat(entry+",", n), ",") + `]}}`
}

func TestDecodeLimits(t *testing.T) {
	manyHeaders := "[" + strings.TrimSuffix(strings.Repeat(`{"name":"a","value":"b"},`, 5), ",") + "]"
	deep := `{"log":{"entries":[],"x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}}`
	long := harEntries(1, `[{"name":"a","value":"`+strings.Repeat("x", 2048)+`"}]`)
	saml := `{"requests":[` + strings.TrimSuffix(strings.Repeat(`{"method":"GET","url":"https://a.example/","requestHeaders":[["a","b"],["c","d"]]},`, 3), ",") + `]}`

	tests := []struct {
		name      string
		input     string
		limits    tracefile.Limits
		wantErr   string
		wantFlag  string
		wantTrace int // exchanges in the partial trace
	}{
		{"entries", harEntries(3, "[]"), tracefile.Limits{MaxEntries: 2},
			"in.har: entry 2 (line 1, column 352, byte 351): the file has more entries than 2 (limit --max-entries); raise it with --max-entries 8",
			"max-entries", 2},
		{"headers", harEntries(2, manyHeaders), tracefile.Limits{MaxHeaders: 4},
			"in.har: entry 0 (line 1, column 251, byte 250): request.headers: the list has more headers than 4 (limit --max-headers); raise it with --max-headers 16",
			"max-headers", 0},
		{"depth", deep, tracefile.Limits{MaxDepth: 10},
			"in.har (line 1, column 34, byte 33): the JSON nesting is deeper than 10 (limit --max-depth); raise it with --max-depth 40",
			"max-depth", 0},
		{"string", long, tracefile.Limits{MaxString: 1024},
			"in.har: entry 0 (line 1, column 171, byte 170): a JSON string is longer than 1 KiB (limit --max-string); raise it with --max-string 4KiB",
			"max-string", 0},
		{"SAML-tracer requests", saml, tracefile.Limits{MaxEntries: 2},
			"in.har: entry 2 (line 1, column 180, byte 179): the export has more requests than 2 (limit --max-entries); raise it with --max-entries 8",
			"max-entries", 2},
		{"SAML-tracer headers", saml, tracefile.Limits{MaxHeaders: 1},
			"in.har: entry 0 (line 1, column 85, byte 84): the list has more headers than 1 (limit --max-headers); raise it with --max-headers 4",
			"max-headers", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := tracefile.Decode(strings.NewReader(tt.input), "in.har", tracefile.Options{Limits: tt.limits})
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Decode error = %v\nwant %s", err, tt.wantErr)
			}
			var lerr *tracefile.LimitError
			if !errors.As(err, &lerr) || lerr.Flag != tt.wantFlag {
				t.Errorf("Decode error = %v, want a LimitError for %s", err, tt.wantFlag)
			}
			if got := exchangeCount(tr); got != tt.wantTrace {
				t.Errorf("partial trace has %d exchanges, want %d", got, tt.wantTrace)
			}
		})
	}
}

func TestDecodeLimitsDefaultAccept(t *testing.T) {
	input := harEntries(3, "["+strings.TrimSuffix(strings.Repeat(`{"name":"a","value":"b"},`, 100), ",")+"]")
	tr, err := tracefile.Decode(strings.NewReader(input), "in.har", tracefile.Options{})
	if err != nil || len(tr.Exchanges) != 3 {
		t.Fatalf("Decode = %d exchanges, %v; want 3 and no error", exchangeCount(tr), err)
	}
}

func TestDecodeGzipBomb(t *testing.T) {
	big := strings.Repeat(" ", 8<<20) + `{"log":{"entries":[]}}`
	_, err := tracefile.Decode(strings.NewReader(string(gzipped(t, []byte(big)))), "bomb.har.gz",
		tracefile.Options{Limits: tracefile.Limits{MaxDecompressed: 1 << 20}})
	want := "bomb.har.gz (line 1, column 1048577, byte 1048576): the decompressed data is larger than 1 MiB (limit --max-decompressed); raise it with --max-decompressed 4MiB"
	if err == nil || err.Error() != want {
		t.Errorf("Decode(gzip bomb) error = %v\nwant %s", err, want)
	}
}

// TestJSONLimiterEscapes checks that escaped quotes and backslashes keep
// a string open or close it where the JSON decoder does.
func TestJSONLimiterEscapes(t *testing.T) {
	for _, value := range []string{`a\"b`, `a\\`, `\\\"x`, `\\\\`} {
		input := harEntries(1, fmt.Sprintf(`[{"name":"%s","value":"%s"}]`, value, strings.Repeat("y", 100)))
		tr, err := tracefile.Decode(strings.NewReader(input), "in.har", tracefile.Options{Limits: tracefile.Limits{MaxString: 100}})
		if err != nil || len(tr.Exchanges) != 1 {
			t.Errorf("value %s: Decode = %d exchanges, %v", value, exchangeCount(tr), err)
		}
	}
}

// exchangeCount returns the number of exchanges in tr, which may be nil.
func exchangeCount(tr *analyzer.Trace) int {
	if tr == nil {
		return 0
	}
	return len(tr.Exchanges)
}
