package report

import (
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// renderOriginSection prints, for each list and page origin, whether the
// list admits the origin and, when it does not, the nearest entry, how it
// differs and the entry to add.
func (t *Table) renderOriginSection(ew *errWriter, section *originSection, width int) {
	if len(section.Checks) == 0 {
		ew.printf("  No flow of this trace goes to a server that a list names.\n")
	}
	for i, c := range section.Checks {
		if i == 0 || c.List != section.Checks[i-1].List {
			ew.printf("\n  List %s\n", Sanitize(listTitle(c.List)))
		}
		v := c.Verdict
		verdict := verdictText(v)
		if !v.Allowed && v.Err == nil {
			verdict = t.paint(colorError, verdict)
		}
		ew.printf("    %s  %s\n", Sanitize(v.Origin), verdict)
		if !v.Allowed && v.Err == nil {
			printLabelled(ew, "nearest", []string{Sanitize(nearestText(v))})
			differs := make([]string, len(v.Differences))
			for k, d := range v.Differences {
				differs[k] = Sanitize(differenceText(d))
			}
			printLabelled(ew, "differs", wrapAll(differs, width-indentWidth-labelWidth))
			printLabelled(ew, "fix", []string{"add " + Sanitize(v.Add)})
		}
		printLabelled(ew, "trace", []string{traceText(c.Result)})
		if c.Conflict != "" {
			printLabelled(ew, "mismatch", wrapWords(Sanitize(c.Conflict), width-indentWidth-labelWidth))
		}
	}
	if len(section.Uncovered) > 0 {
		ew.printf("\n  No list was given for %s.\n", Sanitize(strings.Join(section.Uncovered, ", ")))
	}
}

// renderLists prints, once for the run, every list with its invalid and
// duplicate entries, and the lists of one application's nodes that differ.
func (t *Table) renderLists(ew *errWriter, reports []*analyzer.Report, width int) {
	ew.printf("Allowed-origin lists\n")
	for _, l := range t.AllowedOrigins {
		ew.printf("\n  %s\n", Sanitize(listTitle(l)))
		var invalid, duplicates []string
		for _, e := range l.Invalid() {
			invalid = append(invalid, Sanitize(entryText(e)))
		}
		for _, e := range l.Duplicates() {
			duplicates = append(duplicates, Sanitize(entryText(e)))
		}
		if len(invalid) == 0 && len(duplicates) == 0 {
			ew.printf("      no invalid or duplicate entries\n")
		}
		printLabelled(ew, "invalid", wrapAll(invalid, width-indentWidth-labelWidth))
		printLabelled(ew, "duplicate", duplicates)
	}
	disagreements := listDisagreements(t.AllowedOrigins, reports)
	for _, d := range disagreements {
		ew.printf("\n  %s\n", Sanitize(disagreementTitle(d)))
		for _, line := range disagreementLines(d) {
			for k, wrapped := range wrapWords(Sanitize(line), width-indentWidth) {
				if k == 0 {
					ew.printf("    - %s\n", wrapped)
				} else {
					ew.printf("      %s\n", wrapped)
				}
			}
		}
	}
}

// wrapAll wraps each line to width and returns the wrapped lines in order.
func wrapAll(lines []string, width int) []string {
	var out []string
	for _, line := range lines {
		out = append(out, wrapWords(line, width)...)
	}
	return out
}
