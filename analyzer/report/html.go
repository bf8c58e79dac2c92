package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// HTML writes the reports of one run as one self-contained HTML page. The
// CSS is inline and a Content-Security-Policy forbids loading anything
// from elsewhere. No script is needed to read it, and a print style sheet
// lays it out for paper. For each file it shows a summary and a table of
// the flows. Every blocked flow follows, with its preflight and actual
// request side by side and the deciding header values highlighted. The
// other findings and a timeline of the flows, drawn as inline SVG, end it.
//
// Every string from a trace is redacted, sanitized as for a terminal (so a
// bidirectional override shows as \u202e instead of reordering the text)
// and HTML-escaped by html/template.
type HTML struct {
	Options
}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// Render writes the reports of inputs to w.
func (h *HTML) Render(w io.Writer, inputs []Input) error {
	page := h.page(inputs)
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("report: render HTML: %w", err)
	}
	// The template's definitions after </html> leave blank lines.
	out := append(bytes.TrimRight(buf.Bytes(), "\n"), '\n')
	_, err := w.Write(out)
	return err
}

// htmlPage is the data of the whole page. Every string in it is redacted
// and sanitized; the template escapes it.
type htmlPage struct {
	Title           string
	Version         string
	ShowSecrets     bool
	SecretsNotice   string
	RedactionNotice string
	Filters         []string
	Files           []htmlFile
	Unreadable      []string
	// Partial lists the files read only in part, with the error.
	Partial []string
	// Total is the line that sums up several files; "" for one.
	Total   string
	NoFiles bool
	// Lists is the allowed-origin lists section, nil without lists.
	Lists *htmlLists
}

type htmlFile struct {
	Anchor    string
	Source    string
	Format    string
	Creator   string
	Exchanges int
	Span      string
	Counts    counts
	Flows     []htmlFlowRow
	Blocked   []htmlBlockedFlow
	Other     []htmlFindingGroup
	Timeline  *htmlTimeline
	// NoTimeline explains why there is no timeline.
	NoTimeline string
	Warnings   []string
	// Probe holds the sentences about a live probe; nil for a file.
	Probe []string
	// Origins is the allowed-origin section, nil without lists.
	Origins *htmlOrigins
	// FlowMiss and FindingMiss are the sentences stating that the filters
	// hide every flow or every finding; see [FilterMiss].
	FlowMiss, FindingMiss string
	// WarningsTitle heads Warnings: decoder warnings for a file, probe
	// notes for a probe.
	WarningsTitle string
}

type htmlFlowRow struct {
	ID           int
	Origin       string
	Method       string
	URL          string
	Preflight    string
	Actual       string
	Verdict      string
	FirstFailure string
}

type htmlBlockedFlow struct {
	ID           int
	Method       string
	URL          string
	Origin       string
	Reason       string
	FirstFailure string
	Chromium     string
	Firefox      string
	Preflight    *htmlExchange
	Actual       *htmlExchange
	Findings     []htmlFinding
}

// htmlExchange is one side of a blocked flow: the preflight or the actual
// request, with the headers that decide the verdict marked.
type htmlExchange struct {
	Label string
	// Missing explains why the trace has no such exchange. The other
	// fields are then empty.
	Missing         string
	Index           int
	RequestLine     string
	RequestHeaders  []htmlHeader
	Form            []htmlHeader
	Status          string
	StatusMarked    bool
	ResponseHeaders []htmlHeader
	Timing          string
	Error           string
	// NoDetails is set when the report came without its trace.
	NoDetails bool
}

type htmlHeader struct {
	Name   string
	Value  string
	Marked bool
	// Absent marks a header that the findings need and the response
	// lacks. Value is then "(absent)".
	Absent bool
}

type htmlFinding struct {
	Severity string
	Rule     string
	Title    string
	Message  string
	Exchange string
	Related  []string
	Evidence []string
	Fix      string
	Browsers string
}

type htmlFindingGroup struct {
	Title    string
	Findings []htmlFinding
}

