package tracefile_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// maxSeed is the largest seed taken whole; longer files are cut to it,
// because the fuzzer mutates small inputs far faster.
const maxSeed = 16 << 10

// fuzzSeeds returns the project's test traces and, where the shared
// corpus sits beside the repository, its real traces. A missing corpus
// only means fewer seeds, so it does not skip the target.
func fuzzSeeds(f *testing.F) [][]byte {
	var paths []string
	for _, pattern := range []string{
		"testdata/*",
		"../har/testdata/*.har",
		"../samltracer/testdata/*.json",
		"../../shared/corpus/har/*.har",
		"../../shared/corpus/samltracer/*.json",
	} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		paths = append(paths, matches...)
	}
	var seeds [][]byte
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // a directory
		}
		seeds = append(seeds, data[:min(len(data), maxSeed)])
	}
	return seeds
}

// wrappers returns data in the containers Decode unwraps: gzip, zip and
// UTF-16.
func wrappers(f *testing.F, data []byte) [][]byte {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()

	var zipped bytes.Buffer
	aw := zip.NewWriter(&zipped)
	w, err := aw.Create("trace.har")
	if err != nil {
		f.Fatal(err)
	}
	w.Write(data)
	aw.Close()

	return [][]byte{gz.Bytes(), zipped.Bytes(), encodeUTF16(string(data), false, true)}
}

// FuzzDecode checks that no input makes tracefile.Decode panic or hang,
// that every failure is a DecodeError or names the limit, and that a
// partial trace comes only with an error.
func FuzzDecode(f *testing.F) {
	for i, seed := range fuzzSeeds(f) {
		f.Add(seed)
		if i < 4 {
			for _, wrapped := range wrappers(f, seed) {
				f.Add(wrapped)
			}
		}
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte{0xFF, 0xFE, '{', 0})
	f.Add([]byte("null"))

	limits := tracefile.Limits{MaxDepth: 64, MaxString: 1 << 16, MaxHeaders: 64, MaxEntries: 256, MaxDecompressed: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := tracefile.Decode(bytes.NewReader(data), "fuzz", tracefile.Options{Limits: limits})
		if err == nil {
			if tr == nil {
				t.Fatal("Decode returned neither a trace nor an error")
			}
			return
		}
		var derr *analyzer.DecodeError
		if !errors.As(err, &derr) {
			t.Fatalf("Decode error %v is %T, want *analyzer.DecodeError", err, err)
		}
		if derr.File == "" {
			t.Fatalf("Decode error %v names no file", err)
		}
		if derr.Line < 0 || derr.Column < 0 || (derr.Line > 0) != (derr.Column > 0) {
			t.Fatalf("inconsistent position %d:%d in %v", derr.Line, derr.Column, err)
		}
	})
}

// FuzzAnalyze feeds every trace that Decode returns, partial ones too, to
// the analyzer, which must not panic on any of them.
func FuzzAnalyze(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	limits := tracefile.Limits{MaxDepth: 64, MaxString: 1 << 16, MaxHeaders: 64, MaxEntries: 256, MaxDecompressed: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, _ := tracefile.Decode(bytes.NewReader(data), "fuzz", tracefile.Options{Limits: limits})
		if tr == nil {
			return
		}
		r, err := analyzer.Analyze(tr, analyzer.Options{})
		if err != nil {
			t.Fatalf("Analyze error = %v", err)
		}
		if r == nil {
			t.Fatal("Analyze returned a nil report")
		}
	})
}
