package cli

import (
	"io"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// loadTrace reads the trace file name, where "-" means stdin.
//
// NOTE: when a decoder could read part of a file, tracefile returns that
// partial trace with the error. It is dropped here and the file counts as
// unreadable, so a HAR cut off near its end gets no analysis at all.
func loadTrace(name string, stdin io.Reader) (*analyzer.Trace, error) {
	if name == "-" {
		return tracefile.Decode(stdin, name, tracefile.Options{})
	}
	return tracefile.Load(name, tracefile.Options{})
}
