package analyzer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tracecheck/tracecheck/internal/asciifold"
)

// allowedOriginOf returns the Access-Control-Allow-Origin value of e's
// response and whether it names one specific origin (not "*", "null", a
// list or an unparsable value).
func allowedOriginOf(e *Exchange) (string, Origin, bool) {
	acao, ok := e.ResponseHeaders.Get("Access-Control-Allow-Origin")
	if !ok || acao == "*" || acao == "null" || strings.ContainsAny(acao, " ,") {
		return acao, Origin{}, false
	}
	o, err := ParseOrigin(acao)
	if err != nil {
		return acao, Origin{}, false
	}
	return acao, o, true
}

// corsResponses returns the responses of f that carry CORS headers for the
// page: the preflight's and the actual request's, where present. They are
// the first n of out; an array instead of a slice keeps them off the heap.
func corsResponses(f *flowState) (out [2]*Exchange, n int) {
	for _, e := range [2]*Exchange{f.preflight, f.actual} {
		if e != nil && e.HasResponse() && e.ResponseHeaders.Has("Access-Control-Allow-Origin") {
			out[n] = e
			n++
		}
	}
	return out, n
}

var ruleOriginReflection = &Rule{
	ID:       "origin-reflection-with-credentials",
	Severity: SeverityWarning,
	Title:    "a server echoes other sites' origins with credentials",
	Doc: `The response echoes the request's Origin in Access-Control-Allow-Origin together with
Access-Control-Allow-Credentials: true, and the trace shows the echo is not limited to an
allow-list: the origin belongs to another site than the server, or the same server echoes several
unrelated origins. Any web site the user visits can then read the user's data from this server.
One echo of a legitimate origin looks the same as an allow-list match, so the rule needs that
evidence.`,
	Fix: "Check the Origin against an explicit allow-list before echoing it; never echo arbitrary origins with credentials.",
	Bad: exampleOf("An origin of another site echoed with credentials.",
		exchange("GET", exAPI, 200, h("Origin: https://attacker.example.net", "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://attacker.example.net", "Access-Control-Allow-Credentials: true", "Vary: Origin"))),
	Good: exampleOf("An origin of the same site echoed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Vary: Origin"))),
	checkTrace: func(p *pass, r *Rule) {
		// Most echoes repeat a few hosts; each costs a Public Suffix List
		// lookup.
		siteCache := map[string]string{}
		siteOf := func(host string) string {
			site, ok := siteCache[host]
			if !ok {
				site = registrableDomain(host)
				siteCache[host] = site
			}
			return site
		}

		// Collect, per server, the sites whose origins it echoed with credentials.
		echoedSites := map[string]map[string]bool{}
		type echo struct {
			f              *flowState
			e              *Exchange
			origin, target Origin
			server         string // target serialized
		}
		var echoes []echo
		for _, f := range p.flows {
			responses, n := corsResponses(f)
			for _, e := range responses[:n] {
				if e.ResponseHeaders.Value("Access-Control-Allow-Credentials") != "true" {
					continue
				}
				acao, o, ok := allowedOriginOf(e)
				if !ok || acao != f.origin {
					continue
				}
				target, err := OriginOf(e.URL)
				if err != nil {
					continue
				}
				key := target.String()
				if echoedSites[key] == nil {
					echoedSites[key] = map[string]bool{}
				}
				echoedSites[key][siteOf(o.Host)] = true
				echoes = append(echoes, echo{f: f, e: e, origin: o, target: target, server: key})
			}
		}
		// One finding per server and echoed origin, however many responses
		// repeat the echo.
		type pairKey struct{ server, origin string }
		first := map[pairKey]*finding{}
		for _, ec := range echoes {
			o, target := ec.origin, ec.target
			key := pairKey{ec.server, o.String()}
			if fd, ok := first[key]; ok {
				if len(fd.Related) < maxOpaqueRelated {
					fd.Related = append(fd.Related, RefOf(ec.e))
				}
				fd.repeats++
				continue
			}
			sites := echoedSites[ec.server]
			foreign := siteOf(o.Host) != siteOf(target.Host)
			if !foreign && len(sites) < 2 {
				continue
			}
			var reason string
			if foreign {
				reason = fmt.Sprintf("%s belongs to the site %s, not to the server's site %s", o, siteOf(o.Host), siteOf(target.Host))
			} else {
				reason = fmt.Sprintf("the same server echoes origins of %d different sites in this trace: %s", len(sites), joinNames(sortedKeys(sites)))
			}
			first[key] = p.report(r, ec.f, ec.e,
				fmt.Sprintf("%s echoes the request's origin with Access-Control-Allow-Credentials: true, and %s; any site can read credentialed responses if the echo is not checked against an allow-list", target, reason),
				quoteHeader(ec.e, ec.e.RequestHeaders, "Origin"),
				quoteHeader(ec.e, ec.e.ResponseHeaders, "Access-Control-Allow-Origin"),
				quoteHeader(ec.e, ec.e.ResponseHeaders, "Access-Control-Allow-Credentials"))
		}
		for _, fd := range first {
			if fd.repeats > 0 {
				fd.Message += fmt.Sprintf(" (%d more responses in the trace echo it the same way)", fd.repeats)
			}
		}
	},
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var ruleNullOriginAllowed = &Rule{
	ID:       "null-origin-allowed",
	Severity: SeverityWarning,
	Title:    "the server allows the origin null",
	Doc: `Access-Control-Allow-Origin: null admits every opaque origin: sandboxed iframes, data: and file:
documents, and requests redirected across origins. Any site can create such a document, so allowing
"null" (especially with credentials) is close to allowing everyone. For a real origin it is also a
mismatch.`,
	Fix: "Never allow \"null\"; allow the specific origins that need access.",
	Bad: exampleOf("A sandboxed frame's request allowed with null.",
		exchange("GET", exAPI, 200, h("Origin: null", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: null"))),
	Good: exampleOf("A specific origin allowed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		responses, n := corsResponses(f)
		for _, e := range responses[:n] {
			if e.ResponseHeaders.Value("Access-Control-Allow-Origin") != "null" {
				continue
			}
			msg := "the response allows the origin \"null\", which every sandboxed frame, data: or file: document and cross-origin redirect sends"
			if e.ResponseHeaders.Value("Access-Control-Allow-Credentials") == "true" {
				msg += ", and it allows credentials too"
			}
			p.report(r, f, e, msg, acaoEvidence(e)...)
			return
		}
	},
}

var ruleWildcardAndCredentials = &Rule{
	ID:       "wildcard-and-credentials-config",
	Severity: SeverityWarning,
	Title:    "the server sends origin * together with credentials true",
	Doc: `The response answers Access-Control-Allow-Origin: * and Access-Control-Allow-Credentials: true to a
request without credentials. It works today, but the combination is invalid for credentialed
requests, which will fail the moment a client sends cookies, and it suggests a configuration that
would echo any origin.`,
	Fix: "Either drop Access-Control-Allow-Credentials, or echo specific allowed origins instead of \"*\".",
	Bad: exampleOf("\"*\" with credentials true.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *", "Access-Control-Allow-Credentials: true"))),
	Good: exampleOf("\"*\" alone.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.include {
			return // wildcard-origin-with-credentials reports the failure
		}
		responses, n := corsResponses(f)
		for _, e := range responses[:n] {
			if e.ResponseHeaders.Value("Access-Control-Allow-Origin") == "*" && e.ResponseHeaders.Value("Access-Control-Allow-Credentials") == "true" {
				p.report(r, f, e,
					"the response combines Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true; it works only while requests carry no credentials",
					quoteHeader(e, e.ResponseHeaders, "Access-Control-Allow-Origin"), quoteHeader(e, e.ResponseHeaders, "Access-Control-Allow-Credentials"))
				return
			}
		}
	},
}

