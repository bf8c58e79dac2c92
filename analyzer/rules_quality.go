package analyzer

import (
	"fmt"
	"strings"
)

var ruleCredentialsInferred = &Rule{
	ID:       "credentials-mode-inferred",
	Severity: SeverityInfo,
	Title:    "the verdict rests on an inferred credentials mode",
	Doc: `Whether the request was made with credentials (cookies; withCredentials or credentials: "include")
changes what the response must contain, and the trace does not show it directly: the request was
stopped before its cookies were recorded, or the export removed them. The analyzer ran the checks
both ways and took the mode that matches what the browser recorded (a blocked or a delivered
response), or left the flow undetermined when nothing decides it.`,
	Fix: "None for the server. To decide it from the trace, export it with cookies (in Chrome: Export HAR with sensitive data) or check the client code for withCredentials / credentials: \"include\".",
	Bad: exampleOf("A blocked request whose preflight lacks Allow-Credentials.",
		blockedByBrowser(exchange("POST", exAPI, 0, h("Content-Type: application/json"), nil)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: content-type"))),
	Good: exampleOf("A request with its Cookie header recorded.",
		exchange("POST", exAPI, 201, h(exOrigin, "Cookie: session=placeholder", "Content-Type: application/json", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true")),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("POST", "content-type"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Credentials: true", "Access-Control-Allow-Headers: content-type"))),
	checkTrace: func(p *pass, r *Rule) {
		for _, f := range p.flows {
			switch {
			case f.credentialsInferred:
				p.report(r, f, f.subject(),
					fmt.Sprintf("the trace does not show whether the request carried credentials; the verdict assumes %s (%s)", credentialsPhrase(f.include), f.credentialsEvidence),
					"credentials: "+f.credentials+" ("+f.credentialsEvidence+")")
			case f.credentialsOpen:
				p.report(r, f, f.subject(),
					"the trace does not show whether the request carried credentials, and the verdict depends on it: "+f.credentialsEvidence,
					"credentials: unknown")
			}
		}
	},
}

var ruleHARSanitized = &Rule{
	ID:       "har-sanitized",
	Severity: SeverityInfo,
	Title:    "the export removed cookies and credentials",
	Doc: `The HAR was exported sanitized (Chrome's default "Export HAR (sanitized)" removes Cookie,
Authorization and Set-Cookie): a preflight announced Authorization that the actual request does not
show, or a DevTools export carries no cookie or credential header at all. Verdicts that depend on
the credentials mode may be undetermined.`,
	Fix: "None for the server. Ask for an export with sensitive data (Chrome: enable \"Allow to generate HAR with sensitive data\" in DevTools settings, then Export HAR (with sensitive data)).",
	Bad: exampleOf("A preflight for Authorization; the request lacks it.",
		exchange("GET", exAPI, 200, h(exOrigin, "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: authorization"))),
	Good: exampleOf("The request shows its Authorization header.",
		exchange("GET", exAPI, 200, h(exOrigin, "Authorization: Bearer placeholder", "Sec-Fetch-Mode: cors"), h("Access-Control-Allow-Origin: "+exApp)),
		exchange("OPTIONS", exAPI, 204, exPreflightReq("GET", "authorization"), h("Access-Control-Allow-Origin: "+exApp, "Access-Control-Allow-Headers: authorization"))),
	checkTrace: func(p *pass, r *Rule) {
		if p.trace.Format != FormatHAR || len(p.trace.Exchanges) == 0 {
			return
		}
		for _, f := range p.flows {
			if f.preflight == nil || !f.actualResponded() {
				continue
			}
			if containsFold(f.unsafeNames(), "authorization") && !f.actual.RequestHeaders.Has("Authorization") {
				p.report(r, nil, f.actual,
					fmt.Sprintf("the preflight (%s) announced an Authorization header that the recorded request does not carry: the export was sanitized, so cookies and credentials are missing throughout", entryLabel(f.preflight)),
					quoteHeader(f.preflight, f.preflight.RequestHeaders, "Access-Control-Request-Headers"),
					entryLabel(f.actual)+": no Authorization header").Related = []ExchangeRef{RefOf(f.preflight)}
				return
			}
		}
		if !strings.HasPrefix(p.trace.Creator, "WebInspector") || len(p.flows) == 0 {
			return
		}
		for i := range p.trace.Exchanges {
			e := &p.trace.Exchanges[i]
			if e.RequestHeaders.Has("Cookie") || e.RequestHeaders.Has("Authorization") || e.ResponseHeaders.Has("Set-Cookie") {
				return
			}
		}
		p.report(r, nil, &p.trace.Exchanges[0],
			fmt.Sprintf("this DevTools export has no Cookie, Authorization or Set-Cookie header in any of its %d entries; it was probably exported sanitized, so missing cookies prove nothing", len(p.trace.Exchanges)),
			"creator "+p.trace.Creator)
	},
}

func init() {
	register(ruleCredentialsInferred, ruleHARSanitized)
}
