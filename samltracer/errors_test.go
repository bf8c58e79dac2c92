package samltracer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/samltracer"
)

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name      string
		input     string
		wantEntry int
		wantLine  int
		wantCol   int
		wantErr   string
	}{
		{
			name: "empty file", input: "", wantEntry: -1,
			wantErr: `x.json: empty file: expected a SAML-tracer JSON export (an object with a "requests" array)`,
		},
		{
			name: "whitespace only", input: "  \n ", wantEntry: -1,
			wantErr: `x.json: empty file: expected a SAML-tracer JSON export (an object with a "requests" array)`,
		},
		{
			name: "not JSON", input: "\x89PNG\r\n", wantEntry: -1, wantLine: 1, wantCol: 1,
			wantErr: `x.json (line 1, column 1, byte 0): invalid JSON: invalid character '\x89' at start of value`,
		},
		{
			name: "top level array", input: "[1,2]", wantEntry: -1, wantLine: 1, wantCol: 1,
			wantErr: `x.json (line 1, column 1, byte 0): expected a SAML-tracer export (a JSON object with a "requests" array), found an array`,
		},
		{
			name: "requests not an array", input: `{"requests":{}}`, wantEntry: -1, wantLine: 1, wantCol: 13,
			wantErr: `x.json (line 1, column 13, byte 12): "requests" is an object, expected an array of request objects`,
		},
		{
			name: "requests null", input: `{"requests":null}`, wantEntry: -1, wantLine: 1, wantCol: 13,
			wantErr: `x.json (line 1, column 13, byte 12): "requests" is null, expected an array of request objects`,
		},
		{
			name: "requests missing", input: "{\"timestamp\":\"x\"}", wantEntry: -1, wantLine: 1, wantCol: 1,
			wantErr: `x.json (line 1, column 1, byte 0): missing "requests" member: expected a SAML-tracer export (a JSON object with a "requests" array)`,
		},
		{
			name: "requests twice", input: `{"requests":[],"requests":[]}`, wantEntry: -1, wantLine: 1, wantCol: 27,
			wantErr: `x.json (line 1, column 27, byte 26): duplicate "requests" member: expected one requests array`,
		},
		{
			name: "request not an object", input: `{"requests":[{"method":"GET","url":"u"},[]]}`, wantEntry: 1, wantLine: 1, wantCol: 41,
			wantErr: `x.json: entry 1 (line 1, column 41, byte 40): request 1 is an array, expected an object`,
		},
		{
			name: "truncated", input: "{\"requests\":[\n{\"method\":\"GET\"", wantEntry: 0, wantLine: 2, wantCol: 16,
			wantErr: `x.json: entry 0 (line 2, column 16, byte 29): unexpected end of file: the export is truncated; copy or export the file again (at /requests/0)`,
		},
		{
			name: "syntax error", input: "{\n\"requests\": [\n{\"method\" \"GET\"}]}", wantEntry: 0, wantLine: 3, wantCol: 11,
			wantErr: `x.json: entry 0 (line 3, column 11, byte 26): invalid JSON: expected ':' after object name, found character '"' (at /requests/0/method)`,
		},
		{
			name: "data after the export", input: `{"requests":[]}{}`, wantEntry: -1, wantLine: 1, wantCol: 16,
			wantErr: `x.json (line 1, column 16, byte 15): unexpected data after the end of the export: expected the end of the file`,
		},
		{
			name: "invalid UTF-8", input: "{\"requests\":[{\"method\":\"G\xff\"}]}", wantEntry: 0, wantLine: 1, wantCol: 26,
			wantErr: `x.json: entry 0 (line 1, column 26, byte 25): invalid JSON: invalid UTF-8 in a string; SAML-tracer writes UTF-8, so the file was converted to another encoding after the export: convert it back to UTF-8 (at /requests/0/method)`,
		},
		{
			name: "invalid gzip", input: "\x1f\x8b\x00\x00", wantEntry: -1,
			wantErr: `x.json: invalid gzip stream (the file starts with the gzip magic bytes): unexpected EOF`,
		},
		// With a single request, a member of the wrong type fails the
		// decode, because no request is left to analyze.
		{
			name: "only request without url", input: `{"requests":[{"method":"GET"}]}`, wantEntry: 0, wantLine: 1, wantCol: 14,
			wantErr: `x.json: entry 0 (line 1, column 14, byte 13): /requests/0: missing "url": expected the request URL as a string`,
		},
		{
			name: "headers not an array", input: `{"requests":[{"method":"GET","url":"u","requestHeaders":"x"}]}`, wantEntry: 0, wantLine: 1, wantCol: 57,
			wantErr: `x.json: entry 0 (line 1, column 57, byte 56): /requests/0/requestHeaders: expected an array of headers, found a string`,
		},
		{
			name: "header without name", input: `{"requests":[{"method":"GET","url":"u","requestHeaders":[{"value":"x"}]}]}`, wantEntry: 0, wantLine: 1, wantCol: 58,
			wantErr: `x.json: entry 0 (line 1, column 58, byte 57): /requests/0/requestHeaders/0: missing "name": expected a header as {name, value}, {name, binaryValue} or [name, value]`,
		},
		{
			name: "header pair of three", input: `{"requests":[{"method":"GET","url":"u","requestHeaders":[["a","b","c"]]}]}`, wantEntry: 0, wantLine: 1, wantCol: 58,
			wantErr: `x.json: entry 0 (line 1, column 58, byte 57): /requests/0/requestHeaders/0: expected a header as {name, value}, {name, binaryValue} or [name, value], found an array of 3 strings`,
		},
		{
			name: "fractional status", input: `{"requests":[{"method":"GET","url":"u","responseStatus":2.5}]}`, wantEntry: 0, wantLine: 1, wantCol: 57,
			wantErr: `x.json: entry 0 (line 1, column 57, byte 56): /requests/0/responseStatus: expected an HTTP status code from 0 to 999, found 2.5`,
		},
		{
			name: "status word", input: `{"requests":[{"method":"GET","url":"u","responseStatus":"abc"}]}`, wantEntry: 0, wantLine: 1, wantCol: 57,
			wantErr: `x.json: entry 0 (line 1, column 57, byte 56): /requests/0/responseStatus: expected an HTTP status code or "", found "abc"`,
		},
		{
			name: "binaryValue out of range", input: `{"requests":[{"method":"GET","url":"u","responseHeaders":[{"name":"a","binaryValue":[300]}]}]}`, wantEntry: 0, wantLine: 1, wantCol: 86,
			wantErr: `x.json: entry 0 (line 1, column 86, byte 85): /requests/0/responseHeaders/0/binaryValue/0: expected a byte (an integer from 0 to 255), found 300`,
		},
		{
			name: "post object", input: `{"requests":[{"method":"GET","url":"u","post":{}}]}`, wantEntry: 0, wantLine: 1, wantCol: 47,
			wantErr: `x.json: entry 0 (line 1, column 47, byte 46): /requests/0/post: expected an array of [name, value] pairs, found an object`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := samltracer.Decode(strings.NewReader(tt.input), "x.json", samltracer.Options{})
			if err == nil {
				t.Fatalf("Decode(%q) = %d exchanges, want error %q", tt.input, len(tr.Exchanges), tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Decode(%q) error:\n got  %q\n want %q", tt.input, err, tt.wantErr)
			}
			var derr *analyzer.DecodeError
			if !errors.As(err, &derr) {
				t.Fatalf("Decode(%q) error is %T, want *analyzer.DecodeError", tt.input, err)
			}
			if derr.File != "x.json" || derr.Entry != tt.wantEntry || derr.Line != tt.wantLine || derr.Column != tt.wantCol {
				t.Errorf("DecodeError = file %q entry %d line %d column %d, want x.json, %d, %d, %d",
					derr.File, derr.Entry, derr.Line, derr.Column, tt.wantEntry, tt.wantLine, tt.wantCol)
			}
		})
	}
}

