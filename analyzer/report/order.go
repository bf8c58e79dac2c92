package report

import (
	"cmp"
	"slices"

	"github.com/tracecheck/tracecheck/analyzer"
)

// sortedFindings returns a copy of r's findings in report order: by flow
// (trace-wide findings, flow 0, first), by severity with errors first, by
// exchange index and by rule id. The sort is stable, so findings that tie
// keep the engine's order.
func sortedFindings(r *analyzer.Report) []analyzer.Finding {
	out := slices.Clone(r.Findings)
	slices.SortStableFunc(out, func(a, b analyzer.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Flow, b.Flow),
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Exchange.Index, b.Exchange.Index),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
	return out
}

// counts tallies flows by verdict and findings by severity. It counts the
// flows and findings themselves instead of reading Report.Summary, so that
// the printed totals match the lists printed above them. Only the number of
// exchanges comes from the summary, because a report does not list them.
type counts struct {
	Files, Unreadable              int
	Exchanges, Flows               int
	Allowed, Blocked, Undetermined int
	Errors, Warnings, Infos        int
	// DecoderWarnings counts the decoder's warnings about the files,
	// which are not findings.
	DecoderWarnings int
	// Probe is set when the counts are of a live probe, whose warnings
	// are probe notes rather than decoder warnings.
	Probe bool
}

func (c *counts) add(r *analyzer.Report) {
	c.Files++
	c.Exchanges += r.Summary.Exchanges
	c.Flows += len(r.Flows)
	c.DecoderWarnings += len(r.Warnings)
	for _, f := range r.Flows {
		switch f.Verdict {
		case analyzer.Allowed:
			c.Allowed++
		case analyzer.Blocked:
			c.Blocked++
		case analyzer.Undetermined:
			c.Undetermined++
		}
	}
	for _, f := range r.Findings {
		switch f.Severity {
		case analyzer.SeverityError:
			c.Errors++
		case analyzer.SeverityWarning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
}

func countReports(reports []*analyzer.Report) counts {
	var c counts
	for _, r := range reports {
		c.add(r)
	}
	return c
}
