package analyzer

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// originRejections are the rules whose failure means the server did not
// accept the page's origin, as a server with an allowed-origin list does
// for an origin missing from it.
var originRejections = map[string]bool{
	"preflight-missing-allow-origin":  true,
	"preflight-allow-origin-mismatch": true,
	"preflight-rejected-by-auth":      true,
	"missing-allow-origin":            true,
	"allow-origin-mismatch":           true,
}

// serverOutcome is one server's response to one page origin.
type serverOutcome struct {
	host, path string
	flow       *flowState
}

var ruleOriginDiffersBetweenServers = &Rule{
	ID:       "allowed-origin-differs-between-servers",
	Severity: SeverityError,
	Title:    "cluster nodes disagree on the allowed origins",
	Doc: `The same page origin is accepted by one server and rejected by another server that serves the same
application: the same path on both hosts, or hosts named as nodes of one cluster (cuic-pub and
cuic-sub). Their allowed-origin lists differ, typically because the origin was added on one node
only. Requests then fail or succeed depending on which node the load balancer or the gadget
configuration picks.`,
	Chromium: "PreflightMissingAllowOriginHeader or AllowOriginMismatch on the rejecting node",
	Firefox:  "CORSMissingAllowOrigin2 or CORSAllowOriginNotMatchingOrigin",
	Fix:      "Make the allowed-origin lists of all nodes identical: add the origin to the node that rejects it.",
	Bad: exampleOf("The publisher accepts the Finesse origin, the subscriber answers 403.",
		exchange("GET", "https://cuic-pub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Authorization: Basic placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445")),
		exchange("OPTIONS", "https://cuic-pub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445", "Access-Control-Allow-Headers: authorization")),
		blockedByBrowser(exchange("GET", "https://cuic-sub.example.com/cuic/rest/x", 0, h("Authorization: Basic placeholder"), nil)),
		exchange("OPTIONS", "https://cuic-sub.example.com/cuic/rest/x", 403, h("Origin: https://finesse.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"), h("Content-Type: text/html"))),
	Good: exampleOf("Both nodes accept the origin.",
		exchange("GET", "https://cuic-pub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Authorization: Basic placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445")),
		exchange("OPTIONS", "https://cuic-pub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445", "Access-Control-Allow-Headers: authorization")),
		exchange("GET", "https://cuic-sub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Authorization: Basic placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445")),
		exchange("OPTIONS", "https://cuic-sub.example.com/cuic/rest/x", 200, h("Origin: https://finesse.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"), h("Access-Control-Allow-Origin: https://finesse.example.com:8445", "Access-Control-Allow-Headers: authorization"))),
	order: orderPreflightMissingOrigin,
	checkTrace: func(p *pass, r *Rule) {
		accepted := map[string][]serverOutcome{}
		rejected := map[string][]serverOutcome{}
		rejecting := p.flowsRejectingOrigin()
		for _, f := range p.flows {
			if f.origin == "" || f.origin == "null" {
				continue
			}
			u, err := url.Parse(f.url)
			if err != nil {
				continue
			}
			out := serverOutcome{host: strings.ToLower(u.Host), path: u.Path, flow: f}
			switch {
			case acceptsOrigin(f):
				accepted[f.origin] = append(accepted[f.origin], out)
			case rejecting[f]:
				rejected[f.origin] = append(rejected[f.origin], out)
			}
		}

		origins := make([]string, 0, len(rejected))
		for o := range rejected {
			origins = append(origins, o)
		}
		sort.Strings(origins)
		for _, origin := range origins {
			reported := map[string]bool{}
			for _, rej := range rejected[origin] {
				if reported[rej.host] {
					continue
				}
				acc, ok := siblingThatAccepts(rej, accepted[origin])
				if !ok {
					continue
				}
				reported[rej.host] = true
				subject := rej.flow.preflight
				if subject == nil {
					subject = rej.flow.actual
				}
				witness := acc.flow.subject()
				if acc.flow.preflight != nil {
					witness = acc.flow.preflight
				}
				fd := p.report(r, rej.flow, subject,
					fmt.Sprintf("%s accepts the origin %s, but %s rejects it, although %s: the allowed-origin lists of the two servers differ; add %s to the list on %s",
						acc.host, origin, rej.host, sameApplicationReason(acc, rej), origin, rej.host),
					fmt.Sprintf("%s %s %s: %s", entryLabel(witness), witness.Method, acc.host, describeAcceptance(witness)),
					fmt.Sprintf("%s %s %s: %s", entryLabel(subject), subject.Method, rej.host, describeRejection(subject)))
				fd.Related = append(fd.Related, RefOf(witness))
				fd.Chromium = rej.flow.chromiumName
			}
		}
	},
}

