package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Table writes reports as plain text for a terminal or a support case,
// without colour unless Options.Color is set, and at most Options.Width columns wide (120 when unset)
// except where a single value is longer: an evidence line, a URL, a host
// name or a rule id, which are never cut in the middle. For each file it
// prints a heading, a table of the flows, the findings grouped by flow,
// the decoder's warnings and a summary line. Unreadable files follow, then
// a total line when there was more than one input.
type Table struct {
	Options
}

// Widths of the text outside the flows table.
const (
	indentWidth = 6
	labelWidth  = 10
)

// Render writes the reports of inputs to w.
func (t *Table) Render(w io.Writer, inputs []Input) error {
	ew := &errWriter{w: w}
	width := t.width()
	reports := reportsOf(inputs)
	t.renderPreamble(ew, width)
	for i, in := range inputs {
		if i > 0 {
			ew.printf("\n")
		}
		if err := t.renderReport(ew, in, width); err != nil {
			return err
		}
	}
	if len(t.AllowedOrigins) > 0 {
		ew.printf("\n")
		t.renderAllowedOrigins(ew, inputs, width)
	}
	unreadable, partial := splitUnreadable(t.Unreadable)
	for _, group := range []struct {
		title string
		files []Unreadable
	}{{"Files that could not be read", unreadable}, {"Files read only in part", partial}} {
		if len(group.files) == 0 {
			continue
		}
		if len(reports) > 0 || len(t.AllowedOrigins) > 0 || group.title != "Files that could not be read" {
			ew.printf("\n")
		}
		ew.printf("%s\n", group.title)
		for _, u := range group.files {
			ew.printf("  %s\n", Sanitize(t.redactText(unreadableText(u))))
		}
	}
	if needsTotal(len(reports), t.Unreadable) {
		c := countReports(reports)
		ew.printf("\nTotal: %s; %s\n", Sanitize(filesText(len(reports), t.Unreadable)), summaryText(c))
	}
	if len(reports) == 0 && len(t.Unreadable) == 0 {
		ew.printf("No trace files.\n")
	}
	return ew.err
}

// renderPreamble prints, before the first file, the notice that the
// report contains secrets and the filters in force, when there are any.
func (t *Table) renderPreamble(ew *errWriter, width int) {
	printed := false
	if t.ShowSecrets {
		for _, line := range wrapWords("WARNING: "+SecretsNotice, width) {
			ew.printf("%s\n", t.paint(colorError, line))
		}
		printed = true
	}
	if filters := t.Filters.Describe(); len(filters) > 0 {
		ew.printf("Filters: %s\n", Sanitize(strings.Join(filters, ", ")))
		printed = true
	}
	if printed {
		ew.printf("\n")
	}
}