func (h *HTML) page(inputs []Input) htmlPage {
	reports := reportsOf(inputs)
	page := htmlPage{
		Version:         Sanitize(h.version()),
		ShowSecrets:     h.ShowSecrets,
		SecretsNotice:   SecretsNotice,
		RedactionNotice: RedactionNotice,
		NoFiles:         len(inputs) == 0 && len(h.Unreadable) == 0,
	}
	for _, f := range h.Filters.Describe() {
		page.Filters = append(page.Filters, Sanitize(f))
	}
	var names []string
	for i, in := range inputs {
		page.Files = append(page.Files, h.file(in, i))
		names = append(names, Sanitize(in.Report.Source))
	}
	page.Title = "tracecheck report"
	if len(names) > 0 {
		page.Title += ": " + strings.Join(names, ", ")
	}
	page.Lists = h.lists(reports)
	unreadable, partial := splitUnreadable(h.Unreadable)
	for _, u := range unreadable {
		page.Unreadable = append(page.Unreadable, Sanitize(h.redactText(unreadableText(u))))
	}
	for _, u := range partial {
		page.Partial = append(page.Partial, Sanitize(h.redactText(unreadableText(u))))
	}
	if needsTotal(len(reports), h.Unreadable) {
		c := countReports(reports)
		page.Total = fmt.Sprintf("%s; %s.", Sanitize(filesText(len(reports), h.Unreadable)), summaryText(c))
	}
	return page
}

func (h *HTML) file(in Input, n int) htmlFile {
	r := in.Report
	file := htmlFile{
		Anchor:    "file-" + strconv.Itoa(n+1),
		Source:    Sanitize(r.Source),
		Format:    formatName(r.Format),
		Creator:   Sanitize(r.Creator),
		Exchanges: r.Summary.Exchanges,
		Counts:    countReports([]*analyzer.Report{r}),
	}
	if span, ok := spanOf(in.Trace); ok {
		file.Span = span.String()
	}
	miss := in.miss(h.Options)
	file.FlowMiss, file.FindingMiss = Sanitize(miss.Flows), Sanitize(miss.Findings)
	for _, f := range r.Flows {
		file.Flows = append(file.Flows, htmlFlowRow{
			ID:           f.ID,
			Origin:       Sanitize(f.Origin),
			Method:       Sanitize(f.Method),
			URL:          Sanitize(h.redactURL(f.URL)),
			Preflight:    statusCell(f.Preflight),
			Actual:       statusCell(f.Actual),
			Verdict:      string(f.Verdict),
			FirstFailure: Sanitize(f.FirstFailure),
		})
	}

	byIndex := exchangeIndex(in.Trace)
	findings := sortedFindings(r)
	flowByID := make(map[int]*analyzer.Flow, len(r.Flows))
	for i := range r.Flows {
		flowByID[r.Flows[i].ID] = &r.Flows[i]
	}
	for _, flow := range r.Flows {
		if flow.Verdict != analyzer.Blocked {
			continue
		}
		var own []analyzer.Finding
		for _, f := range findings {
			if f.Flow == flow.ID {
				own = append(own, f)
			}
		}
		file.Blocked = append(file.Blocked, h.blockedFlow(flow, own, byIndex, in.Trace != nil))
	}
	for _, f := range findings {
		flow := flowByID[f.Flow]
		if flow != nil && flow.Verdict == analyzer.Blocked {
			continue
		}
		title := h.groupTitle(f.Flow, flow)
		if n := len(file.Other); n == 0 || file.Other[n-1].Title != title {
			file.Other = append(file.Other, htmlFindingGroup{Title: title})
		}
		group := &file.Other[len(file.Other)-1]
		group.Findings = append(group.Findings, h.finding(f))
	}

	file.Timeline, file.NoTimeline = h.timeline(in)
	if in.Probe != nil {
		for _, line := range probeLines(in.Probe) {
			file.Probe = append(file.Probe, Sanitize(h.redactText(line)))
		}
	}
	file.Origins = h.origins(in)
	file.WarningsTitle = warningsTitle(in)
	for _, wn := range r.Warnings {
		file.Warnings = append(file.Warnings, warningText(wn, Sanitize(h.redactText(wn.Message))))
	}
	return file
}

