package report

import (
	"strings"

	"github.com/tracecheck/tracecheck/allowlist"
)

// renderAllowedOrigins prints the one allowed-origin section of the run.
// For each list it prints the title and the invalid, duplicate and pattern
// entries. Then, for each page origin of each file, it prints whether the
// list admits the origin, and for a miss the nearest entry, how it differs
// and the entry to add. The lists of one application's nodes that differ
// and the servers no list covers follow.
func (t *Table) renderAllowedOrigins(ew *errWriter, inputs []Input, width int) {
	ew.printf("Allowed origins\n")
	sections := make([]*originSection, len(inputs))
	for i, in := range inputs {
		sections[i] = originSectionOf(t.AllowedOrigins, in)
	}
	for _, l := range t.AllowedOrigins {
		ew.printf("\n  List %s\n", Sanitize(listTitle(l)))
		t.renderListEntries(ew, l, width)
		checked := false
		for i, section := range sections {
			for _, c := range section.Checks {
				if c.List != l {
					continue
				}
				if len(inputs) > 1 {
					ew.printf("    in %s:\n", Sanitize(inputs[i].Report.Source))
				}
				t.renderCheck(ew, c, width)
				checked = true
			}
		}
		if !checked {
			ew.printf("    No flow of the trace goes to a server this list names.\n")
		}
	}
	for _, d := range listDisagreements(t.AllowedOrigins, reportsOf(inputs)) {
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
	for i, section := range sections {
		if len(section.Uncovered) == 0 {
			continue
		}
		where := ""
		if len(inputs) > 1 {
			where = " in " + inputs[i].Report.Source
		}
		ew.printf("\n  No list was given for %s%s.\n", Sanitize(strings.Join(section.Uncovered, ", ")), Sanitize(where))
	}
}

// renderListEntries prints the invalid, duplicate and pattern entries of
// a list, or that it has none.
func (t *Table) renderListEntries(ew *errWriter, l *allowlist.List, width int) {
	var invalid, duplicates, patterns []string
	for _, e := range l.Invalid() {
		invalid = append(invalid, Sanitize(entryText(e)))
	}
	for _, e := range l.Duplicates() {
		duplicates = append(duplicates, Sanitize(entryText(e)))
	}
	for _, e := range l.Patterns() {
		patterns = append(patterns, Sanitize(patternEntryText(e)))
	}
	if len(invalid) == 0 && len(duplicates) == 0 && len(patterns) == 0 {
		ew.printf("      no invalid, duplicate or pattern entries\n")
	}
	printLabelled(ew, "invalid", wrapAll(invalid, width-indentWidth-labelWidth))
	printLabelled(ew, "duplicate", duplicates)
	printLabelled(ew, "pattern", wrapAll(patterns, width-indentWidth-labelWidth))
}

// renderCheck prints the check of one page origin against one list.
func (t *Table) renderCheck(ew *errWriter, c originCheck, width int) {
	v := c.Verdict
	verdict := verdictText(v)
	if !v.Allowed && v.Err == nil {
		verdict = t.paint(colorError, verdict)
	}
	ew.printf("    %s  %s\n", Sanitize(v.Origin), verdict)
	textWidth := width - indentWidth - labelWidth
	if !v.Allowed && v.Err == nil {
		printLabelled(ew, "nearest", []string{Sanitize(nearestText(v))})
		differs := make([]string, len(v.Differences))
		for k, d := range v.Differences {
			differs[k] = Sanitize(differenceText(d))
		}
		printLabelled(ew, "differs", wrapAll(differs, textWidth))
		patterns := make([]string, len(v.Patterns))
		for k, p := range v.Patterns {
			patterns[k] = Sanitize(patternText(p))
		}
		printLabelled(ew, "pattern", wrapAll(patterns, textWidth))
		printLabelled(ew, "fix", []string{"add " + Sanitize(v.Add)})
	}
	printLabelled(ew, "trace", []string{traceText(c.Result)})
	if c.Conflict != "" {
		label := "mismatch"
		if c.Server == "" {
			label = "note"
		}
		printLabelled(ew, label, wrapWords(Sanitize(c.Conflict), textWidth))
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
