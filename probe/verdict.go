package probe

import (
	"fmt"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// preflightFailure returns why a browser would reject the preflight
// response in pre, in Chromium's order of checks (a missing response, a
// redirect, the allowed origin, credentials, the status, then the methods
// and headers), or "" when it passes. Run uses it only to decide whether
// to send the actual request; the findings come from the analyzer.
func (p *plan) preflightFailure(pre *analyzer.Exchange) string {
	if !pre.HasResponse() {
		return "no HTTP response (" + pre.Error + ")"
	}
	if pre.Status >= 300 && pre.Status < 400 {
		return fmt.Sprintf("the response is a %d redirect, which a browser never follows for a preflight", pre.Status)
	}

	resp := pre.ResponseHeaders
	acao, ok := resp.Get("Access-Control-Allow-Origin")
	switch {
	case !ok:
		return fmt.Sprintf("the %d response has no Access-Control-Allow-Origin", pre.Status)
	case acao == "*" && p.credentials:
		return "Access-Control-Allow-Origin is * and the request is made with credentials"
	case acao != "*" && acao != p.origin:
		return fmt.Sprintf("Access-Control-Allow-Origin is %q instead of %q", acao, p.origin)
	}
	if p.credentials && resp.Value("Access-Control-Allow-Credentials") != "true" {
		return "Access-Control-Allow-Credentials is not \"true\" and the request is made with credentials"
	}
	if pre.Status < 200 || pre.Status > 299 {
		return fmt.Sprintf("the status %d is not in the 2xx range", pre.Status)
	}

	methods := splitList(resp.Value("Access-Control-Allow-Methods"))
	if p.method != "GET" && p.method != "HEAD" && p.method != "POST" &&
		!contains(methods, p.method) && !(contains(methods, "*") && !p.credentials) {
		return fmt.Sprintf("Access-Control-Allow-Methods does not list %s", p.method)
	}

	allowed := splitList(resp.Value("Access-Control-Allow-Headers"))
	wildcard := contains(allowed, "*") && !p.credentials
	for _, name := range p.unsafe {
		// The Fetch standard says "*" does not cover Authorization, but
		// Chromium (as of version 156) and Firefox still accept it, and
		// the probe decides as the browsers do.
		if wildcard || containsFold(allowed, name) {
			continue
		}
		return fmt.Sprintf("Access-Control-Allow-Headers does not list %s", name)
	}
	return ""
}

// splitList splits a comma-separated header value into its trimmed,
// non-empty elements.
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.Trim(item, " \t"); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
