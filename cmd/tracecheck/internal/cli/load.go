package cli

import (
	"io"
	"os"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// loadTrace reads the trace file name, where "-" means stdin. When
// progressTo is not nil (stderr is a terminal), loading that runs longer
// than a second shows its progress there.
//
// NOTE: when a decoder could read part of a file, tracefile returns that
// partial trace with the error. It is dropped here and the file counts as
// unreadable, so a HAR cut off near its end gets no analysis at all.
func loadTrace(name string, stdin io.Reader, progressTo io.Writer) (*analyzer.Trace, error) {
	var r io.Reader = stdin
	var size int64
	if name != "-" {
		// Open the file here instead of in tracefile.Load, so that the
		// bytes read can be counted; the errors are those Load returns.
		info, err := os.Stat(name)
		if err != nil {
			return nil, &tracefile.FileError{Path: name, Err: err}
		}
		if info.IsDir() {
			return nil, &tracefile.FileError{Path: name, Err: tracefile.ErrIsDirectory}
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, &tracefile.FileError{Path: name, Err: err}
		}
		defer f.Close()
		r, size = f, info.Size()
	}
	if progressTo != nil {
		counter := &countingReader{r: r}
		p := startProgress(progressTo, name, size, counter, progressDelay)
		defer p.Stop()
		r = counter
	}
	return tracefile.Decode(r, name, tracefile.Options{})
}
