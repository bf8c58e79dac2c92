package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// checkOutputNotInput returns an error when output names one of the input
// files, by path or as the same file under another name (a link).
func checkOutputNotInput(output string, inputs []string) error {
	outInfo, outErr := os.Stat(output)
	outAbs, _ := filepath.Abs(output)
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		inAbs, _ := filepath.Abs(in)
		same := outAbs != "" && outAbs == inAbs
		if !same && outErr == nil {
			if inInfo, err := os.Stat(in); err == nil && os.SameFile(outInfo, inInfo) {
				same = true
			}
		}
		if same {
			return fmt.Errorf("--output %s is the input file %s; choose another output file", output, in)
		}
	}
	return nil
}

// writeFileAtomic writes what render writes to path through a temporary
// file in the same directory, renamed over path once it is complete, so
// that path never holds a partial report. A report with secrets gets mode
// 0600, any other 0644.
func writeFileAtomic(path string, secret bool, render func(io.Writer) error) (err error) {
	if info, statErr := os.Stat(path); statErr == nil && info.IsDir() {
		return fmt.Errorf("--output %s is a directory; give a file name", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := render(tmp); err != nil {
		return fmt.Errorf("write report to %s: %w", path, err)
	}
	mode := os.FileMode(0o644)
	if secret {
		mode = 0o600
	}
	if err := tmp.Chmod(mode); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("write report to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report to %s: %w", path, err)
	}
	return nil
}
