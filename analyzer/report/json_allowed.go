package report

import (
	"strings"

	"github.com/tracecheck/tracecheck/allowlist"
	"github.com/tracecheck/tracecheck/analyzer"
)

type jsonProbe struct {
	URL      string `json:"url"`
	Origin   string `json:"origin"`
	Method   string `json:"method"`
	Address  string `json:"address"`
	Started  string `json:"started"`
	Insecure bool   `json:"insecure"`
	CACert   string `json:"ca_file"`
	Notice   string `json:"notice"`
	// Notes are what the probe says about the requests it sent, such as
	// a placeholder cookie or an actual request it did not send.
	Notes []analyzer.Warning `json:"notes"`
}

type jsonAllowedOrigins struct {
	Lists            []jsonList         `json:"lists"`
	Checks           []jsonOriginCheck  `json:"checks"`
	ListDifferences  []jsonListDiff     `json:"list_differences"`
	ServersUncovered []jsonUncoveredSrv `json:"servers_without_list"`
}

type jsonList struct {
	Source      string      `json:"source"`
	Server      string      `json:"server"`
	EveryServer bool        `json:"applies_to_every_server"`
	Product     string      `json:"product"`
	Heading     string      `json:"heading"`
	Entries     []jsonEntry `json:"entries"`
	Invalid     []jsonEntry `json:"invalid"`
	Duplicates  []jsonEntry `json:"duplicates"`
	// Patterns are the entries such as https://*.example.com that only a
	// server that expands patterns would use.
	Patterns     []jsonEntry `json:"patterns"`
	ValidEntries int         `json:"valid_entries"`
}

type jsonEntry struct {
	Line  int    `json:"line"`
	Text  string `json:"text"`
	Error string `json:"error"`
}

type jsonDifference struct {
	Kind     string `json:"kind"`
	Distance int    `json:"distance"`
	Detail   string `json:"detail"`
}

type jsonOriginCheck struct {
	File          string           `json:"file"`
	List          string           `json:"list"`
	Server        string           `json:"server"`
	Origin        string           `json:"origin"`
	Error         string           `json:"error"`
	Allowed       bool             `json:"allowed"`
	Match         *jsonEntry       `json:"match"`
	Nearest       *jsonEntry       `json:"nearest"`
	Differences   []jsonDifference `json:"differences"`
	Add           string           `json:"add"`
	Flows         []int            `json:"flows"`
	TraceVerdicts map[string]int   `json:"trace_verdicts"`
	Mismatch      string           `json:"list_server_mismatch"`
	// Patterns holds, for an origin the list does not admit, whether each
	// pattern entry would match it if the server expanded patterns.
	Patterns []jsonPatternMatch `json:"patterns"`
}

type jsonListDiff struct {
	Product string   `json:"product"`
	ListA   string   `json:"list_a"`
	ServerA string   `json:"server_a"`
	ListB   string   `json:"list_b"`
	ServerB string   `json:"server_b"`
	OnlyA   []string `json:"only_in_a"`
	OnlyB   []string `json:"only_in_b"`
}

type jsonUncoveredSrv struct {
	File   string `json:"file"`
	Server string `json:"server"`
}

func (j *jsonRender) probeJSON(p *Probe) *jsonProbe {
	if p == nil {
		return nil
	}
	out := &jsonProbe{
		URL:      j.redactURL(p.URL),
		Origin:   p.Origin,
		Method:   p.Method,
		Address:  p.Address,
		Started:  jsonTime(p.Started),
		Insecure: p.Insecure,
		CACert:   p.CACert,
		Notes:    []analyzer.Warning{},
	}
	out.Notice = j.redactText(strings.Join(probeLines(p), " "))
	return out
}

