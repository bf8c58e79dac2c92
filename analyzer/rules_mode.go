package analyzer

import (
	"fmt"
	"strings"
)

var ruleCORSDisabledScheme = &Rule{
	ID:       "cors-disabled-scheme",
	Severity: SeverityError,
	Title:    "a CORS request to a URL that is not http or https",
	Doc: `CORS works only over http and https. A fetch or XMLHttpRequest in CORS mode to a file:, ftp: or
custom-scheme URL fails before any request is sent; pages opened from file: often hit this when
they load local JSON.`,
	Chromium: "CorsDisabledScheme",
	Firefox:  "CORSRequestNotHttp",
	Fix:      "Serve the page and the data over http(s), for example from a local development server.",
	Bad: exampleOf("A fetch to a file: URL.",
		withError(exchange("GET", "file:///home/agent/config.json", 0, h("Origin: null", "Sec-Fetch-Mode: cors"), nil), "net::ERR_FAILED")),
	Good: exampleOf("A fetch to an https URL.",
		exchange("GET", "https://api.example.com/config.json", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderMixedContent,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.actual == nil || f.mode != "cors" {
			return
		}
		switch scheme := schemeOf(f.actual.URL); scheme {
		case "http", "https", "data", "blob", "about", "ws", "wss", "":
			return
		default:
			fd := p.report(r, f, f.actual,
				fmt.Sprintf("%s is a %s: URL; CORS requests work only over http and https, so the browser refused it", f.actual.URL, scheme),
				fmt.Sprintf("%s: %s", entryLabel(f.actual), describe(f.actual)))
			fd.ffOrder = orderMixedContent
		}
	},
}

var ruleDisallowedByMode = &Rule{
	ID:       "disallowed-by-mode",
	Severity: SeverityError,
	Title:    "a same-origin mode request went to another origin",
	Doc: `The request was made with mode "same-origin" (fetch(url, {mode: "same-origin"})) but its URL is on
another origin, so the browser refuses it before sending. This is a client-side setting, not a
server problem.`,
	Chromium: "DisallowedByMode",
	Firefox:  "",
	Fix:      "In the client, use mode \"cors\" (the default for fetch) for cross-origin calls.",
	Bad: exampleOf("A same-origin mode fetch to another origin.",
		withError(exchange("GET", exAPI, 0, h(exOrigin, "Sec-Fetch-Mode: same-origin"), nil), "net::ERR_FAILED")),
	Good: exampleOf("A cors mode fetch.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderMixedContent,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.actual == nil || f.mode != "same-origin" {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the request was made in same-origin mode, but %s is not on the page's origin %s, so the browser refused it", f.actual.URL, f.origin),
			fmt.Sprintf("%s: %s", entryLabel(f.actual), f.modeEvidence))
		fd.ffOrder = orderMixedContent
	},
}

var ruleNoCORSRedirectMode = &Rule{
	ID:       "no-cors-redirect-mode-not-follow",
	Severity: SeverityError,
	Title:    "a no-cors request with manual redirects was redirected",
	Doc: `A request in no-cors mode must follow redirects. When a script sets redirect "manual" or "error" on a
no-cors request and the server redirects, the browser fails the request. The trace shows a no-cors
request answered with a redirect that the browser marked as failed and did not follow.`,
	Chromium: "NoCorsRedirectModeNotFollow",
	Firefox:  "",
	Fix:      "In the client, use redirect \"follow\" for no-cors requests, or use mode \"cors\".",
	Bad: exampleOf("A no-cors fetch answered 302 and failed.",
		withError(exchange("GET", "https://cdn.example.net/pixel", 302, h("Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"), h("Location: https://cdn.example.net/pixel2")), "net::ERR_FAILED")),
	Good: exampleOf("A no-cors fetch that followed the redirect.",
		exchange("GET", "https://cdn.example.net/pixel", 302, h("Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"), h("Location: https://cdn.example.net/pixel2")),
		exchange("GET", "https://cdn.example.net/pixel2", 200, h("Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"), h("Content-Type: image/gif"))),
	checkTrace: func(p *pass, r *Rule) {
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if modeOf(e) != "no-cors" {
				continue
			}
			if !e.HasResponse() || !isRedirectStatus(e.Status) || !isRequestBlockedMarker(e) || p.links.next[i] >= 0 {
				continue
			}
			p.report(r, nil, e,
				fmt.Sprintf("the no-cors request %s was answered %d and the browser failed it instead of following the redirect: the script set redirect \"manual\" or \"error\"", describe(e), e.Status),
				fmt.Sprintf("%s: status %d, error %s, no next hop", entryLabel(e), e.Status, e.Error))
		}
	},
}

// maxOpaqueRelated caps how many further no-cors exchanges one finding lists.
const maxOpaqueRelated = 10