func (h *HTML) groupTitle(id int, flow *analyzer.Flow) string {
	switch {
	case id == 0:
		return "Whole trace"
	case flow == nil:
		return fmt.Sprintf("Flow %d", id)
	}
	return fmt.Sprintf("Flow %d (%s): %s %s from %s", id, flow.Verdict, Sanitize(flow.Method),
		Sanitize(h.redactURL(flow.URL)), Sanitize(flow.Origin))
}

func (h *HTML) finding(f analyzer.Finding) htmlFinding {
	out := htmlFinding{
		Severity: f.Severity.String(),
		Rule:     Sanitize(f.Rule),
		Title:    Sanitize(f.Title),
		Message:  Sanitize(h.redactText(f.Message)),
		Exchange: h.exchangeText(f.Exchange),
		Fix:      Sanitize(h.redactText(f.Fix)),
		Browsers: Sanitize(browserText(f.Chromium, f.Firefox)),
	}
	for _, ref := range f.Related {
		out.Related = append(out.Related, h.exchangeText(ref))
	}
	for _, line := range f.Evidence {
		out.Evidence = append(out.Evidence, Sanitize(h.redactText(line)))
	}
	return out
}

// exchangeText describes an exchange as "entry 3: OPTIONS https://..., 403".
func (h *HTML) exchangeText(ref analyzer.ExchangeRef) string {
	status := "no response"
	if ref.Status > 0 {
		status = strconv.Itoa(ref.Status)
	}
	return fmt.Sprintf("entry %d: %s %s, %s", ref.Index, Sanitize(ref.Method), Sanitize(h.redactURL(ref.URL)), status)
}

func (h *HTML) blockedFlow(flow analyzer.Flow, findings []analyzer.Finding, byIndex map[int]*analyzer.Exchange, haveTrace bool) htmlBlockedFlow {
	out := htmlBlockedFlow{
		ID:           flow.ID,
		Method:       Sanitize(flow.Method),
		URL:          Sanitize(h.redactURL(flow.URL)),
		Origin:       Sanitize(flow.Origin),
		Reason:       Sanitize(h.redactText(flow.Reason)),
		FirstFailure: Sanitize(flow.FirstFailure),
		Chromium:     Sanitize(flow.Chromium),
		Firefox:      Sanitize(flow.Firefox),
	}
	out.Preflight = h.side("Preflight", flow.Preflight, findings, byIndex, haveTrace,
		"The trace has no preflight for this request.")
	out.Actual = h.side("Actual request", flow.Actual, findings, byIndex, haveTrace,
		"The trace has only the preflight; the browser did not send the actual request.")
	for _, f := range findings {
		out.Findings = append(out.Findings, h.finding(f))
	}
	return out
}

// side builds one column of a blocked flow. The header lines whose names
// the evidence of a finding about this exchange quotes are marked, and so
// is the status when the evidence names it. A CORS response header that
// the evidence names but the response lacks is listed as absent.
func (h *HTML) side(label string, ref *analyzer.ExchangeRef, findings []analyzer.Finding,
	byIndex map[int]*analyzer.Exchange, haveTrace bool, missing string) *htmlExchange {
	out := &htmlExchange{Label: label}
	if ref == nil {
		out.Missing = missing
		return out
	}
	out.Index = ref.Index
	e, ok := byIndex[ref.Index]
	if !ok {
		out.NoDetails = true
		out.RequestLine = Sanitize(ref.Method + " " + h.redactURL(ref.URL))
		out.Status = statusCell(ref)
		if !haveTrace {
			out.Error = "The exchange details are not available: the report was rendered without its trace."
		}
		return out
	}

	text := strings.ToLower(strings.Join(evidenceAbout(ref.Index, findings), "\n"))

	version := e.HTTPVersion
	out.RequestLine = Sanitize(strings.TrimSpace(e.Method + " " + h.redactURL(e.URL) + " " + version))
	out.RequestHeaders = h.headerRows(e.RequestHeaders, text)
	for _, f := range e.Form {
		out.Form = append(out.Form, htmlHeader{Name: Sanitize(f.Name), Value: Sanitize(h.redactField(f.Name, f.Value))})
	}
	if e.HasResponse() {
		out.Status = Sanitize(strings.TrimSpace(strconv.Itoa(e.Status) + " " + h.redactText(e.StatusText)))
		out.StatusMarked = strings.Contains(text, "status")
		out.ResponseHeaders = h.headerRows(e.ResponseHeaders, text)
		for _, name := range absentCORSHeaders(e.ResponseHeaders, text) {
			out.ResponseHeaders = append(out.ResponseHeaders, htmlHeader{Name: name, Value: "(absent)", Marked: true, Absent: true})
		}
	} else {
		out.Status = "no response"
		out.StatusMarked = true
	}
	if e.Error != "" {
		out.Error = Sanitize(h.redactText(e.Error))
	}
	var timing []string
	if e.HasTime() {
		timing = append(timing, "started "+e.Start.UTC().Format(timestampLayout))
	}
	if e.Duration >= 0 {
		timing = append(timing, fmt.Sprintf("took %.1f ms", float64(e.Duration.Microseconds())/1000))
	}
	out.Timing = strings.Join(timing, ", ")
	return out
}

