package har

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
)

// position returns the 1-based line and byte column of offset in doc.
func position(doc []byte, offset int64) (line, col int) {
	before := doc[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func TestBadInput(t *testing.T) {
	truncated := harWith(`{"request":{"method":"GET"}}`, `{"request":{"method":"POST","url":"https://a.exa`)
	tests := []struct {
		name    string
		doc     string
		entry   int
		offset  int64 // -2: do not check
		message string
	}{
		{"not JSON", "hello, world", -1, 0, "invalid character 'h' at start of value"},
		{"empty file", "", -1, 0, "empty file"},
		{"only whitespace", " \n\t", -1, 3, "empty file"},
		{"only a BOM", "\ufeff", -1, 3, "empty file"},
		{"top-level array", `[{"log":{}}]`, -1, 0, "want a JSON object with a \"log\" member at top level, got array"},
		{"top-level string", `"log"`, -1, 0, "got string"},
		{"no log", `{"entries":[]}`, -1, 14, `missing "log" object`},
		{"log is a string", `{"log":"x"}`, -1, 7, "log: want an object, got string"},
		{"log is null", "{\n  \"log\": null\n}", -1, 11, "log: want an object, got null"},
		{"entries missing", `{"log":{"version":"1.2"}}`, -1, 24, "log.entries: missing"},
		{"entries a string", `{"log":{"entries":"x"}}`, -1, 18, "log.entries: want an array, got string"},
		{"entries an object", `{"log":{"entries":{}}}`, -1, 18, "log.entries: want an array, got object"},
		{"two logs", `{"log":{"entries":[]},"log":{"entries":[]}}`, -1, 28, `second "log" member`},
		{"truncated in entry", truncated[:len(truncated)-8], 1, int64(len(truncated) - 8), "unexpected end of file"},
		{"truncated after entry", harWith(`{}`)[:len(harWith(`{}`))-3], -1, int64(len(harWith(`{}`)) - 3), "unexpected end of file"},
		{"missing comma", "{\"log\":{\"entries\":[\n{}\n{}]}}", -1, 23, "expected ',' or ']' after array element, found '{'"},
		{"missing colon", `{"log":{"entries" []}}`, -1, 18, "expected ':'"},
		{"bad literal", harWith(`{"time":nul}`), 0, -2, "expected 'l' in literal null, found '}'"},
		{"binary garbage", "\x00\x01\x02\xff\xfe", -1, 0, "invalid character"},
		{"trailing garbage", `{"log":{"entries":[]}} ]`, -1, 23, "invalid character ']'"},
		{"shape error before syntax error", `{"log":"x",}`, -1, 10, "invalid character ','"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Decode(strings.NewReader(tt.doc), "bad.har", Options{})
			var de *analyzer.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode = %v (%T), want *analyzer.DecodeError", err, err)
			}
			if tr == nil {
				t.Fatal("Decode returned a nil trace with the error")
			}
			if de.File != "bad.har" || de.Entry != tt.entry {
				t.Errorf("File, Entry = %q, %d, want bad.har, %d", de.File, de.Entry, tt.entry)
			}
			if tt.offset != -2 && de.Offset != tt.offset {
				t.Errorf("Offset = %d, want %d", de.Offset, tt.offset)
			}
			if de.Offset >= 0 && de.Offset <= int64(len(tt.doc)) {
				line, col := position([]byte(tt.doc), de.Offset)
				if de.Line != line || de.Column != col {
					t.Errorf("Line, Column = %d, %d, want %d, %d for offset %d", de.Line, de.Column, line, col, de.Offset)
				}
			}
			msg := de.Err.Error()
			if !strings.Contains(msg, tt.message) {
				t.Errorf("message %q does not contain %q", msg, tt.message)
			}
			if msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("message %q does not start in lower case", msg)
			}
		})
	}
}

