package analyzer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var rulePreflightRequiredMethod = &Rule{
	ID:       "preflight-required-method",
	Severity: SeverityInfo,
	Title:    "the method needs a preflight",
	Doc: `A cross-origin request whose method is not GET, HEAD or POST needs a preflight. The comparison is
byte for byte: fetch() and XMLHttpRequest upper-case only the standard methods, so "patch" stays
"patch" and is not "PATCH".`,
	Fix: "Answer OPTIONS for this URL with the method in Access-Control-Allow-Methods, or use GET or POST.",
	Bad: exampleOf("A cross-origin PUT.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT"))),
	Good: exampleOf("A cross-origin GET.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !f.methodUnsafe || f.mode != "cors" {
			return
		}
		p.report(r, f, f.subject(),
			fmt.Sprintf("method %s is not GET, HEAD or POST, so the browser sends a preflight before %s", f.method, f.url),
			fmt.Sprintf("%s: method %s", entryLabel(f.subject()), f.method))
	},
}

// reportUnsafeHeaders reports the unsafe headers of f that select picks, as
// one finding of rule r.
func reportUnsafeHeaders(p *pass, r *Rule, f *flowState, select_ func(u unsafeReason) bool, explain func(names []string) string) {
	if f.mode != "cors" {
		return
	}
	var names, evidence []string
	for _, u := range f.unsafe {
		if !select_(u) {
			continue
		}
		names = append(names, u.name)
		switch {
		case u.reason == "requested":
			evidence = append(evidence, entryLabel(f.preflight)+": "+u.name+" in Access-Control-Request-Headers")
		case IsSecretHeader(u.name):
			evidence = append(evidence, entryLabel(f.subject())+": "+u.name+" (value not shown)")
		default:
			evidence = append(evidence, entryLabel(f.subject())+": "+u.name+": "+u.value)
		}
	}
	if len(names) == 0 {
		return
	}
	p.report(r, f, f.subject(), explain(names), evidence...)
}

