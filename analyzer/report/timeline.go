package report

import (
	"fmt"
	"math"
	"net/url"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// htmlTimeline is the inline SVG picture of a trace's flows on a time
// axis, in SVG user units.
type htmlTimeline struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	AxisY         int
	Ticks         []htmlTick
	Rows          []htmlTimelineRow
	Description   string
	// Start is the time at 0 on the axis.
	Start string
}

type htmlTick struct {
	X      float64
	AxisY  int
	Y2     int
	LabelY int
	Label  string
}

type htmlTimelineRow struct {
	Y       int
	LabelY  int
	Label   string
	Verdict string
	Bars    []htmlBar
	// Note is shown in place of bars when the flow's exchanges have no
	// times.
	Note  string
	NoteX int
}

type htmlBar struct {
	X, Y, Width, Height float64
	Preflight           bool
	Title               string
}

// Geometry of the timeline, in SVG user units.
const (
	timelineWidth     = 960
	timelineLabelW    = 300
	timelineRowHeight = 30
	timelineTop       = 8
	timelineAxisSpace = 34
	minBarWidth       = 2.0
)

// timeline builds the timeline of in, or returns why there is none.
func (h *HTML) timeline(in Input) (*htmlTimeline, string) {
	r := in.Report
	if len(r.Flows) == 0 && in.miss(h.Options).Flows != "" {
		return nil, "No timeline: the filters keep no flow."
	}
	if len(r.Flows) == 0 {
		return nil, "No timeline: the trace has no cross-origin flows."
	}
	if in.Trace == nil {
		return nil, "No timeline: the report was rendered without its trace, so the exchange times are unknown."
	}
	span, ok := spanOf(in.Trace)
	if !ok {
		return nil, "No timeline: the trace records no times (SAML-tracer exports have none)."
	}
	byIndex := exchangeIndex(in.Trace)

	// The axis runs from the earliest start of an exchange drawn to the
	// latest end of one, so that the flows fill the width even when the
	// page loaded long before them.
	var t0, end time.Time
	for _, f := range r.Flows {
		for _, ref := range []*analyzer.ExchangeRef{f.Preflight, f.Actual} {
			e := timedExchange(ref, byIndex)
			if e == nil {
				continue
			}
			if t0.IsZero() || e.Start.Before(t0) {
				t0 = e.Start
			}
			stop := e.Start
			if e.Duration > 0 {
				stop = e.Start.Add(e.Duration)
			}
			if stop.After(end) {
				end = stop
			}
		}
	}
	if t0.IsZero() {
		t0, end = span.First, span.Last
	}
	total := end.Sub(t0)
	if total < time.Millisecond {
		total = time.Millisecond
	}
	plotW := float64(timelineWidth - timelineLabelW - 20)
	x := func(t time.Time) float64 {
		return float64(timelineLabelW) + float64(t.Sub(t0))/float64(total)*plotW
	}

	tl := &htmlTimeline{
		Width:     timelineWidth,
		PlotLeft:  timelineLabelW,
		PlotRight: timelineLabelW + int(plotW),
		Description: fmt.Sprintf("Timeline of %s over %s from %s: each row is a flow, the upper bar its preflight, the lower bar its actual request.",
			plural(len(r.Flows), "flow"), formatSeconds(total), t0.UTC().Format(timestampLayout)),
	}
	tl.Start = t0.UTC().Format(timestampLayout)
	for i, f := range r.Flows {
		y := timelineTop + i*timelineRowHeight
		row := htmlTimelineRow{
			Y:       y,
			LabelY:  y + timelineRowHeight/2 + 4,
			Label:   elideMiddle(fmt.Sprintf("#%d %s %s", f.ID, Sanitize(f.Method), Sanitize(hostOf(h.redactURL(f.URL)))), 42),
			Verdict: string(f.Verdict),
		}
		sides := []struct {
			ref       *analyzer.ExchangeRef
			preflight bool
			offset    float64
		}{{f.Preflight, true, 4}, {f.Actual, false, 16}}
		for _, side := range sides {
			e := timedExchange(side.ref, byIndex)
			if e == nil {
				continue
			}
			width := minBarWidth
			duration := "duration unknown"
			if e.Duration >= 0 {
				width = math.Max(minBarWidth, float64(e.Duration)/float64(total)*plotW)
				duration = fmt.Sprintf("%.1f ms", float64(e.Duration.Microseconds())/1000)
			}
			kind := "actual request"
			if side.preflight {
				kind = "preflight"
			}
			row.Bars = append(row.Bars, htmlBar{
				X: round1(x(e.Start)), Y: float64(y) + side.offset, Width: round1(width), Height: 10,
				Preflight: side.preflight,
				Title: fmt.Sprintf("%s, entry %d: %s %s, %s, starts at +%s, %s", kind, e.Index, Sanitize(e.Method),
					Sanitize(h.redactURL(e.URL)), statusCell(side.ref), formatSeconds(e.Start.Sub(t0)), duration),
			})
		}
		if len(row.Bars) == 0 {
			row.Note = "no times recorded"
			row.NoteX = timelineLabelW
		}
		tl.Rows = append(tl.Rows, row)
	}
	tl.AxisY = timelineTop + len(r.Flows)*timelineRowHeight + 4
	tl.Height = tl.AxisY + timelineAxisSpace
	step := tickStep(total)
	for t := time.Duration(0); t <= total; t += step {
		tl.Ticks = append(tl.Ticks, htmlTick{X: round1(x(t0.Add(t))), AxisY: tl.AxisY, Y2: tl.AxisY + 5, LabelY: tl.AxisY + 22, Label: tickLabel(t, step)})
	}
	return tl, ""
}

// timedExchange returns the exchange ref points at when it has a start
// time, else nil.
func timedExchange(ref *analyzer.ExchangeRef, byIndex map[int]*analyzer.Exchange) *analyzer.Exchange {
	if ref == nil {
		return nil
	}
	e, ok := byIndex[ref.Index]
	if !ok || !e.HasTime() {
		return nil
	}
	return e
}

// tickStep returns a step of 1, 2 or 5 times a power of ten milliseconds
// that divides total into at most eight intervals.
func tickStep(total time.Duration) time.Duration {
	for step := time.Millisecond; ; step *= 10 {
		for _, m := range []time.Duration{1, 2, 5} {
			if total/(m*step) <= 8 {
				return m * step
			}
		}
	}
}

// tickLabel writes t in milliseconds below one second steps, else in
// seconds.
func tickLabel(t, step time.Duration) string {
	if step < time.Second {
		return fmt.Sprintf("%d ms", t.Milliseconds())
	}
	return fmt.Sprintf("%g s", t.Seconds())
}

func round1(v float64) float64 {
	return math.Round(v*10) / 10
}

// hostOf returns the host and port of rawURL, or rawURL when it has none.
func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	return u.Host
}
