package analyzer

import (
	"fmt"
	"strings"
)

var rulePreflightStatusNotOK = &Rule{
	ID:       "preflight-status-not-ok",
	Severity: SeverityError,
	Title:    "the preflight status is not 2xx",
	Doc: `A preflight succeeds only with an ok status, 200 to 299 (204 is fine). Chromium reports the status
only when the origin checks passed; when the error response also lacks CORS headers it reports the
missing header instead, and this rule names the status that is the real cause.`,
	Chromium: "PreflightInvalidStatus",
	Firefox:  "CORSPreflightDidNotSucceed3",
	Fix:      "Answer OPTIONS with 200 or 204 and the CORS headers, before authentication, routing or method checks reject it.",
	Bad: exampleOf("The preflight gets a 500 although it carries CORS headers.",
		blockedByBrowser(exchange("DELETE", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 500, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: DELETE"))),
	Good: exampleOf("The preflight gets a 204.",
		exchange("DELETE", exAPI, 204, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: DELETE"))),
	order: orderPreflightStatus,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) || isOKStatus(f.preflight.Status) {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight %s was answered %d; a preflight needs a status from 200 to 299", describe(f.preflight), f.preflight.Status),
			statusEvidence(f.preflight))
		fd.Chromium, fd.Firefox, fd.ffOrder = preflightStatusNames(p, f)
	},
}

var rulePreflightRejectedByAuth = &Rule{
	ID:       "preflight-rejected-by-auth",
	Severity: SeverityError,
	Title:    "the preflight was refused with 401, 403 or 407",
	Doc: `The preflight was answered 401, 403 or 407. Preflights never carry cookies or Authorization, so a
server or gateway that authenticates OPTIONS requests rejects every preflight. A 403 is also what
servers with an allowed-origin list send for an origin missing from the list.`,
	Chromium: "PreflightInvalidStatus, or PreflightMissingAllowOriginHeader when the response has no CORS headers",
	Firefox:  "CORSPreflightDidNotSucceed3 or CORSMissingAllowOrigin2",
	Fix:      "Exempt OPTIONS from authentication (run the CORS handler before the authentication filter); for a 403 from an allowed-origin list, add the requesting origin to the list.",
	Refines:  "preflight-status-not-ok",
	Bad: exampleOf("The preflight is rejected with 401.",
		blockedByBrowser(exchange("GET", exAPI, 0, h("Authorization: Bearer placeholder"), nil)),
		exchange("OPTIONS", exAPI, 401, exPreflightReq("GET", "authorization"), h("WWW-Authenticate: Bearer"))),
	Good: exampleOf("The preflight is answered without authentication.",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: authorization"))),
	order: orderPreflightStatus,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		status := f.preflight.Status
		if status != 401 && status != 403 && status != 407 {
			return
		}
		msg := fmt.Sprintf("the preflight was rejected with %d; preflights never carry cookies or Authorization, so authentication on OPTIONS rejects every one", status)
		if status == 403 {
			msg = fmt.Sprintf("the preflight was rejected with 403: either authentication runs before CORS on OPTIONS, or the server's allowed-origin list does not contain %s", f.origin)
		}
		evidence := []string{statusEvidence(f.preflight)}
		if v, ok := f.preflight.ResponseHeaders.Get("WWW-Authenticate"); ok {
			evidence = append(evidence, entryLabel(f.preflight)+": WWW-Authenticate: "+v)
		}
		fd := p.report(r, f, f.preflight, msg, evidence...)
		fd.Chromium, fd.Firefox, fd.ffOrder = preflightStatusNames(p, f)
	},
}

var rulePreflightOptionsUnhandled = &Rule{
	ID:       "preflight-options-unhandled",
	Severity: SeverityError,
	Title:    "the server has no OPTIONS handler for this URL",
	Doc: `The preflight was answered 404, 405 or 501: the route or framework does not handle OPTIONS, so the
CORS middleware never ran for it.`,
	Chromium: "PreflightInvalidStatus, or PreflightMissingAllowOriginHeader when the response has no CORS headers",
	Firefox:  "CORSPreflightDidNotSucceed3 or CORSMissingAllowOrigin2",
	Fix:      "Add an OPTIONS handler or CORS middleware to this route, ahead of routing and method checks.",
	Refines:  "preflight-status-not-ok",
	Bad: exampleOf("The preflight is answered 405.",
		blockedByBrowser(exchange("PUT", exAPI, 0, h("Content-Type: application/json"), nil)),
		exchange("OPTIONS", exAPI, 405, exPreflightReq("PUT", "content-type"), h("Allow: GET, PUT"))),
	Good: exampleOf("The preflight is answered 204.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	order: orderPreflightStatus,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightHeadersChecked(f) {
			return
		}
		status := f.preflight.Status
		if status != 404 && status != 405 && status != 501 {
			return
		}
		evidence := []string{statusEvidence(f.preflight)}
		if v, ok := f.preflight.ResponseHeaders.Get("Allow"); ok {
			evidence = append(evidence, entryLabel(f.preflight)+": Allow: "+v)
		}
		msg := fmt.Sprintf("the preflight was answered %d: the server has no OPTIONS handler for %s", status, f.preflight.URL)
		other := otherRequestWithStatus(p, f.preflight, 404)
		if status == 404 && other != nil {
			msg = fmt.Sprintf("the preflight was answered 404, and so was %s %s to the same URL: the URL itself does not exist on the server; check the URL the client calls before the CORS configuration", entryLabel(other), other.Method)
			evidence = append(evidence, statusEvidence(other))
		}
		fd := p.report(r, f, f.preflight, msg, evidence...)
		if status == 404 && other != nil {
			fd.Fix = "Correct the URL the client calls (the resource answers 404 to every method); then make sure OPTIONS is answered there."
			fd.Related = append(fd.Related, RefOf(other))
		}
		fd.Chromium, fd.Firefox, fd.ffOrder = preflightStatusNames(p, f)
	},
}

// preflightStatusNames returns what Chromium and Firefox report for a
// preflight with a bad status: the status error when the origin checks
// pass, else the missing-header error that hides it.
func preflightStatusNames(p *pass, f *flowState) (chromium, firefox string, ffOrder int) {
	status := fmt.Sprintf("Status code: %d", f.preflight.Status)
	if fail, _ := checkOrigin(f.preflight.ResponseHeaders, f.origin, f.include); fail == originMissing {
		return "PreflightMissingAllowOriginHeader", withParam("CORSMissingAllowOrigin2", status), ffPreflightStatus
	}
	return "PreflightInvalidStatus", withParam("CORSPreflightDidNotSucceed3", status), ffPreflightStatus
}

var rulePreflightInvalidAllowMethods = &Rule{
	ID:       "preflight-invalid-allow-methods",
	Severity: SeverityError,
	Title:    "the preflight's allowed methods cannot be parsed",
	Doc: `Access-Control-Allow-Methods must be a comma-separated list of method tokens. A value separated by
spaces or semicolons ("GET POST", "GET;POST") is not a list of tokens, and the browser rejects the
whole preflight.`,
	Chromium: "InvalidAllowMethodsPreflightResponse",
	Firefox:  "CORSInvalidAllowMethod",
	Fix:      "Separate methods with commas: Access-Control-Allow-Methods: GET, POST, PUT.",
	Bad: exampleOf("Methods separated by spaces.",
		blockedByBrowser(exchange("PUT", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: GET POST PUT"))),
	Good: exampleOf("Methods separated by commas.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: GET, POST, PUT"))),
	order: orderPreflightInvalidMethods,
	check: func(p *pass, r *Rule, f *flowState) {
		checkTokenList(p, r, f, "Access-Control-Allow-Methods", "a method token", ffPreflightInvalidMethods)
	},
}

var rulePreflightInvalidAllowHeaders = &Rule{
	ID:       "preflight-invalid-allow-headers",
	Severity: SeverityError,
	Title:    "the preflight's allowed headers cannot be parsed",
	Doc: `Access-Control-Allow-Headers must be a comma-separated list of header names. An element with a space
inside, quotes or other characters that are not allowed in a token makes the browser reject the
whole preflight.`,
	Chromium: "InvalidAllowHeadersPreflightResponse",
	Firefox:  "CORSInvalidAllowHeader",
	Fix:      "Separate header names with commas and send only valid names: Access-Control-Allow-Headers: content-type, x-api-key.",
	Bad: exampleOf("Header names separated by spaces.",
		blockedByBrowser(exchange("GET", exAPI, 0, h("X-Api-Key: placeholder", "X-Tenant: t1"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-api-key,x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-api-key x-tenant"))),
	Good: exampleOf("Header names separated by commas.",
		exchange("GET", exAPI, 200, h(exOrigin, "X-Api-Key: placeholder", "X-Tenant: t1", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-api-key,x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-api-key, x-tenant"))),
	order: orderPreflightInvalidHeaders,
	check: func(p *pass, r *Rule, f *flowState) {
		checkTokenList(p, r, f, "Access-Control-Allow-Headers", "a header name", ffPreflightInvalidHeaders)
	},
}

// requestedMethod returns the method the preflight asked for, or the flow's
// method when the preflight lacks Access-Control-Request-Method.
func requestedMethod(f *flowState) string {
	if v, ok := f.preflight.RequestHeaders.Get("Access-Control-Request-Method"); ok && v != "" {
		return v
	}
	return f.method
}

// methodAllowed reports whether the preflight response of f allows method:
// a safelisted method always passes, others must be listed byte for byte or
// covered by "*" on a request without credentials.
func methodAllowed(f *flowState, method string) (allowed bool, tokens []string) {
	v, _ := f.preflight.ResponseHeaders.Get("Access-Control-Allow-Methods")
	tokens, bad := parseTokenList(v)
	if bad != "" {
		return true, tokens // reported by preflight-invalid-allow-methods
	}
	if safelistedMethods[method] || contains(tokens, method) {
		return true, tokens
	}
	return contains(tokens, "*") && !f.include, tokens
}

var rulePreflightMethodNotAllowed = &Rule{
	ID:       "preflight-method-not-allowed",
	Severity: SeverityError,
	Title:    "the preflight does not allow the request method",
	Doc: `A method other than GET, HEAD and POST must appear in the preflight's Access-Control-Allow-Methods,
compared byte for byte, or be covered by "*" on a request without credentials.`,
	Chromium: "MethodDisallowedByPreflightResponse",
	Firefox:  "CORSMethodNotFound",
	Fix:      "List the method in Access-Control-Allow-Methods on the OPTIONS response, in the exact case the client sends (upper case for the standard methods).",
	Bad: exampleOf("A DELETE whose preflight allows only GET and POST.",
		blockedByBrowser(exchange("DELETE", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: GET, POST"))),
	Good: exampleOf("The preflight allows DELETE.",
		exchange("DELETE", exAPI, 204, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: GET, POST, DELETE"))),
	order: orderPreflightMethod,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) {
			return
		}
		method := requestedMethod(f)
		allowed, _ := methodAllowed(f, method)
		if allowed {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight does not allow method %s: Access-Control-Allow-Methods is %s", method,
				describeValue(f.preflight.ResponseHeaders.Value("Access-Control-Allow-Methods"), f.preflight.ResponseHeaders.Has("Access-Control-Allow-Methods"))),
			quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Method"),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Methods"))
		fd.Chromium = withParam("MethodDisallowedByPreflightResponse", method)
		fd.ffOrder = ffPreflightMethod
	},
}

var rulePreflightMethodCase = &Rule{
	ID:       "preflight-method-case-mismatch",
	Severity: SeverityError,
	Title:    "the allowed method differs from the request only in case",
	Doc: `Access-Control-Allow-Methods lists the method in another letter case ("put" for PUT, or "PATCH" for
a script that sent "patch"). Methods compare byte for byte; Chromium upper-cased the request method
before its spec-conformance change and compares exactly now.`,
	Chromium: "MethodDisallowedByPreflightResponse",
	Firefox:  "CORSMethodNotFound",
	Fix:      "List the method exactly as the client sends it: the standard methods in upper case; PATCH in the case the script uses.",
	Refines:  "preflight-method-not-allowed",
	Bad: exampleOf("ACAM lists put in lower case.",
		blockedByBrowser(exchange("PUT", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: get, put"))),
	Good: exampleOf("ACAM lists PUT in upper case.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: GET, PUT"))),
	order: orderPreflightMethod,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) {
			return
		}
		method := requestedMethod(f)
		allowed, tokens := methodAllowed(f, method)
		if allowed || !containsFold(tokens, method) {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("Access-Control-Allow-Methods lists %s only in another letter case; current Chromium and Firefox compare methods byte for byte and block it, while Chromium before its spec-conformance change (or with the enterprise policy AccessControlAllowMethodsInCORSPreflightSpecConformant turned off) upper-cased the method and allowed it", method),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Methods"))
		fd.Chromium = withParam("MethodDisallowedByPreflightResponse", method)
		fd.ffOrder = ffPreflightMethod
	},
}

var rulePreflightMethodWildcard = &Rule{
	ID:       "preflight-method-wildcard-with-credentials",
	Severity: SeverityError,
	Title:    "methods \"*\" does not cover a credentialed request",
	Doc: `With credentials, "*" in Access-Control-Allow-Methods is the literal method name "*", not a
wildcard, so a credentialed DELETE or PUT is refused.`,
	Chromium: "MethodDisallowedByPreflightResponse",
	Firefox:  "CORSMethodNotFound",
	Fix:      "List the methods explicitly in Access-Control-Allow-Methods.",
	Refines:  "preflight-method-not-allowed",
	Bad: exampleOf("A credentialed DELETE answered with methods \"*\".",
		blockedByBrowser(exchange("DELETE", exAPI, 0, nil, nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Methods: *"))),
	Good: exampleOf("The methods are listed.",
		exchange("DELETE", exAPI, 204, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Methods: GET, DELETE"))),
	order: orderPreflightMethod,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) || !f.include {
			return
		}
		method := requestedMethod(f)
		allowed, tokens := methodAllowed(f, method)
		if allowed || !contains(tokens, "*") {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("Access-Control-Allow-Methods is \"*\", which for a request with credentials is the literal method \"*\" and does not allow %s", method),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Methods"), "credentials: "+f.credentialsEvidence)
		fd.Chromium = withParam("MethodDisallowedByPreflightResponse", method)
		fd.ffOrder = ffPreflightMethod
	},
}

// disallowedHeader returns the first requested header name that the
// preflight response of f does not allow, "" when all are allowed, and the
// parsed Access-Control-Allow-Headers list.
func disallowedHeader(f *flowState) (name string, tokens []string) {
	v, _ := f.preflight.ResponseHeaders.Get("Access-Control-Allow-Headers")
	tokens, bad := parseTokenList(v)
	if bad != "" {
		return "", tokens // reported by preflight-invalid-allow-headers
	}
	wildcard := contains(tokens, "*") && !f.include
	for _, n := range f.unsafeNames() {
		if containsFold(tokens, n) {
			continue
		}
		// Current Chromium and Firefox still let Authorization through "*";
		// preflight-authorization-not-covered-by-wildcard warns about it.
		if wildcard {
			continue
		}
		return n, tokens
	}
	return "", tokens
}

var rulePreflightHeaderNotAllowed = &Rule{
	ID:       "preflight-header-not-allowed",
	Severity: SeverityError,
	Title:    "the preflight does not allow a request header",
	Doc: `Every request header that is not CORS-safelisted (Authorization, custom X- headers, Content-Type
with a type other than the three form types, ...) must appear in the preflight's
Access-Control-Allow-Headers (names compare without regard to case), or be covered by "*" on a
request without credentials.`,
	Chromium: "HeaderDisallowedByPreflightResponse",
	Firefox:  "CORSMissingAllowHeaderFromPreflight2",
	Fix:      "Add the header name to Access-Control-Allow-Headers on the OPTIONS response.",
	Bad: exampleOf("The request sends x-tenant, the preflight allows only content-type.",
		blockedByBrowser(exchange("POST", exAPI, 0, h("Content-Type: application/json", "X-Tenant: t1"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type,x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("The preflight allows both headers.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: application/json", "X-Tenant: t1", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type,x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type, x-tenant"))),
	order: orderPreflightHeader,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) {
			return
		}
		name, _ := disallowedHeader(f)
		if name == "" {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("the preflight does not allow request header %q: Access-Control-Allow-Headers is %s", name,
				describeValue(f.preflight.ResponseHeaders.Value("Access-Control-Allow-Headers"), f.preflight.ResponseHeaders.Has("Access-Control-Allow-Headers"))),
			quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Headers"),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Headers"))
		fd.Chromium = withParam("HeaderDisallowedByPreflightResponse", name)
		fd.Firefox = withParam("CORSMissingAllowHeaderFromPreflight2", name)
		fd.ffOrder = ffPreflightHeader
	},
}

var rulePreflightHeaderWildcard = &Rule{
	ID:       "preflight-header-wildcard-with-credentials",
	Severity: SeverityError,
	Title:    "headers \"*\" does not cover a credentialed request",
	Doc: `With credentials, "*" in Access-Control-Allow-Headers is the literal header name "*", not a
wildcard, so every custom header of a credentialed request is refused.`,
	Chromium: "HeaderDisallowedByPreflightResponse",
	Firefox:  "CORSMissingAllowHeaderFromPreflight2",
	Fix:      "List the header names explicitly in Access-Control-Allow-Headers.",
	Refines:  "preflight-header-not-allowed",
	Bad: exampleOf("A credentialed request with x-tenant answered with headers \"*\".",
		blockedByBrowser(exchange("GET", exAPI, 0, h("X-Tenant: t1"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Headers: *"))),
	Good: exampleOf("The header is listed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "X-Tenant: t1", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-tenant"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Headers: x-tenant"))),
	order: orderPreflightHeader,
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) || !f.include {
			return
		}
		name, tokens := disallowedHeader(f)
		if name == "" || !contains(tokens, "*") {
			return
		}
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("Access-Control-Allow-Headers is \"*\", which for a request with credentials is the literal name \"*\" and does not allow %q", name),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Headers"), "credentials: "+f.credentialsEvidence)
		fd.Chromium = withParam("HeaderDisallowedByPreflightResponse", name)
		fd.Firefox = withParam("CORSMissingAllowHeaderFromPreflight2", name)
		fd.ffOrder = ffPreflightHeader
	},
}

var rulePreflightAuthorizationWildcard = &Rule{
	ID:       "preflight-authorization-not-covered-by-wildcard",
	Severity: SeverityWarning,
	Title:    "the Authorization header is allowed only through \"*\"",
	Doc: `The request sends Authorization and the preflight answers Access-Control-Allow-Headers: * without
naming authorization. The Fetch standard says "*" never covers Authorization, but Chromium and
Firefox still let it through today: Chromium raises the DevTools issue
AuthorizationCoveredByWildcard, Firefox warns with CORSAllowHeaderFromPreflightDeprecation. The
request works now and breaks when browsers enforce the standard.`,
	Chromium: "allowed; DevTools issue AuthorizationCoveredByWildcard (HeaderDisallowedByPreflightResponse once enforced)",
	Firefox:  "allowed; CORSAllowHeaderFromPreflightDeprecation",
	Fix:      "Add authorization explicitly to Access-Control-Allow-Headers (for example \"*, authorization\").",
	Bad: exampleOf("Authorization allowed only by \"*\".",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: *"))),
	Good: exampleOf("Authorization named explicitly.",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: *")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: *, authorization"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) || f.include || !containsFold(f.unsafeNames(), "authorization") {
			return
		}
		v, _ := f.preflight.ResponseHeaders.Get("Access-Control-Allow-Headers")
		tokens, bad := parseTokenList(v)
		if bad != "" || !contains(tokens, "*") || containsFold(tokens, "authorization") {
			return
		}
		p.report(r, f, f.preflight,
			"the request sends Authorization, which the preflight allows only through Access-Control-Allow-Headers: *; browsers accept this today but the standard does not, and enforcement will block it",
			quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Headers"),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Headers"))
	},
}

var rulePreflightPrivateNetwork = &Rule{
	ID:       "preflight-private-network-not-allowed",
	Severity: SeverityWarning,
	Title:    "the preflight does not allow private network access",
	Doc: `The preflight carried Access-Control-Request-Private-Network: true (Chromium's Private Network
Access, sent when a public page calls a private or local address) and the response lacks
Access-Control-Allow-Private-Network: true. Chromium has replaced these preflights with a
Local Network Access permission prompt, so the outcome depends on the browser version.`,
	Chromium: "PreflightMissingAllowPrivateNetwork (legacy)",
	Firefox:  "",
	Fix:      "Answer with Access-Control-Allow-Private-Network: true, or serve the API from a public address.",
	Bad: exampleOf("A private-network preflight without the allow header.",
		exchange("GET", "https://printer.example.com/status", 200, h(exOrigin, "X-Requested-With: XMLHttpRequest", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", "https://printer.example.com/status", 204, append(exPreflightReq("GET", "x-requested-with"), "Access-Control-Request-Private-Network: true"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-requested-with"))),
	Good: exampleOf("The preflight allows private network access.",
		exchange("GET", "https://printer.example.com/status", 200, h(exOrigin, "X-Requested-With: XMLHttpRequest", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", "https://printer.example.com/status", 204, append(exPreflightReq("GET", "x-requested-with"), "Access-Control-Request-Private-Network: true"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-requested-with", "Access-Control-Allow-Private-Network: true"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !preflightListsChecked(f) {
			return
		}
		if !strings.EqualFold(f.preflight.RequestHeaders.Value("Access-Control-Request-Private-Network"), "true") {
			return
		}
		if f.preflight.ResponseHeaders.Value("Access-Control-Allow-Private-Network") == "true" {
			return
		}
		p.report(r, f, f.preflight,
			"the preflight asked for private network access (Access-Control-Request-Private-Network: true) and the response does not grant it",
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Allow-Private-Network"))
	},
}

func init() {
	register(
		rulePreflightNetworkError, rulePreflightRedirect, rulePreflightMissingAllowOrigin,
		rulePreflightWildcardOrigin, rulePreflightMultipleAllowOrigin, rulePreflightInvalidAllowOrigin,
		rulePreflightAllowOriginMismatch, rulePreflightAllowCredentials, rulePreflightStatusNotOK,
		rulePreflightRejectedByAuth, rulePreflightOptionsUnhandled, rulePreflightInvalidAllowMethods,
		rulePreflightInvalidAllowHeaders, rulePreflightMethodNotAllowed, rulePreflightMethodCase,
		rulePreflightMethodWildcard, rulePreflightHeaderNotAllowed, rulePreflightHeaderWildcard,
		rulePreflightAuthorizationWildcard, rulePreflightPrivateNetwork,
	)
}

// otherRequestWithStatus returns a request of the trace, other than the
// preflight pf, to the same URL whose response had status, or nil.
func otherRequestWithStatus(p *pass, pf *Exchange, status int) *Exchange {
	for _, i := range p.index().byURL[urlWithoutFragment(pf.URL)] {
		if e := &p.trace.Exchanges[i]; e.Status == status {
			return e
		}
	}
	return nil
}

// checkTokenList reports rule r when the preflight response's header, a
// comma-separated token list, contains an element that is not a token.
// kind names the expected element for the message, such as "a method token".
func checkTokenList(p *pass, r *Rule, f *flowState, header, kind string, ffOrder int) {
	if !preflightListsChecked(f) {
		return
	}
	v, ok := f.preflight.ResponseHeaders.Get(header)
	if !ok {
		return
	}
	if _, bad := parseTokenList(v); bad != "" {
		fd := p.report(r, f, f.preflight,
			fmt.Sprintf("%s %q contains %q, which is not %s; the browser rejects the whole list", header, v, bad, kind),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, header))
		fd.Chromium = r.Chromium
		fd.ffOrder = ffOrder
	}
}
