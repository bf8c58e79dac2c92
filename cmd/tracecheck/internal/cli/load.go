package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/tracefile"
)

// loadTrace reads the trace file name, where "-" means stdin, within the
// limits that the flags set. When progressTo is not nil (stderr is a
// terminal), loading that runs longer than a second shows its progress
// there.
//
// A file that a decoder could read only in part (truncated, garbage at the
// end, a limit exceeded after some entries) gives both the error and the
// partial trace, whose Warnings start with one that says where reading
// stopped and how many entries are analyzed. The trace is nil when no
// entry could be read.
func loadTrace(name string, stdin io.Reader, progressTo io.Writer, limits LimitFlags) (*analyzer.Trace, error) {
	r := stdin
	var size int64
	if name != "-" {
		// Open the file here instead of in tracefile.Load, so that the
		// bytes read can be counted; the errors are those Load returns.
		f, err := tracefile.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
		if info, err := f.Stat(); err == nil {
			size = info.Size()
		}
	}
	if progressTo != nil {
		counter := &countingReader{r: r}
		p := startProgress(progressTo, name, size, counter, progressDelay)
		defer p.Stop()
		r = counter
	}
	trace, err := tracefile.Decode(r, name, tracefile.Options{Limits: limits.limits()})
	if err == nil {
		return trace, nil
	}
	var derr *analyzer.DecodeError
	if trace == nil || len(trace.Exchanges) == 0 || !errors.As(err, &derr) {
		return nil, err
	}
	trace.Warnings = append([]analyzer.Warning{partialWarning(derr, len(trace.Exchanges))}, trace.Warnings...)
	return trace, err
}

// partialWarning words the error that stopped reading a file after
// entries entries, for the front of the partial trace's warnings.
func partialWarning(derr *analyzer.DecodeError, entries int) analyzer.Warning {
	place := fmt.Sprintf("byte %d", derr.Offset)
	if derr.Offset < 0 {
		place = "an unknown byte"
	}
	if derr.Line > 0 {
		place += fmt.Sprintf(" (line %d, column %d)", derr.Line, derr.Column)
	}
	noun := "entries were"
	if entries == 1 {
		noun = "entry was"
	}
	var msg string
	if errors.Is(derr, io.ErrUnexpectedEOF) {
		msg = fmt.Sprintf("the file is truncated at %s; %d %s read and are analyzed", place, entries, noun)
	} else {
		msg = fmt.Sprintf("the file could not be read past %s (%v); %d %s read and are analyzed", place, derr.Err, entries, noun)
	}
	if entries == 1 {
		msg = msg[:len(msg)-len("are analyzed")] + "is analyzed"
	}
	return analyzer.Warning{Entry: derr.Entry, Offset: derr.Offset, Message: msg}
}
