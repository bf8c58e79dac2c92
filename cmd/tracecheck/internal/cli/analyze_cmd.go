package cli

import (
	"fmt"
	"io"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
)

// Run reads every file, analyzes the ones that could be read, applies the
// filters and prints one report for all of them. A file that cannot be
// read is reported on stderr and in the output; the others are still
// analyzed, and the status is 2. --fail-on counts only the findings that
// the filters keep.
func (c *analyzeCmd) Run(e *env) error {
	failOn, err := parseFailOn(c.FailOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	filters := c.filters()
	lists, err := loadAllowlists(c.AllowedOrigins)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if c.Output != "" && c.Output != "-" {
		if err := checkOutputNotInput(c.Output, c.Files); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}

	var inputs []report.Input
	var reports []*analyzer.Report
	var unreadable []report.Unreadable
	for _, name := range c.Files {
		trace, err := loadTrace(name, e.stdin, e.progressOutput(), c.Limits)
		if err != nil {
			fmt.Fprintf(e.stderr, "tracecheck: %s\n", report.Sanitize(report.RedactText(err.Error())))
			unreadable = append(unreadable, report.Unreadable{Source: name, Err: err, Partial: trace != nil})
			if trace == nil {
				// Nothing was read; a partial trace is analyzed below.
				continue
			}
		}
		// Keep the user's spelling of the name in the report.
		trace.Source = name
		r, err := analyzer.Analyze(trace, analyzer.Options{})
		if err != nil {
			return fmt.Errorf("analyze %s: %w", name, err)
		}
		filtered := filters.Apply(r)
		inputs = append(inputs, report.Input{Report: filtered, Trace: trace, Unfiltered: r})
		reports = append(reports, filtered)
	}

	toFile := c.Output != "" && c.Output != "-"
	opts := report.Options{
		Version:     e.version,
		Unreadable:  unreadable,
		ShowSecrets: c.ShowSecrets,
		Filters:     filters,
		Color:       c.useColor(e, toFile),

		AllowedOrigins: lists,
	}
	if !toFile {
		opts.Width = e.width
	}
	reporter, err := report.New(c.Format, opts)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	render := func(w io.Writer) error { return reporter.Render(w, inputs) }
	if toFile {
		if err := writeFileAtomic(c.Output, c.ShowSecrets, render); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	} else if err := render(e.stdout); err != nil {
		return fmt.Errorf("write report: %w", err)
	}

	warnFilterMiss(e.stderr, filters, inputs)

	switch {
	case len(unreadable) > 0:
		return &exitError{code: exitUsage}
	case reachesFailOn(reports, failOn):
		return &exitError{code: exitFindings}
	}
	return nil
}

// warnFilterMiss repeats on stderr the report's sentence about filters
// that match nothing in any file, which is most often a typo in --origin,
// --host or --rule, so that it is seen also when the report goes to a
// file. Filters that keep something in one file are not mentioned.
func warnFilterMiss(stderr io.Writer, filters report.Filters, inputs []report.Input) {
	var flowMisses, findingMisses []string
	flowsKept, findingsKept := false, false
	for _, in := range inputs {
		miss := filters.Miss(in.Unfiltered, in.Report)
		flowsKept = flowsKept || len(in.Report.Flows) > 0
		findingsKept = findingsKept || len(in.Report.Findings) > 0
		if miss.Flows != "" {
			flowMisses = append(flowMisses, in.Report.Source+": "+miss.Flows)
		}
		if miss.Findings != "" {
			findingMisses = append(findingMisses, in.Report.Source+": "+miss.Findings)
		}
	}
	var lines []string
	if !flowsKept {
		lines = append(lines, flowMisses...)
	}
	if !findingsKept {
		lines = append(lines, findingMisses...)
	}
	for _, line := range lines {
		fmt.Fprintf(stderr, "tracecheck: warning: %s\n", report.Sanitize(line))
	}
}

// filters returns the report filters that the flags set.
func (c *analyzeCmd) filters() report.Filters {
	f := report.Filters{Origin: c.Origin, Host: c.Host, Rules: c.Rule, SkipRules: c.SkipRule}
	if c.MinSeverity != "" {
		// Validate has checked the value.
		f.MinSeverity, _ = analyzer.ParseSeverity(c.MinSeverity)
	}
	return f
}

// useColor decides whether the table is coloured: always with --color
// always, never with --color never, and with auto only when the report
// goes to a terminal and NO_COLOR is unset or empty (https://no-color.org).
func (c *analyzeCmd) useColor(e *env, toFile bool) bool {
	switch c.Color {
	case "always":
		return true
	case "never":
		return false
	}
	return !toFile && e.stdoutIsTerminal && e.getenv("NO_COLOR") == ""
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
