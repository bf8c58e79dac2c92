package analyzer

import (
	"fmt"
	"strings"
)

// Chromium's order of preflight checks: a redirect or a network error
// ends the preflight at once; then the origin checks, the credentials
// check, the status, and last the method and header lists.
const (
	orderPreflightRedirect = 10 + iota
	orderPreflightNetwork
	orderPreflightWildcard
	orderPreflightMissingOrigin
	orderPreflightOriginValue
	orderPreflightCredentials
	orderPreflightStatus
	orderPreflightPrivateNetwork
	orderPreflightInvalidMethods
	orderPreflightInvalidHeaders
	orderPreflightMethod
	orderPreflightHeader
)

// Firefox's order of preflight checks differs: a channel failure first,
// then duplicate Access-Control-Allow-Origin lines, a missing one, "*"
// with credentials, a mismatch, credentials, the status, a redirect, the
// methods and the headers.
const (
	ffPreflightNetwork = 10 + iota
	ffPreflightMultipleLines
	ffPreflightMissingOrigin
	ffPreflightWildcard
	ffPreflightOriginValue
	ffPreflightCredentials
	ffPreflightStatus
	ffPreflightRedirect
	ffPreflightInvalidMethods
	ffPreflightMethod
	ffPreflightInvalidHeaders
	ffPreflightHeader
)

// preflightHeadersChecked reports whether the preflight of f got a
// response whose headers the browser examines: any response but a
// redirect, which is refused before its headers are read.
func preflightHeadersChecked(f *flowState) bool {
	return f.preflightResponded() && !isRedirectStatus(f.preflight.Status)
}

// preflightListsChecked reports whether the method and header lists of the
// preflight response of f are worth checking: the response passed the
// status check and carries Access-Control-Allow-Origin. Otherwise the
// server's CORS handling did not run for this OPTIONS request, and calling
// every method and header "not allowed" would only repeat that.
func preflightListsChecked(f *flowState) bool {
	return preflightHeadersChecked(f) && isOKStatus(f.preflight.Status) &&
		f.preflight.ResponseHeaders.Has("Access-Control-Allow-Origin")
}

var rulePreflightNetworkError = &Rule{
	ID:       "preflight-network-error",
	Severity: SeverityError,
	Title:    "the preflight got no HTTP response",
	Doc: `The OPTIONS preflight failed at the network level: the connection was refused or reset, the
name did not resolve, TLS failed, or a proxy, firewall or extension dropped it. Without a response
there is nothing to check, so the browser never sends the actual request. Chromium reports the
network error itself (for example net::ERR_CONNECTION_RESET) and no CORS error; Firefox prints
CORSDidNotSucceed.`,
	Chromium: "the net:: error of the preflight (no CorsError)",
	Firefox:  "CORSDidNotSucceed2",
	Fix:      "Make the endpoint answer OPTIONS: check that proxies, load balancers and web application firewalls pass OPTIONS requests through to a server that answers them.",
	Bad: exampleOf("The OPTIONS connection is reset; the POST is never sent.",
		blockedByBrowser(exchange("POST", exAPI, 0, h("Content-Type: application/json"), nil)),
		withError(exchange("OPTIONS", exAPI, 0, exPreflightReq("POST", "content-type"), nil), "net::ERR_CONNECTION_RESET")),
	Good: exampleOf("The OPTIONS gets a 204 with the CORS headers.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	order: orderPreflightNetwork,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.preflight == nil || f.preflight.HasResponse() {
			return
		}
		cause := f.preflight.Error
		if cause == "" {
			cause = "no response recorded"
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight %s got no HTTP response (%s), so the browser never sent the actual request", describe(f.preflight), cause),
			fmt.Sprintf("%s: status %d, error %q", entryLabel(f.preflight), f.preflight.Status, f.preflight.Error))
		if f.preflight.Error != "" {
			fd.Chromium = netErrorName(f.preflight.Error)
		}
		fd.ffOrder = ffPreflightNetwork
	},
}

