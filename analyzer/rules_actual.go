package analyzer

import (
	"fmt"
	"strings"
)

// Chromium's order of checks on the actual response, after every preflight
// check: a network error, then "*" with credentials, a missing header, a
// wrong value and the credentials flag.
const (
	orderActualNetwork = 40 + iota
	orderActualWildcard
	orderActualMissingOrigin
	orderActualOriginValue
	orderActualCredentials
)

// Firefox's order on the actual response.
const (
	ffActualNetwork = 40 + iota
	ffActualMultipleLines
	ffActualMissingOrigin
	ffActualWildcard
	ffActualOriginValue
	ffActualCredentials
)

// actualChecked reports whether the actual response of f is subject to the
// CORS check: a response arrived, the request was made in CORS mode (a
// same-origin mode request never leaves the browser), and it is not a 304
// revalidation, whose headers come from the stored response.
func actualChecked(f *flowState) bool {
	if !f.actualResponded() || f.mode == "same-origin" {
		return false
	}
	return !isRevalidation304(f.actual) || f.actual.ResponseHeaders.Has("Access-Control-Allow-Origin")
}

var ruleMissingAllowOrigin = &Rule{
	ID:       "missing-allow-origin",
	Severity: SeverityError,
	Title:    "the response has no Access-Control-Allow-Origin",
	Doc: `The cross-origin response carries no Access-Control-Allow-Origin header, so the browser hides it
from the page whatever its status. The request did reach the server: the failure is in the
response headers, not the network.`,
	Chromium: "MissingAllowOriginHeader",
	Firefox:  "CORSMissingAllowOrigin2",
	Fix:      "Send Access-Control-Allow-Origin on every response of this resource, including errors and redirects.",
	Bad: exampleOf("A GET answered without CORS headers.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Content-Type: application/json")), "net::ERR_FAILED")),
	Good: exampleOf("A GET answered with the origin allowed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Content-Type: application/json", "Access-Control-Allow-Origin: "+exApp))),
	order: orderActualMissingOrigin,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		if fail, _ := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include); fail != originMissing {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the response (status %d) to %s has no Access-Control-Allow-Origin header, so the browser hides it from the page of %s", f.actual.Status, describe(f.actual), f.origin),
			acaoEvidence(f.actual)...)
		fd.Firefox = withParam("CORSMissingAllowOrigin2", fmt.Sprintf("Status code: %d", f.actual.Status))
		fd.ffOrder = ffActualMissingOrigin
	},
}

var ruleCORSHeadersOnlyOnPreflight = &Rule{
	ID:       "cors-headers-only-on-preflight",
	Severity: SeverityError,
	Title:    "only the preflight carries CORS headers",
	Doc: `The preflight passed, so the server or gateway answers OPTIONS with CORS headers, but the actual
response lacks Access-Control-Allow-Origin. Typically the CORS configuration sits on an OPTIONS
route or in a gateway rule that covers only preflights.`,
	Chromium: "MissingAllowOriginHeader",
	Firefox:  "CORSMissingAllowOrigin2",
	Fix:      "Apply the CORS headers to responses of every method, not only to OPTIONS.",
	Refines:  "missing-allow-origin",
	Bad: exampleOf("The preflight passes, the PUT response lacks the header.",
		withError(exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Content-Type: application/json")), "net::ERR_FAILED"),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("Both responses carry the header.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	order: orderActualMissingOrigin,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) || !f.preflightResponded() {
			return
		}
		if fail, _ := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include); fail != originMissing {
			return
		}
		if !passesCORSCheck(f.preflight.ResponseHeaders, f.origin, f.include) {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the preflight (%s) allowed %s, but the %s response lacks Access-Control-Allow-Origin: the CORS configuration covers only OPTIONS", entryLabel(f.preflight), f.origin, f.actual.Method),
			append(acaoEvidence(f.preflight), acaoEvidence(f.actual)...)...).ffOrder = ffActualMissingOrigin
	},
}

