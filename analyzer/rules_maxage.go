package analyzer

import (
	"fmt"
	"strconv"
)

// Preflight cache caps of the browsers, in seconds.
const (
	chromiumMaxAgeCap = 7200
	firefoxMaxAgeCap  = 86400
)

// passedPreflight reports whether f has a preflight whose response passed
// its origin and status checks, the ones whose Max-Age matters.
func passedPreflight(f *flowState) bool {
	return preflightHeadersChecked(f) && isOKStatus(f.preflight.Status) &&
		passesCORSCheck(f.preflight.ResponseHeaders, f.origin, f.include)
}

var ruleMaxAgeAboveCap = &Rule{
	ID:       "max-age-above-browser-cap",
	Severity: SeverityInfo,
	Title:    "the preflight Max-Age exceeds what browsers honour",
	Doc: `Browsers cap the preflight cache: Chromium at 7200 seconds (2 hours), Firefox at 86400 (24 hours).
A larger Access-Control-Max-Age is cut to the cap, so preflights come back sooner than the server
expects.`,
	Fix: "Expect at most 2 hours of caching in Chromium; send 7200 or less to say what actually happens.",
	Bad: exampleOf("Max-Age of one week.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 604800"))),
	Good: exampleOf("Max-Age of ten minutes.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 600"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !passedPreflight(f) {
			return
		}
		n, err := strconv.Atoi(f.preflight.ResponseHeaders.Value("Access-Control-Max-Age"))
		if err != nil || n <= chromiumMaxAgeCap {
			return
		}
		firefox := fmt.Sprintf("Firefox caps it at %d s", firefoxMaxAgeCap)
		if n <= firefoxMaxAgeCap {
			firefox = "Firefox honours it"
		}
		p.report(r, f, f.preflight,
			fmt.Sprintf("Access-Control-Max-Age is %d seconds; Chromium caches a preflight for at most %d s and %s", n, chromiumMaxAgeCap, firefox),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Max-Age"))
	},
}

var ruleMaxAgeInvalid = &Rule{
	ID:       "max-age-invalid",
	Severity: SeverityWarning,
	Title:    "the preflight Max-Age is not a number of seconds",
	Doc: `Access-Control-Max-Age must be a plain non-negative integer. For a value such as "600s", "1.5" or
"-1", Chromium falls back to 5 seconds (0 for a negative value) and Firefox does not cache at all,
so every request pays for a preflight.`,
	Fix: "Send a plain non-negative integer, for example Access-Control-Max-Age: 600.",
	Bad: exampleOf("Max-Age with a unit.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 600s"))),
	Good: exampleOf("Max-Age as an integer.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 600"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !passedPreflight(f) {
			return
		}
		v, ok := f.preflight.ResponseHeaders.Get("Access-Control-Max-Age")
		if !ok || allDigits(v) {
			return
		}
		p.report(r, f, f.preflight,
			fmt.Sprintf("Access-Control-Max-Age %q is not a plain number of seconds: Chromium caches the preflight for 5 s at most (0 for a negative value) and Firefox not at all", v),
			quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Max-Age"))
	},
}

var ruleMaxAgeAbsent = &Rule{
	ID:       "max-age-absent-or-zero",
	Severity: SeverityInfo,
	Title:    "the preflight result is cached for 5 seconds or less",
	Doc: `Without Access-Control-Max-Age, browsers cache a preflight result for 5 seconds; with 0 not at all.
A client that calls the same URL every few seconds then pays a preflight round trip before nearly
every request.`,
	Fix: "Send Access-Control-Max-Age, for example 600, on successful preflight responses.",
	Bad: exampleOf("No Max-Age.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT"))),
	Good: exampleOf("Max-Age 600.",
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 600"))),
	check: func(p *pass, r *Rule, f *flowState) {
		if !passedPreflight(f) {
			return
		}
		v, ok := f.preflight.ResponseHeaders.Get("Access-Control-Max-Age")
		switch {
		case !ok:
			p.report(r, f, f.preflight, "the preflight response has no Access-Control-Max-Age, so browsers reuse the result for only 5 seconds",
				quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Max-Age"))
		case v == "0":
			p.report(r, f, f.preflight, "Access-Control-Max-Age is 0, so the browser sends a preflight before every such request",
				quoteHeader(f.preflight, f.preflight.ResponseHeaders, "Access-Control-Max-Age"))
		}
	},
}

func init() {
	register(ruleMaxAgeAboveCap, ruleMaxAgeInvalid, ruleMaxAgeAbsent)
}