// allowedOriginsJSON returns the allowed-origin section, or nil when no
// lists were given.
func (j *jsonRender) allowedOriginsJSON(inputs []Input) *jsonAllowedOrigins {
	if len(j.AllowedOrigins) == 0 {
		return nil
	}
	out := &jsonAllowedOrigins{
		Lists:            []jsonList{},
		Checks:           []jsonOriginCheck{},
		ListDifferences:  []jsonListDiff{},
		ServersUncovered: []jsonUncoveredSrv{},
	}
	for _, l := range j.AllowedOrigins {
		out.Lists = append(out.Lists, listJSON(l))
	}
	for _, in := range inputs {
		section := originSectionOf(j.AllowedOrigins, in)
		for _, c := range section.Checks {
			out.Checks = append(out.Checks, originCheckJSON(in.Report.Source, c))
		}
		for _, server := range section.Uncovered {
			out.ServersUncovered = append(out.ServersUncovered, jsonUncoveredSrv{File: in.Report.Source, Server: server})
		}
	}
	for _, d := range listDisagreements(j.AllowedOrigins, reportsOf(inputs)) {
		out.ListDifferences = append(out.ListDifferences, jsonListDiff{
			Product: d.Product,
			ListA:   d.A.Source, ServerA: d.A.Server,
			ListB: d.B.Source, ServerB: d.B.Server,
			OnlyA: nonNil(d.OnlyA), OnlyB: nonNil(d.OnlyB),
		})
	}
	return out
}

type jsonPatternMatch struct {
	Line    int    `json:"line"`
	Text    string `json:"text"`
	Matches bool   `json:"matches"`
	Detail  string `json:"detail"`
}

func listJSON(l *allowlist.List) jsonList {
	out := jsonList{
		Source:      l.Source,
		Server:      l.Server,
		EveryServer: l.Server == "",
		Product:     l.Product,
		Heading:     l.Heading,
		Entries:     []jsonEntry{},
		Invalid:     []jsonEntry{},
		Duplicates:  []jsonEntry{},
		Patterns:    []jsonEntry{},
	}
	for _, e := range l.Entries {
		out.Entries = append(out.Entries, entryJSON(e))
		if e.Valid() {
			out.ValidEntries++
		}
	}
	for _, e := range l.Invalid() {
		out.Invalid = append(out.Invalid, entryJSON(e))
	}
	for _, e := range l.Duplicates() {
		out.Duplicates = append(out.Duplicates, entryJSON(e))
	}
	for _, e := range l.Patterns() {
		out.Patterns = append(out.Patterns, entryJSON(e))
	}
	return out
}

func entryJSON(e allowlist.Entry) jsonEntry {
	out := jsonEntry{Line: e.Line, Text: e.Raw}
	if e.Err != nil {
		out.Error = e.Err.Error()
	}
	return out
}

func entryPtrJSON(e *allowlist.Entry) *jsonEntry {
	if e == nil {
		return nil
	}
	out := entryJSON(*e)
	return &out
}

func originCheckJSON(file string, c originCheck) jsonOriginCheck {
	v := c.Verdict
	out := jsonOriginCheck{
		File:          file,
		List:          c.List.Source,
		Server:        c.Server,
		Origin:        v.Origin,
		Allowed:       v.Allowed,
		Match:         entryPtrJSON(v.Match),
		Nearest:       entryPtrJSON(v.Nearest),
		Differences:   []jsonDifference{},
		Add:           v.Add,
		Flows:         append([]int{}, c.Flows...),
		TraceVerdicts: map[string]int{},
		Mismatch:      c.Conflict,
		Patterns:      []jsonPatternMatch{},
	}
	for _, p := range v.Patterns {
		out.Patterns = append(out.Patterns, jsonPatternMatch{Line: p.Entry.Line, Text: p.Entry.Raw, Matches: p.Matches, Detail: p.Detail})
	}
	if v.Err != nil {
		out.Error = v.Err.Error()
	}
	for _, d := range v.Differences {
		out.Differences = append(out.Differences, jsonDifference{Kind: string(d.Kind), Distance: d.Distance, Detail: d.Detail})
	}
	for verdict, n := range c.TraceVerdicts {
		out.TraceVerdicts[string(verdict)] = n
	}
	return out
}

// nonNil returns s, or an empty slice for nil, so that JSON shows [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