// varyHas reports whether the Vary header of resp names field or is "*".
func varyHas(resp Headers, field string) bool {
	v, _ := resp.Get("Vary")
	for _, item := range strings.Split(v, ",") {
		item = trimOWS(item)
		if item == "*" || strings.EqualFold(item, field) {
			return true
		}
	}
	return false
}

// isNoStore reports whether resp forbids caching it.
func isNoStore(resp Headers) bool {
	return asciifold.Contains(resp.Value("Cache-Control"), "no-store")
}

var ruleMissingVaryOrigin = &Rule{
	ID:       "missing-vary-origin",
	Severity: SeverityWarning,
	Title:    "an origin-specific response lacks Vary: Origin",
	Doc: `Access-Control-Allow-Origin names the requesting origin, so the response depends on the Origin
header, but Vary does not say so. A browser or proxy cache can then serve the response stored for
one origin to another origin (which the browser rejects as a mismatch) or serve a stored response
without CORS headers to a CORS request. The same holds when one URL is served both with and without
Access-Control-Allow-Origin.`,
	Fix: "Add Vary: Origin to every response whose CORS headers depend on the request's Origin (or send Cache-Control: no-store).",
	Bad: exampleOf("An echoed origin without Vary.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Cache-Control: max-age=300"))),
	Good: exampleOf("An echoed origin with Vary: Origin.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Cache-Control: max-age=300", "Vary: Origin"))),
	checkTrace: func(p *pass, r *Rule) {
		reported := map[*Exchange]bool{}
		for _, f := range p.flows {
			if !actualChecked(f) {
				continue
			}
			resp := f.actual.ResponseHeaders
			acao, _, specific := allowedOriginOf(f.actual)
			if !specific || acao != f.origin || varyHas(resp, "Origin") || isNoStore(resp) {
				continue
			}
			reported[f.actual] = true
			p.report(r, f, f.actual,
				fmt.Sprintf("Access-Control-Allow-Origin names the requesting origin %s but Vary does not name Origin; if the server picks this value per request, a browser or proxy cache may serve the response to another origin, which then fails", acao),
				quoteHeader(f.actual, resp, "Access-Control-Allow-Origin"), quoteHeader(f.actual, resp, "Vary"))
		}

		// One URL served both with and without Access-Control-Allow-Origin.
		// Only URLs that some response serves with it are looked at
		// further, which keeps the map small on a large trace.
		type seen struct{ with, without *Exchange }
		cacheable := func(e *Exchange) bool {
			return !isPreflight(e) && e.HasResponse() && isGetOrHead(e.Method) && !isNoStore(e.ResponseHeaders) && e.Status != 304
		}
		byURL := map[string]*seen{}
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if !cacheable(e) || !e.ResponseHeaders.Has("Access-Control-Allow-Origin") {
				continue
			}
			if u := urlWithoutFragment(e.URL); byURL[u] == nil {
				byURL[u] = &seen{with: e}
			}
		}
		if len(byURL) == 0 {
			return
		}
		var order []string
		ordered := map[string]bool{}
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if !cacheable(e) {
				continue
			}
			u := urlWithoutFragment(e.URL)
			s := byURL[u]
			if s == nil {
				continue
			}
			if !ordered[u] {
				ordered[u] = true
				order = append(order, u)
			}
			if s.without == nil && !e.ResponseHeaders.Has("Access-Control-Allow-Origin") {
				s.without = e
			}
		}
		for _, u := range order {
			s := byURL[u]
			if s.with == nil || s.without == nil || varyHas(s.with.ResponseHeaders, "Origin") || reported[s.with] {
				continue
			}
			fd := p.report(r, nil, s.with,
				fmt.Sprintf("%s is served both with Access-Control-Allow-Origin (%s) and without it (%s), and Vary does not name Origin, so a cache may serve the version without CORS headers to a CORS request", u, entryLabel(s.with), entryLabel(s.without)),
				quoteHeader(s.with, s.with.ResponseHeaders, "Access-Control-Allow-Origin"),
				entryLabel(s.without)+": no Access-Control-Allow-Origin")
			fd.Related = append(fd.Related, RefOf(s.without))
		}
	},
}

