package report

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/allowlist"
	"github.com/tracecheck/tracecheck/analyzer"
)

// originCheck is the check of one page origin against one list, with what
// the trace shows the server doing.
type originCheck struct {
	allowlist.Result
	// Conflict is a sentence comparing the list with what the trace
	// shows the servers doing, or "" when they agree.
	Conflict string
	// ConflictLabel introduces Conflict: "List and server disagree" for a
	// list tied to a server, or a weaker label for one that is not.
	ConflictLabel string
}

// originSection is the allowed-origin part of one file's report.
type originSection struct {
	Checks []originCheck
	// Uncovered lists the servers of the trace that no list names. It
	// is empty when a list without a server applies to every server.
	Uncovered []string
}

// listDisagreement is a pair of lists, of two nodes of one application,
// whose entries differ.
type listDisagreement struct {
	A, B         *allowlist.List
	OnlyA, OnlyB []string
	// Product is the application both lists belong to, or "" when
	// neither list nor trace names it.
	Product string
}

// originSectionOf checks the page origins of in against lists. It returns
// nil when there are no lists.
func originSectionOf(lists []*allowlist.List, in Input) *originSection {
	if len(lists) == 0 {
		return nil
	}
	r := in.Report
	flowByID := make(map[int]*analyzer.Flow, len(r.Flows))
	for i := range r.Flows {
		flowByID[r.Flows[i].ID] = &r.Flows[i]
	}
	section := &originSection{}
	for _, res := range allowlist.CheckReport(lists, r) {
		check := originCheck{Result: res, Conflict: conflictOf(res, r, flowByID)}
		if check.Conflict != "" {
			check.ConflictLabel = "List and server disagree"
			if res.Server == "" {
				check.ConflictLabel = "List not tied to a server"
			}
		}
		section.Checks = append(section.Checks, check)
	}

	everyServer := false
	for _, l := range lists {
		if l.Server == "" {
			everyServer = true
		}
	}
	if !everyServer {
		for _, server := range allowlist.Servers(r) {
			if !listNames(lists, server) {
				section.Uncovered = append(section.Uncovered, server)
			}
		}
	}
	return section
}

// listNames reports whether a list belongs to host.
func listNames(lists []*allowlist.List, host string) bool {
	for _, l := range lists {
		server := strings.ToLower(l.Server)
		if h, _, ok := strings.Cut(server, ":"); ok && !strings.HasPrefix(server, "[") {
			server = h
		}
		if strings.Trim(server, "[]") == host {
			return true
		}
	}
	return false
}

// conflictOf returns a sentence when the list's verdict contradicts what
// the server did in the trace: the list admits the origin but the server
// rejected it, or the list lacks it but the server accepted it. A list that
// names no server was checked against every server, so the sentence only
// says what would follow if it belonged to the server that contradicts it.
func conflictOf(res allowlist.Result, r *analyzer.Report, flowByID map[int]*analyzer.Flow) string {
	if res.Verdict.Err != nil {
		return ""
	}
	var accepted, rejected []int
	for _, id := range res.Flows {
		f := flowByID[id]
		if f == nil {
			continue
		}
		switch {
		case f.Verdict == analyzer.Allowed:
			accepted = append(accepted, id)
		case f.Verdict == analyzer.Blocked && flowRejectsOrigin(f, r):
			rejected = append(rejected, id)
		}
	}
	var listSays, serverDid string
	var flows []int
	switch {
	case res.Verdict.Allowed && len(rejected) > 0 && len(accepted) == 0:
		listSays, serverDid, flows = "admits", "rejecting", rejected
	case !res.Verdict.Allowed && len(accepted) > 0:
		listSays, serverDid, flows = "lacks", "accepting", accepted
	default:
		return ""
	}
	const causes = "the file may be a stale copy or come from another node, or the server may need a restart to apply its list"
	if res.Server == "" {
		servers := flowServers(flows, flowByID)
		return fmt.Sprintf("The list file %s is not tied to a server (neither HOST= nor a server line in the file names one), "+
			"so tracecheck cannot tell which server it belongs to. It %s %s, and the trace shows %s %s it (%s). "+
			"If the list belongs to %s, %s. Give --allowed-origins HOST=%s to check it against one server.",
			res.List.Source, listSays, res.Verdict.Origin, strings.Join(servers, " and "), serverDid, flowsText(flows),
			orList(servers), causes, res.List.Source)
	}
	return fmt.Sprintf("The list file %s %s %s, but the trace shows %s %s it (%s): the list file and the server disagree. "+
		"The file may be a stale copy or come from another node, or the server may need a restart to apply its list.",
		res.List.Source, listSays, res.Verdict.Origin, res.Server, serverDid, flowsText(flows))
}

