package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// safelistedResponseHeaders are the response headers script can always
// read from a CORS response (the CORS-safelisted response-header names).
var safelistedResponseHeaders = map[string]bool{
	"cache-control": true, "content-language": true, "content-length": true,
	"content-type": true, "expires": true, "last-modified": true, "pragma": true,
}

// commonlyReadHeaders are response headers that applications commonly read
// from script; finding one hidden from script is worth a note.
var commonlyReadHeaders = map[string]bool{
	"etag": true, "location": true, "link": true, "content-disposition": true,
	"x-request-id": true, "x-correlation-id": true, "x-total-count": true,
	"x-ratelimit-remaining": true, "x-ratelimit-limit": true, "retry-after": true,
	"www-authenticate": true, "x-csrf-token": true, "x-xsrf-token": true,
}

// exposedHeaders returns the parsed Access-Control-Expose-Headers of resp.
func exposedHeaders(resp Headers) []string {
	v, _ := resp.Get("Access-Control-Expose-Headers")
	tokens, _ := parseTokenList(v)
	return tokens
}

// readable reports whether the flow's actual response reached the page:
// it passes the CORS check.
func readable(f *flowState) bool {
	return actualChecked(f) && passesCORSCheck(f.actual.ResponseHeaders, f.origin, f.include)
}

var ruleExposeWildcardCredentials = &Rule{
	ID:       "expose-headers-wildcard-with-credentials",
	Severity: SeverityWarning,
	Title:    "expose headers \"*\" on a credentialed response",
	Doc: `For a request with credentials, "*" in Access-Control-Expose-Headers is the literal header name "*",
not a wildcard, so every non-safelisted header stays hidden from script. The request works; reading
a header such as X-Total-Count or Content-Disposition silently returns null.`,
	Fix: "List the header names script reads in Access-Control-Expose-Headers.",
	Bad: exampleOf("A credentialed response exposing \"*\".",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Expose-Headers: *", "X-Total-Count: 42"))),
	Good: exampleOf("The header is listed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cookie: session=placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Expose-Headers: X-Total-Count", "X-Total-Count: 42"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.include || !readable(f) || !contains(exposedHeaders(f.actual.ResponseHeaders), "*") {
			return
		}
		p.report(r, f, f.actual,
			"the response to a request with credentials exposes \"*\", which for credentialed requests names a header literally called \"*\"; no other header becomes readable",
			quoteHeader(f.actual, f.actual.ResponseHeaders, "Access-Control-Expose-Headers"), "credentials: "+f.credentialsEvidence)
	},
}

var ruleResponseHeaderNotExposed = &Rule{
	ID:       "response-header-not-exposed",
	Severity: SeverityInfo,
	Title:    "a response header that apps read is hidden from script",
	Doc: `The response carries a header that applications commonly read (ETag, Location, Link,
Content-Disposition, X-Request-Id, X-Total-Count, ...) but Access-Control-Expose-Headers does not
list it, so script cannot read it: getResponseHeader() and headers.get() return null. Only
Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified and Pragma are
readable without being exposed.`,
	Fix: "Add the header names the client reads to Access-Control-Expose-Headers.",
	Bad: exampleOf("X-Total-Count without exposure.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "X-Total-Count: 42"))),
	Good: exampleOf("X-Total-Count exposed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Expose-Headers: X-Total-Count", "X-Total-Count: 42"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !readable(f) {
			return
		}
		exposed := exposedHeaders(f.actual.ResponseHeaders)
		if contains(exposed, "*") && !f.include {
			return
		}
		seen := map[string]bool{}
		var hidden []string
		for _, line := range f.actual.ResponseHeaders {
			name := strings.ToLower(line.Name)
			if seen[name] || !commonlyReadHeaders[name] || safelistedResponseHeaders[name] || containsFold(exposed, name) {
				continue
			}
			seen[name] = true
			hidden = append(hidden, line.Name)
		}
		if len(hidden) == 0 {
			return
		}
		sort.Strings(hidden)
		p.report(r, f, f.actual,
			fmt.Sprintf("the response carries %s, which script cannot read because Access-Control-Expose-Headers does not list it", joinNames(hidden)),
			quoteHeader(f.actual, f.actual.ResponseHeaders, "Access-Control-Expose-Headers"))
	},
}

var ruleExposeForbidden = &Rule{
	ID:       "expose-headers-forbidden-name",
	Severity: SeverityInfo,
	Title:    "the exposed headers list Set-Cookie",
	Doc: `Access-Control-Expose-Headers lists Set-Cookie or Set-Cookie2. Browsers never expose these to script,
whatever the server says; cookies are not readable from responses by design.`,
	Fix: "Remove Set-Cookie from Access-Control-Expose-Headers.",
	Bad: exampleOf("Set-Cookie listed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Expose-Headers: Set-Cookie, ETag"))),
	Good: exampleOf("Only ETag listed.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Expose-Headers: ETag"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !actualChecked(f) {
			return
		}
		exposed := exposedHeaders(f.actual.ResponseHeaders)
		if !containsFold(exposed, "set-cookie") && !containsFold(exposed, "set-cookie2") {
			return
		}
		p.report(r, f, f.actual,
			"Access-Control-Expose-Headers lists Set-Cookie, which browsers never expose to script",
			quoteHeader(f.actual, f.actual.ResponseHeaders, "Access-Control-Expose-Headers"))
	},
}

func init() {
	register(ruleExposeWildcardCredentials, ruleResponseHeaderNotExposed, ruleExposeForbidden)
}
