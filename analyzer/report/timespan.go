package report

import (
	"fmt"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// timeSpan is the time from the start of a trace's first exchange to the
// start of its last, in the order of their start times.
type timeSpan struct {
	First, Last time.Time
}

// spanOf returns the time span of t's exchanges that carry a start time,
// and false when t is nil or none carries one, as in a SAML-tracer export.
func spanOf(t *analyzer.Trace) (timeSpan, bool) {
	if t == nil {
		return timeSpan{}, false
	}
	var span timeSpan
	found := false
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if !e.HasTime() {
			continue
		}
		if !found || e.Start.Before(span.First) {
			span.First = e.Start
		}
		if !found || e.Start.After(span.Last) {
			span.Last = e.Start
		}
		found = true
	}
	return span, found
}

// timestampLayout writes a start time in UTC to the millisecond.
const timestampLayout = "2006-01-02 15:04:05.000 UTC"

// String describes the span as "2026-03-10 14:02:11.204 UTC to
// 14:02:12.133 UTC (0.929 s)", leaving out the date of the end when it is
// the date of the start.
func (s timeSpan) String() string {
	first, last := s.First.UTC(), s.Last.UTC()
	end := last.Format(timestampLayout)
	if first.Format(time.DateOnly) == last.Format(time.DateOnly) {
		end = last.Format("15:04:05.000 UTC")
	}
	return fmt.Sprintf("%s to %s (%s)", first.Format(timestampLayout), end, formatSeconds(last.Sub(first)))
}

// formatSeconds writes d in seconds with millisecond precision.
func formatSeconds(d time.Duration) string {
	return fmt.Sprintf("%.3f s", d.Seconds())
}

// exchangeIndex maps the entry index of every exchange of t to the
// exchange. It is empty when t is nil.
func exchangeIndex(t *analyzer.Trace) map[int]*analyzer.Exchange {
	out := map[int]*analyzer.Exchange{}
	if t == nil {
		return out
	}
	for i := range t.Exchanges {
		out[t.Exchanges[i].Index] = &t.Exchanges[i]
	}
	return out
}

// reportsOf returns the reports of inputs.
func reportsOf(inputs []Input) []*analyzer.Report {
	out := make([]*analyzer.Report, len(inputs))
	for i, in := range inputs {
		out[i] = in.Report
	}
	return out
}