// flowServers returns the hosts of the flows' URLs, in order of first
// appearance.
func flowServers(ids []int, flowByID map[int]*analyzer.Flow) []string {
	var out []string
	for _, id := range ids {
		f := flowByID[id]
		if f == nil {
			continue
		}
		u, err := url.Parse(f.URL)
		if err != nil || u.Host == "" || slices.Contains(out, u.Host) {
			continue
		}
		out = append(out, u.Host)
	}
	if len(out) == 0 {
		out = append(out, "the server")
	}
	return out
}

// orList joins names as "a", "a or b" or "a, b or c".
func orList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// flowRejectsOrigin reports whether the flow failed because the server did
// not accept its origin.
func flowRejectsOrigin(f *analyzer.Flow, r *analyzer.Report) bool {
	if analyzer.IsOriginRejection(f.FirstFailure) {
		return true
	}
	for _, fd := range r.Findings {
		if fd.Flow == f.ID && analyzer.IsOriginRejection(fd.Rule) {
			return true
		}
	}
	return false
}

// flowsText writes flow IDs as "flow 2" or "flows 2, 5".
func flowsText(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	if len(ids) == 1 {
		return "flow " + parts[0]
	}
	return "flows " + strings.Join(parts, ", ")
}

// listDisagreements compares every pair of lists that belong to two
// different servers of one application and returns the pairs whose
// entries differ. Two lists belong to one application unless their
// products, from the list heading or else from the trace's flows to the
// server, are both known and differ.
func listDisagreements(lists []*allowlist.List, reports []*analyzer.Report) []listDisagreement {
	products := make([]string, len(lists))
	for i, l := range lists {
		products[i] = listProduct(l, reports)
	}
	var out []listDisagreement
	for i, a := range lists {
		for k := i + 1; k < len(lists); k++ {
			b := lists[k]
			if a.Server == "" || b.Server == "" || strings.EqualFold(a.Server, b.Server) {
				continue
			}
			if products[i] != "" && products[k] != "" && products[i] != products[k] {
				continue
			}
			onlyA, onlyB := a.Diff(b)
			if len(onlyA) == 0 && len(onlyB) == 0 {
				continue
			}
			out = append(out, listDisagreement{A: a, B: b, OnlyA: onlyA, OnlyB: onlyB, Product: cmp.Or(products[i], products[k])})
		}
	}
	return out
}

// listProduct returns the product of a list: from its heading or echoed
// command, else from the first flow to its server that names one, as
// [allowlist.ProductCUIC] or [allowlist.ProductLiveData].
func listProduct(l *allowlist.List, reports []*analyzer.Report) string {
	if l.Product != "" {
		return l.Product
	}
	if l.Server == "" {
		return ""
	}
	for _, r := range reports {
		for _, f := range r.Flows {
			u, err := url.Parse(f.URL)
			if err != nil || !strings.EqualFold(u.Hostname(), strings.Trim(hostOnly(l.Server), "[]")) {
				continue
			}
			switch f.Product {
			case analyzer.ProductCUIC:
				return allowlist.ProductCUIC
			case analyzer.ProductLiveData:
				return allowlist.ProductLiveData
			}
		}
	}
	return ""
}

// hostOnly removes a port from "host:port"; a bracketed IPv6 literal keeps
// its brackets.
func hostOnly(server string) string {
	if strings.HasPrefix(server, "[") {
		if i := strings.Index(server, "]"); i >= 0 {
			return server[:i+1]
		}
		return server
	}
	host, _, _ := strings.Cut(server, ":")
	return host
}

// listTitle describes a list: its file, the server it belongs to and its
// product, or that it applies to every server.
func listTitle(l *allowlist.List) string {
	var parts []string
	if l.Server != "" {
		parts = append(parts, "server "+l.Server)
	} else {
		parts = append(parts, "no server named, so it was checked against every server of the trace")
	}
	if l.Product != "" {
		parts = append(parts, l.Product)
	}
	if len(l.Entries) == 1 {
		parts = append(parts, "1 entry")
	} else {
		parts = append(parts, fmt.Sprintf("%d entries", len(l.Entries)))
	}
	return fmt.Sprintf("%s (%s)", l.Source, strings.Join(parts, ", "))
}

// kindLabels are the short names of the ways an entry differs from an
// origin, as the reports print them.
var kindLabels = map[allowlist.Kind]string{
	allowlist.SchemeMissing: "scheme missing",
	allowlist.SchemeDiffers: "scheme differs",
	allowlist.HostTypo:      "typo in the host",
	allowlist.PortMissing:   "port missing",
	allowlist.PortExtra:     "port extra",
	allowlist.PortDifferent: "port differs",
	allowlist.Path:          "trailing slash or path",
	allowlist.Case:          "letter case",
	allowlist.Other:         "written differently",
}

