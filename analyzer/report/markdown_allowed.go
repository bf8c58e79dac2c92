package report

import (
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// renderOriginSection writes a table with one row per list and page origin.
func (m *Markdown) renderOriginSection(ew *errWriter, section *originSection) {
	ew.printf("\n### Allowed origins\n\n")
	if len(section.Checks) == 0 {
		ew.printf("No flow of this trace goes to a server that a list names.\n")
	} else {
		ew.printf("| List | Server | Origin | Admitted | Nearest entry | Differs | Add | Trace |\n")
		ew.printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	}
	var notes []string
	for _, c := range section.Checks {
		v := c.Verdict
		server := c.Server
		if server == "" {
			server = "every server"
		}
		admitted := verdictText(v)
		var nearest, add string
		var differs []string
		if !v.Allowed && v.Err == nil {
			admitted = "**no**"
			nearest = nearestText(v)
			add = v.Add
			for _, d := range v.Differences {
				differs = append(differs, differenceText(d))
			}
		}
		ew.printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			markdownCell(c.List.Source), markdownCell(server), markdownCell(v.Origin), admitted,
			markdownCell(nearest), markdownCell(differs...), markdownCell(add), markdownCell(traceText(c.Result)))
		if !v.Allowed && v.Err == nil {
			for _, p := range v.Patterns {
				notes = append(notes, "- **Pattern entry of "+EscapeMarkdown(c.List.Source)+":** "+EscapeMarkdown(patternText(p)))
			}
		}
		if c.Conflict != "" {
			notes = append(notes, "- **"+c.ConflictLabel+":** "+EscapeMarkdown(c.Conflict))
		}
	}
	if len(notes) > 0 {
		ew.printf("\n")
		for _, line := range notes {
			ew.printf("%s\n", line)
		}
	}
	if len(section.Uncovered) > 0 {
		ew.printf("\nNo list was given for %s.\n", EscapeMarkdown(strings.Join(section.Uncovered, ", ")))
	}
}

// renderLists writes, once for the run, every list with its invalid and
// duplicate entries, and the lists of one application's nodes that differ.
func (m *Markdown) renderLists(ew *errWriter, reports []*analyzer.Report) {
	ew.printf("\n## Allowed-origin lists\n\n")
	for _, l := range m.AllowedOrigins {
		ew.printf("- %s\n", EscapeMarkdown(listTitle(l)))
		invalid, duplicates, patterns := l.Invalid(), l.Duplicates(), l.Patterns()
		if len(invalid) == 0 && len(duplicates) == 0 && len(patterns) == 0 {
			ew.printf("  - no invalid, duplicate or pattern entries\n")
		}
		for _, e := range invalid {
			ew.printf("  - invalid: %s\n", EscapeMarkdown(entryText(e)))
		}
		for _, e := range duplicates {
			ew.printf("  - duplicate: %s\n", EscapeMarkdown(entryText(e)))
		}
		for _, e := range patterns {
			ew.printf("  - pattern: %s\n", EscapeMarkdown(patternEntryText(e)))
		}
	}
	for _, d := range listDisagreements(m.AllowedOrigins, reports) {
		ew.printf("\n**%s**\n\n", EscapeMarkdown(disagreementTitle(d)))
		for _, line := range disagreementLines(d) {
			ew.printf("- %s\n", EscapeMarkdown(line))
		}
	}
}
