package tracefile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/samltracer"
	"github.com/tracecheck/tracecheck/tracefile"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeDetectsFormat(t *testing.T) {
	har := readFixture(t, "minimal.har")
	saml := readFixture(t, "minimal-samltracer.json")
	bom := []byte("\xEF\xBB\xBF")
	// A large member before "log" pushes the deciding key past the
	// sniffer's first reads, so the replay must join buffer and rest.
	padded := append([]byte(`{"comment":"`+strings.Repeat("x", 200<<10)+`",`), bytes.TrimPrefix(bytes.TrimSpace(har), []byte("{"))...)

	tests := []struct {
		name       string
		input      []byte
		wantFormat analyzer.Format
	}{
		{"HAR", har, analyzer.FormatHAR},
		{"SAML-tracer", saml, analyzer.FormatSAMLTracer},
		{"HAR gzip", gzipped(t, har), analyzer.FormatHAR},
		{"SAML-tracer gzip", gzipped(t, saml), analyzer.FormatSAMLTracer},
		{"HAR with BOM", append(bom, har...), analyzer.FormatHAR},
		{"SAML-tracer with BOM", append(bom, saml...), analyzer.FormatSAMLTracer},
		{"gzip of BOM and HAR", gzipped(t, append(bom, har...)), analyzer.FormatHAR},
		{"log after a large member", padded, analyzer.FormatHAR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readers := map[string]io.Reader{
				"whole":    bytes.NewReader(tt.input),
				"one byte": iotest.OneByteReader(bytes.NewReader(tt.input)),
				"half":     iotest.HalfReader(bytes.NewReader(tt.input)),
			}
			for kind, r := range readers {
				tr, err := tracefile.Decode(r, "input", tracefile.Options{})
				if err != nil {
					t.Fatalf("%s reader: Decode: %v", kind, err)
				}
				if tr.Format != tt.wantFormat {
					t.Errorf("%s reader: Format = %q, want %q", kind, tr.Format, tt.wantFormat)
				}
				if len(tr.Exchanges) != 1 || tr.Exchanges[0].Method != "OPTIONS" || tr.Exchanges[0].Status != 204 {
					t.Errorf("%s reader: Exchanges = %+v, want the one preflight", kind, tr.Exchanges)
				}
				if tr.Source != "input" {
					t.Errorf("%s reader: Source = %q, want input", kind, tr.Source)
				}
			}
		})
	}
}

func TestDecodeNullIsSAMLTracer(t *testing.T) {
	_, err := tracefile.Decode(strings.NewReader("null\n"), "export.json", tracefile.Options{})
	if !errors.Is(err, samltracer.ErrNullExport) {
		t.Errorf("Decode(null) error = %v, want samltracer.ErrNullExport", err)
	}
}

func TestDecodePassesOptions(t *testing.T) {
	input := `{"requests":[{"method":1,"url":"u"},{"method":"GET","url":"u"}]}`
	if _, err := tracefile.Decode(strings.NewReader(input), "x.json", tracefile.Options{}); err != nil {
		t.Fatalf("Decode without Strict: %v", err)
	}
	opts := tracefile.Options{SAMLTracer: samltracer.Options{Strict: true}}
	if _, err := tracefile.Decode(strings.NewReader(input), "x.json", opts); err == nil {
		t.Error("Decode with SAMLTracer.Strict: no error, want the request with a numeric method to fail")
	}
}

