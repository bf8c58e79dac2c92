package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	dir := filepath.Dir(path)
	if info, statErr := os.Stat(dir); statErr != nil {
		if errors.Is(statErr, fs.ErrNotExist) {
			return fmt.Errorf("--output %s: the directory %s does not exist; create it or choose another directory", path, dir)
		}
		return fmt.Errorf("--output %s: cannot use the directory %s: %w", path, dir, unwrapPathError(statErr))
	} else if !info.IsDir() {
		return fmt.Errorf("--output %s: %s is not a directory", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		// The temporary file's name means nothing to the user; name the
		// directory instead.
		return fmt.Errorf("--output %s: cannot create a file in the directory %s: %w", path, dir, unwrapPathError(err))
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