// evidenceEntry matches the "entry 4" with which an evidence line names
// the exchange it quotes.
var evidenceEntry = regexp.MustCompile(`^entry (\d+)\b`)

// evidenceAbout returns the evidence lines of the error and warning
// findings that quote the exchange with entry index index: the lines that
// name it ("entry 4: ..."), and the lines that name no exchange of a
// finding about it. Info findings explain rather than decide, so their
// evidence marks nothing.
func evidenceAbout(index int, findings []analyzer.Finding) []string {
	var out []string
	for _, f := range findings {
		if f.Severity < analyzer.SeverityWarning {
			continue
		}
		for _, line := range f.Evidence {
			m := evidenceEntry.FindStringSubmatch(line)
			switch {
			case m != nil && m[1] == strconv.Itoa(index):
				out = append(out, line)
			case m == nil && f.Exchange.Index == index:
				out = append(out, line)
			}
		}
	}
	return out
}

// headerRows returns the header lines redacted, with those marked whose
// name evidence quotes.
func (h *HTML) headerRows(headers analyzer.Headers, evidence string) []htmlHeader {
	out := make([]htmlHeader, 0, len(headers))
	for _, line := range headers {
		out = append(out, htmlHeader{
			Name:   Sanitize(line.Name),
			Value:  Sanitize(h.redactHeader(line.Name, line.Value)),
			Marked: line.Name != "" && mentions(evidence, strings.ToLower(line.Name)),
		})
	}
	return out
}

// corsResponseHeader matches the name of a CORS response header in
// lower-case text.
var corsResponseHeader = regexp.MustCompile(`access-control-(allow-origin|allow-credentials|allow-methods|allow-headers|allow-private-network|expose-headers|max-age)`)

// absentCORSHeaders returns the CORS response header names that evidence
// names and headers lack, in the order evidence names them.
func absentCORSHeaders(headers analyzer.Headers, evidence string) []string {
	var out []string
	seen := map[string]bool{}
	for _, name := range corsResponseHeader.FindAllString(evidence, -1) {
		if seen[name] || headers.Has(name) {
			continue
		}
		seen[name] = true
		out = append(out, canonicalHeaderName(name))
	}
	return out
}

// canonicalHeaderName capitalizes each dash-separated word of name.
func canonicalHeaderName(name string) string {
	words := strings.Split(name, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, "-")
}

// mentions reports whether the lower-case text contains name as a whole
// header name, not as part of a longer one.
func mentions(text, name string) bool {
	for start := 0; ; {
		i := strings.Index(text[start:], name)
		if i < 0 {
			return false
		}
		i += start
		end := i + len(name)
		before := i == 0 || !isHeaderNameByte(text[i-1])
		after := end == len(text) || !isHeaderNameByte(text[end])
		if before && after {
			return true
		}
		start = i + 1
	}
}

func isHeaderNameByte(b byte) bool {
	return b == '-' || b == '_' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}
