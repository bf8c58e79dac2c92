package report

import (
	"fmt"

	"github.com/tracecheck/tracecheck/analyzer"
)

// ANSI SGR sequences of the colours the table format uses.
const (
	colorError   = "\x1b[1;31m" // bold red
	colorWarning = "\x1b[33m"   // yellow
	colorInfo    = "\x1b[36m"   // cyan
	colorAllowed = "\x1b[32m"   // green
	colorReset   = "\x1b[0m"
)

// paint wraps s in the colour sequence when Options.Color is set. s must
// already be sanitized; the sequences are the only escapes in the output.
func (o Options) paint(color, s string) string {
	if !o.Color {
		return s
	}
	return color + s + colorReset
}

// paintSeverity returns the severity name padded to eight columns and
// coloured by severity.
func (o Options) paintSeverity(s analyzer.Severity) string {
	padded := fmt.Sprintf("%-8s", s)
	switch s {
	case analyzer.SeverityError:
		return o.paint(colorError, padded)
	case analyzer.SeverityWarning:
		return o.paint(colorWarning, padded)
	}
	return o.paint(colorInfo, padded)
}

// paintVerdict returns the verdict coloured: allowed green, blocked red,
// undetermined yellow.
func (o Options) paintVerdict(v analyzer.Verdict) string {
	switch v {
	case analyzer.Allowed:
		return o.paint(colorAllowed, string(v))
	case analyzer.Blocked:
		return o.paint(colorError, string(v))
	case analyzer.Undetermined:
		return o.paint(colorWarning, string(v))
	}
	return Sanitize(string(v))
}
