package tracefile_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// encodeUTF16 writes s as UTF-16 with an optional byte order mark.
func encodeUTF16(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		if bigEndian {
			binary.BigEndian.PutUint16(out[2*i:], u)
		} else {
			binary.LittleEndian.PutUint16(out[2*i:], u)
		}
	}
	return out
}

// encodeUTF32 writes s as UTF-32 with an optional byte order mark.
func encodeUTF32(s string, bigEndian, bom bool) []byte {
	runes := []rune(s)
	if bom {
		runes = append([]rune{0xFEFF}, runes...)
	}
	out := make([]byte, 4*len(runes))
	for i, r := range runes {
		if bigEndian {
			binary.BigEndian.PutUint32(out[4*i:], uint32(r))
		} else {
			binary.LittleEndian.PutUint32(out[4*i:], uint32(r))
		}
	}
	return out
}

func TestDecodeConvertsUTF16AndUTF32(t *testing.T) {
	// The non-ASCII URL checks surrogate pairs (U+1F600) and BMP text.
	text := strings.Replace(string(readFixture(t, "minimal.har")), "https://", "https://ü😀.", 1)
	plain, err := tracefile.Decode(strings.NewReader(text), "in.har", tracefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, encoding string
		input          []byte
	}{
		{"utf-16 le bom", "UTF-16 (little-endian)", encodeUTF16(text, false, true)},
		{"utf-16 be bom", "UTF-16 (big-endian)", encodeUTF16(text, true, true)},
		{"utf-16 le no bom", "UTF-16 (little-endian)", encodeUTF16(text, false, false)},
		{"utf-16 be no bom", "UTF-16 (big-endian)", encodeUTF16(text, true, false)},
		{"utf-32 le bom", "UTF-32 (little-endian)", encodeUTF32(text, false, true)},
		{"utf-32 be bom", "UTF-32 (big-endian)", encodeUTF32(text, true, true)},
		{"utf-32 le no bom", "UTF-32 (little-endian)", encodeUTF32(text, false, false)},
		{"utf-16 le gzip", "UTF-16 (little-endian)", gzipped(t, encodeUTF16(text, false, true))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := tracefile.Decode(bytes.NewReader(tt.input), "in.har", tracefile.Options{})
			if err != nil {
				t.Fatalf("Decode error = %v", err)
			}
			if len(tr.Exchanges) != len(plain.Exchanges) || tr.Exchanges[0].URL != plain.Exchanges[0].URL {
				t.Errorf("Decode = %d exchanges, first URL %q; want %d, %q",
					len(tr.Exchanges), tr.Exchanges[0].URL, len(plain.Exchanges), plain.Exchanges[0].URL)
			}
			want := "the file is " + tt.encoding + " text and was converted to UTF-8; byte offsets count the converted text"
			if len(tr.Warnings) == 0 || tr.Warnings[0].Message != want {
				t.Errorf("Warnings = %v, want first %q", tr.Warnings, want)
			}
		})
	}
}

func TestDecodeUTF16TruncatedKeepsEntries(t *testing.T) {
	text := string(readFixture(t, "minimal.har"))
	input := encodeUTF16(text, false, true)
	// Cut inside the closing brackets, after the last entry, and at an odd byte.
	cut := input[:len(input)-7]
	tr, err := tracefile.Decode(bytes.NewReader(cut), "in.har", tracefile.Options{})
	var derr *analyzer.DecodeError
	if !errors.As(err, &derr) {
		t.Fatalf("Decode error = %v, want a DecodeError", err)
	}
	if tr == nil || len(tr.Exchanges) == 0 {
		t.Fatalf("Decode returned no partial trace: %v", tr)
	}
}

