package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Markdown writes reports as CommonMark with GitHub's table extension, for
// GitHub and GitLab issues and for case tools that render Markdown. For
// each file it writes a summary, a table of the flows, every blocked flow
// with its findings' evidence and fix, and then the other findings.
//
// Every string from a trace is redacted, sanitized as for a terminal and
// then escaped (see [EscapeMarkdown]), so a value can neither break out of
// a table cell nor turn into a link, an image, emphasis or raw HTML.
// Line breaks inside a table cell are written as <br>.
//
// NOTE: Jira's wiki markup (Jira Server, Data Center and the legacy Jira
// Cloud editor) is not Markdown. There the headings, tables and backslash
// escapes show as typed; attach the HTML format instead.
type Markdown struct {
	Options
}

// markdownSpecial lists the characters EscapeMarkdown escapes with a
// backslash: every character that starts or ends Markdown syntax inside a
// line, as CommonMark allows for any ASCII punctuation.
const markdownSpecial = "\\`*_[]<>|#~&!"

// EscapeMarkdown returns s sanitized with [Sanitize] and with each of
// \ ` * _ [ ] < > | # ~ & ! escaped with a backslash, so that Markdown
// renderers show it as text, also inside a table cell.
func EscapeMarkdown(s string) string {
	s = Sanitize(s)
	if !strings.ContainsAny(s, markdownSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune(markdownSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// markdownCell joins lines, each escaped, with <br> into one table cell.
func markdownCell(lines ...string) string {
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		if line != "" {
			out = append(out, EscapeMarkdown(line))
		}
	}
	return strings.Join(out, "<br>")
}

// maxCellURLLength bounds a URL in the flows table; the full URL follows
// in the flow's section.
const maxCellURLLength = 80

// Render writes the reports of inputs to w.
func (m *Markdown) Render(w io.Writer, inputs []Input) error {
	ew := &errWriter{w: w}
	ew.printf("# tracecheck report\n\n")
	if m.ShowSecrets {
		ew.printf("> **WARNING: %s**\n\n", EscapeMarkdown(SecretsNotice))
	} else {
		ew.printf("%s\n\n", EscapeMarkdown(RedactionNotice))
	}
	ew.printf("Written by tracecheck %s.", EscapeMarkdown(m.version()))
	if filters := m.Filters.Describe(); len(filters) > 0 {
		ew.printf(" Filters applied: %s.", EscapeMarkdown(strings.Join(filters, ", ")))
	}
	ew.printf("\n")

	reports := reportsOf(inputs)
	for _, in := range inputs {
		m.renderFile(ew, in)
	}
	if len(m.AllowedOrigins) > 0 {
		m.renderLists(ew, reports)
	}
	unreadable, partial := splitUnreadable(m.Unreadable)
	if len(unreadable) > 0 {
		ew.printf("\n## Files that could not be read\n\n")
		for _, u := range unreadable {
			ew.printf("- %s\n", EscapeMarkdown(m.redactText(unreadableText(u))))
		}
	}
	if len(partial) > 0 {
		ew.printf("\n## Files read only in part\n\n")
		for _, u := range partial {
			ew.printf("- %s\n", EscapeMarkdown(m.redactText(unreadableText(u))))
		}
	}
	if needsTotal(len(reports), m.Unreadable) {
		c := countReports(reports)
		ew.printf("\n## Total\n\n%s; %s.\n", EscapeMarkdown(filesText(len(reports), m.Unreadable)), summaryText(c))
	}
	if len(reports) == 0 && len(m.Unreadable) == 0 {
		ew.printf("\nNo trace files.\n")
	}
	return ew.err
}

func (m *Markdown) renderFile(ew *errWriter, in Input) {
	r := in.Report
	c := countReports([]*analyzer.Report{r})
	ew.printf("\n## %s\n\n", EscapeMarkdown(r.Source))
	if in.Probe != nil {
		for _, line := range probeLines(in.Probe) {
			ew.printf("> %s\n", EscapeMarkdown(m.redactText(line)))
		}
		ew.printf("\n")
	}
	format := formatName(r.Format)
	if r.Creator != "" {
		format += ", created by " + r.Creator
	}
	label := "Trace file"
	if in.Probe != nil {
		label = "Probed URL"
	}
	ew.printf("- **%s:** %s (%s)\n", label, EscapeMarkdown(r.Source), EscapeMarkdown(format))
	ew.printf("- **Exchanges:** %d\n", r.Summary.Exchanges)
	if span, ok := spanOf(in.Trace); ok {
		ew.printf("- **Recorded:** %s\n", span)
	} else {
		ew.printf("- **Recorded:** no times in the trace\n")
	}
	ew.printf("- **Flows:** %d (%d allowed, %d blocked, %d undetermined)\n", c.Flows, c.Allowed, c.Blocked, c.Undetermined)
	ew.printf("- **Findings:** %s, %s, %s\n", plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Infos, "info"))

	miss := in.miss(m.Options)
	switch {
	case miss.Flows != "":
		ew.printf("\n**%s**\n", EscapeMarkdown(miss.Flows))
	case len(r.Flows) == 0:
		ew.printf("\nNo cross-origin requests found.\n")
	default:
		m.renderFlowsTable(ew, r.Flows)
	}
	if miss.Findings != "" {
		ew.printf("\n**%s**\n", EscapeMarkdown(miss.Findings))
	}
	if section := originSectionOf(m.AllowedOrigins, in); section != nil {
		m.renderOriginSection(ew, section)
	}

	findings := sortedFindings(r)
	flowByID := make(map[int]*analyzer.Flow, len(r.Flows))
	for i := range r.Flows {
		flowByID[r.Flows[i].ID] = &r.Flows[i]
	}
	blocked := func(f analyzer.Finding) bool {
		flow := flowByID[f.Flow]
		return flow != nil && flow.Verdict == analyzer.Blocked
	}

	var failing, other []analyzer.Finding
	for _, f := range findings {
		if blocked(f) {
			failing = append(failing, f)
		} else {
			other = append(other, f)
		}
	}
	hasBlocked := false
	for _, flow := range r.Flows {
		if flow.Verdict == analyzer.Blocked {
			hasBlocked = true
		}
	}
	if hasBlocked {
		ew.printf("\n### Blocked flows\n")
		for _, flow := range r.Flows {
			if flow.Verdict != analyzer.Blocked {
				continue
			}
			m.renderBlockedFlow(ew, flow, failing)
		}
	}
	if len(other) > 0 {
		ew.printf("\n### Other findings\n")
		for i, f := range other {
			if i == 0 || f.Flow != other[i-1].Flow {
				ew.printf("\n#### %s\n", m.flowTitle(f.Flow, flowByID[f.Flow]))
			}
			m.renderFinding(ew, f)
		}
	}
	if len(r.Warnings) > 0 {
		ew.printf("\n### %s\n\n", warningsTitle(in))
		for _, wn := range r.Warnings {
			ew.printf("- %s\n", warningText(wn, EscapeMarkdown(m.redactText(wn.Message))))
		}
	}
}

func (m *Markdown) renderFlowsTable(ew *errWriter, flows []analyzer.Flow) {
	ew.printf("\n| # | Origin | Request | Preflight | Actual | Verdict | First failing check |\n")
	ew.printf("| ---: | --- | --- | --- | --- | --- | --- |\n")
	for _, f := range flows {
		verdict := string(f.Verdict)
		if f.Verdict == analyzer.Blocked {
			verdict = "**blocked**"
		}
		ew.printf("| %d | %s | %s | %s | %s | %s | %s |\n",
			f.ID,
			markdownCell(f.Origin),
			markdownCell(f.Method, shortenURL(m.redactURL(f.URL), maxCellURLLength)),
			statusCell(f.Preflight),
			statusCell(f.Actual),
			verdict,
			markdownCell(f.FirstFailure),
		)
	}
}

// flowTitle names a flow in a heading.
func (m *Markdown) flowTitle(id int, flow *analyzer.Flow) string {
	switch {
	case id == 0:
		return "Whole trace"
	case flow == nil:
		return fmt.Sprintf("Flow %d", id)
	}
	return fmt.Sprintf("Flow %d (%s): %s %s", id, flow.Verdict,
		EscapeMarkdown(flow.Method), EscapeMarkdown(m.redactURL(flow.URL)))
}

func (m *Markdown) renderBlockedFlow(ew *errWriter, flow analyzer.Flow, findings []analyzer.Finding) {
	ew.printf("\n#### %s\n\n", m.flowTitle(flow.ID, &flow))
	ew.printf("- **Origin:** %s\n", EscapeMarkdown(flow.Origin))
	if flow.Reason != "" {
		ew.printf("- **Why:** %s\n", EscapeMarkdown(m.redactText(flow.Reason)))
	}
	if flow.FirstFailure != "" {
		ew.printf("- **First failing check:** %s\n", EscapeMarkdown(flow.FirstFailure))
	}
	if console := browserText(flow.Chromium, flow.Firefox); console != "" {
		ew.printf("- **Browser console:** %s\n", EscapeMarkdown(console))
	}
	if flow.Preflight != nil {
		ew.printf("- **Preflight:** %s\n", EscapeMarkdown(m.exchangeLine(*flow.Preflight)))
	}
	if flow.Actual != nil {
		ew.printf("- **Actual request:** %s\n", EscapeMarkdown(m.exchangeLine(*flow.Actual)))
	}
	for _, f := range findings {
		if f.Flow == flow.ID {
			m.renderFinding(ew, f)
		}
	}
}

func (m *Markdown) renderFinding(ew *errWriter, f analyzer.Finding) {
	title := EscapeMarkdown(f.Rule)
	if f.Title != "" {
		title += ": " + EscapeMarkdown(f.Title)
	}
	ew.printf("\n**%s** %s\n\n", f.Severity, title)
	if f.Message != "" {
		ew.printf("%s\n\n", EscapeMarkdown(m.redactText(f.Message)))
	}
	ew.printf("- Exchange: %s\n", EscapeMarkdown(m.exchangeLine(f.Exchange)))
	for _, ref := range f.Related {
		ew.printf("- Related: %s\n", EscapeMarkdown(m.exchangeLine(ref)))
	}
	if len(f.Evidence) > 0 {
		ew.printf("- Evidence:\n")
		for _, line := range f.Evidence {
			ew.printf("  - %s\n", EscapeMarkdown(m.redactText(line)))
		}
	}
	if f.Fix != "" {
		ew.printf("- **Fix:** %s\n", EscapeMarkdown(m.redactText(f.Fix)))
	}
	if console := browserText(f.Chromium, f.Firefox); console != "" {
		ew.printf("- Browsers: %s\n", EscapeMarkdown(console))
	}
}

// exchangeLine describes an exchange as "entry 3: OPTIONS https://... 403".
func (m *Markdown) exchangeLine(ref analyzer.ExchangeRef) string {
	status := "no response"
	if ref.Status > 0 {
		status = strconv.Itoa(ref.Status)
	}
	return fmt.Sprintf("entry %d: %s %s, %s", ref.Index, ref.Method, m.redactURL(ref.URL), status)
}

// browserText names what Chromium and Firefox report, or "" when neither
// reports anything.
func browserText(chromium, firefox string) string {
	var parts []string
	if chromium != "" {
		parts = append(parts, "Chromium "+chromium)
	}
	if firefox != "" {
		parts = append(parts, "Firefox "+firefox)
	}
	return strings.Join(parts, "; ")
}
