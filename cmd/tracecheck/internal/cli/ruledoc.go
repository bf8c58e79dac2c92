package cli

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
)

// docWidth is the width at which rule documentation is wrapped.
const docWidth = 100

// writeRuleDoc prints the documentation of one rule: its id, severity and
// title, the browser messages it maps to, the rule it refines, its
// explanation, a bad and a good example as HTTP exchanges, and the fix.
func writeRuleDoc(w io.Writer, r *analyzer.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", r.ID)
	field := func(name, value string) {
		if value == "" {
			value = "-"
		}
		fmt.Fprintf(&b, "  %-10s %s\n", name, report.Sanitize(value))
	}
	field("severity", r.Severity.String())
	field("title", r.Title)
	field("chromium", r.Chromium)
	field("firefox", r.Firefox)
	refines := r.Refines
	if refines != "" {
		refines += " (reported together with " + refines + " as a more specific diagnosis of the same failure)"
	}
	field("refines", refines)

	b.WriteString("\n")
	writeParagraphs(&b, r.Doc, "")

	writeExample(&b, "Bad example", r.Bad)
	writeExample(&b, "Good example", r.Good)

	b.WriteString("\nFix\n")
	writeParagraphs(&b, r.Fix, "  ")

	_, err := io.WriteString(w, b.String())
	return err
}

// writeParagraphs writes text wrapped at docWidth, keeping its blank-line
// separated paragraphs, each line led by indent.
func writeParagraphs(b *strings.Builder, text, indent string) {
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("\n")
		}
		// Join the paragraph's lines first: Sanitize shows a line feed as
		// an escape.
		para = strings.Join(strings.Fields(para), " ")
		for _, line := range wrapWords(report.Sanitize(para), docWidth-len(indent)) {
			fmt.Fprintf(b, "%s%s\n", indent, line)
		}
	}
}

// writeExample writes an example's description and its exchanges as HTTP
// messages: the request line and headers, then the status line and
// response headers.
func writeExample(b *strings.Builder, title string, ex analyzer.Example) {
	fmt.Fprintf(b, "\n%s", title)
	if ex.Description != "" {
		fmt.Fprintf(b, ": %s", report.Sanitize(ex.Description))
	}
	b.WriteString("\n")
	if len(ex.Exchanges) == 0 {
		b.WriteString("  (none)\n")
	}
	for i := range ex.Exchanges {
		b.WriteString("\n")
		writeExchange(b, &ex.Exchanges[i])
	}
}

func writeExchange(b *strings.Builder, x *analyzer.Exchange) {
	const indent = "    "
	version := x.HTTPVersion
	if version == "" {
		version = "HTTP/1.1"
	}
	fmt.Fprintf(b, "  entry %d\n", x.Index)
	fmt.Fprintf(b, "%s%s %s %s\n", indent, report.Sanitize(x.Method), report.Sanitize(x.URL), report.Sanitize(version))
	for _, h := range x.RequestHeaders {
		fmt.Fprintf(b, "%s%s: %s\n", indent, report.Sanitize(h.Name), report.Sanitize(h.Value))
	}
	b.WriteString("\n")
	if !x.HasResponse() {
		reason := "no response"
		if x.Error != "" {
			reason += ": " + report.Sanitize(x.Error)
		}
		fmt.Fprintf(b, "%s(%s)\n", indent, reason)
		return
	}
	text := x.StatusText
	if text == "" {
		text = http.StatusText(x.Status)
	}
	fmt.Fprintf(b, "%s%s %d %s\n", indent, report.Sanitize(version), x.Status, report.Sanitize(text))
	for _, h := range x.ResponseHeaders {
		fmt.Fprintf(b, "%s%s: %s\n", indent, report.Sanitize(h.Name), report.Sanitize(h.Value))
	}
}

// wrapWords splits text into lines of at most width bytes at spaces; a word
// wider than width gets a line of its own.
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