var ruleErrorStatusWithoutCORS = &Rule{
	ID:       "error-status-without-cors-headers",
	Severity: SeverityError,
	Title:    "an error response lacks CORS headers",
	Doc: `The response has status 400 or above and no Access-Control-Allow-Origin, so the page sees a CORS
error instead of the real status. The status is the actual cause to investigate; the missing
header only hides it. nginx, for example, adds headers to 4xx and 5xx responses only with
"add_header ... always".`,
	Chromium: "MissingAllowOriginHeader",
	Firefox:  "CORSMissingAllowOrigin2",
	Fix:      "Investigate the status itself, and send CORS headers on error responses too (nginx: add_header ... always) so the page can read the error.",
	Refines:  "missing-allow-origin",
	Bad: exampleOf("A 500 without CORS headers.",
		withError(exchange("GET", exAPI, 500, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Content-Type: text/html")), "net::ERR_FAILED")),
	Good: exampleOf("A 500 with CORS headers reaches the page as a 500.",
		exchange("GET", exAPI, 500, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Content-Type: text/html", "Access-Control-Allow-Origin: "+exApp))),
	order: orderActualMissingOrigin,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) || f.actual.Status < 400 {
			return
		}
		if fail, _ := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include); fail != originMissing {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the server answered %d without CORS headers, so the page sees a CORS error instead of the %d; the status is the cause to investigate", f.actual.Status, f.actual.Status),
			statusEvidence(f.actual)).ffOrder = ffActualMissingOrigin
	},
}

var ruleWildcardOriginWithCredentials = &Rule{
	ID:       "wildcard-origin-with-credentials",
	Severity: SeverityError,
	Title:    "origin * answers a credentialed request",
	Doc: `The request was made with credentials (cookies) and the response answers
Access-Control-Allow-Origin: *, which never admits a credentialed request.`,
	Chromium: "WildcardOriginNotAllowed",
	Firefox:  "CORSNotSupportingCredentials",
	Fix:      "Echo the specific requesting origin, add Access-Control-Allow-Credentials: true and Vary: Origin.",
	Bad: exampleOf("A GET with cookies answered with \"*\".",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *")), "net::ERR_FAILED")),
	Good: exampleOf("The origin is echoed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Vary: Origin"))),
	order: orderActualWildcard,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		if fail, _ := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include); fail != originWildcardCredentials {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the request to %s is made with credentials, and Access-Control-Allow-Origin: * never admits a credentialed request", f.url),
			append(acaoEvidence(f.actual), "credentials: "+f.credentialsEvidence)...).ffOrder = ffActualWildcard
	},
}

var ruleMultipleAllowOrigin = &Rule{
	ID:       "multiple-allow-origin",
	Severity: SeverityError,
	Title:    "the response names several origins",
	Doc: `Access-Control-Allow-Origin holds a list of origins or appears on several header lines (one added
by a proxy, one by the application). Browsers combine lines into "a, b", which never equals one
origin; "*" sent twice fails too.`,
	Chromium: "MultipleAllowOriginValues",
	Firefox:  "CORSMultipleAllowOriginNotAllowed (several lines) or CORSAllowOriginNotMatchingOrigin (one list)",
	Fix:      "Select one origin per response from the allow-list, and remove the layer (proxy or application) that adds a second header.",
	Bad: exampleOf("Two origins in one value.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://admin.example.com, "+exApp)), "net::ERR_FAILED")),
	Good: exampleOf("One origin.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderActualOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include)
		if fail != originMultiple {
			return
		}
		lines := f.actual.ResponseHeaders.Lines("Access-Control-Allow-Origin")
		msg := fmt.Sprintf("Access-Control-Allow-Origin combines to %q (%s); it must be the single origin %s", acao, countLines(lines), f.origin)
		if lines > 1 {
			msg += "; Chromium reports several values, Firefox several header lines"
		} else {
			msg += "; Chromium reports several values, Firefox a mismatch, since it counts header lines"
		}
		fd := p.report(r, f, f.actual, msg, acaoEvidence(f.actual)...)
		fd.Chromium = withParam("MultipleAllowOriginValues", acao)
		if lines > 1 {
			fd.Firefox, fd.ffOrder = "CORSMultipleAllowOriginNotAllowed", ffActualMultipleLines
		} else {
			fd.Firefox, fd.ffOrder = "CORSAllowOriginNotMatchingOrigin", ffActualOriginValue
		}
	},
}

var ruleInvalidAllowOrigin = &Rule{
	ID:       "invalid-allow-origin",
	Severity: SeverityError,
	Title:    "the allowed origin of the response is not an origin",
	Doc: `The value is neither "*", "null" nor a parsable origin: for example a host name without a scheme,
or an empty value.`,
	Chromium: "InvalidAllowOriginValue",
	Firefox:  "CORSAllowOriginNotMatchingOrigin",
	Fix:      "Send the full serialized origin: scheme://host, plus :port when it is not the default.",
	Bad: exampleOf("A host name without scheme.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: app.example.com")), "net::ERR_FAILED")),
	Good: exampleOf("The full origin.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderActualOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include)
		if fail != originInvalid {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("Access-Control-Allow-Origin %q is not an origin; it must be %s", acao, f.origin),
			acaoEvidence(f.actual)...)
		fd.Chromium = withParam("InvalidAllowOriginValue", acao)
		fd.ffOrder = ffActualOriginValue
	},
}

