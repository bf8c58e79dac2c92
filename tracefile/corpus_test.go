package tracefile_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
	"github.com/tracecheck/tracecheck/tracefile"
)

// brokenCorpusFile is the one corpus file that is not valid JSON.
const brokenCorpusFile = "har/malformed-brokenfile.har"

func TestLoadSharedCorpus(t *testing.T) {
	root := testshared.Dir(t, "corpus")
	var paths []string
	for _, sub := range []string{"har", "chromium", "samltracer"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); !d.IsDir() && (ext == ".har" || ext == ".json") {
				paths = append(paths, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(paths) == 0 {
		t.Fatalf("no traces found under %s", root)
	}

	for _, path := range paths {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			tr, err := tracefile.Load(path, tracefile.Options{})
			if filepath.ToSlash(rel) == brokenCorpusFile {
				var derr *analyzer.DecodeError
				if !errors.As(err, &derr) || derr.Line == 0 || derr.Column == 0 {
					t.Fatalf("Load error = %v, want a DecodeError with line and column", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			wantFormat := analyzer.FormatHAR
			if strings.HasPrefix(filepath.ToSlash(rel), "samltracer/") {
				wantFormat = analyzer.FormatSAMLTracer
			}
			if tr.Format != wantFormat {
				t.Errorf("Format = %q, want %q", tr.Format, wantFormat)
			}
			if len(tr.Exchanges) == 0 {
				t.Error("no exchanges")
			}
		})
	}
}
