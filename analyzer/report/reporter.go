package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Reporter writes the reports of one run, one report per input file, in
// the order the files were given.
type Reporter interface {
	Render(w io.Writer, reports []*analyzer.Report) error
}

// Compile-time checks that every format implements Reporter.
var (
	_ Reporter = (*Table)(nil)
	_ Reporter = (*JSON)(nil)
)

// Unreadable is an input file that could not be read, so it has no report.
type Unreadable struct {
	// Source is the file name as the user gave it ("-" for standard input).
	Source string
	// Err is the reason the file could not be read.
	Err error
}

// Options holds what a reporter prints besides the reports. The zero value
// is valid.
type Options struct {
	// Version is the tracecheck version the output names; "dev" when empty.
	Version string
	// Unreadable lists the input files that could not be read, in
	// command-line order. They are listed after the files that were read.
	Unreadable []Unreadable
	// Width is the number of columns the table format fits its output
	// in, such as the width of the terminal; 0 means DefaultWidth. Values
	// below MinWidth count as MinWidth. The JSON format ignores it.
	Width int
}

// Widths of the table output, in columns.
const (
	// DefaultWidth is the width of the table output when Options.Width
	// is 0, as when the output is a file or a pipe.
	DefaultWidth = 120
	// MinWidth is the narrowest output the table format lays out for.
	MinWidth = 60
)

// width returns the table output width that o sets.
func (o Options) width() int {
	switch {
	case o.Width <= 0:
		return DefaultWidth
	case o.Width < MinWidth:
		return MinWidth
	}
	return o.Width
}

// Formats lists the names New accepts, the default first.
func Formats() []string {
	return []string{"table", "json"}
}

// New returns the reporter for the named format.
func New(format string, opts Options) (Reporter, error) {
	switch format {
	case "table":
		return &Table{Options: opts}, nil
	case "json":
		return &JSON{Options: opts}, nil
	}
	return nil, fmt.Errorf("report: unknown format %q: want one of %s", format, strings.Join(Formats(), ", "))
}

func (o Options) version() string {
	if o.Version == "" {
		return "dev"
	}
	return o.Version
}