func TestTruncatedKeepsEarlierEntries(t *testing.T) {
	doc := harWith(`{"request":{"method":"GET"}}`, `{"request":{"method":"POST"}}`, `{"request":{"method":"PUT"}}`)
	cut := doc[:strings.Index(doc, `"PUT"`)]
	tr, err := Decode(strings.NewReader(cut), "cut.har", Options{})
	var de *analyzer.DecodeError
	if !errors.As(err, &de) || de.Entry != 2 {
		t.Fatalf("Decode = %v, want a DecodeError for entry 2", err)
	}
	if len(tr.Exchanges) != 2 || tr.Exchanges[1].Method != "POST" {
		t.Errorf("partial trace has %d exchanges, want the first 2", len(tr.Exchanges))
	}
}

func TestSyntaxErrorWrapsDecoderError(t *testing.T) {
	_, err := Decode(strings.NewReader(`{"log":{"entries":[}}`), "x.har", Options{})
	var se *syntaxError
	if !errors.As(err, &se) || errors.Unwrap(se) == nil {
		t.Fatalf("Decode = %v, want a syntaxError wrapping the JSON decoder's error", err)
	}
}

func TestMultiLinePosition(t *testing.T) {
	doc := "{\n  \"log\": {\n    \"entries\": [\n      {\"request\": {\"method\": \"GET\"}},\n      {\"request\": {\"method\" \"GET\"}}\n    ]\n  }\n}\n"
	_, err := Decode(strings.NewReader(doc), "multi.har", Options{})
	var de *analyzer.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("Decode = %v, want a DecodeError", err)
	}
	if de.Line != 5 || de.Column != 29 || de.Entry != 1 {
		t.Errorf("Line, Column, Entry = %d, %d, %d, want 5, 29, 1 (%v)", de.Line, de.Column, de.Entry, de)
	}
	if want := "multi.har: entry 1 (line 5, column 29, byte "; !strings.HasPrefix(de.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", de.Error(), want)
	}
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGzip(t *testing.T) {
	doc := "\ufeff" + harWith(`{"request":{"method":"GET"}}`, `{}`)
	gz := gzipped(t, []byte(doc))

	dir := t.TempDir()
	path := filepath.Join(dir, "trace.json") // the name says nothing about gzip
	if err := os.WriteFile(path, gz, 0o600); err != nil {
		t.Fatal(err)
	}
	tr, err := DecodeFile(path, Options{})
	if err != nil {
		t.Fatalf("DecodeFile(gzip) = %v", err)
	}
	if len(tr.Exchanges) != 2 || tr.Exchanges[0].Method != "GET" || tr.Source != path {
		t.Errorf("gzip trace = %+v", tr)
	}

	t.Run("truncated", func(t *testing.T) {
		_, err := Decode(bytes.NewReader(gz[:len(gz)/2]), "cut.har.gz", Options{})
		var de *analyzer.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("Decode = %v, want a DecodeError", err)
		}
	})
	t.Run("corrupt", func(t *testing.T) {
		bad := append([]byte(nil), gz...)
		for i := 12; i < len(bad)-8; i++ {
			bad[i] ^= 0x55
		}
		_, err := Decode(bytes.NewReader(bad), "bad.har.gz", Options{})
		var de *analyzer.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("Decode = %v, want a DecodeError", err)
		}
	})
	t.Run("bad header", func(t *testing.T) {
		_, err := Decode(bytes.NewReader([]byte{0x1f, 0x8b, 0}), "bad.gz", Options{})
		var de *analyzer.DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "gzip") {
			t.Fatalf("Decode = %v, want a DecodeError about gzip", err)
		}
	})
}

func TestDecodeFileMissing(t *testing.T) {
	_, err := DecodeFile(filepath.Join(t.TempDir(), "missing.har"), Options{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DecodeFile(missing) = %v, want os.ErrNotExist", err)
	}
}

func TestDecodeFileStdin(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(harWith(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	tr, err := DecodeFile("-", Options{})
	if err != nil || len(tr.Exchanges) != 1 || tr.Source != "-" {
		t.Errorf("DecodeFile(-) = %+v, %v, want 1 exchange from stdin named -", tr, err)
	}
}

func TestTrailingValueWarns(t *testing.T) {
	tr := decodeString(t, `{"log":{"entries":[]}} {"log":{}}`, Options{})
	if len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0].Message, "ignored object after the top-level object") {
		t.Errorf("warnings = %v", tr.Warnings)
	}
}