func TestDecodeNullExport(t *testing.T) {
	for _, input := range []string{"null", "  null\n", "\xEF\xBB\xBFnull"} {
		_, err := samltracer.Decode(strings.NewReader(input), "SAML-tracer-export-no-timestamp.json", samltracer.Options{})
		if !errors.Is(err, samltracer.ErrNullExport) {
			t.Errorf("Decode(%q) error = %v, want ErrNullExport", input, err)
			continue
		}
		var derr *analyzer.DecodeError
		if !errors.As(err, &derr) || derr.File != "SAML-tracer-export-no-timestamp.json" || derr.Entry != -1 {
			t.Errorf("Decode(%q) error = %#v, want a DecodeError for the file", input, err)
		}
		for _, part := range []string{"export is empty", "1.1 to 1.9.2", "1.9.3 or later", "File > Export"} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("Decode(%q) error %q does not mention %q", input, err, part)
			}
		}
	}
}

func TestDecodeFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := samltracer.DecodeFile(dir, samltracer.Options{}); err == nil || !strings.Contains(err.Error(), dir+": is a directory") {
		t.Errorf("DecodeFile(directory) error = %v, want it to name the directory", err)
	}
	missing := dir + "/missing.json"
	if _, err := samltracer.DecodeFile(missing, samltracer.Options{}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("DecodeFile(missing) error = %v, want it to name the path", err)
	}
}
