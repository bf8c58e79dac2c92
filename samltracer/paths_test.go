package samltracer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
)

// pathResult is what one decode path gives for an input.
type pathResult struct {
	trace *analyzer.Trace
	err   string
}

// decodeBoth decodes data on the sequential path and on the filtered one.
func decodeBoth(data []byte) (seq, par pathResult) {
	return decodeWith(data, false), decodeWith(data, true)
}

func decodeWith(data []byte, filtered bool) pathResult {
	return decodeReader(bytes.NewReader(data), filtered)
}

// decodeReader decodes the export that in yields on one of the paths.
func decodeReader(in io.Reader, filtered bool) pathResult {
	tr, err := decode(in, "export.json", Options{}, filtered)
	r := pathResult{trace: tr}
	if err != nil {
		r.err = err.Error()
		var derr *analyzer.DecodeError
		if errors.As(err, &derr) {
			r.err += fmt.Sprintf(" %+v", *derr)
		}
	}
	return r
}

func checkPathsAgree(t *testing.T, name string, data []byte) {
	t.Helper()
	seq, par := decodeBoth(data)
	if seq.err != par.err {
		t.Errorf("%s: error differs:\nsequential: %s\nfiltered:   %s", name, seq.err, par.err)
	}
	if !reflect.DeepEqual(seq.trace, par.trace) {
		t.Errorf("%s: trace differs:\nsequential: %+v\nfiltered:   %+v", name, seq.trace, par.trace)
	}
}

// TestPathsAgreeOnCorpus checks that removing the saml strings changes
// nothing on every SAML-tracer export of the shared corpus and of
// testdata.
func TestPathsAgreeOnCorpus(t *testing.T) {
	var files []string
	for _, root := range []string{testshared.Dir(t, "corpus"), "testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 4 {
		t.Fatalf("found %d exports, want the corpus", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checkPathsAgree(t, path, data)
	}
}

// TestPathsAgreeOnBrokenSAML checks that an invalid or cut-off saml
// string fails at the same place on both paths, invalid UTF-8 included,
// which SAML-tracer exports must not have.
func TestPathsAgreeOnBrokenSAML(t *testing.T) {
	values := []string{
		`"<samlp:Response ID=\"_1\">caf\u00e9 \/ \n</samlp:Response>"`,
		"\"caf\xc3\xa9 \xe2\x82\xac ok\"",
		"\"invalid \xff byte\"",
		"\"cut rune \xe2\x82\"",
		"\"raw control \x01 char\"",
		`"bad escape \x here"`,
		`"short unicode \u12G4 here"`,
		`"cut off`,
		`"cut in escape \`,
		"\"cut in rune \xe2\x82",
		`{"nested": "object"}`,
		`12`,
	}
	for _, value := range values {
		for _, tail := range []string{`}]}`, ``, `},{"method":"GET","url":"https://a.example/"}]}`} {
			doc := "{\"requests\":[\n{\"method\":\"POST\",\"url\":\"https://idp.example/sso\",\"protocol\":\"SAML-P\",\"saml\":" + value + ",\"samlart\":" + value + tail
			checkPathsAgree(t, fmt.Sprintf("%q", doc), []byte(doc))
		}
	}
}

// FuzzPathsAgree checks that any input gives the same trace and error on
// both paths.
func FuzzPathsAgree(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("{\"requests\":[{\"method\":\"POST\",\"saml\":\"<x>\xc3\xa9\\n\\u00e9</x>\",\"samlart\":\"a\"}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		seq, par := decodeBoth(data)
		if seq.err != par.err {
			t.Fatalf("error differs:\nsequential: %s\nfiltered:   %s", seq.err, par.err)
		}
		if !reflect.DeepEqual(seq.trace, par.trace) {
			t.Fatalf("trace differs:\nsequential: %+v\nfiltered:   %+v", seq.trace, par.trace)
		}
		// Reads of one byte cut every sequence the filter handles. The
		// JSON decoder quotes what it has read of an invalid escape, so
		// the sequential path reads one byte at a time too.
		seqSplit, parSplit := decodeReader(iotest.OneByteReader(bytes.NewReader(data)), false), decodeReader(iotest.OneByteReader(bytes.NewReader(data)), true)
		if seqSplit.err != parSplit.err || !reflect.DeepEqual(seqSplit.trace, parSplit.trace) {
			t.Fatalf("one-byte reads differ:\nsequential: %s %+v\nfiltered:   %s %+v", seqSplit.err, seqSplit.trace, parSplit.err, parSplit.trace)
		}
	})
}

// TestPathsAgreeOnSplitReads decodes exports through readers that return
// one byte, or half of what is asked, per call, so that every
// multi-byte character, escape and invalid sequence in a saml string is
// cut by the end of a read somewhere. The filtered path must still give
// what the sequential path gives for the whole input.
func TestPathsAgreeOnSplitReads(t *testing.T) {
	values := []string{
		`"é € 😀 \u00e9 \" \\ end"`,
		"\"cut \xe2\x82\xac\xf0\x9f\x98\x80 runes\"",
		"\"invalid \xe2\x28\xa1 continuation\"",
		"\"lone \x80 continuation\"",
		"\"cut before quote \xe2\x82\"",
		"\"surrogate \xed\xa0\x80 bytes\"",
		"\"truncated in a rune \xf0\x9f",
	}
	readers := map[string]func(io.Reader) io.Reader{
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for _, value := range values {
		doc := []byte("{\"requests\":[{\"method\":\"POST\",\"url\":\"https://idp.example/sso\",\"saml\":" + value + "},{\"method\":\"GET\",\"url\":\"https://a.example/\"}]}")
		want := decodeWith(doc, false)
		for name, wrap := range readers {
			got := decodeReader(wrap(bytes.NewReader(doc)), true)
			if got.err != want.err || !reflect.DeepEqual(got.trace, want.trace) {
				t.Errorf("%q, %s reads:\nsequential: %s %+v\nfiltered:   %s %+v", value, name, want.err, want.trace, got.err, got.trace)
			}
		}
	}
}

// TestSAMLStringsDoNotCountAgainstMaxString checks that a long saml
// string of multi-byte characters is skipped whatever the reads cut,
// while a long header value still fails.
func TestSAMLStringsDoNotCountAgainstMaxString(t *testing.T) {
	long := strings.Repeat("é€😀", 500) // 4.5 KB
	opts := Options{Limits: Limits{MaxString: 1024}}
	doc := []byte(`{"requests":[{"method":"POST","url":"https://idp.example/sso","saml":"` + long + `"}]}`)
	for name, r := range map[string]io.Reader{
		"whole":    bytes.NewReader(doc),
		"one byte": iotest.OneByteReader(bytes.NewReader(doc)),
	} {
		if _, err := decode(r, "export.json", opts, true); err != nil {
			t.Errorf("%s reads: saml string of %d bytes: %v", name, len(long), err)
		}
	}
	header := []byte(`{"requests":[{"method":"GET","url":"https://a.example/","requestHeaders":[{"name":"x","value":"` + long + `"}]}]}`)
	if _, err := decode(bytes.NewReader(header), "export.json", opts, true); err == nil || !strings.Contains(err.Error(), "--max-string") {
		t.Errorf("header value of %d bytes: error = %v, want one naming --max-string", len(long), err)
	}
}