// acceptsOrigin reports whether a server accepted f's origin: its
// preflight or its actual response allowed the origin.
func acceptsOrigin(f *flowState) bool {
	for _, e := range []*Exchange{f.preflight, f.actual} {
		if e != nil && e.HasResponse() && e.ResponseHeaders.Value("Access-Control-Allow-Origin") == f.origin {
			return true
		}
	}
	return false
}

// flowsRejectingOrigin returns the flows that failed because their server
// did not accept the origin.
func (p *pass) flowsRejectingOrigin() map[*flowState]bool {
	out := map[*flowState]bool{}
	for _, fd := range p.findings {
		if fd.flow != nil && originRejections[fd.Rule] {
			out[fd.flow] = true
		}
	}
	return out
}

// siblingThatAccepts finds, among the servers that accepted the origin, one
// that provably serves the same application as the rejecting server. Both
// hosts must belong to one site (registrable domain), and then either
// serve the same non-root path, or carry names that differ only in a
// node-role part (cuic-pub and cuic-sub, node1 and node2) while the trace
// shows both serving a recognised contact-center product. Two unrelated
// servers of one site that happen to share "/" prove nothing.
func siblingThatAccepts(rej serverOutcome, accepted []serverOutcome) (serverOutcome, bool) {
	rejHost := hostOnly(rej.host)
	for _, acc := range accepted {
		accHost := hostOnly(acc.host)
		if acc.host == rej.host || registrableDomain(accHost) != registrableDomain(rejHost) {
			continue
		}
		if acc.path == rej.path && len(strings.Trim(acc.path, "/")) > 0 {
			return acc, true
		}
	}
	for _, acc := range accepted {
		accHost := hostOnly(acc.host)
		if acc.host == rej.host || registrableDomain(accHost) != registrableDomain(rejHost) {
			continue
		}
		sameCluster := accHost != rejHost && clusterKey(accHost) == clusterKey(rejHost)
		if sameCluster && acc.flow.product != "" && rej.flow.product != "" {
			return acc, true
		}
	}
	return serverOutcome{}, false
}

func hostOnly(hostport string) string {
	if h, _, ok := strings.Cut(hostport, ":"); ok && !strings.HasPrefix(hostport, "[") {
		return h
	}
	return hostport
}

func describeAcceptance(e *Exchange) string {
	return fmt.Sprintf("status %d, Access-Control-Allow-Origin: %s", e.Status, e.ResponseHeaders.Value("Access-Control-Allow-Origin"))
}

func describeRejection(e *Exchange) string {
	if !e.HasResponse() {
		return "no response"
	}
	if v, ok := e.ResponseHeaders.Get("Access-Control-Allow-Origin"); ok {
		return fmt.Sprintf("status %d, Access-Control-Allow-Origin: %s", e.Status, v)
	}
	return fmt.Sprintf("status %d, no Access-Control-Allow-Origin", e.Status)
}

func init() {
	register(ruleOriginDiffersBetweenServers)
}

// sameApplicationReason explains why two servers are taken to serve one
// application, for the finding's message.
func sameApplicationReason(acc, rej serverOutcome) string {
	if acc.path == rej.path {
		return "both serve " + acc.path
	}
	return fmt.Sprintf("both are nodes of one %s cluster (%s: %s, %s: %s)",
		registrableDomain(hostOnly(acc.host)), acc.host, acc.flow.product, rej.host, rej.flow.product)
}
