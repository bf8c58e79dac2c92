package analyzer

import (
	"fmt"
	"strings"
)

// orderMixedContent puts the mixed-content block before every CORS check:
// the browser refuses the request before it reaches the network.
const orderMixedContent = 1

var ruleMixedContentBlocked = &Rule{
	ID:       "mixed-content-blocked",
	Severity: SeverityError,
	Title:    "an https page requested an http URL",
	Doc: `A page served over https requested a plain http URL on another host. Browsers block such mixed
content before any CORS logic runs, so nothing reaches the network and no CORS header can help.
Chromium reports it as mixed content, not as a CORS error; Firefox prints "CORS request did not
succeed". Loopback addresses (localhost, 127.0.0.1) are exempt.`,
	Chromium: "blocked:mixed-content",
	Firefox:  "CORSDidNotSucceed2",
	Fix:      "Serve the API over https and call it with an https URL.",
	Bad: exampleOf("An https page fetches an http API.",
		exchange("GET", "https://app.example.com/", 200, h("Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"), h("Content-Type: text/html")),
		exchange("GET", "http://api.example.com/v1/items", 0, h(exOrigin, "Sec-Fetch-Mode: cors"), nil)),
	Good: exampleOf("The API is called over https.",
		exchange("GET", "https://app.example.com/", 200, h("Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"), h("Content-Type: text/html")),
		exchange("GET", "https://api.example.com/v1/items", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	order: orderMixedContent,
	check: func(p *pass, r *Rule, f *flowState) {
		if f.actual == nil || f.actual.HasResponse() {
			return
		}
		page, err := ParseOrigin(f.origin)
		if err != nil || page.Scheme != "https" {
			return
		}
		target, err := OriginOf(f.actual.URL)
		if err != nil || target.Scheme != "http" && target.Scheme != "ws" || target.IsPotentiallyTrustworthy() {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the https page %s requested the http URL %s; the browser blocks mixed content before sending it, so no CORS header is involved", f.origin, f.actual.URL),
			fmt.Sprintf("%s: %s, status %d, no response", entryLabel(f.actual), describe(f.actual), f.actual.Status),
			"page origin "+f.origin+" (from the "+f.originSource+")")
		fd.ffOrder = orderMixedContent
	},
}

// orderRedirectLocation places the redirect target checks before the CORS
// check of the redirect response, as Chromium runs them on a redirect.
const orderRedirectLocation = orderActualNetwork - 1

var ruleRedirectLocationCredentials = &Rule{
	ID:       "redirect-location-has-credentials",
	Severity: SeverityError,
	Title:    "a CORS request was redirected to a URL with a password",
	Doc: `The response redirects a CORS request to a URL that contains user information (user:password@).
The Fetch standard turns such a redirect into a network error for cross-origin requests.`,
	Chromium: "RedirectContainsCredentials",
	Firefox:  "no dedicated console message (the request is cancelled)",
	Fix:      "Remove the user name and password from the Location URL; authenticate with a header or a signed URL instead.",
	Bad: exampleOf("A redirect to user:secret@.",
		withError(exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://user:secret@files.example.net/export.csv", "Access-Control-Allow-Origin: "+exApp)), "net::ERR_FAILED")),
	Good: exampleOf("A redirect to a plain URL.",
		exchange("GET", exAPI, 302, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Location: https://files.example.net/export.csv", "Access-Control-Allow-Origin: "+exApp))),
	order: orderRedirectLocation,
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.actualResponded() || !isRedirectStatus(f.actual.Status) {
			return
		}
		location := f.actual.ResponseHeaders.Value("Location")
		if location == "" {
			location = f.actual.RedirectURL
		}
		if !hasUserInfo(location) {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("the %d response redirects the CORS request to a URL with user information, which the browser refuses", f.actual.Status),
			fmt.Sprintf("%s: status %d, Location: %s", entryLabel(f.actual), f.actual.Status, location))
		fd.ffOrder = orderRedirectLocation
	},
}

// hasUserInfo reports whether the absolute URL u carries user information.
func hasUserInfo(u string) bool {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return false
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	return strings.Contains(authority, "@")
}

func init() {
	register(ruleMixedContentBlocked, ruleRedirectLocationCredentials)
}