var rulePreflightRequiredHeader = &Rule{
	ID:       "preflight-required-header",
	Severity: SeverityInfo,
	Title:    "a request header needs a preflight",
	Doc: `The script set a request header that is not CORS-safelisted: any name other than Accept,
Accept-Language, Content-Language, Content-Type and Range (Authorization, X- headers, ...), or a
safelisted name with a value the safelist forbids (an Accept-Language with "_", a Range other than
a single "bytes=N-" or "bytes=N-M"). Headers the browser itself adds are left out.`,
	Fix: "List these header names in Access-Control-Allow-Headers on the OPTIONS response.",
	Bad: exampleOf("A GET with Authorization.",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: authorization"))),
	Good: exampleOf("A GET with safelisted headers only.",
		exchange("GET", exAPI, 200, h(exOrigin, "Accept: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		reportUnsafeHeaders(p, r, f,
			func(u unsafeReason) bool {
				return u.reason == "name" || u.reason == "value" || u.reason == "requested" && u.name != "content-type"
			},
			func(names []string) string {
				if len(names) == 1 {
					return fmt.Sprintf("request header %s is not CORS-safelisted, so the browser sends a preflight", names[0])
				}
				return fmt.Sprintf("request headers %s are not CORS-safelisted, so the browser sends a preflight", joinNames(names))
			})
	},
}

var rulePreflightRequiredContentType = &Rule{
	ID:       "preflight-required-content-type",
	Severity: SeverityInfo,
	Title:    "the Content-Type needs a preflight",
	Doc: `Content-Type is safelisted only for application/x-www-form-urlencoded, multipart/form-data and
text/plain (parameters allowed). Any other type, such as application/json, or a value that does not
parse as a MIME type, needs a preflight.`,
	Fix: "Allow content-type in Access-Control-Allow-Headers, or send one of the three form types.",
	Bad: exampleOf("A JSON POST.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("A text/plain POST.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: text/plain;charset=UTF-8", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		reportUnsafeHeaders(p, r, f,
			func(u unsafeReason) bool {
				return u.name == "content-type" && (u.reason == "content-type" || u.reason == "requested")
			},
			func([]string) string {
				return "the Content-Type is not application/x-www-form-urlencoded, multipart/form-data or text/plain, so the browser sends a preflight"
			})
	},
}

var rulePreflightRequiredValueLength = &Rule{
	ID:       "preflight-required-value-length",
	Severity: SeverityInfo,
	Title:    "a header value is too long to be safelisted",
	Doc: `A safelisted request header is safelisted only while its value is at most 128 bytes, and all
safelisted values together at most 1024 bytes. Longer values need a preflight.`,
	Fix: "Allow the header in Access-Control-Allow-Headers, or shorten the value.",
	Bad: exampleOf("A text/plain Content-Type with a 130-byte parameter.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: text/plain; x="+strings.Repeat("a", 118), "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("A short text/plain Content-Type.",
		exchange("POST", exAPI, 201, h(exOrigin, "Content-Type: text/plain", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.mode != "cors" {
			return
		}
		var evidence []string
		for _, u := range f.unsafe {
			if u.reason == "length" {
				evidence = append(evidence, fmt.Sprintf("%s: %s is %d bytes", entryLabel(f.subject()), u.name, len(u.value)))
			}
		}
		if len(evidence) > 0 {
			p.report(r, f, f.subject(), "a safelisted header value is longer than 128 bytes (or the values add up to more than 1024), so the browser sends a preflight", evidence...)
		}
	},
}

var rulePreflightForced = &Rule{
	ID:       "preflight-forced-by-client",
	Severity: SeverityInfo,
	Title:    "a preflight was sent for a request that needs none",
	Doc: `The trace has a preflight for a request whose method and headers are all safelisted. The client
forced it: an XMLHttpRequest with upload listeners, a streaming request body, or a header the trace
does not show.`,
	Fix: "None needed; make sure the server answers OPTIONS.",
	Bad: exampleOf("A preflight before a plain GET.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", ""), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("A preflight before a GET with a custom header.",
		exchange("GET", exAPI, 200, h(exOrigin, "X-Requested-With: XMLHttpRequest", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "x-requested-with"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: x-requested-with"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.preflight == nil || f.actual == nil || f.preflightRequired {
			return
		}
		if f.preflight.RequestHeaders.Has("Access-Control-Request-Headers") {
			return // the request had unsafe headers the actual entry does not show
		}
		p.report(r, f, f.preflight,
			fmt.Sprintf("a preflight was sent for %s although its method and headers are all safelisted; the client forced it (upload listeners or a streaming body)", describe(f.actual)),
			quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Method"))
	},
}

// preflightCacheLifetime returns how long Chromium caches a preflight
// result: Access-Control-Max-Age in seconds, 5 s when absent or invalid,
// 0 when negative, at most 7200 s.
func preflightCacheLifetime(resp Headers) time.Duration {
	v, ok := resp.Get("Access-Control-Max-Age")
	if !ok {
		return 5 * time.Second
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 5 * time.Second
	case n < 0:
		return 0
	case n > 7200:
		n = 7200
	}
	return time.Duration(n) * time.Second
}

// cachedPreflight returns an earlier preflight that the browser's preflight
// cache would reuse for f: same origin and URL, passed, still fresh at f's
// start, covering f's method and headers and its credentials mode.
func cachedPreflight(p *pass, f *flowState) *flowState {
	if f.actual == nil || !f.actual.HasTime() {
		return nil
	}
	for _, g := range p.index().preflightsByTarget[[2]string{f.origin, urlWithoutFragment(f.url)}] {
		pf := g.preflight
		if !pf.HasTime() || !pf.Start.Before(f.actual.Start) || !pf.HasResponse() || !isOKStatus(pf.Status) {
			continue
		}
		if !passesCORSCheck(pf.ResponseHeaders, f.origin, f.include) {
			continue
		}
		if f.actual.Start.Sub(pf.Start) > preflightCacheLifetime(pf.ResponseHeaders) {
			continue
		}
		// The probe checks the cached response against this request's own
		// method and headers, not against the earlier preflight's request.
		probe := &flowState{preflight: &Exchange{ResponseHeaders: pf.ResponseHeaders}, unsafe: f.unsafe, include: f.include}
		if allowed, _ := methodAllowed(probe, f.method); !allowed {
			continue
		}
		if name, _ := disallowedHeader(probe); name != "" {
			continue
		}
		return g
	}
	return nil
}

var rulePreflightCacheHit = &Rule{
	ID:       "preflight-cache-hit",
	Severity: SeverityInfo,
	Title:    "an earlier preflight was reused from the cache",
	Doc: `The request needs a preflight but none precedes it, and an earlier successful preflight for the same
origin and URL, still within its Access-Control-Max-Age (5 seconds when absent, at most 2 hours in
Chromium), covers its method and headers. The browser reused that result.`,
	Fix: "None needed.",
	Bad: exampleOf("A second PUT right after the first, within Max-Age 600.",
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type", "Access-Control-Max-Age: 600")),
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("Each PUT has its own preflight.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.preflight != nil || !f.preflightRequired || !f.actualResponded() || f.mode != "cors" {
			return
		}
		g := cachedPreflight(p, f)
		if g == nil {
			return
		}
		fd := p.report(r, f, f.actual,
			fmt.Sprintf("no preflight precedes %s because the browser reused the result of %s from %s earlier", describe(f.actual), entryLabel(g.preflight), f.actual.Start.Sub(g.preflight.Start).Round(time.Millisecond)),
			quoteHeader(g.preflight, g.preflight.ResponseHeaders, "Access-Control-Max-Age"))
		fd.Related = append(fd.Related, RefOf(g.preflight))
	},
}

var rulePreflightNotInTrace = &Rule{
	ID:       "preflight-not-in-trace",
	Severity: SeverityInfo,
	Title:    "a needed preflight is missing from the trace",
	Doc: `The request needs a preflight and reached the server, so the browser sent one, but the trace does
not contain it and no cached preflight explains its absence. The capture started late, the
exporter does not record preflights (Playwright, Safari, old Chrome, some SAML-tracer versions), or
a Network-panel filter such as Fetch/XHR left it out of the export.`,
	Fix: "None for the server. To see the preflight, capture again from an empty cache (DevTools: Disable cache) with the Network panel filter set to All.",
	Bad: exampleOf("A PUT with no OPTIONS in the trace.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("The PUT with its preflight.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if f.preflight != nil || !f.preflightRequired || !f.actualResponded() || f.mode != "cors" {
			return
		}
		if cachedPreflight(p, f) != nil {
			return
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("%s needs a preflight and reached the server, but the trace has no preflight for it: the capture or the exporter left it out", describe(f.actual)),
			fmt.Sprintf("%s: no OPTIONS to %s from %s in the trace", entryLabel(f.actual), f.url, f.origin))
	},
}

var ruleOptionsNotAPreflight = &Rule{
	ID:       "options-not-a-preflight",
	Severity: SeverityInfo,
	Title:    "an OPTIONS request is not a CORS preflight",
	Doc: `The OPTIONS request carries no Access-Control-Request-Method, so a script or a non-browser client
sent it (WebDAV, capability discovery). It is not paired with any request and no preflight rule
applies to it.`,
	Fix: "None needed.",
	Bad: exampleOf("An OPTIONS without Access-Control-Request-Method.",
		exchange("OPTIONS", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Allow: GET, OPTIONS", "Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("A real preflight.",
		exchange("DELETE", exAPI, 204, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("DELETE", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: DELETE"))),
	checkTrace: func(p *pass, r *Rule) {
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if !strings.EqualFold(e.Method, "OPTIONS") || isPreflight(e) {
				continue
			}
			p.report(r, nil, e,
				fmt.Sprintf("%s has no Access-Control-Request-Method, so it is not a CORS preflight and is not paired with any request", describe(e)),
				fmt.Sprintf("%s: OPTIONS without Access-Control-Request-Method", entryLabel(e)))
		}
	},
}

var ruleUAAddedHeadersIgnored = &Rule{
	ID:       "ua-added-headers-ignored",
	Severity: SeverityInfo,
	Title:    "headers the browser added were left out",
	Doc: `The request carries headers that the browser, not the script, added after deciding whether a
preflight is needed: Cache-Control and Pragma from a reload or DevTools' "Disable cache", and
If-None-Match or If-Modified-Since from a cache revalidation. They never cause a preflight, so the
analysis leaves them out.`,
	Fix: "None needed.",
	Bad: exampleOf("A GET recorded with Disable cache.",
		exchange("GET", exAPI, 200, h(exOrigin, "Cache-Control: no-cache", "Pragma: no-cache", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("A GET without cache headers.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	check: func(p *pass, r *Rule, f *flowState) {
		if len(f.uaIgnored) == 0 || f.actual == nil || f.mode != "cors" {
			return
		}
		var evidence []string
		for _, name := range f.uaIgnored {
			evidence = append(evidence, entryLabel(f.actual)+": "+name+": "+f.actual.RequestHeaders.Value(name))
		}
		verb, pronoun := "were", "they do"
		if len(f.uaIgnored) == 1 {
			verb, pronoun = "was", "it does"
		}
		p.report(r, f, f.actual,
			fmt.Sprintf("%s %s added by the browser (reload, Disable cache or cache revalidation), not by the script, so %s not count toward a preflight", joinNames(f.uaIgnored), verb, pronoun),
			evidence...)
	},
}

func init() {
	register(
		rulePreflightRequiredMethod, rulePreflightRequiredHeader, rulePreflightRequiredContentType,
		rulePreflightRequiredValueLength, rulePreflightForced, rulePreflightCacheHit,
		rulePreflightNotInTrace, ruleOptionsNotAPreflight, ruleUAAddedHeadersIgnored,
	)
}
