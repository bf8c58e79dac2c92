package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Table writes reports as plain text for a terminal or a support case,
// without colour and at most 120 columns wide except where a single value
// (an evidence line, a URL in a finding) is longer. For each file it prints
// a heading, a table of the flows, the findings grouped by flow, and the
// decoder's warnings and a summary line. Unreadable files follow, then a
// total line when there was more than one input.
type Table struct {
	Options
}

// Widths of the text outside the flows table.
const (
	textWidth   = 120
	indentWidth = 6
	labelWidth  = 10
)

// Render writes reports to w.
func (t *Table) Render(w io.Writer, reports []*analyzer.Report) error {
	ew := &errWriter{w: w}
	for i, r := range reports {
		if i > 0 {
			ew.printf("\n")
		}
		if err := t.renderReport(ew, r); err != nil {
			return err
		}
	}
	if len(t.Unreadable) > 0 {
		if len(reports) > 0 {
			ew.printf("\n")
		}
		ew.printf("Files that could not be read\n")
		for _, u := range t.Unreadable {
			ew.printf("  %s\n", Sanitize(unreadableText(u)))
		}
	}
	if len(reports)+len(t.Unreadable) > 1 {
		c := countReports(reports)
		c.Unreadable = len(t.Unreadable)
		ew.printf("\nTotal: %s read, %d unreadable; %s\n",
			plural(c.Files, "file"), c.Unreadable, summaryText(c))
	}
	if len(reports) == 0 && len(t.Unreadable) == 0 {
		ew.printf("No trace files.\n")
	}
	return ew.err
}

func (t *Table) renderReport(ew *errWriter, r *analyzer.Report) error {
	ew.printf("%s\n\n", heading(r))

	if len(r.Flows) == 0 {
		ew.printf("No cross-origin requests found.\n")
	} else {
		if err := renderFlows(ew, r.Flows); err != nil {
			return err
		}
	}

	findings := sortedFindings(r)
	if len(findings) > 0 {
		ew.printf("\nFindings\n")
		renderFindings(ew, r, findings)
	}

	if len(r.Warnings) > 0 {
		ew.printf("\nDecoder warnings\n")
		for _, wn := range r.Warnings {
			ew.printf("  %s: %s\n", warningPlace(wn), Sanitize(wn.Message))
		}
	}

	c := countReports([]*analyzer.Report{r})
	ew.printf("\nSummary: %s\n", summaryText(c))
	return ew.err
}

// heading returns the line that introduces one file's report.
func heading(r *analyzer.Report) string {
	var parts []string
	parts = append(parts, formatName(r.Format))
	if r.Creator != "" {
		parts = append(parts, "created by "+Sanitize(r.Creator))
	}
	parts = append(parts, plural(r.Summary.Exchanges, "exchange"))
	return fmt.Sprintf("File %s (%s)", Sanitize(r.Source), strings.Join(parts, ", "))
}

// formatName returns the name people use for a trace format.
func formatName(f analyzer.Format) string {
	switch f {
	case analyzer.FormatHAR:
		return "HAR"
	case analyzer.FormatSAMLTracer:
		return "SAML-tracer"
	case "":
		return "unknown format"
	}
	return Sanitize(string(f))
}

// Column widths of the flows table, chosen so that with borders and
// padding the table is at most 120 columns wide. Values wider than their
// column are shortened or wrapped onto several lines.
const (
	originWidth  = 24
	requestWidth = 36
	checkWidth   = 14
	// maxPathLength bounds the shortened path and query of a URL, which
	// then wrap onto at most two lines of requestWidth.
	maxPathLength = 2*requestWidth - 4
	// maxURLLength bounds a URL shortened to fit on one line of text.
	maxURLLength = 72
)

