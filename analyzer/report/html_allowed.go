package report

import (
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// htmlOrigins is the allowed-origin section of one file.
type htmlOrigins struct {
	Rows      []htmlOriginRow
	Notes     []htmlNote
	Uncovered string
}

// htmlNote is a labelled sentence under the allowed-origin table.
type htmlNote struct {
	Label, Text string
}

type htmlOriginRow struct {
	List, Server, Origin string
	Allowed              bool
	Admitted             string
	Nearest              string
	Differs              []string
	Add                  string
	Trace                string
}

// htmlLists is the run's allowed-origin lists with their problems.
type htmlLists struct {
	Lists         []htmlList
	Disagreements []htmlDisagreement
}

type htmlList struct {
	Title string
	// Problems lists the invalid and duplicate entries.
	Problems []string
}

type htmlDisagreement struct {
	Title string
	Lines []string
}

// origins builds the allowed-origin section of in, or nil without lists.
func (h *HTML) origins(in Input) *htmlOrigins {
	section := originSectionOf(h.AllowedOrigins, in)
	if section == nil {
		return nil
	}
	out := &htmlOrigins{Uncovered: Sanitize(strings.Join(section.Uncovered, ", "))}
	for _, c := range section.Checks {
		v := c.Verdict
		row := htmlOriginRow{
			List:     Sanitize(c.List.Source),
			Server:   Sanitize(c.Server),
			Origin:   Sanitize(v.Origin),
			Allowed:  v.Allowed,
			Admitted: Sanitize(verdictText(v)),
			Trace:    traceText(c.Result),
		}
		if row.Server == "" {
			row.Server = "every server"
		}
		if !v.Allowed && v.Err == nil {
			row.Admitted = "no"
			row.Nearest = Sanitize(nearestText(v))
			row.Add = Sanitize(v.Add)
			for _, d := range v.Differences {
				row.Differs = append(row.Differs, Sanitize(differenceText(d)))
			}
		}
		out.Rows = append(out.Rows, row)
		if !v.Allowed && v.Err == nil {
			for _, p := range v.Patterns {
				out.Notes = append(out.Notes, htmlNote{Label: "Pattern entry of " + Sanitize(c.List.Source), Text: Sanitize(patternText(p))})
			}
		}
		if c.Conflict != "" {
			out.Notes = append(out.Notes, htmlNote{Label: c.ConflictLabel, Text: Sanitize(c.Conflict)})
		}
	}
	return out
}

// lists builds the run's allowed-origin lists section, or nil without
// lists.
func (h *HTML) lists(reports []*analyzer.Report) *htmlLists {
	if len(h.AllowedOrigins) == 0 {
		return nil
	}
	out := &htmlLists{}
	for _, l := range h.AllowedOrigins {
		item := htmlList{Title: Sanitize(listTitle(l))}
		for _, e := range l.Invalid() {
			item.Problems = append(item.Problems, "invalid: "+Sanitize(entryText(e)))
		}
		for _, e := range l.Duplicates() {
			item.Problems = append(item.Problems, "duplicate: "+Sanitize(entryText(e)))
		}
		for _, e := range l.Patterns() {
			item.Problems = append(item.Problems, "pattern: "+Sanitize(patternEntryText(e)))
		}
		out.Lists = append(out.Lists, item)
	}
	for _, d := range listDisagreements(h.AllowedOrigins, reports) {
		item := htmlDisagreement{Title: Sanitize(disagreementTitle(d))}
		for _, line := range disagreementLines(d) {
			item.Lines = append(item.Lines, Sanitize(line))
		}
		out.Disagreements = append(out.Disagreements, item)
	}
	return out
}
