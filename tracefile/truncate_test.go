package tracefile_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
	"github.com/tracecheck/tracecheck/tracefile"
)

// truncationOffsets returns the first 64 offsets and 50 more spread over
// a file of size bytes, each below size.
func truncationOffsets(size int) []int {
	var offsets []int
	for i := 0; i < 64 && i < size; i++ {
		offsets = append(offsets, i)
	}
	for i := 1; i <= 50; i++ {
		if at := size * i / 51; at >= 64 {
			offsets = append(offsets, at)
		}
	}
	return offsets
}

// TestDecodeTruncatedCorpus cuts every real trace at many offsets and
// checks that each cut gives a DecodeError with the file and a place, and
// a partial trace with at most as many exchanges as the whole file.
func TestDecodeTruncatedCorpus(t *testing.T) {
	var paths []string
	for _, dir := range []string{testshared.Dir(t, "corpus", "har"), testshared.Dir(t, "corpus", "samltracer")} {
		for _, pattern := range []string{"*.har", "*.json"} {
			matches, err := filepath.Glob(filepath.Join(dir, pattern))
			if err != nil {
				t.Fatal(err)
			}
			paths = append(paths, matches...)
		}
	}
	if len(paths) == 0 {
		t.Fatal("no corpus files found")
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		whole, err := tracefile.Decode(bytes.NewReader(data), name, tracefile.Options{})
		if err != nil {
			// malformed-brokenfile.har is broken on purpose.
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, at := range truncationOffsets(len(data)) {
				cut := data[:at]
				if len(bytes.TrimSpace(bytes.TrimPrefix(cut, []byte("\xEF\xBB\xBF")))) == 0 {
					continue // empty; TestLoadErrors covers it
				}
				tr, err := tracefile.Decode(bytes.NewReader(cut), name, tracefile.Options{})
				var derr *analyzer.DecodeError
				if !errors.As(err, &derr) {
					t.Errorf("cut at %d: error = %v, want a DecodeError", at, err)
					continue
				}
				if derr.File != name {
					t.Errorf("cut at %d: error names %q, want %q", at, derr.File, name)
				}
				if derr.Offset < 0 && derr.Line == 0 {
					t.Errorf("cut at %d: error has no place: %v", at, err)
				}
				if derr.Offset > int64(at) {
					t.Errorf("cut at %d: error at byte %d is past the end", at, derr.Offset)
				}
				if n := exchangeCount(tr); n > len(whole.Exchanges) {
					t.Errorf("cut at %d: partial trace has %d exchanges, the whole file %d", at, n, len(whole.Exchanges))
				}
			}
		})
	}
}