// zipOf builds a zip archive with the given members; a name ending in /
// is a directory.
func zipOf(t *testing.T, members map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeZip(t *testing.T) {
	har := readFixture(t, "minimal.har")
	saml := readFixture(t, "minimal-samltracer.json")
	members := map[string][]byte{
		"case/trace.har":            har,
		"case/export.json":          saml,
		"case/trace.har.gz":         gzipped(t, har),
		"case/notes.txt":            []byte("hello"),
		"__MACOSX/case/._trace.har": []byte("resource fork"),
		"case/":                     nil,
	}
	ok := []struct {
		name   string
		order  []string
		format analyzer.Format
		member string
	}{
		{"one HAR", []string{"case/", "case/trace.har", "case/notes.txt", "__MACOSX/case/._trace.har"}, analyzer.FormatHAR, "case/trace.har"},
		{"one SAML-tracer export", []string{"case/export.json"}, analyzer.FormatSAMLTracer, "case/export.json"},
		{"gzipped HAR", []string{"case/trace.har.gz"}, analyzer.FormatHAR, "case/trace.har.gz"},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			data := zipOf(t, members, tt.order...)
			tr, err := tracefile.Decode(bytes.NewReader(data), "case.zip", tracefile.Options{})
			if err != nil {
				t.Fatalf("Decode error = %v", err)
			}
			if tr.Format != tt.format || len(tr.Exchanges) == 0 {
				t.Errorf("Decode = %s with %d exchanges, want %s", tr.Format, len(tr.Exchanges), tt.format)
			}
			want := "the file is a zip archive; its member " + tt.member + " was read, and byte offsets count that member's text"
			if len(tr.Warnings) == 0 || tr.Warnings[0].Message != want {
				t.Errorf("Warnings = %v, want first %q", tr.Warnings, want)
			}
		})
	}

	bad := []struct {
		name    string
		input   []byte
		wantErr string
	}{
		{"two traces", zipOf(t, members, "case/trace.har", "case/export.json"),
			"case.zip: the zip archive holds 2 trace files (case/trace.har, case/export.json); extract the one to analyze and pass it"},
		{"no trace", zipOf(t, members, "case/", "case/notes.txt", "__MACOSX/case/._trace.har"),
			"case.zip: the zip archive holds no .har or .json file, only case/notes.txt; expected one trace file in it"},
		{"empty", zipOf(t, members),
			"case.zip: the zip archive is empty; expected one .har or .json trace file in it"},
		{"damaged", []byte("PK\x03\x04\x14\x00\x00\x00"),
			"case.zip: the file starts like a zip archive but cannot be read as one: zip: not a valid zip file"},
		{"zip in zip", zipOf(t, map[string][]byte{"inner.json": zipOf(t, members, "case/trace.har")}, "inner.json"),
			"case.zip/inner.json (line 1, column 1, byte 0): the content is a zip archive inside a gzip stream or a zip archive; extract it and pass the trace inside"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tracefile.Decode(bytes.NewReader(tt.input), "case.zip", tracefile.Options{})
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Decode error = %v, want %q", err, tt.wantErr)
			}
			if !errors.Is(err, tracefile.ErrZip) {
				t.Errorf("Decode error does not wrap ErrZip")
			}
		})
	}
}

func TestLoadZipInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.zip")
	data := zipOf(t, map[string][]byte{"trace.har": readFixture(t, "minimal.har")}, "trace.har")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := tracefile.Load(path, tracefile.Options{})
	if err != nil || len(tr.Exchanges) == 0 {
		t.Fatalf("Load(zip) = %v, %v", tr, err)
	}
}

func TestDecodeZipBomb(t *testing.T) {
	// 64 MiB of spaces compress to about 64 KiB.
	big := append(bytes.Repeat([]byte(" "), 64<<20), []byte(`{"log":{"entries":[]}}`)...)
	data := zipOf(t, map[string][]byte{"bomb.har": big}, "bomb.har")
	_, err := tracefile.Decode(bytes.NewReader(data), "bomb.zip", tracefile.Options{Limits: tracefile.Limits{MaxDecompressed: 1 << 20}})
	want := "bomb.zip/bomb.har (line 1, column 1048577, byte 1048576): the decompressed data is larger than 1 MiB (limit --max-decompressed); raise it with --max-decompressed 4MiB"
	if err == nil || err.Error() != want {
		t.Errorf("Decode(zip bomb) error = %v, want %q", err, want)
	}
	var lerr *tracefile.LimitError
	if !errors.As(err, &lerr) {
		t.Errorf("Decode(zip bomb) error does not wrap a LimitError")
	}
}
