package report

import (
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

func TestSortedFindings(t *testing.T) {
	r := &analyzer.Report{Findings: []analyzer.Finding{
		{Rule: "b", Flow: 2, Severity: analyzer.SeverityInfo, Exchange: analyzer.ExchangeRef{Index: 1}},
		{Rule: "z", Flow: 2, Severity: analyzer.SeverityError, Exchange: analyzer.ExchangeRef{Index: 5}},
		{Rule: "a", Flow: 2, Severity: analyzer.SeverityError, Exchange: analyzer.ExchangeRef{Index: 5}},
		{Rule: "c", Flow: 2, Severity: analyzer.SeverityError, Exchange: analyzer.ExchangeRef{Index: 3}},
		{Rule: "w", Flow: 0, Severity: analyzer.SeverityWarning},
		{Rule: "d", Flow: 1, Severity: analyzer.SeverityInfo},
	}}
	want := []string{"w", "d", "c", "a", "z", "b"}
	got := sortedFindings(r)
	for i, f := range got {
		if f.Rule != want[i] {
			t.Fatalf("sortedFindings order: got rule %q at %d, want %q (full want %v)", f.Rule, i, want[i], want)
		}
	}
	if r.Findings[0].Rule != "b" {
		t.Errorf("sortedFindings changed the report's own slice")
	}
}