// differenceText describes one difference as "port missing (the port is
// missing: the page runs on port 8445)".
func differenceText(d allowlist.Difference) string {
	label := kindLabels[d.Kind]
	if label == "" {
		label = string(d.Kind)
	}
	if d.Kind == allowlist.Path && d.Detail == "the entry ends with a trailing slash" {
		label = "trailing slash"
	}
	return fmt.Sprintf("%s (%s)", label, d.Detail)
}

// verdictText describes in one line whether the list admits the origin.
func verdictText(v allowlist.Verdict) string {
	switch {
	case v.Err != nil:
		return "not checked: " + v.Err.Error()
	case v.Allowed && v.Match.IsWildcard():
		return fmt.Sprintf("admitted by the wildcard entry * (line %d)", v.Match.Line)
	case v.Allowed:
		return fmt.Sprintf("admitted by line %d", v.Match.Line)
	}
	return "NOT admitted"
}

// nearestText names the nearest entry of a missed origin, or states that
// no entry is close.
func nearestText(v allowlist.Verdict) string {
	if v.Nearest == nil {
		return "none: no entry has this host or a host one or two letters away"
	}
	return fmt.Sprintf("%s (line %d)", v.Nearest.Raw, v.Nearest.Line)
}

// traceText describes what the trace shows for a checked origin: the flows and
// their verdicts, as "flow 2 blocked" or "flows 1, 3: 1 allowed, 1 blocked".
func traceText(res allowlist.Result) string {
	var parts []string
	for _, verdict := range []analyzer.Verdict{analyzer.Allowed, analyzer.Blocked, analyzer.Undetermined} {
		if n := res.TraceVerdicts[verdict]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, verdict))
		}
	}
	if len(res.Flows) == 1 {
		for verdict := range res.TraceVerdicts {
			return fmt.Sprintf("flow %d %s", res.Flows[0], verdict)
		}
	}
	return fmt.Sprintf("%s: %s", flowsText(res.Flows), strings.Join(parts, ", "))
}

// patternText describes the check of an origin against a pattern entry.
func patternText(p allowlist.PatternMatch) string {
	would := "would not match"
	if p.Matches {
		would = "would match"
	}
	return fmt.Sprintf("%s (line %d) %s if the server expanded patterns: %s; the trace cannot show whether it does",
		p.Entry.Raw, p.Entry.Line, would, p.Detail)
}

// patternEntryText describes a pattern entry in a list's summary.
func patternEntryText(e allowlist.Entry) string {
	return fmt.Sprintf("line %d: %s is a pattern entry; a server that compares origins exactly never matches it, "+
		"and the trace cannot show whether the server expands patterns", e.Line, e.Raw)
}

// entryText describes an entry of a list as "line 4: text".
func entryText(e allowlist.Entry) string {
	if e.Err != nil {
		if strings.Contains(e.Err.Error(), strconv.Quote(e.Raw)) {
			return fmt.Sprintf("line %d: %v", e.Line, e.Err)
		}
		return fmt.Sprintf("line %d: %s: %v", e.Line, e.Raw, e.Err)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Raw)
}

// disagreementLines describes a pair of lists that differ, one line for
// each side that has origins the other lacks.
func disagreementLines(d listDisagreement) []string {
	var lines []string
	if len(d.OnlyA) > 0 {
		lines = append(lines, fmt.Sprintf("only %s (%s) has %s", d.A.Source, d.A.Server, strings.Join(d.OnlyA, ", ")))
	}
	if len(d.OnlyB) > 0 {
		lines = append(lines, fmt.Sprintf("only %s (%s) has %s", d.B.Source, d.B.Server, strings.Join(d.OnlyB, ", ")))
	}
	return lines
}

// disagreementTitle names the two lists of a disagreement.
func disagreementTitle(d listDisagreement) string {
	title := fmt.Sprintf("%s and %s differ", d.A.Server, d.B.Server)
	if d.Product != "" {
		title = fmt.Sprintf("%s nodes %s and %s differ", d.Product, d.A.Server, d.B.Server)
	}
	return title
}

// probeLines describes a live probe in sentences: when, to which URL and
// address, for which page origin, and how TLS was verified.
func probeLines(p *Probe) []string {
	method := p.Method
	if method == "" {
		method = "GET"
	}
	lines := []string{fmt.Sprintf("Live probe, not a recorded trace: tracecheck sent these requests at %s to %s, as a script on a page of %s sends %s.",
		p.Started.UTC().Format(timestampLayout), p.URL, p.Origin, method)}
	if p.Address != "" {
		lines = append(lines, fmt.Sprintf("Server address: %s.", p.Address))
	} else {
		lines = append(lines, "Server address: unknown, because no connection was attempted.")
	}
	if p.CACert != "" {
		lines = append(lines, fmt.Sprintf("The CA certificates in %s were trusted in addition to the system's.", p.CACert))
	}
	if p.Insecure {
		lines = append(lines, "TLS certificate verification was skipped (--insecure), so this report does not show whether a browser trusts the server's certificate.")
	}
	return lines
}