var ruleAllowOriginMismatch = &Rule{
	ID:       "allow-origin-mismatch",
	Severity: SeverityError,
	Title:    "the response allows a different origin",
	Doc: `Access-Control-Allow-Origin names an origin, but not the one that made the request. The comparison
is byte for byte against the Origin header: scheme, host and port exactly, no path, no trailing
slash, lower case.`,
	Chromium: "AllowOriginMismatch",
	Firefox:  "CORSAllowOriginNotMatchingOrigin",
	Fix:      "Return the exact requesting origin, chosen from an allow-list.",
	Bad: exampleOf("The response allows another origin.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://admin.example.com")), "net::ERR_FAILED")),
	Good: exampleOf("The response allows the requesting origin.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderActualOriginValue,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		fail, acao := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include)
		if fail != originMismatch {
			return
		}
		msg := fmt.Sprintf("the response allows origin %q but the request came from %q", acao, f.origin)
		if why := mismatchReason(acao, f.origin); why != "" {
			msg += ": " + why
		}
		fd := p.report(r, f, f.actual, msg, append(acaoEvidence(f.actual), "page origin "+f.origin+" (from the "+f.originSource+")")...)
		fd.Chromium = withParam("AllowOriginMismatch", acao)
		fd.ffOrder = ffActualOriginValue
	},
}

// mismatchRefinement builds a rule that refines allow-origin-mismatch for
// one kind of difference between the allowed value and the origin.
func mismatchRefinement(id, title, doc, fix string, applies func(acao string, allowed, origin Origin, allowedErr error) bool, bad, good Example) *Rule {
	return &Rule{
		ID:       id,
		Severity: SeverityError,
		Title:    title,
		Doc:      doc,
		Chromium: "AllowOriginMismatch",
		Firefox:  "CORSAllowOriginNotMatchingOrigin",
		Fix:      fix,
		Refines:  "allow-origin-mismatch",
		Bad:      bad,
		Good:     good,
		order:    orderActualOriginValue,
		check: func(p *pass, r *Rule, f *flowState) {
			if !actualChecked(f) {
				return
			}
			fail, acao := checkOrigin(f.actual.ResponseHeaders, f.origin, f.include)
			if fail != originMismatch {
				return
			}
			origin, err := ParseOrigin(f.origin)
			if err != nil {
				return
			}
			allowed, allowedErr := OriginOf(acao)
			if !applies(acao, allowed, origin, allowedErr) {
				return
			}
			fd := p.report(r, f, f.actual, mismatchReason(acao, f.origin), acaoEvidence(f.actual)...)
			fd.Chromium = withParam("AllowOriginMismatch", acao)
			fd.ffOrder = ffActualOriginValue
		},
	}
}

var ruleAllowOriginTrailingSlash = mismatchRefinement(
	"allow-origin-trailing-slash-or-path",
	"the allowed origin has a trailing slash or path",
	`Access-Control-Allow-Origin is the requesting origin followed by "/" or a path. A serialized origin
has neither, so the values never match.`,
	"Strip the path and the trailing slash: send scheme://host[:port] only.",
	func(acao string, allowed, origin Origin, err error) bool {
		if err != nil || allowed.Opaque || origin.Opaque {
			return false
		}
		rest := strings.TrimPrefix(strings.ToLower(acao), allowed.Scheme+"://")
		return strings.Contains(rest, "/") && allowed.SameOrigin(origin)
	},
	exampleOf("The allowed origin ends with a slash.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp+"/")), "net::ERR_FAILED")),
	exampleOf("The allowed origin has no slash.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
)

var ruleAllowOriginScheme = mismatchRefinement(
	"allow-origin-scheme-mismatch",
	"the allowed origin has another scheme",
	`Access-Control-Allow-Origin names the right host and port with the wrong scheme, usually http:// for
a page served over https://.`,
	"Use the page's scheme (usually https) in the allowed origin.",
	func(acao string, allowed, origin Origin, err error) bool {
		return err == nil && !allowed.Opaque && !origin.Opaque && allowed.Host == origin.Host && allowed.Scheme != origin.Scheme
	},
	exampleOf("http allowed for an https page.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: http://app.example.com")), "net::ERR_FAILED")),
	exampleOf("https allowed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
)