var rulePreflightMissingVary = &Rule{
	ID:       "preflight-missing-vary",
	Severity: SeverityInfo,
	Title:    "a preflight response that echoes the request lacks Vary",
	Doc: `The preflight response echoes values of the request (the Origin, the requested method or headers)
but its Vary header does not name Origin, Access-Control-Request-Method and
Access-Control-Request-Headers, and it may be cached. A shared cache could replay it for another
origin or another set of headers.`,
	Fix: "Add Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers to preflight responses, or Cache-Control: no-store.",
	Bad: exampleOf("An echoing preflight without Vary.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Vary: Origin")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT"))),
	Good: exampleOf("An echoing preflight with Vary.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Vary: Origin")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) || isNoStore(f.preflight.ResponseHeaders) {
			return
		}
		resp, req := f.preflight.ResponseHeaders, f.preflight.RequestHeaders
		var missing []string
		if resp.Value("Access-Control-Allow-Origin") == f.origin && f.origin != "" && !varyHas(resp, "Origin") {
			missing = append(missing, "Origin")
		}
		if acrm := req.Value("Access-Control-Request-Method"); acrm != "" && resp.Value("Access-Control-Allow-Methods") == acrm && !varyHas(resp, "Access-Control-Request-Method") {
			missing = append(missing, "Access-Control-Request-Method")
		}
		if acrh := req.Value("Access-Control-Request-Headers"); acrh != "" && strings.EqualFold(resp.Value("Access-Control-Allow-Headers"), acrh) && !varyHas(resp, "Access-Control-Request-Headers") {
			missing = append(missing, "Access-Control-Request-Headers")
		}
		if len(missing) == 0 {
			return
		}
		p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight response echoes the request but Vary does not name %s", joinNames(missing)),
			quoteHeader(f.preflight, resp, "Vary"))
	},
}