func TestDecodeErrors(t *testing.T) {
	const expected = `expected HAR 1.2 (a JSON object with a top-level "log" object) or a SAML-tracer JSON export (a JSON object with a "requests" array)`
	tests := []struct {
		name      string
		input     string
		wantErr   string
		wantCause error
		wantLine  int
		wantCol   int
	}{
		{
			name: "empty", input: "",
			wantErr: "in.json: empty file; " + expected, wantCause: tracefile.ErrEmpty,
		},
		{
			name: "whitespace", input: " \n\t",
			wantErr: "in.json: empty file; " + expected, wantCause: tracefile.ErrEmpty,
		},
		{
			name: "BOM only", input: "\xEF\xBB\xBF",
			wantErr: "in.json: empty file; " + expected, wantCause: tracefile.ErrEmpty,
		},
		{
			name: "array", input: "[{\"log\":{}}]",
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: found a JSON array; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "string", input: `  "log"`,
			wantErr:   "in.json (line 1, column 3, byte 2): unrecognized trace format: found a JSON string; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 3,
		},
		{
			name: "number", input: "42",
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: found a JSON number; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "object with other keys", input: `{"a": 1, "b": {"log": {}}}`,
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: found a JSON object with keys a, b; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "many keys", input: `{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0}`,
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: found a JSON object with keys k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, and 2 more; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "empty object", input: "{}",
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: found an empty JSON object; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "log is an array", input: "{\"log\":\n[1]}",
			wantErr:   `in.json (line 2, column 1, byte 8): unrecognized trace format: found an object whose "log" is an array; ` + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 2, wantCol: 1,
		},
		{
			name: "requests is an object", input: `{"requests": {}}`,
			wantErr:   `in.json (line 1, column 14, byte 13): unrecognized trace format: found an object whose "requests" is an object; ` + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 14,
		},
		{
			name: "PNG", input: "\x89PNG\r\n\x1a\n",
			wantErr:   "in.json (line 1, column 1, byte 0): unrecognized trace format: not JSON: starts with bytes 89 50 4e 47; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 1, wantCol: 1,
		},
		{
			name: "text that starts like a literal", input: "\ntrace log",
			wantErr:   "in.json (line 2, column 1, byte 1): unrecognized trace format: not JSON: starts with bytes 74 72 61 63; " + expected,
			wantCause: tracefile.ErrUnknownFormat, wantLine: 2, wantCol: 1,
		},
		{
			name: "invalid JSON before the deciding key", input: "{\"a\": 1\n\"log\": {}}",
			wantErr:  `in.json (line 2, column 1, byte 8): invalid JSON: invalid character '"' after object value (expecting ',' or '}')`,
			wantLine: 2, wantCol: 1,
		},
		{
			name: "truncated before the deciding key", input: `{"a": [1, 2`,
			wantErr:  `in.json (line 1, column 12, byte 11): unexpected end of file; the file is truncated`,
			wantLine: 1, wantCol: 12,
		},
		{
			name: "invalid gzip", input: "\x1f\x8b\x08\x00",
			wantErr: "in.json: invalid gzip stream (the file starts with the gzip magic bytes): unexpected EOF",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := tracefile.Decode(strings.NewReader(tt.input), "in.json", tracefile.Options{})
			if err == nil {
				t.Fatalf("Decode(%q) = %+v, want error %q", tt.input, tr, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Decode(%q) error:\n got  %q\n want %q", tt.input, err, tt.wantErr)
			}
			if tt.wantCause != nil && !errors.Is(err, tt.wantCause) {
				t.Errorf("Decode(%q) error does not wrap %v", tt.input, tt.wantCause)
			}
			var derr *analyzer.DecodeError
			if !errors.As(err, &derr) {
				t.Fatalf("Decode(%q) error is %T, want *analyzer.DecodeError", tt.input, err)
			}
			if derr.File != "in.json" || derr.Line != tt.wantLine || derr.Column != tt.wantCol {
				t.Errorf("DecodeError = file %q line %d column %d, want in.json, %d, %d", derr.File, derr.Line, derr.Column, tt.wantLine, tt.wantCol)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()

	_, err := tracefile.Load(dir, tracefile.Options{})
	want := dir + ": is a directory; give a trace file"
	if err == nil || err.Error() != want || !errors.Is(err, tracefile.ErrIsDirectory) {
		t.Errorf("Load(directory) error = %v, want %q", err, want)
	}

	missing := filepath.Join(dir, "missing.har")
	_, err = tracefile.Load(missing, tracefile.Options{})
	want = missing + ": no such file or directory"
	if err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want %q wrapping fs.ErrNotExist", err, want)
	}

	empty := filepath.Join(dir, "empty.har")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = tracefile.Load(empty, tracefile.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), empty+": empty file;") || !errors.Is(err, tracefile.ErrEmpty) {
		t.Errorf("Load(empty file) error = %v, want it to name %s and wrap ErrEmpty", err, empty)
	}
}

func TestDecodeTruncatedGzip(t *testing.T) {
	whole := gzipped(t, readFixture(t, "minimal.har"))
	cut := whole[:len(whole)-12]
	_, err := tracefile.Decode(bytes.NewReader(cut), "cut.har.gz", tracefile.Options{})
	var gerr *tracefile.GzipTruncatedError
	if !errors.As(err, &gerr) {
		t.Fatalf("Decode(truncated gzip) error = %v, want a *GzipTruncatedError", err)
	}
	want := fmt.Sprintf("the gzip stream is truncated at byte %d (decompressed)", gerr.Offset)
	if !strings.HasSuffix(err.Error(), want) || strings.Contains(err.Error(), "jsontext") {
		t.Errorf("Decode(truncated gzip) error = %q, want it to end with %q", err, want)
	}
	var derr *analyzer.DecodeError
	if !errors.As(err, &derr) || derr.File != "cut.har.gz" {
		t.Errorf("Decode(truncated gzip) error is not a DecodeError for cut.har.gz: %v", err)
	}
}

func TestLoadFileAndStdin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.har.gz")
	if err := os.WriteFile(path, gzipped(t, readFixture(t, "minimal.har")), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := tracefile.Load(path, tracefile.Options{})
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	if tr.Format != analyzer.FormatHAR || tr.Source != path {
		t.Errorf("Load(%s) = format %q source %q, want har and the path", path, tr.Format, tr.Source)
	}

	stdin, err := os.Open(filepath.Join("testdata", "minimal-samltracer.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	saved := os.Stdin
	os.Stdin = stdin
	defer func() { os.Stdin = saved }()
	tr, err = tracefile.Load("-", tracefile.Options{})
	if err != nil {
		t.Fatalf("Load(-): %v", err)
	}
	if tr.Format != analyzer.FormatSAMLTracer || tr.Source != "-" {
		t.Errorf("Load(-) = format %q source %q, want saml-tracer and -", tr.Format, tr.Source)
	}
}