func (t *Table) renderReport(ew *errWriter, in Input, width int) error {
	r := in.Report
	if in.Probe != nil {
		ew.printf("Probe of %s (%s)\n", Sanitize(t.redactURL(in.Probe.URL)), plural(r.Summary.Exchanges, "exchange"))
		for _, line := range probeLines(in.Probe) {
			for _, wrapped := range wrapWords(Sanitize(t.redactText(line)), width) {
				ew.printf("%s\n", wrapped)
			}
		}
	} else {
		ew.printf("%s\n", heading(r))
		if span, ok := spanOf(in.Trace); ok {
			ew.printf("Recorded %s\n", span)
		}
	}
	ew.printf("\n")

	miss := in.miss(t.Options)
	switch {
	case miss.Flows != "":
		for _, line := range wrapWords(Sanitize(miss.Flows), width) {
			ew.printf("%s\n", line)
		}
	case len(r.Flows) == 0:
		ew.printf("No cross-origin requests found.\n")
	default:
		if err := t.renderFlows(ew, r.Flows, width); err != nil {
			return err
		}
	}
	if miss.Findings != "" {
		ew.printf("\n")
		for _, line := range wrapWords(Sanitize(miss.Findings), width) {
			ew.printf("%s\n", line)
		}
	}

	findings := sortedFindings(r)
	if len(findings) > 0 {
		ew.printf("\nFindings\n")
		t.renderFindings(ew, r, findings, width)
	}

	if len(r.Warnings) > 0 {
		ew.printf("\n%s\n", warningsTitle(in))
		for _, wn := range r.Warnings {
			ew.printf("  %s\n", warningText(wn, Sanitize(t.redactText(wn.Message))))
		}
	}

	c := countReports([]*analyzer.Report{r})
	c.Probe = in.Probe != nil
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

// maxURLLength bounds a URL shortened to fit in a flow heading; a longer
// host name is kept whole.
const maxURLLength = 72

// minRequestWidth is the narrowest request column worth printing beside
// the first failing check; below it the check moves into the request cell.
const minRequestWidth = 30

// flowLayout holds the content widths of the flows table's columns that
// depend on the data and on the output width.
type flowLayout struct {
	originWidth  int
	requestWidth int
	// checkColumn is false when the first failing check is printed at
	// the bottom of the request cell instead of in its own column.
	checkColumn bool
}

// layoutFlows chooses the column widths of the flows table for an output
// of width columns. The first failing check column takes the width of the
// longest rule id, and the request column at least the width of the
// longest scheme and host, so that neither is split. The origin is split
// after "://" when it does not fit on one line. When the output is too
// narrow for all of that, the table is wider than width.
func (t *Table) layoutFlows(flows []analyzer.Flow, width int) flowLayout {
	flowWidth, verdictWidth, checkWidth := len("#"), len("verdict"), len("first failing")
	originFull, originSplit, hostWidth := len("origin"), len("origin"), len("request")
	for _, f := range flows {
		flowWidth = max(flowWidth, len(strconv.Itoa(f.ID)))
		verdictWidth = max(verdictWidth, utf8.RuneCountInString(string(f.Verdict)))
		checkWidth = max(checkWidth, utf8.RuneCountInString(Sanitize(f.FirstFailure)))
		origin := Sanitize(f.Origin)
		originFull = max(originFull, utf8.RuneCountInString(origin))
		if scheme, host, ok := strings.Cut(origin, "://"); ok {
			originSplit = max(originSplit, utf8.RuneCountInString(scheme+"://"), utf8.RuneCountInString(host))
		} else {
			originSplit = max(originSplit, utf8.RuneCountInString(origin))
		}
		prefix, _ := splitURL(Sanitize(t.redactURL(f.URL)))
		hostWidth = max(hostWidth, utf8.RuneCountInString(prefix), utf8.RuneCountInString(Sanitize(f.Method)))
	}
	// Each column adds a border and one space of padding on each side.
	overhead := func(columns int) int { return 3*columns + 1 }
	fixed := flowWidth + len("preflight") + len("actual") + verdictWidth

	layout := flowLayout{checkColumn: true}
	avail := width - overhead(7) - fixed - checkWidth
	if avail-originSplit < max(hostWidth, minRequestWidth) {
		layout.checkColumn = false
		avail = width - overhead(6) - fixed
	}
	layout.originWidth = originSplit
	if avail-originFull >= max(hostWidth, minRequestWidth) {
		layout.originWidth = originFull
	}
	layout.requestWidth = max(avail-layout.originWidth, hostWidth)
	return layout
}

func (t *Table) renderFlows(ew *errWriter, flows []analyzer.Flow, width int) error {
	layout := t.layoutFlows(flows, width)
	table := tablewriter.NewTable(ew,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	header := []string{"#", "origin", "request", "preflight", "actual", "verdict"}
	if layout.checkColumn {
		header = append(header, "first failing\ncheck")
	}
	table.Header(header)
	for _, f := range flows {
		request := t.requestCell(f.Method, f.URL, layout.requestWidth)
		if !layout.checkColumn && f.FirstFailure != "" {
			request += "\nfirst failing check:\n" + Sanitize(f.FirstFailure)
		}
		row := []string{
			strconv.Itoa(f.ID),
			wrapToken(Sanitize(f.Origin), layout.originWidth, "/"),
			request,
			statusCell(f.Preflight),
			statusCell(f.Actual),
			t.paintVerdict(f.Verdict),
		}
		if layout.checkColumn {
			row = append(row, Sanitize(f.FirstFailure))
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

// requestCell returns the method on one line, the URL's scheme and host,
// whole, on the next, and the rest of the URL below, shortened from the
// middle to at most two lines of width.
func (t *Table) requestCell(method, url string, width int) string {
	prefix, rest := splitURL(Sanitize(t.redactURL(url)))
	lines := []string{Sanitize(method), prefix}
	if rest != "" {
		lines = append(lines, wrapToken(shortenPath(rest, 2*width-4), width, "/?&"))
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

func (t *Table) renderFindings(ew *errWriter, r *analyzer.Report, findings []analyzer.Finding, width int) {
	flowByID := make(map[int]*analyzer.Flow, len(r.Flows))
	for i := range r.Flows {
		flowByID[r.Flows[i].ID] = &r.Flows[i]
	}
	for i, f := range findings {
		if i == 0 || f.Flow != findings[i-1].Flow {
			ew.printf("\n  %s\n", t.flowHeading(f.Flow, flowByID[f.Flow]))
		}
		t.renderFinding(ew, f, width)
	}
}

// flowHeading names the group of findings of one flow.
func (t *Table) flowHeading(id int, flow *analyzer.Flow) string {
	switch {
	case id == 0:
		return "Whole trace"
	case flow == nil:
		return fmt.Sprintf("Flow %d", id)
	}
	return fmt.Sprintf("Flow %d: %s %s from %s (%s)", id, Sanitize(flow.Method),
		shortenURL(Sanitize(t.redactURL(flow.URL)), maxURLLength), Sanitize(flow.Origin), t.paintVerdict(flow.Verdict))
}

func (t *Table) renderFinding(ew *errWriter, f analyzer.Finding, width int) {
	title := Sanitize(f.Rule)
	if f.Title != "" {
		title += ": " + Sanitize(f.Title)
	}
	ew.printf("    %s %s\n", t.paintSeverity(f.Severity), title)

	indent := strings.Repeat(" ", indentWidth)
	for _, line := range wrapWords(Sanitize(t.redactText(f.Message)), width-indentWidth) {
		ew.printf("%s%s\n", indent, line)
	}
	printLabelled(ew, "exchange", []string{t.exchangeText(f.Exchange)})
	related := make([]string, len(f.Related))
	for i, ref := range f.Related {
		related[i] = t.exchangeText(ref)
	}
	printLabelled(ew, "related", related)
	evidence := make([]string, len(f.Evidence))
	for i, line := range f.Evidence {
		evidence[i] = Sanitize(t.redactText(line))
	}
	printLabelled(ew, "evidence", evidence)
	if f.Fix != "" {
		printLabelled(ew, "fix", wrapWords(Sanitize(t.redactText(f.Fix)), width-indentWidth-labelWidth))
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

// exchangeText describes an exchange as "entry 3 OPTIONS https://... 403",
// with the entry index that decoder warnings and evidence lines use.
func (t *Table) exchangeText(ref analyzer.ExchangeRef) string {
	status := "(no response)"
	if ref.Status > 0 {
		status = strconv.Itoa(ref.Status)
	}
	return fmt.Sprintf("entry %d %s %s %s", ref.Index, Sanitize(ref.Method), Sanitize(t.redactURL(ref.URL)), status)
}

// warningPlace returns where in the file a decoder warning applies, or ""
// for a warning about the whole file.
func warningPlace(w analyzer.Warning) string {
	var parts []string
	if w.Entry >= 0 {
		parts = append(parts, fmt.Sprintf("entry %d", w.Entry))
	}
	if w.Offset >= 0 {
		parts = append(parts, fmt.Sprintf("byte %d", w.Offset))
	}
	return strings.Join(parts, ", ")
}

// warningText leads the already escaped message of w with its place, when
// it has one.
func warningText(w analyzer.Warning, message string) string {
	if place := warningPlace(w); place != "" {
		return place + ": " + message
	}
	return message
}

// warningsTitle heads the warnings of a trace: the decoder's for a file,
// the probe's notes for a live probe.
func warningsTitle(in Input) string {
	if in.Probe != nil {
		return "Probe notes"
	}
	return "Decoder warnings"
}

// summaryText counts flows by verdict, findings by severity and the
// decoder's warnings, which are not findings.
func summaryText(c counts) string {
	warnings := plural(c.DecoderWarnings, "decoder warning")
	if c.Probe {
		warnings = plural(c.DecoderWarnings, "probe note")
	}
	return fmt.Sprintf("%s (%d allowed, %d blocked, %d undetermined); findings: %s, %s, %s; %s; %s",
		plural(c.Flows, "flow"), c.Allowed, c.Blocked, c.Undetermined,
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Infos, "info"),
		warnings, plural(c.Exchanges, "exchange"))
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
