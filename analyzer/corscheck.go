package analyzer

import (
	"fmt"
	"net/url"
	"strings"
)

// originFailure names how a response fails the origin part of the CORS
// check (steps 1 to 3 of Chromium's check), or "" when it passes.
type originFailure string

const (
	originOK                  originFailure = ""
	originWildcardCredentials originFailure = "wildcard-with-credentials"
	originMissing             originFailure = "missing"
	originMultiple            originFailure = "multiple"
	originInvalid             originFailure = "invalid"
	originMismatch            originFailure = "mismatch"
)

// checkOrigin runs the origin part of the CORS check on response headers
// resp for a request from origin, in Chromium's order. First "*" (rejected
// with credentials), then an absent header, then any value other than the
// origin itself, classified as a list, an unparsable value or a mismatch.
// Repeated lines are combined with ", " first, so two lines never match.
func checkOrigin(resp Headers, origin string, include bool) (originFailure, string) {
	acao, ok := resp.Get("Access-Control-Allow-Origin")
	switch {
	case ok && acao == "*":
		if include {
			return originWildcardCredentials, acao
		}
		return originOK, acao
	case !ok:
		return originMissing, ""
	case acao == origin:
		return originOK, acao
	case strings.ContainsAny(acao, " ,"):
		return originMultiple, acao
	case acao == "null":
		return originMismatch, acao
	case !isParsableURL(acao):
		return originInvalid, acao
	default:
		return originMismatch, acao
	}
}

// isParsableURL reports whether s parses as an absolute URL, the test
// Chromium applies before calling a value a mismatch rather than invalid.
func isParsableURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

// credentialsFailure reports whether a response fails the credentials part
// of the CORS check: a credentialed request needs
// Access-Control-Allow-Credentials to be exactly "true".
func credentialsFailure(resp Headers, include bool) (bool, string) {
	if !include {
		return false, ""
	}
	acac, _ := resp.Get("Access-Control-Allow-Credentials")
	return acac != "true", acac
}

// passesCORSCheck reports whether resp passes the whole CORS check.
func passesCORSCheck(resp Headers, origin string, include bool) bool {
	if fail, _ := checkOrigin(resp, origin, include); fail != originOK {
		return false
	}
	acao := resp.Value("Access-Control-Allow-Origin")
	if acao == "*" {
		return true
	}
	bad, _ := credentialsFailure(resp, include)
	return !bad
}

// isOKStatus reports whether status is an ok status (200 to 299), the only
// statuses a preflight response may have.
func isOKStatus(status int) bool {
	return status >= 200 && status <= 299
}

// isRedirectStatus reports whether status is a redirect the browser
// follows (301, 302, 303, 307, 308).
func isRedirectStatus(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// isRevalidation304 reports whether e is a 304 response to a conditional
// request, whose CORS headers come from the stored response.
func isRevalidation304(e *Exchange) bool {
	if e.Status != 304 {
		return false
	}
	h := e.RequestHeaders
	return h.Has("If-None-Match") || h.Has("If-Modified-Since")
}

// withParam formats a browser error name with its failed parameter the way
// DevTools shows it: "Name (param)", or "Name" when param is empty.
func withParam(name, param string) string {
	if param == "" {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, param)
}

// acaoEvidence quotes the Access-Control-Allow-Origin lines of e, one
// evidence line per header line, or one line stating that it is absent.
func acaoEvidence(e *Exchange) []string {
	lines := e.ResponseHeaders.Values("Access-Control-Allow-Origin")
	if len(lines) == 0 {
		return []string{entryLabel(e) + ": no Access-Control-Allow-Origin header (status " + fmt.Sprint(e.Status) + ")"}
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, entryLabel(e)+": Access-Control-Allow-Origin: "+l)
	}
	return out
}