var rulePreflightRedirect = &Rule{
	ID:       "preflight-redirect",
	Severity: SeverityError,
	Title:    "the preflight was answered with a redirect",
	Doc: `Browsers never follow a redirect on a preflight: the OPTIONS request must be answered at the
URL the script called. Typical causes are an http-to-https redirect, a missing or extra trailing
slash, and a login redirect of a single sign-on gateway.`,
	Chromium: "PreflightDisallowedRedirect",
	Firefox:  "CORSExternalRedirectNotAllowed",
	Fix:      "Serve OPTIONS at the URL the script calls, or make the script call the final URL (fix http-to-https and trailing-slash redirects, exempt OPTIONS from login redirects).",
	Bad: exampleOf("The preflight gets a 301 to the same path with a trailing slash.",
		blockedByBrowser(exchange("PUT", exAPI, 0, h("Content-Type: application/json"), nil)),
		exchange("OPTIONS", exAPI, 301, exPreflightReq("PUT", "content-type"), h("Location: "+exAPI+"/", "Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("The preflight is answered at the called URL.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	order: orderPreflightRedirect,
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.preflightResponded() || !isRedirectStatus(f.preflight.Status) {
			return
		}
		location := f.preflight.ResponseHeaders.Value("Location")
		if location == "" {
			location = f.preflight.RedirectURL
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight %s was answered %d with a redirect to %q; browsers never follow a redirect on a preflight", describe(f.preflight), f.preflight.Status, location),
			fmt.Sprintf("%s: status %d, Location: %s", entryLabel(f.preflight), f.preflight.Status, location))
		fd.ffOrder = ffPreflightRedirect
		if fail, _ := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include); fail != originOK {
			fd.Firefox = "CORSMissingAllowOrigin2 or CORSAllowOriginNotMatchingOrigin (the redirect fails the origin check first)"
		}
	},
}

var rulePreflightMissingAllowOrigin = &Rule{
	ID:       "preflight-missing-allow-origin",
	Severity: SeverityError,
	Title:    "the preflight response has no Access-Control-Allow-Origin",
	Doc: `The response to the OPTIONS preflight carries no Access-Control-Allow-Origin header. Chromium
checks this header before the status code, so a 401, 403 or 404 preflight without CORS headers is
reported as a missing header, hiding the status; preflight-status-not-ok, preflight-rejected-by-auth
and preflight-options-unhandled then name the real cause.
A server that rejects the origin often answers exactly like this.`,
	Chromium: "PreflightMissingAllowOriginHeader",
	Firefox:  "CORSMissingAllowOrigin2",
	Fix:      "Answer OPTIONS with Access-Control-Allow-Origin naming the requesting origin exactly (scheme, host and port); if the server keeps an allowed-origin list, add the origin to it on every node.",
	Bad: exampleOf("The server answers the preflight 403 without CORS headers.",
		blockedByBrowser(exchange("GET", exAPI, 0, h("Authorization: Bearer placeholder"), nil)),
		exchange("OPTIONS", exAPI, 403, exPreflightReq("GET", "authorization"), h("Content-Type: text/html"))),
	Good: exampleOf("The server answers with the origin and the header allowed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: authorization"))),
	order: orderPreflightMissingOrigin,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		if fail, _ := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include); fail != originMissing {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight response (status %d) to %s has no Access-Control-Allow-Origin header, so the browser refuses %s %s for origin %s",
				f.preflight.Status, f.preflight.URL, f.method, f.url, f.origin),
			acaoEvidence(f.preflight)...)
		fd.Firefox = withParam("CORSMissingAllowOrigin2", fmt.Sprintf("Status code: %d", f.preflight.Status))
		fd.ffOrder = ffPreflightMissingOrigin
	},
}

