package report

import (
	"errors"
	"html"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

func missReport() *analyzer.Report {
	return &analyzer.Report{
		Source: "case.har",
		Flows: []analyzer.Flow{
			{ID: 1, Origin: "https://finesse.example.com:8445", URL: "https://cuic-pub.example.com/livedata/", Verdict: analyzer.Allowed},
			{ID: 2, Origin: "https://finesse.example.com:8445", URL: "https://cuic-sub.example.com/cuic/", Verdict: analyzer.Blocked},
		},
		Findings: []analyzer.Finding{
			{Rule: "preflight-missing-allow-origin", Severity: analyzer.SeverityError, Flow: 2},
			{Rule: "preflight-required-header", Severity: analyzer.SeverityInfo, Flow: 1},
		},
	}
}

func TestFilterMissOrigin(t *testing.T) {
	before := missReport()
	f := Filters{Origin: "https://finesse.example.com"}
	miss := f.Miss(before, f.Apply(before))
	want := "No flow matches --origin https://finesse.example.com; the trace's flows come from: https://finesse.example.com:8445"
	if miss.Flows != want {
		t.Errorf("Flows = %q, want %q", miss.Flows, want)
	}
	if miss.Findings != "" {
		t.Errorf("Findings = %q, want none because no flow is left", miss.Findings)
	}
}

func TestFilterMissHostDefaultPort(t *testing.T) {
	before := missReport()
	f := Filters{Host: "cuic-sub.example.com:8444"}
	miss := f.Miss(before, f.Apply(before))
	want := "No flow matches --host cuic-sub.example.com:8444; the trace's flows go to: cuic-pub.example.com:443, cuic-sub.example.com:443"
	if miss.Flows != want {
		t.Errorf("Flows = %q, want %q", miss.Flows, want)
	}
	if !slices.Equal(miss.Hosts, []string{"cuic-pub.example.com:443", "cuic-sub.example.com:443"}) {
		t.Errorf("Hosts = %q", miss.Hosts)
	}
	// Every host listed is a --host value that matches.
	for _, host := range miss.Hosts {
		g := Filters{Host: host}
		if len(g.Apply(before).Flows) == 0 {
			t.Errorf("--host %s from the hint matches no flow", host)
		}
	}
}

func TestFilterMissBothFilters(t *testing.T) {
	before := missReport()
	before.Flows = append(before.Flows, analyzer.Flow{ID: 3, Origin: "https://other.example.com", URL: "https://api.example.com/", Verdict: analyzer.Allowed})
	f := Filters{Origin: "https://other.example.com", Host: "cuic-sub.example.com"}
	miss := f.Miss(before, f.Apply(before))
	if !strings.HasPrefix(miss.Flows, "No flow matches both --origin https://other.example.com and --host cuic-sub.example.com;") {
		t.Errorf("Flows = %q, want it to name both filters", miss.Flows)
	}
}

func TestFilterMissFindings(t *testing.T) {
	before := missReport()
	f := Filters{Rules: []string{"allow-origin-mismatch"}}
	miss := f.Miss(before, f.Apply(before))
	if miss.Flows != "" {
		t.Errorf("Flows = %q, want none because the flows are kept", miss.Flows)
	}
	want := "No finding matches --rule allow-origin-mismatch; the flows shown have 2 findings, of the rules: preflight-missing-allow-origin, preflight-required-header"
	if miss.Findings != want {
		t.Errorf("Findings = %q, want %q", miss.Findings, want)
	}
}

func TestFilterMissNone(t *testing.T) {
	before := missReport()
	for _, f := range []Filters{{}, {Origin: "https://finesse.example.com:8445"}, {Host: "cuic-sub.example.com"}} {
		if miss := f.Miss(before, f.Apply(before)); !miss.IsZero() {
			t.Errorf("%v: Miss = %+v, want zero", f.Describe(), miss)
		}
	}
	empty := &analyzer.Report{}
	f := Filters{Origin: "https://finesse.example.com"}
	if miss := f.Miss(empty, f.Apply(empty)); !miss.IsZero() {
		t.Errorf("Miss of a trace without flows = %+v, want zero", miss)
	}
}

func TestRenderFilterMissEveryFormat(t *testing.T) {
	before := missReport()
	f := Filters{Origin: "https://finesse.example.com"}
	in := []Input{{Report: f.Apply(before), Unfiltered: before}}
	for _, format := range Formats() {
		reporter, err := New(format, Options{Filters: f})
		if err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		if err := reporter.Render(&buf, in); err != nil {
			t.Fatal(err)
		}
		out := strings.ReplaceAll(html.UnescapeString(buf.String()), "\\", "")
		out = strings.Join(strings.Fields(out), " ")
		if !strings.Contains(out, "No flow matches --origin https://finesse.example.com; the trace's flows come from: https://finesse.example.com:8445") {
			t.Errorf("%s output lacks the filter miss:\n%s", format, out)
		}
		if strings.Contains(out, "No cross-origin requests found") {
			t.Errorf("%s output says the trace has no cross-origin requests", format)
		}
	}
}

func TestFilesTextPartial(t *testing.T) {
	truncated := &analyzer.DecodeError{File: "cut.har", Entry: 1, Offset: 723, Err: io.ErrUnexpectedEOF}
	stopped := &analyzer.DecodeError{File: "tail.har", Entry: -1, Offset: 661, Err: errors.New("invalid character")}
	tests := []struct {
		reports int
		list    []Unreadable
		want    string
	}{
		{1, []Unreadable{{Source: "cut.har", Err: truncated, Partial: true}}, "1 file read partly (truncated at byte 723), 0 unreadable"},
		{2, []Unreadable{{Source: "cut.har", Err: truncated, Partial: true}}, "1 file read, 1 read partly (cut.har: truncated at byte 723), 0 unreadable"},
		{2, []Unreadable{{Source: "tail.har", Err: stopped, Partial: true}, {Source: "gone.har", Err: errors.New("no such file")}},
			"1 file read, 1 read partly (tail.har: stopped at byte 661), 1 unreadable"},
		{2, nil, "2 files read, 0 unreadable"},
	}
	for _, tt := range tests {
		if got := filesText(tt.reports, tt.list); got != tt.want {
			t.Errorf("filesText(%d, …) = %q, want %q", tt.reports, got, tt.want)
		}
	}
}

func TestWarningTextWholeFile(t *testing.T) {
	w := analyzer.Warning{Entry: -1, Offset: -1, Message: "the file is a zip archive"}
	if got := warningText(w, w.Message); got != "the file is a zip archive" {
		t.Errorf("warningText = %q, want the message without a place", got)
	}
	w = analyzer.Warning{Entry: 3, Offset: 120, Message: "m"}
	if got := warningText(w, w.Message); got != "entry 3, byte 120: m" {
		t.Errorf("warningText = %q, want the place first", got)
	}
}
