package samltracer_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/samltracer"
)

// FuzzDecode checks that Decode never panics, that every failure is an
// *analyzer.DecodeError, and that a decoded trace keeps file order.
func FuzzDecode(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("null"))
	f.Add([]byte(`{"requests":[]}`))
	f.Add([]byte(badMiddleRequest))
	f.Add([]byte(`{"requests":[{"method":"GET","url":"u","responseHeaders":[{"name":"a","binaryValue":[233]}],"timestamp":1}]}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := samltracer.Decode(bytes.NewReader(data), "fuzz.json", samltracer.Options{})
		if err != nil {
			var derr *analyzer.DecodeError
			if !errors.As(err, &derr) {
				t.Fatalf("error %v is %T, want *analyzer.DecodeError", err, err)
			}
			return
		}
		last := -1
		for _, ex := range tr.Exchanges {
			if ex.Index <= last {
				t.Fatalf("Index %d after %d, want increasing", ex.Index, last)
			}
			last = ex.Index
		}
	})
}