var ruleInsecureOriginTrusted = &Rule{
	ID:       "insecure-origin-trusted",
	Severity: SeverityWarning,
	Title:    "an https server trusts an http origin",
	Doc: `An https response allows an http:// origin (other than localhost). Anyone who can tamper with the
plain-http page on the network can then read this server's responses, credentials included when
Access-Control-Allow-Credentials is true.`,
	Fix: "Allow only https origins.",
	Bad: exampleOf("An https API allows an http page.",
		exchange("GET", exAPI, 200, h("Origin: http://app.example.com", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: http://app.example.com"))),
	Good: exampleOf("The API allows the https page.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		responses, n := corsResponses(f)
		for _, e := range responses[:n] {
			if schemeOf(e.URL) != "https" {
				continue
			}
			acao, o, ok := allowedOriginOf(e)
			if !ok || o.Scheme != "http" || IsLoopbackHost(o.Host) {
				continue
			}
			msg := fmt.Sprintf("the https server allows the plain-http origin %s, which a network attacker can impersonate", acao)
			if e.ResponseHeaders.Value("Access-Control-Allow-Credentials") == "true" {
				msg += "; with credentials allowed, that attacker reads the user's data"
			}
			p.report(r, f, e, msg, acaoEvidence(e)...)
			return
		}
	},
}

var ruleSuspiciousOriginMatch = &Rule{
	ID:       "suspicious-origin-match",
	Severity: SeverityWarning,
	Title:    "an allowed origin looks like a broken origin check",
	Doc: `The allowed origin contains the server's own domain in a place an exact check would never accept:
as a prefix of another domain (api.example.com.attacker.example.net), glued to another name
(evil-example.com), with a dot replaced by another character (the unescaped "." of a regular
expression), or under a shared hosting suffix (github.io, herokuapp.com) where anyone can register
a name. These are the classic bypasses of prefix, suffix and regular-expression origin checks.`,
	Fix: "Compare the Origin with an allow-list by exact string equality, or anchor suffix checks on \".\" plus the registrable domain.",
	Bad: exampleOf("The server allows api.example.com.evil.test.",
		exchange("GET", exAPI, 200, h("Origin: https://api.example.com.evil.test", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://api.example.com.evil.test"))),
	Good: exampleOf("The server allows app.example.com.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		responses, n := corsResponses(f)
		for _, e := range responses[:n] {
			acao, o, ok := allowedOriginOf(e)
			if !ok {
				continue
			}
			target, err := OriginOf(e.URL)
			if err != nil {
				continue
			}
			if why := suspiciousMatch(o.Host, target.Host); why != "" {
				p.report(r, f, e, fmt.Sprintf("the server at %s allows %s: %s", target, acao, why), acaoEvidence(e)...)
				return
			}
		}
	},
}

// suspiciousMatch explains how allowed, the host of an allowed origin,
// looks like a bypass of an origin check on target's site, or returns "".
func suspiciousMatch(allowed, target string) string {
	site := registrableDomain(target)
	allowedSite := registrableDomain(allowed)
	if !strings.Contains(site, ".") || allowedSite == site {
		return ""
	}
	switch {
	case strings.Contains(allowed, site+"."):
		return fmt.Sprintf("its host contains %s followed by another domain, as a prefix check would accept", site)
	case strings.HasSuffix(allowed, site):
		return fmt.Sprintf("its host ends in %s without a dot before it, as a suffix check would accept", site)
	case isSharedHostingSuffix(allowed):
		return "it sits under a shared hosting suffix where anyone can register a name"
	}
	if dotReplaced(allowed, site) {
		return fmt.Sprintf("it equals %s with a dot replaced by another character, as an unescaped dot in a regular expression would accept", site)
	}
	return ""
}

// dotReplaced reports whether host ends with site with exactly one of
// site's dots replaced by another character.
func dotReplaced(host, site string) bool {
	if len(host) < len(site) {
		return false
	}
	tail := host[len(host)-len(site):]
	diff := 0
	for i := 0; i < len(site); i++ {
		if tail[i] == site[i] {
			continue
		}
		if site[i] != '.' {
			return false
		}
		diff++
	}
	return diff == 1
}

var ruleWildcardPrivateNetwork = &Rule{
	ID:       "wildcard-origin-on-private-network",
	Severity: SeverityWarning,
	Title:    "an intranet server allows every origin",
	Doc: `A server on a private or loopback address, or with an intranet-only name, answers
Access-Control-Allow-Origin: *. What only the network location protects becomes readable by any web
site a user on that network visits (subject to Chromium's Local Network Access prompt).`,
	Fix: "Do not send \"*\" on intranet resources; allow the specific intranet origins that need access.",
	Bad: exampleOf("A private-address API answers \"*\".",
		withServerIP(exchange("GET", "https://hr.corp.test/api/salaries", 200, h("Origin: https://portal.corp.test", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *")), "10.0.4.12")),
	Good: exampleOf("The API allows the portal only.",
		withServerIP(exchange("GET", "https://hr.corp.test/api/salaries", 200, h("Origin: https://portal.corp.test", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://portal.corp.test")), "10.0.4.12")),
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) || f.actual.ResponseHeaders.Value("Access-Control-Allow-Origin") != "*" {
			return
		}
		target, err := OriginOf(f.actual.URL)
		if err != nil {
			return
		}
		var where string
		switch {
		case IsLoopbackHost(f.actual.ServerIP) && (f.docServerIP == "" || IsLoopbackHost(f.docServerIP)):
			// Every address is loopback when the trace was recorded through
			// a local proxy (Fiddler, Charles, a security client) or on a
			// developer's machine, so it proves nothing about the server.
			return
		case f.actual.ServerIP != "" && IsPrivateAddress(f.actual.ServerIP):
			where = "the private address " + f.actual.ServerIP
		case isIntranetHost(target.Host):
			where = "the intranet name " + target.Host
		default:
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("%s answers from %s with Access-Control-Allow-Origin: *, so any site a user on that network visits can read it", target, where),
			quoteHeader(f.actual, f.actual.ResponseHeaders, "Access-Control-Allow-Origin"),
			fmt.Sprintf("%s: server address %s", entryLabel(f.actual), f.actual.ServerIP))
	},
}

// dangerousMethods are methods no browser application needs to allow.
var dangerousMethods = []string{"TRACE", "CONNECT", "TRACK"}

var ruleOverlyBroadMethods = &Rule{
	ID:       "overly-broad-allow-methods",
	Severity: SeverityInfo,
	Title:    "the preflight allows more methods than needed",
	Doc: `Access-Control-Allow-Methods is "*", lists TRACE, CONNECT or TRACK, or lists three or more methods
besides GET, HEAD and POST that no request in the trace uses. Allowing methods the API does not
serve widens what other origins can attempt.`,
	Fix: "Allow only the methods the API serves to browsers.",
	Bad: exampleOf("Methods \"*\".",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: *"))),
	Good: exampleOf("Only PUT.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !passedPreflight(f) {
			return
		}
		v := f.preflight.ResponseHeaders.Value("Access-Control-Allow-Methods")
		tokens, bad := parseTokenList(v)
		if bad != "" {
			return
		}
		var why string
		switch {
		case contains(tokens, "*"):
			why = "it allows every method with \"*\""
		default:
			for _, m := range dangerousMethods {
				if containsFold(tokens, m) {
					why = "it allows " + m
					break
				}
			}
		}
		if why == "" {
			unused := unusedMethods(p, f, tokens)
			if len(unused) < 3 {
				return
			}
			why = fmt.Sprintf("it allows %s, which no request to this server in the trace uses", joinNames(unused))
		}
		p.report(r, f, f.preflight, "Access-Control-Allow-Methods is broader than needed: "+why,
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Methods"))
	},
}

// unusedMethods returns the allowed methods, other than the safelisted ones
// and OPTIONS, that no request to f's server uses in the trace.
func unusedMethods(p *pass, f *flowState, allowed []string) []string {
	used := p.index().methodsByOrigin[originKey(f.preflight.URL)]
	var out []string
	for _, m := range allowed {
		upper := strings.ToUpper(m)
		if safelistedMethods[upper] || upper == "OPTIONS" || used[upper] {
			continue
		}
		out = append(out, m)
	}
	return out
}

var ruleOverlyBroadHeaders = &Rule{
	ID:       "overly-broad-allow-headers",
	Severity: SeverityInfo,
	Title:    "the preflight allows any request header",
	Doc: `Access-Control-Allow-Headers is "*", or repeats Access-Control-Request-Headers verbatim. A verbatim
echo cannot be told apart from a validated one in a trace, but it usually means any header is
accepted.`,
	Fix: "Answer with an explicit list of the headers the API accepts.",
	Bad: exampleOf("Headers \"*\".",
		exchange("GET", exAPI, 200, h(exOrigin, "X-Tenant: t1", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: *"))),
	Good: exampleOf("An explicit list.",
		exchange("GET", exAPI, 200, h(exOrigin, "X-Tenant: t1", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-tenant, content-type"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !passedPreflight(f) {
			return
		}
		acah, ok := f.preflight.ResponseHeaders.Get("Access-Control-Allow-Headers")
		if !ok {
			return
		}
		tokens, _ := parseTokenList(acah)
		acrh := f.preflight.RequestHeaders.Value("Access-Control-Request-Headers")
		switch {
		case contains(tokens, "*"):
			p.report(r, f, f.preflight, "Access-Control-Allow-Headers is \"*\", which allows any request header",
				quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Headers"))
		case acrh != "" && strings.EqualFold(acah, acrh) && strings.Contains(acrh, ","):
			p.report(r, f, f.preflight, "Access-Control-Allow-Headers repeats Access-Control-Request-Headers verbatim, which suggests the server accepts any header it is asked for",
				quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Headers"),
				quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Headers"))
		}
	},
}

var ruleACACMeaningless = &Rule{
	ID:       "allow-credentials-meaningless-value",
	Severity: SeverityInfo,
	Title:    "allow-credentials has a value other than true",
	Doc: `Access-Control-Allow-Credentials only ever grants: the one value browsers honour is "true". A value
such as "false" does nothing and suggests a misunderstanding; "True" or "1" fail for credentialed
requests.`,
	Fix: "Omit the header when credentials are not allowed; send exactly \"true\" when they are.",
	Bad: exampleOf("Credentials \"false\".",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: false"))),
	Good: exampleOf("No credentials header.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		responses, n := corsResponses(f)
		for _, e := range responses[:n] {
			v, ok := e.ResponseHeaders.Get("Access-Control-Allow-Credentials")
			if !ok || v == "true" {
				continue
			}
			p.report(r, f, e,
				fmt.Sprintf("Access-Control-Allow-Credentials is %q; only \"true\" has any effect", v),
				quoteHeader(e, e.ResponseHeaders, "Access-Control-Allow-Credentials"))
			return
		}
	},
}

func init() {
	register(
		ruleOriginReflection, ruleNullOriginAllowed, ruleWildcardAndCredentials, ruleMissingVaryOrigin,
		rulePreflightMissingVary, ruleInsecureOriginTrusted, ruleSuspiciousOriginMatch,
		ruleWildcardPrivateNetwork, ruleOverlyBroadMethods, ruleOverlyBroadHeaders, ruleACACMeaningless,
	)
}