var ruleAllowOriginPort = mismatchRefinement(
	"allow-origin-port-mismatch",
	"the allowed origin has another port",
	`Access-Control-Allow-Origin names the right scheme and host but another port: the port is missing for
a page on a non-default port (https://finesse.example.com for a page on :8445), differs, or spells
out the default port (:443, :80), which an Origin header never carries.`,
	"Include a non-default port exactly as the page uses it, and omit the default ports.",
	func(acao string, allowed, origin Origin, err error) bool {
		if err != nil || allowed.Opaque || origin.Opaque || allowed.Host != origin.Host || allowed.Scheme != origin.Scheme {
			return false
		}
		rest := strings.TrimPrefix(strings.ToLower(acao), allowed.Scheme+"://")
		explicitDefault := strings.Contains(rest, ":") && allowed.Port == 0
		return allowed.EffectivePort() != origin.EffectivePort() || explicitDefault
	},
	exampleOf("The port of a page on :8445 is missing.",
		withError(exchange("GET", exAPI, 200, h("Origin: https://app.example.com:8445", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)), "net::ERR_FAILED")),
	exampleOf("The port is included.",
		exchange("GET", exAPI, 200, h("Origin: https://app.example.com:8445", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://app.example.com:8445"))),
)

var ruleAllowOriginCase = mismatchRefinement(
	"allow-origin-case-mismatch",
	"the allowed origin differs only in letter case",
	`Access-Control-Allow-Origin equals the requesting origin except for letter case. Origin headers are
always lower case and the comparison is case-sensitive.`,
	"Echo the Origin header verbatim, or lower-case the configured origin.",
	func(acao string, allowed, origin Origin, err error) bool {
		return strings.EqualFold(acao, origin.String())
	},
	exampleOf("The host is capitalised.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: https://App.Example.com")), "net::ERR_FAILED")),
	exampleOf("The host is lower case.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
)

var ruleAllowOriginNull = mismatchRefinement(
	"allow-origin-null-mismatch",
	"null is allowed for a real origin, or the reverse",
	`Access-Control-Allow-Origin is "null" while the request came from a real origin, or names a real
origin while the request was sent with Origin: null (a sandboxed frame, a file: page, or a request
redirected across origins).`,
	"Return the origin actually sent; allow \"null\" only if you mean to trust every opaque origin.",
	func(acao string, allowed, origin Origin, err error) bool {
		return acao == "null" || origin.Opaque
	},
	exampleOf("null allowed for https://app.example.com.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: null")), "net::ERR_FAILED")),
	exampleOf("The real origin allowed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
)

var ruleAllowCredentialsNotTrue = &Rule{
	ID:       "allow-credentials-not-true",
	Severity: SeverityError,
	Title:    "a credentialed response does not allow credentials",
	Doc: `The request was made with credentials and Access-Control-Allow-Origin matches, but
Access-Control-Allow-Credentials is missing or not exactly "true" ("True", "1" and "\"true\"" fail).`,
	Chromium: "InvalidAllowCredentials",
	Firefox:  "CORSMissingAllowCredentials",
	Fix:      "Send Access-Control-Allow-Credentials: true exactly, in lower case.",
	Bad: exampleOf("A GET with cookies; the response lacks the header.",
		withError(exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)), "net::ERR_FAILED")),
	Good: exampleOf("The response allows credentials.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true"))),
	order: orderActualCredentials,
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		resp := f.actual.ResponseHeaders
		if fail, acao := checkOrigin(resp, f.origin, f.include); fail != originOK || acao == "*" {
			return
		}
		bad, acac := credentialsFailure(resp, f.include)
		if !bad {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the request is made with credentials, but Access-Control-Allow-Credentials is %s instead of exactly \"true\"", describeValue(acac, resp.Has("Access-Control-Allow-Credentials"))),
			quoteHeader(f.actual, resp, "Access-Control-Allow-Credentials"), "credentials: "+f.credentialsEvidence).ffOrder = ffActualCredentials
	},
}

var ruleRevalidation304 = &Rule{
	ID:       "revalidation-304-inherits-cors",
	Severity: SeverityInfo,
	Title:    "a 304 revalidation reuses the stored CORS headers",
	Doc: `The response is a 304 to a conditional request (If-None-Match or If-Modified-Since) and carries no
Access-Control-Allow-Origin. That is not a failure: the browser updates its stored response and
checks the stored response's CORS headers.`,
	Fix: "None needed.",
	Bad: exampleOf("A 304 without CORS headers.",
		exchange("GET", exAPI, 304, h(exOrigin, "If-None-Match: \"v7\"", "Sec-Fetch-Mode: cors"), h("ETag: \"v7\""))),
	Good: exampleOf("A 200 with CORS headers.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("ETag: \"v7\"", "Access-Control-Allow-Origin: *"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.actualResponded() || !isRevalidation304(f.actual) || f.actual.ResponseHeaders.Has("Access-Control-Allow-Origin") {
			return
		}
		p.report(r, f, f.actual,
			"the 304 revalidation carries no CORS headers; the browser checks those of the stored response instead, so this is not a failure",
			fmt.Sprintf("%s: status 304, %s", entryLabel(f.actual), conditionalHeaders(f.actual)))
	},
}

