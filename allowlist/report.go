package allowlist

import (
	"net/url"
	"sort"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Result is the check of one page origin against one server's list.
type Result struct {
	// List is the list checked.
	List *List
	// Server is the host the list belongs to ("" when the list names none
	// and was checked against every server of the trace).
	Server string
	// Verdict is the list's answer for the origin.
	Verdict Verdict
	// Flows are the IDs of the report's flows from that origin to that
	// server, in order.
	Flows []int
	// TraceVerdicts counts those flows by their verdict in the trace, so a
	// reader can compare what the list says with what the server did.
	TraceVerdicts map[analyzer.Verdict]int
}

// CheckReport checks, for every list, each page origin that the report
// shows calling the list's server: whether the list admits it, and if not
// the nearest entry and the entry to add. A list whose Server is empty is
// checked against the origins of every flow. Results follow the order of
// lists, then the origins in the order the flows first show them.
func CheckReport(lists []*List, rep *analyzer.Report) []Result {
	var results []Result
	for _, l := range lists {
		byOrigin := map[string]*Result{}
		var order []string
		for _, f := range rep.Flows {
			if f.Origin == "" || !sameServer(l.Server, f.URL) {
				continue
			}
			r, ok := byOrigin[f.Origin]
			if !ok {
				r = &Result{List: l, Server: l.Server, Verdict: l.Check(f.Origin), TraceVerdicts: map[analyzer.Verdict]int{}}
				byOrigin[f.Origin] = r
				order = append(order, f.Origin)
			}
			r.Flows = append(r.Flows, f.ID)
			r.TraceVerdicts[f.Verdict]++
		}
		for _, o := range order {
			results = append(results, *byOrigin[o])
		}
	}
	return results
}

// sameServer reports whether rawURL goes to server, a host name with an
// optional port; an empty server matches every URL.
func sameServer(server, rawURL string) bool {
	if server == "" {
		return true
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	server = strings.ToLower(server)
	if strings.Contains(server, ":") && !strings.HasSuffix(server, "]") {
		return strings.EqualFold(u.Host, server)
	}
	return strings.EqualFold(u.Hostname(), strings.Trim(server, "[]"))
}

// Servers returns the hosts of the report's flows, sorted, so that a caller
// can say which servers no list covers.
func Servers(rep *analyzer.Report) []string {
	seen := map[string]bool{}
	for _, f := range rep.Flows {
		if u, err := url.Parse(f.URL); err == nil && u.Hostname() != "" {
			seen[strings.ToLower(u.Hostname())] = true
		}
	}
	out := make([]string, 0, len(seen))
	for h := range seen {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}