func renderFlows(ew *errWriter, flows []analyzer.Flow) error {
	table := tablewriter.NewTable(ew,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	table.Header("#", "origin", "request", "preflight", "actual", "verdict", "first failing\ncheck")
	for _, f := range flows {
		row := []string{
			strconv.Itoa(f.ID),
			wrapToken(elideMiddle(Sanitize(f.Origin), 2*originWidth), originWidth, "/"),
			requestCell(f.Method, f.URL),
			statusCell(f.Preflight),
			statusCell(f.Actual),
			string(f.Verdict),
			wrapToken(Sanitize(f.FirstFailure), checkWidth, "-"),
		}
		if err := table.Append(row); err != nil {
			return fmt.Errorf("report: render flow %d: %w", f.ID, err)
		}
	}
	if err := table.Render(); err != nil {
		return fmt.Errorf("report: render flows table: %w", err)
	}
	return ew.err
}

// requestCell returns the method on one line, the URL's scheme and host on
// the next and the rest of the URL, shortened from the middle, below.
func requestCell(method, url string) string {
	prefix, rest := splitURL(Sanitize(RedactURL(url)))
	lines := []string{Sanitize(method), elideMiddle(prefix, requestWidth)}
	if rest != "" {
		lines = append(lines, wrapToken(shortenPath(rest, maxPathLength), requestWidth, "/?&"))
	}
	return strings.Join(lines, "\n")
}

// statusCell describes the response status of a flow's exchange: "-" when
// the trace has no such exchange, "failed" when it got no HTTP response.
func statusCell(ref *analyzer.ExchangeRef) string {
	switch {
	case ref == nil:
		return "-"
	case ref.Status <= 0:
		return "failed"
	}
	return strconv.Itoa(ref.Status)
}

func renderFindings(ew *errWriter, r *analyzer.Report, findings []analyzer.Finding) {
	flowByID := make(map[int]*analyzer.Flow, len(r.Flows))
	for i := range r.Flows {
		flowByID[r.Flows[i].ID] = &r.Flows[i]
	}
	for i, f := range findings {
		if i == 0 || f.Flow != findings[i-1].Flow {
			ew.printf("\n  %s\n", flowHeading(f.Flow, flowByID[f.Flow]))
		}
		renderFinding(ew, f)
	}
}

// flowHeading names the group of findings of one flow.
func flowHeading(id int, flow *analyzer.Flow) string {
	switch {
	case id == 0:
		return "Whole trace"
	case flow == nil:
		return fmt.Sprintf("Flow %d", id)
	}
	return fmt.Sprintf("Flow %d: %s %s from %s (%s)", id, Sanitize(flow.Method),
		shortenURL(Sanitize(RedactURL(flow.URL)), maxURLLength), Sanitize(flow.Origin), flow.Verdict)
}

func renderFinding(ew *errWriter, f analyzer.Finding) {
	title := Sanitize(f.Rule)
	if f.Title != "" {
		title += ": " + Sanitize(f.Title)
	}
	ew.printf("    %-8s %s\n", f.Severity, title)

	indent := strings.Repeat(" ", indentWidth)
	for _, line := range wrapWords(Sanitize(f.Message), textWidth-indentWidth) {
		ew.printf("%s%s\n", indent, line)
	}
	printLabelled(ew, "exchange", []string{exchangeText(f.Exchange)})
	related := make([]string, len(f.Related))
	for i, ref := range f.Related {
		related[i] = exchangeText(ref)
	}
	printLabelled(ew, "related", related)
	evidence := make([]string, len(f.Evidence))
	for i, line := range f.Evidence {
		evidence[i] = Sanitize(RedactEvidence(line))
	}
	printLabelled(ew, "evidence", evidence)
	if f.Fix != "" {
		printLabelled(ew, "fix", wrapWords(Sanitize(f.Fix), textWidth-indentWidth-labelWidth))
	}
	var browsers []string
	if f.Chromium != "" {
		browsers = append(browsers, "Chromium "+Sanitize(f.Chromium))
	}
	if f.Firefox != "" {
		browsers = append(browsers, "Firefox "+Sanitize(f.Firefox))
	}
	if len(browsers) > 0 {
		printLabelled(ew, "browsers", []string{strings.Join(browsers, "; ")})
	}
}

// printLabelled prints lines under a label in the left column.
func printLabelled(ew *errWriter, label string, lines []string) {
	indent := strings.Repeat(" ", indentWidth)
	for i, line := range lines {
		if i > 0 {
			label = ""
		}
		ew.printf("%s%-*s%s\n", indent, labelWidth, label, line)
	}
}

// exchangeText describes an exchange as "#3 OPTIONS https://... 403".
func exchangeText(ref analyzer.ExchangeRef) string {
	status := "(no response)"
	if ref.Status > 0 {
		status = strconv.Itoa(ref.Status)
	}
	return fmt.Sprintf("#%d %s %s %s", ref.Index, Sanitize(ref.Method), Sanitize(RedactURL(ref.URL)), status)
}

// warningPlace returns where in the file a decoder warning applies.
func warningPlace(w analyzer.Warning) string {
	var parts []string
	if w.Entry >= 0 {
		parts = append(parts, fmt.Sprintf("entry %d", w.Entry))
	}
	if w.Offset >= 0 {
		parts = append(parts, fmt.Sprintf("byte %d", w.Offset))
	}
	if len(parts) == 0 {
		return "file"
	}
	return strings.Join(parts, ", ")
}

// summaryText counts flows by verdict and findings by severity.
func summaryText(c counts) string {
	return fmt.Sprintf("%s (%d allowed, %d blocked, %d undetermined); %s, %s, %s; %s",
		plural(c.Flows, "flow"), c.Allowed, c.Blocked, c.Undetermined,
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Infos, "info"),
		plural(c.Exchanges, "exchange"))
}

// plural returns "1 flow" or "2 flows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// unreadableText returns the error of an unreadable file, led by the file
// name unless the message already contains it, as a DecodeError's does.
func unreadableText(u Unreadable) string {
	msg := errorText(u.Err)
	if strings.Contains(msg, u.Source) {
		return msg
	}
	return u.Source + ": " + msg
}

// errorText returns err's message, or a placeholder for a nil error.
func errorText(err error) string {
	if err == nil {
		return "unreadable"
	}
	return err.Error()
}

// errWriter keeps the first write error so that a renderer can print
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (ew *errWriter) Write(p []byte) (int, error) {
	if ew.err != nil {
		return 0, ew.err
	}
	n, err := ew.w.Write(p)
	ew.err = err
	return n, err
}

func (ew *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(ew, format, args...)
}
