package analyzer

import (
	"fmt"
	"strings"
)

// chainOrigin returns the origin that started the redirect chain of f: the
// Origin (or Referer origin) of its first request.
func chainOrigin(f *flowState) string {
	if f.chainStart == nil {
		return f.origin
	}
	o, _ := pageOrigin(f.chainStart)
	return o
}

var ruleRedirectMissingCORS = &Rule{
	ID:       "redirect-missing-cors-headers",
	Severity: SeverityError,
	Title:    "a cross-origin redirect fails the CORS check",
	Doc: `A redirect response to a cross-origin CORS request is itself subject to the CORS check: it must carry
Access-Control-Allow-Origin (and Access-Control-Allow-Credentials for credentialed requests) before
the browser follows it. Gateways and single sign-on filters often answer with a bare redirect.`,
	Chromium: "MissingAllowOriginHeader or AllowOriginMismatch (on the redirect)",
	Firefox:  "CORSMissingAllowOrigin2 or CORSAllowOriginNotMatchingOrigin",
	Fix:      "Put the CORS headers on redirect responses too, or make the client call the final URL directly.",
	Refines:  "missing-allow-origin",
	Bad: exampleOf("A 302 without CORS headers.",
		withError(exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://login.example.com/")), "net::ERR_FAILED")),
	Good: exampleOf("A 302 with CORS headers.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp))),
	order: orderActualMissingOrigin,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) || !isRedirectStatus(f.actual.Status) || passesCORSCheck(f.actual.ResponseHeaders, f.origin, f.include) {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the %d redirect to %s fails the CORS check for origin %s, so the browser does not follow it", f.actual.Status, redirectTarget(f.actual), f.origin),
			append(acaoEvidence(f.actual), fmt.Sprintf("%s: Location: %s", entryLabel(f.actual), redirectTarget(f.actual)))...).ffOrder = ffActualMissingOrigin
	},
}

var ruleRedirectTaintedOrigin = &Rule{
	ID:       "redirect-tainted-origin-null",
	Severity: SeverityInfo,
	Title:    "a cross-origin redirect made the Origin null",
	Doc: `After a redirect from one origin to another, when the redirecting origin is not the page's own, the
browser sends Origin: null on the next hop and every later one (the request's origin is "tainted").
The target must then allow "*" (without credentials) or "null", or the chain fails.`,
	Fix: "None if the target answers \"*\"; otherwise avoid cross-origin redirect chains and call the final URL directly.",
	Bad: exampleOf("api.example.com redirects to files.example.net, which receives Origin: null.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://files.example.net/blob/7", "Access-Control-Allow-Origin: "+exApp)),
		exchange("GET", "https://files.example.net/blob/7", 200, h("Origin: null", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *"))),
	Good: exampleOf("A redirect within api.example.com keeps the origin.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp)),
		exchange("GET", "https://api.example.com/v2/orders", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.redirectFrom == nil || f.origin != "null" {
			return
		}
		start := chainOrigin(f)
		if start == "null" || start == "" {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the redirect from %s to %s crossed origins away from the page %s, so the browser sent this hop with Origin: null", f.redirectFrom.URL, f.actual.URL, start),
			fmt.Sprintf("%s: %d, Location: %s", entryLabel(f.redirectFrom), f.redirectFrom.Status, redirectTarget(f.redirectFrom)),
			quoteHeader(f.actual, f.actual.RequestHeaders, "Origin")).Related = []ExchangeRef{RefOf(f.redirectFrom)}
	},
}

var ruleRedirectTargetRejectsNull = &Rule{
	ID:       "redirect-target-rejects-null-origin",
	Severity: SeverityError,
	Title:    "the redirect target does not accept Origin null",
	Doc: `The hop after a cross-origin redirect was sent with Origin: null, and its response allows neither "*"
nor "null": typically it echoes the page's origin, which no longer matches. This includes redirects
back to the page's own origin.`,
	Chromium: "AllowOriginMismatch or MissingAllowOriginHeader",
	Firefox:  "CORSAllowOriginNotMatchingOrigin",
	Fix:      "Avoid the cross-origin redirect chain (call the final URL), or answer \"*\" on the target for requests without credentials.",
	Refines:  "allow-origin-mismatch",
	Bad: exampleOf("The target echoes the page origin, but the hop came with Origin: null.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://files.example.net/blob/7", "Access-Control-Allow-Origin: "+exApp)),
		withError(exchange("GET", "https://files.example.net/blob/7", 200, h("Origin: null", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)), "net::ERR_FAILED")),
	Good: exampleOf("The target answers \"*\".",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://files.example.net/blob/7", "Access-Control-Allow-Origin: "+exApp)),
		exchange("GET", "https://files.example.net/blob/7", 200, h("Origin: null", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *"))),
	order: orderActualOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.redirectFrom == nil || f.origin != "null" || !actualChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include)
		if fail != originMismatch && fail != originMissing {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("this hop was sent with Origin: null after the redirect from %s, and its response allows %s, not \"*\" or \"null\"", f.redirectFrom.URL, describeValue(acao, fail != originMissing)),
			append(acaoEvidence(f.actual), quoteHeader(f.actual, f.actual.RequestHeaders, "Origin"))...)
		fd.Related = append(fd.Related, RefOf(f.redirectFrom))
		if fail == originMismatch {
			fd.Chromium = withParam("AllowOriginMismatch", acao)
		} else {
			fd.Chromium, fd.Firefox = "MissingAllowOriginHeader", "CORSMissingAllowOrigin2"
		}
		fd.ffOrder = ffActualOriginValue
	},
}

var ruleRedirectDropsAuthorization = &Rule{
	ID:       "redirect-drops-authorization",
	Severity: SeverityWarning,
	Title:    "a cross-origin redirect dropped the Authorization header",
	Doc: `On a redirect to another origin, the browser removes the Authorization header the script set. The
target then answers 401 although the script sent credentials: the application sees an unexpected
authentication failure, not a CORS error.`,
	Fix: "Call the final URL directly, or keep the redirect within one origin.",
	Bad: exampleOf("Authorization on the first hop, 401 after the redirect.",
		exchange("GET", exAPI, 307, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Location: https://api2.example.com/v1/orders", "Access-Control-Allow-Origin: "+exApp)),
		exchange("GET", "https://api2.example.com/v1/orders", 401, h("Origin: null", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *", "WWW-Authenticate: Bearer"))),
	Good: exampleOf("The client calls the final URL.",
		exchange("GET", "https://api2.example.com/v1/orders", 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.redirectFrom == nil || !f.actualResponded() || f.actual.Status != 401 {
			return
		}
		if !f.redirectFrom.RequestHeaders.Has("Authorization") || f.actual.RequestHeaders.Has("Authorization") {
			return
		}
		from, err1 := OriginOf(f.redirectFrom.URL)
		to, err2 := OriginOf(f.actual.URL)
		if err1 != nil || err2 != nil || from.SameOrigin(to) {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the request carried Authorization to %s, the browser removed it on the redirect to %s, and the target answered 401", from, to),
			entryLabel(f.redirectFrom)+": Authorization present (value not shown)",
			entryLabel(f.actual)+": no Authorization header, status 401")
		fd.Related = append(fd.Related, RefOf(f.redirectFrom))
	},
}

var ruleRedirectRewritesMethod = &Rule{
	ID:       "redirect-rewrites-method",
	Severity: SeverityInfo,
	Title:    "a redirect turned the request into a GET",
	Doc: `A 301 or 302 answering a POST, or a 303 answering anything but GET or HEAD, makes the browser follow
with a GET and without the body. The server at the target receives a different request than the
script sent.`,
	Fix: "Use 307 or 308 to keep the method and body across the redirect.",
	Bad: exampleOf("A POST answered 302, followed with GET.",
		exchange("POST", exAPI, 302, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp)),
		exchange("GET", "https://api.example.com/v2/orders", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("A POST answered 307, followed with POST.",
		exchange("POST", exAPI, 307, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp)),
		exchange("POST", "https://api.example.com/v2/orders", 200, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		a := f.redirectFrom
		if a == nil || f.actual == nil || a.Method == f.actual.Method {
			return
		}
		rewrites := (a.Status == 301 || a.Status == 302) && strings.EqualFold(a.Method, "POST") ||
			a.Status == 303 && !isGetOrHead(a.Method)
		if !rewrites || f.actual.Method != "GET" {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the %d answer to the %s made the browser follow with GET and without the body", a.Status, a.Method),
			fmt.Sprintf("%s: %s answered %d", entryLabel(a), a.Method, a.Status),
			fmt.Sprintf("%s: GET %s", entryLabel(f.actual), f.actual.URL))
		fd.Related = append(fd.Related, RefOf(a))
	},
}

var ruleRedirectNewPreflight = &Rule{
	ID:       "redirect-triggers-new-preflight",
	Severity: SeverityInfo,
	Title:    "the redirect target needed its own preflight",
	Doc: `A preflighted request that is redirected needs a fresh preflight at the new URL, sent with Origin:
null when the redirect crossed origins. The target must answer OPTIONS too.`,
	Fix: "Make the target answer OPTIONS with CORS headers (allowing \"null\" or \"*\" when the origin is tainted), or call the final URL directly.",
	Bad: exampleOf("A PUT redirected with 307; the target gets its own OPTIONS.",
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT")),
		exchange("PUT", exAPI, 307, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", "https://api.example.com/v2/orders", 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT")),
		exchange("PUT", "https://api.example.com/v2/orders", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("A PUT without redirect.",
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT")),
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.redirectFrom == nil || f.preflight == nil {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the redirect from %s sent the request to %s, which needed its own preflight", f.redirectFrom.URL, f.actual.URL),
			fmt.Sprintf("%s: %d, Location: %s", entryLabel(f.redirectFrom), f.redirectFrom.Status, redirectTarget(f.redirectFrom)),
			fmt.Sprintf("%s: OPTIONS %s", entryLabel(f.preflight), f.preflight.URL))
		fd.Related = append(fd.Related, RefOf(f.redirectFrom))
	},
}

// maxRedirects is the number of redirects the Fetch standard follows
// before it fails the request.
const maxRedirects = 20

var ruleRedirectLimit = &Rule{
	ID:       "redirect-limit-exceeded",
	Severity: SeverityError,
	Title:    "the request was redirected more than 20 times",
	Doc: `Browsers follow at most 20 redirects and then fail the request with a network error. A loop between
a login page and an application, or between http and https, is the usual cause.`,
	Chromium: "net::ERR_TOO_MANY_REDIRECTS (no CorsError)",
	Firefox:  "network error",
	Fix:      "Break the redirect loop: check login and http-to-https rules at both ends.",
	Bad:      redirectLoopExample(maxRedirects + 2),
	Good:     redirectLoopExample(2),
	order:    orderRedirectLocation,
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.actualResponded() || f.hopsBefore != maxRedirects || !isRedirectStatus(f.actual.Status) {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the request was redirected %d times without reaching a final response; browsers give up after %d redirects", f.hopsBefore+1, maxRedirects),
			fmt.Sprintf("%s: the first request of the chain", entryLabel(f.chainStart)),
			fmt.Sprintf("%s: redirect number %d, to %s", entryLabel(f.actual), f.hopsBefore+1, redirectTarget(f.actual)))
		fd.Related = append(fd.Related, RefOf(f.chainStart))
		fd.Chromium = "net::ERR_TOO_MANY_REDIRECTS"
		fd.ffOrder = orderRedirectLocation
	},
}

// redirectLoopExample builds a chain of n redirects between two URLs that
// ends in a 200.
func redirectLoopExample(n int) Example {
	var ex []Exchange
	urls := []string{exAPI, "https://api.example.com/v1/login"}
	for i := 0; i < n; i++ {
		ex = append(ex, exchange("GET", urls[i%2], 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: "+urls[(i+1)%2], "Access-Control-Allow-Origin: "+exApp)))
	}
	ex = append(ex, exchange("GET", urls[n%2], 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)))
	return exampleOf(fmt.Sprintf("A chain of %d redirects.", n), ex...)
}

var ruleRedirectNonHTTP = &Rule{
	ID:       "redirect-to-non-http-scheme",
	Severity: SeverityError,
	Title:    "a redirect points to a scheme other than http(s)",
	Doc: `A redirect of a CORS request to a data:, ftp:, file: or custom-scheme URL is a network error: fetch
follows redirects only to http and https.`,
	Chromium: "network error (no CorsError)",
	Firefox:  "network error",
	Fix:      "Redirect only to http or https URLs.",
	Bad: exampleOf("A redirect to a custom scheme.",
		withError(exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: myapp://callback?code=placeholder", "Access-Control-Allow-Origin: "+exApp)), "net::ERR_FAILED")),
	Good: exampleOf("A redirect to https.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://api.example.com/v2/orders", "Access-Control-Allow-Origin: "+exApp))),
	order: orderRedirectLocation,
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.actualResponded() || f.mode != "cors" {
			return
		}
		target := redirectTarget(f.actual)
		if target == "" || isHTTPScheme(schemeOf(target)) {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the %d redirect points to %q, a %s: URL; fetch follows redirects only to http and https", f.actual.Status, target, schemeOf(target)),
			fmt.Sprintf("%s: Location: %s", entryLabel(f.actual), target))
		fd.Chromium = "network error"
		fd.ffOrder = orderRedirectLocation
	},
}

func init() {
	register(
		ruleRedirectMissingCORS, ruleRedirectTaintedOrigin, ruleRedirectTargetRejectsNull,
		ruleRedirectDropsAuthorization, ruleRedirectRewritesMethod, ruleRedirectNewPreflight,
		ruleRedirectLimit, ruleRedirectNonHTTP,
	)
}