func conditionalHeaders(e *Exchange) string {
	var parts []string
	for _, name := range []string{"If-None-Match", "If-Modified-Since"} {
		if v, ok := e.RequestHeaders.Get(name); ok {
			parts = append(parts, name+": "+v)
		}
	}
	return strings.Join(parts, ", ")
}

var ruleSideEffectDespiteBlock = &Rule{
	ID:       "side-effect-despite-cors-block",
	Severity: SeverityWarning,
	Title:    "the server acted on a request the browser then blocked",
	Doc: `A state-changing request (POST, PUT, PATCH, DELETE) reached the server and was answered 2xx or 3xx,
but the browser blocked the page from reading the response. The change happened although the
application saw a network error, and a retry may repeat it. CORS does not stop requests from being
sent; it only stops pages from reading responses.`,
	Fix: "Fix the CORS headers on this response; make the endpoint idempotent or protect it against cross-site requests (CSRF tokens), since CORS does not prevent the request.",
	Bad: exampleOf("A POST that the server processed, blocked for the page.",
		withError(exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Location: "+exAPI+"/7")), "net::ERR_FAILED")),
	Good: exampleOf("The POST response carries the CORS headers.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Location: "+exAPI+"/7", "Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) || f.mode != "cors" {
			return
		}
		switch strings.ToUpper(f.actual.Method) {
		case "POST", "PUT", "PATCH", "DELETE":
		default:
			return
		}
		if f.actual.Status < 200 || f.actual.Status >= 400 || passesCORSCheck(f.actual.ResponseHeaders, f.origin, f.include) {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("the server answered the %s with %d, so it acted on the request, but the browser blocked the page from reading the answer; the application saw a network error although the change happened", f.actual.Method, f.actual.Status),
			fmt.Sprintf("%s: status %d", entryLabel(f.actual), f.actual.Status))
	},
}

var ruleNetworkErrorNotCORS = &Rule{
	ID:       "network-error-not-cors",
	Severity: SeverityError,
	Title:    "the request failed at the network level, not in CORS",
	Doc: `No HTTP response arrived: the name did not resolve, the connection was refused or reset, TLS
failed, or an extension blocked the request. Firefox prints "CORS request did not succeed" for this,
which sends people hunting for CORS headers; the cause is connectivity or certificates.`,
	Chromium: "the net:: error of the request (no CorsError)",
	Firefox:  "CORSDidNotSucceed2",
	Fix:      "Fix connectivity, DNS or the certificate of the server; CORS headers cannot help while no response arrives.",
	Bad: exampleOf("The connection is refused.",
		withError(exchange("GET", exAPI, 0, h(exOrigin, "Sec-Fetch-Mode: cors"), nil), "net::ERR_CONNECTION_REFUSED")),
	Good: exampleOf("The request gets a response.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderActualNetwork,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.actual == nil || !isNetworkError(f.actual) {
			return
		}
		if f.preflight != nil && !f.preflightResponded() {
			return // the preflight failed first; preflight-network-error reports it
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("%s got no HTTP response (%s); this is a network failure, not a CORS header problem", describe(f.actual), f.actual.Error),
			fmt.Sprintf("%s: status %d, error %q", entryLabel(f.actual), f.actual.Status, f.actual.Error))
		fd.Chromium = netErrorName(f.actual.Error)
		fd.ffOrder = ffActualNetwork
	},
}

func init() {
	register(
		ruleMissingAllowOrigin, ruleCORSHeadersOnlyOnPreflight, ruleErrorStatusWithoutCORS,
		ruleWildcardOriginWithCredentials, ruleMultipleAllowOrigin, ruleInvalidAllowOrigin,
		ruleAllowOriginMismatch, ruleAllowOriginTrailingSlash, ruleAllowOriginScheme,
		ruleAllowOriginPort, ruleAllowOriginCase, ruleAllowOriginNull,
		ruleAllowCredentialsNotTrue, ruleRevalidation304, ruleSideEffectDespiteBlock,
		ruleNetworkErrorNotCORS,
	)
}
