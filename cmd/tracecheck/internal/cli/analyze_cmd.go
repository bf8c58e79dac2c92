package cli

import (
	"fmt"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
)

// Run reads every file, analyzes the ones that could be read and prints one
// report for all of them. A file that cannot be read is reported on stderr
// and in the output; the others are still analyzed, and the status is 2.
func (c *analyzeCmd) Run(e *env) error {
	failOn, err := parseFailOn(c.FailOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}

	var reports []*analyzer.Report
	var unreadable []report.Unreadable
	for _, name := range c.Files {
		trace, err := loadTrace(name, e.stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "tracecheck: %s\n", report.Sanitize(err.Error()))
			unreadable = append(unreadable, report.Unreadable{Source: name, Err: err})
			continue
		}
		// Keep the user's spelling of the name in the report.
		trace.Source = name
		r, err := analyzer.Analyze(trace, analyzer.Options{})
		if err != nil {
			return fmt.Errorf("analyze %s: %w", name, err)
		}
		reports = append(reports, r)
	}

	reporter, err := report.New(c.Format, report.Options{Version: e.version, Unreadable: unreadable, Width: e.width})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := reporter.Render(e.stdout, reports); err != nil {
		return fmt.Errorf("write report: %w", err)
	}

	switch {
	case len(unreadable) > 0:
		return &exitError{code: exitUsage}
	case reachesFailOn(reports, failOn):
		return &exitError{code: exitFindings}
	}
	return nil
}

// never is the --fail-on value that keeps the status 0 whatever the
// findings; any value above SeverityError has that effect.
const never = analyzer.SeverityError + 1

// parseFailOn parses the --fail-on value.
func parseFailOn(s string) (analyzer.Severity, error) {
	if s == "never" {
		return never, nil
	}
	sev, err := analyzer.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("invalid --fail-on: %w", err)
	}
	return sev, nil
}

// reachesFailOn reports whether any report has a finding at or above min.
func reachesFailOn(reports []*analyzer.Report, min analyzer.Severity) bool {
	for _, r := range reports {
		if max, ok := r.MaxSeverity(); ok && max >= min {
			return true
		}
	}
	return false
}
