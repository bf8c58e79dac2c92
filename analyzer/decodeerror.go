package analyzer

import (
	"fmt"
	"strings"
)

// DecodeError reports a trace file that could not be read, with the place
// in the file where reading failed. Decoders return it (wrapped or not) for
// every failure that concerns the file's content.
type DecodeError struct {
	// File is the file name as the user gave it ("-" for standard input).
	File string
	// Entry is the index of the entry being read, or -1 when the failure
	// is outside the entries.
	Entry int
	// Offset is the byte offset of the failure in the decoded stream
	// (after decompression), or -1 when unknown.
	Offset int64
	// Line and Column give the same place 1-based; 0 when unknown.
	Line, Column int
	// Err is the underlying cause.
	Err error
}

// Error returns a message that names the file and the place, for example
// "trace.har: entry 3 (line 120, column 7, byte 4321): ...".
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	var place []string
	if e.Entry >= 0 {
		place = append(place, fmt.Sprintf("entry %d", e.Entry))
	}
	var pos []string
	if e.Line > 0 {
		pos = append(pos, fmt.Sprintf("line %d, column %d", e.Line, e.Column))
	}
	if e.Offset >= 0 {
		pos = append(pos, fmt.Sprintf("byte %d", e.Offset))
	}
	if len(place) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(place, " "))
	}
	if len(pos) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(pos, ", "))
		b.WriteString(")")
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unreadable")
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *DecodeError) Unwrap() error { return e.Err }