var ruleNoCORSOpaque = &Rule{
	ID:       "no-cors-opaque-response",
	Severity: SeverityInfo,
	Title:    "no-cors requests got opaque responses",
	Doc: `Images, scripts and style sheets loaded without the crossorigin attribute, and fetch calls with mode
"no-cors", are not CORS requests: no preflight, no Origin header, and CORS headers on the response
do not matter. The page can display such a response but script cannot read it. A fetch in no-cors
mode is usually a mistake: it silences the CORS error and yields an empty, opaque response.`,
	Fix: "Nothing for resources the page only displays. For data the script must read, use mode \"cors\" (or the crossorigin attribute) and allow the origin on the server.",
	Bad: exampleOf("An image from another site.",
		exchange("GET", "https://images.example.net/logo.png", 200, h("Sec-Fetch-Dest: image", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: cross-site"), h("Content-Type: image/png"))),
	Good: exampleOf("A CORS fetch.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	checkTrace: func(p *pass, r *Rule) {
		var opaque []*Exchange
		docOrigin := ""
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if o, ok := documentOrigin(e); ok {
				docOrigin = o
			}
			if modeOf(e) != "no-cors" || !isCrossSiteNoCORS(e, docOrigin) {
				continue
			}
			if isScriptNoCORS(e) {
				p.report(r, nil, e,
					fmt.Sprintf("the script fetched %s in no-cors mode: the response is opaque, so the script reads an empty body and status 0 whatever the server sends", e.URL),
					fmt.Sprintf("%s: %s, resource type %s", entryLabel(e), e.RequestHeaders.Value("Sec-Fetch-Mode"), e.ResourceType))
				continue
			}
			opaque = append(opaque, e)
		}
		if len(opaque) == 0 {
			return
		}
		first := opaque[0]
		fd := p.report(r, nil, first,
			fmt.Sprintf("%d cross-origin requests (images, scripts, styles without crossorigin) were made in no-cors mode: their responses are opaque and CORS headers do not apply to them", len(opaque)),
			fmt.Sprintf("%s: no-cors %s", entryLabel(first), describe(first)))
		for _, e := range opaque[1:min(len(opaque), maxOpaqueRelated+1)] {
			fd.Related = append(fd.Related, RefOf(e))
		}
	},
}

// isCrossSiteNoCORS reports whether the no-cors request e left the page's
// origin: Sec-Fetch-Site says so, or its URL differs from the page origin.
func isCrossSiteNoCORS(e *Exchange, docOrigin string) bool {
	if site := strings.ToLower(e.RequestHeaders.Value("Sec-Fetch-Site")); site != "" {
		return site == "cross-site" || site == "same-site"
	}
	origin, _ := pageOrigin(e)
	if origin == "" {
		origin = docOrigin
	}
	return origin != "" && isCrossOrigin(origin, e.URL)
}

// isScriptNoCORS reports whether a script made e with fetch in no-cors mode.
func isScriptNoCORS(e *Exchange) bool {
	switch strings.ToLower(e.ResourceType) {
	case "fetch", "xhr":
		return true
	}
	return strings.EqualFold(e.RequestHeaders.Value("Sec-Fetch-Dest"), "empty")
}

var ruleLocalNetworkAccess = &Rule{
	ID:       "local-network-access",
	Severity: SeverityWarning,
	Title:    "a public page called a private or local address",
	Doc: `A page loaded from a public address requested a private (RFC 1918, unique local) or loopback address.
Chromium's Local Network Access asks the user for permission (it replaced the Private Network
Access preflights), and without it the request fails; CORS headers cannot grant it. Firefox has no
such restriction.`,
	Chromium: "LocalNetworkAccessPermissionDenied / InsecureLocalNetwork when refused",
	Firefox:  "",
	Fix:      "Serve the API from a public https origin, or have users grant the local network permission; CORS headers cannot fix it.",
	Bad: exampleOf("A page from 203.0.113.10 calls 10.0.0.5.",
		withServerIP(exchange("GET", "https://app.example.com/", 200, h("Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"), h("Content-Type: text/html")), "203.0.113.10"),
		withServerIP(exchange("GET", "https://printer.example.com/status", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)), "10.0.0.5")),
	Good: exampleOf("Both on public addresses.",
		withServerIP(exchange("GET", "https://app.example.com/", 200, h("Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"), h("Content-Type: text/html")), "203.0.113.10"),
		withServerIP(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)), "203.0.113.11")),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.actual == nil || f.actual.ServerIP == "" || f.docServerIP == "" {
			return
		}
		if !IsPrivateAddress(f.actual.ServerIP) || IsPrivateAddress(f.docServerIP) {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the page, loaded from the public address %s, called %s at the private address %s; Chromium requires the user's local network permission for this, Firefox does not restrict it", f.docServerIP, f.actual.URL, f.actual.ServerIP),
			fmt.Sprintf("page server address %s", f.docServerIP),
			fmt.Sprintf("%s: server address %s", entryLabel(f.actual), f.actual.ServerIP))
	},
}

// withServerIP sets the server address of an example exchange.
func withServerIP(e Exchange, ip string) Exchange {
	e.ServerIP = ip
	return e
}

func init() {
	register(ruleCORSDisabledScheme, ruleDisallowedByMode, ruleNoCORSRedirectMode, ruleNoCORSOpaque, ruleLocalNetworkAccess)
}