var rulePreflightWildcardOrigin = &Rule{
	ID:       "preflight-wildcard-origin-with-credentials",
	Severity: SeverityError,
	Title:    "the preflight allows origin * for a credentialed request",
	Doc: `A request made with credentials (cookies, or withCredentials / credentials: "include") cannot be
allowed by Access-Control-Allow-Origin: *. The preflight is checked with the credentials mode of the
actual request, so "*" on the OPTIONS response fails.`,
	Chromium: "PreflightWildcardOriginNotAllowed",
	Firefox:  "CORSNotSupportingCredentials",
	Fix:      "Echo the specific requesting origin in Access-Control-Allow-Origin, add Access-Control-Allow-Credentials: true and Vary: Origin on the OPTIONS response.",
	Bad: exampleOf("A credentialed PUT whose preflight answers \"*\".",
		blockedByBrowser(exchange("PUT", exAPI, 0, h("Content-Type: application/json"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: *", "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("The preflight echoes the origin.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	order: orderPreflightWildcard,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		if fail, _ := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include); fail != originWildcardCredentials {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight for the credentialed request %s %s answers Access-Control-Allow-Origin: *, which never admits a request with credentials", f.method, f.url),
			append(acaoEvidence(f.preflight), "credentials: "+f.credentialsEvidence)...)
		fd.ffOrder = ffPreflightWildcard
	},
}

var rulePreflightMultipleAllowOrigin = &Rule{
	ID:       "preflight-multiple-allow-origin",
	Severity: SeverityError,
	Title:    "the preflight response names several origins",
	Doc: `Access-Control-Allow-Origin must hold exactly one origin (or "*"). A comma-separated list, or two
header lines (often one added by a proxy and one by the application), never matches: browsers combine
repeated lines into "a, b".`,
	Chromium: "PreflightMultipleAllowOriginValues",
	Firefox:  "CORSMultipleAllowOriginNotAllowed (several lines) or CORSAllowOriginNotMatchingOrigin (one list)",
	Fix:      "Send exactly one Access-Control-Allow-Origin value per response: pick the requesting origin from the allow-list, and remove the duplicate layer (proxy or application) that adds a second header.",
	Bad: exampleOf("The preflight carries the header twice.",
		blockedByBrowser(exchange("DELETE", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: DELETE"))),
	Good: exampleOf("The preflight carries it once.",
		exchange("DELETE", exAPI, 204, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: DELETE"))),
	order: orderPreflightOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include)
		if fail != originMultiple {
			return
		}
		lines := f.preflight.ResponseHeaders.Lines("Access-Control-Allow-Origin")
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight response's Access-Control-Allow-Origin combines to %q (%s); it must be the single origin %s", acao, countLines(lines), f.origin),
			acaoEvidence(f.preflight)...)
		fd.Chromium = withParam("PreflightMultipleAllowOriginValues", acao)
		if lines > 1 {
			fd.Firefox, fd.ffOrder = "CORSMultipleAllowOriginNotAllowed", ffPreflightMultipleLines
		} else {
			fd.Firefox, fd.ffOrder = "CORSAllowOriginNotMatchingOrigin", ffPreflightOriginValue
		}
	},
}

var rulePreflightInvalidAllowOrigin = &Rule{
	ID:       "preflight-invalid-allow-origin",
	Severity: SeverityError,
	Title:    "the preflight's Access-Control-Allow-Origin is not an origin",
	Doc: `The value is neither "*", "null" nor a parsable origin, for example a bare host name without a
scheme ("api.example.com") or an empty value.`,
	Chromium: "PreflightInvalidAllowOriginValue",
	Firefox:  "CORSAllowOriginNotMatchingOrigin",
	Fix:      "Send the full serialized origin: scheme://host, plus :port when it is not the default.",
	Bad: exampleOf("The preflight names a host without scheme.",
		blockedByBrowser(exchange("PATCH", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PATCH", ""), h("Access-Control-Allow-Origin: app.example.com", "Access-Control-Allow-Methods: PATCH"))),
	Good: exampleOf("The preflight names the full origin.",
		exchange("PATCH", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PATCH", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PATCH"))),
	order: orderPreflightOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include)
		if fail != originInvalid {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight response's Access-Control-Allow-Origin %q is not an origin; it must be %s", acao, f.origin),
			acaoEvidence(f.preflight)...)
		fd.Chromium = withParam("PreflightInvalidAllowOriginValue", acao)
		fd.ffOrder = ffPreflightOriginValue
	},
}

var rulePreflightAllowOriginMismatch = &Rule{
	ID:       "preflight-allow-origin-mismatch",
	Severity: SeverityError,
	Title:    "the preflight allows a different origin",
	Doc: `Access-Control-Allow-Origin on the preflight response is an origin, but not the one that sent the
request. The comparison is byte for byte: scheme, host and port must match the Origin header exactly
(a port left out, a trailing slash, upper case or http for https all fail).`,
	Chromium: "PreflightAllowOriginMismatch",
	Firefox:  "CORSAllowOriginNotMatchingOrigin",
	Fix:      "Echo the exact requesting origin (scheme://host[:port], no trailing slash), chosen from an allow-list.",
	Bad: exampleOf("The preflight allows the origin without its port.",
		blockedByBrowser(exchange("GET", "https://api.example.com/data", 0, h("X-Requested-With: XMLHttpRequest"), nil)),
		exchange("OPTIONS", "https://api.example.com/data", 200, h("Origin: https://app.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-requested-with"), h("Access-Control-Allow-Origin: https://app.example.com", "Access-Control-Allow-Headers: x-requested-with"))),
	Good: exampleOf("The preflight allows the origin with its port.",
		exchange("GET", "https://api.example.com/data", 200, h("Origin: https://app.example.com:8445", "X-Requested-With: XMLHttpRequest", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://app.example.com:8445")),
		exchange("OPTIONS", "https://api.example.com/data", 200, h("Origin: https://app.example.com:8445", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-requested-with"), h("Access-Control-Allow-Origin: https://app.example.com:8445", "Access-Control-Allow-Headers: x-requested-with"))),
	order: orderPreflightOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include)
		if fail != originMismatch {
			return
		}
		msg := fmt.Sprintf("the preflight response allows origin %q but the request came from %q", acao, f.origin)
		if why := mismatchReason(acao, f.origin); why != "" {
			msg += ": " + why
		}
		fd := p.report(r, f, f.preflight, msg,
			append(acaoEvidence(f.preflight), quoteHeader(f.preflight, f.preflight.RequestHeaders, "Origin"))...)
		fd.Chromium = withParam("PreflightAllowOriginMismatch", acao)
		fd.ffOrder = ffPreflightOriginValue
	},
}

var rulePreflightAllowCredentials = &Rule{
	ID:       "preflight-allow-credentials-not-true",
	Severity: SeverityError,
	Title:    "the preflight does not allow credentials",
	Doc: `For a request made with credentials, the preflight response must carry
Access-Control-Allow-Credentials: true, byte for byte ("True", "1" or a missing header fail), even
though the preflight itself never carries cookies.`,
	Chromium: "PreflightInvalidAllowCredentials",
	Firefox:  "CORSMissingAllowCredentials",
	Fix:      "Send Access-Control-Allow-Credentials: true on the OPTIONS response too, not only on the actual response.",
	Bad: exampleOf("A credentialed POST whose preflight lacks the header.",
		blockedByBrowser(exchange("POST", exAPI, 0, h("Content-Type: application/json"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("The preflight allows credentials.",
		exchange("POST", exAPI, 201, h(exOrigin, "Cookie: session=placeholder", "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Headers: content-type"))),
	order: orderPreflightCredentials,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		resp := f.preflight.ResponseHeaders
		if fail, acao := checkOrigin(resp, f.origin, f.include); fail != originOK || acao == "*" {
			return
		}
		bad, acac := credentialsFailure(resp, f.include)
		if !bad {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the request is made with credentials, but the preflight response's Access-Control-Allow-Credentials is %s instead of exactly \"true\"", describeValue(acac, resp.Has("Access-Control-Allow-Credentials"))),
			quoteHeader(f.preflight, resp, "Access-Control-Allow-Credentials"), "credentials: "+f.credentialsEvidence)
		fd.Chromium = "PreflightInvalidAllowCredentials"
		fd.ffOrder = ffPreflightCredentials
	},
}

// describeValue renders a header value for a message: quoted, or "absent".
func describeValue(v string, present bool) string {
	if !present {
		return "absent"
	}
	return fmt.Sprintf("%q", v)
}

// mismatchReason explains how an allowed origin differs from the request
// origin when the difference is one of the common mistakes, or "".
func mismatchReason(allowed, origin string) string {
	switch {
	case allowed == "null":
		return "\"null\" only matches requests from an opaque origin (sandboxed frames, file: pages, redirected requests)"
	case origin == "null":
		return "the request was sent with Origin: null (a sandboxed frame, a file: page or a request redirected across origins), which only \"null\" or \"*\" admits"
	case strings.EqualFold(allowed, origin):
		return "the values differ only in letter case, and the comparison is case-sensitive"
	}
	a, errA := OriginOf(allowed)
	o, errO := ParseOrigin(origin)
	if errA != nil || errO != nil {
		return ""
	}
	if u := strings.TrimPrefix(allowed, a.Scheme+"://"); strings.Contains(u, "/") && a.SameOrigin(o) {
		return "the allowed value has a path or trailing slash; a serialized origin has neither"
	}
	switch {
	case a.Host == o.Host && a.Scheme != o.Scheme:
		return fmt.Sprintf("the scheme differs (%s instead of %s)", a.Scheme, o.Scheme)
	case a.Host == o.Host && a.Scheme == o.Scheme && a.EffectivePort() == o.EffectivePort():
		return "the allowed value spells out the default port, which an Origin header never carries"
	case a.Host == o.Host && a.Scheme == o.Scheme && o.Port != 0 && a.Port == 0:
		return fmt.Sprintf("the port is missing: the page runs on port %d, so the origin is %s", o.Port, origin)
	case a.Host == o.Host && a.Scheme == o.Scheme:
		return fmt.Sprintf("the port differs (%d instead of %d)", a.EffectivePort(), o.EffectivePort())
	}
	return ""
}

// countLines renders a count of header lines: "1 header line", "2 header lines".
func countLines(n int) string {
	if n == 1 {
		return "1 header line"
	}
	return fmt.Sprintf("%d header lines", n)
}
