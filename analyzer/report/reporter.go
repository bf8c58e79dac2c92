package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tracecheck/tracecheck/allowlist"
	"github.com/tracecheck/tracecheck/analyzer"
)

// Reporter writes the reports of one run, one report per input file, in
// the order the files were given.
type Reporter interface {
	Render(w io.Writer, inputs []Input) error
}

// Compile-time checks that every format implements Reporter.
var (
	_ Reporter = (*Table)(nil)
	_ Reporter = (*JSON)(nil)
	_ Reporter = (*Markdown)(nil)
	_ Reporter = (*HTML)(nil)
)

// Input is one file's report together with the trace it was made from.
// The report decides what is printed. The trace adds what the report does
// not carry: the exchanges' headers and times, which the HTML format shows
// beside each failing flow and on a timeline, and the time span that every
// format names. Trace may be nil; the output then leaves those parts out.
type Input struct {
	Report *analyzer.Report
	Trace  *analyzer.Trace
	// Probe is set when the trace comes from a live probe rather than a
	// file. Every format then states when and where the probe was sent,
	// and labels the trace's warnings as probe notes.
	Probe *Probe
	// Unfiltered is the report before Options.Filters were applied, or
	// nil. With it every format states when the filters hide every flow or
	// every finding, so a filtered report never looks like a clean trace.
	Unfiltered *analyzer.Report
}

// miss returns what the filters of opts hid entirely from in.
func (in Input) miss(opts Options) FilterMiss {
	return opts.Filters.Miss(in.Unfiltered, in.Report)
}

// Probe describes the live requests behind a trace that "tracecheck probe"
// recorded.
type Probe struct {
	// URL is the URL probed and Origin the page origin it was probed for.
	URL    string
	Origin string
	// Method is the method of the script's request.
	Method string
	// Address is the IP address and port the probe connected to, or ""
	// when no connection was attempted or the name did not resolve.
	Address string
	// Started is when the probe sent its first request.
	Started time.Time
	// Insecure reports that TLS certificate verification was skipped.
	Insecure bool
	// CACert is the CA certificate file trusted in addition to the
	// system's, or "".
	CACert string
}

// Inputs wraps reports that have no trace.
func Inputs(reports ...*analyzer.Report) []Input {
	out := make([]Input, len(reports))
	for i, r := range reports {
		out[i] = Input{Report: r}
	}
	return out
}

// Unreadable is an input file that could not be read, so it has no report,
// or that could be read only in part (see Partial).
type Unreadable struct {
	// Source is the file name as the user gave it ("-" for standard input).
	Source string
	// Err is the reason the file could not be read.
	Err error
	// Partial reports that the file was read in part: the entries before
	// the error were analyzed, and their report is among the inputs.
	Partial bool
}

// Options holds what a reporter prints besides the reports. The zero value
// is valid and redacts secrets.
type Options struct {
	// Version is the tracecheck version the output names; "dev" when empty.
	Version string
	// Unreadable lists the input files that could not be read, or only
	// in part, in command-line order. They are listed after the files
	// that were read.
	Unreadable []Unreadable
	// Width is the number of columns the table format fits its output
	// in, such as the width of the terminal; 0 means DefaultWidth. Values
	// below MinWidth count as MinWidth. The other formats ignore it.
	Width int
	// ShowSecrets turns redaction off: cookie values, credentials, tokens
	// and SAML messages are printed as the trace recorded them, and every
	// format opens with a notice that the report contains secrets.
	ShowSecrets bool
	// Filters describes the filters the caller applied to the reports
	// (see [Filters.Apply]), so that the output can name them.
	Filters Filters
	// Color makes the table format colour severities and verdicts with
	// ANSI escape sequences. The other formats ignore it.
	Color bool
	// AllowedOrigins holds the servers' allowed-origin lists to check
	// every report's page origins against. When it is set, every format
	// has an allowed-origin section. For each list and origin it shows
	// whether the list admits the origin and, if not, the nearest entry and
	// the entry to add. It also shows each list's invalid and duplicate
	// entries and the lists of one application's nodes that differ.
	AllowedOrigins []*allowlist.List
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

// SecretsNotice is the sentence with which every format warns that
// redaction was turned off.
const SecretsNotice = "This report contains secrets: it was written with --show-secrets, so cookie values, " +
	"Authorization and API key headers, tokens, OAuth codes, passwords and SAML messages appear as the trace recorded them. " +
	"Share it only with people allowed to see those credentials."

// RedactionNotice is the sentence with which every format states that
// secrets were removed.
const RedactionNotice = "Secrets (cookie values, credential headers, tokens, OAuth codes, passwords, " +
	"SAML messages and JWTs) are replaced by [REDACTED ...] markers that name what was removed."

// redactURL, redactText, redactHeader and redactField apply the redaction
// of the same name unless ShowSecrets is set.
func (o Options) redactURL(s string) string {
	if o.ShowSecrets {
		return s
	}
	return RedactURL(s)
}

func (o Options) redactText(s string) string {
	if o.ShowSecrets {
		return s
	}
	return RedactText(s)
}

func (o Options) redactHeader(name, value string) string {
	if o.ShowSecrets {
		return value
	}
	return RedactHeader(name, value)
}

func (o Options) redactField(name, value string) string {
	if o.ShowSecrets {
		return value
	}
	return RedactField(name, value)
}

// Formats lists the names New accepts, the default first.
func Formats() []string {
	return []string{"table", "json", "markdown", "html"}
}

// New returns the reporter for the named format.
func New(format string, opts Options) (Reporter, error) {
	switch format {
	case "table":
		return &Table{Options: opts}, nil
	case "json":
		return &JSON{Options: opts}, nil
	case "markdown":
		return &Markdown{Options: opts}, nil
	case "html":
		return &HTML{Options: opts}, nil
	}
	return nil, fmt.Errorf("report: unknown format %q: expected one of %s", format, strings.Join(Formats(), ", "))
}

func (o Options) version() string {
	if o.Version == "" {
		return "dev"
	}
	return o.Version
}
