package analyzer

import (
	"fmt"
	"net/url"
	"sort"
)

// preflightGroupKey groups preflights that a well-configured cache could
// have answered once: the same origin, method and URL without its query.
type preflightGroupKey struct {
	origin, method, path string
}

var rulePreflightCacheKeyMiss = &Rule{
	ID:       "preflight-cache-key-miss",
	Severity: SeverityInfo,
	Title:    "repeated preflights the cache could have saved",
	Doc: `The trace repeats preflights from one origin for the same method and path. The preflight cache is
keyed by the exact URL, so requests that differ only in their query string (cache-busting
parameters, ids in the query) each need their own preflight; and without Access-Control-Max-Age a
result lives only 5 seconds. Every preflight adds a round trip before the request.`,
	Fix: "Send Access-Control-Max-Age (for example 600) on preflight responses, and move cache-busting or per-call values out of the query string of preflighted requests.",
	Bad: exampleOf("Two preflights for the same path with different query strings.",
		exchange("OPTIONS", exAPI+"?_=1", 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT")),
		exchange("PUT", exAPI+"?_=1", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI+"?_=2", 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT")),
		exchange("PUT", exAPI+"?_=2", 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	Good: exampleOf("One preflight with Max-Age serves the path.",
		exchange("OPTIONS", exAPI, 204, exPreflightReq("PUT", ""), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 600")),
		exchange("PUT", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp))),
	checkTrace: func(p *pass, r *Rule) {
		groups := map[preflightGroupKey][]*flowState{}
		var keys []preflightGroupKey
		for _, f := range p.flows {
			if f.preflight == nil || !f.preflightResponded() || !isOKStatus(f.preflight.Status) {
				continue
			}
			u, err := url.Parse(f.preflight.URL)
			if err != nil {
				continue
			}
			u.RawQuery, u.Fragment = "", ""
			k := preflightGroupKey{origin: f.origin, method: requestedMethod(f), path: u.String()}
			if _, seen := groups[k]; !seen {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], f)
		}
		sort.SliceStable(keys, func(i, j int) bool { return groups[keys[i]][0].preflight.Index < groups[keys[j]][0].preflight.Index })

		for _, k := range keys {
			flows := groups[k]
			if len(flows) < 2 {
				continue
			}
			urls := map[string]bool{}
			maxAgeMissing := false
			for _, f := range flows {
				urls[f.preflight.URL] = true
				if !f.preflight.ResponseHeaders.Has("Access-Control-Max-Age") {
					maxAgeMissing = true
				}
			}
			var msg string
			switch {
			case len(urls) > 1:
				msg = fmt.Sprintf("%d preflights for %s %s differ only in the query string (%d distinct URLs); the preflight cache is keyed by the exact URL, so none could reuse another", len(flows), k.method, k.path, len(urls))
			case maxAgeMissing:
				msg = fmt.Sprintf("%d preflights for %s %s: the responses carry no Access-Control-Max-Age, so each result is cached for only 5 seconds", len(flows), k.method, k.path)
			default:
				continue
			}
			first := flows[0].preflight
			fd := p.report(r, nil, first, msg,
				quoteHeader(first, first.ResponseHeaders, "Access-Control-Max-Age"))
			for _, f := range flows[1:] {
				fd.Related = append(fd.Related, RefOf(f.preflight))
			}
		}
	},
}

func init() {
	register(rulePreflightCacheKeyMiss)
}
