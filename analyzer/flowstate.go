package analyzer

import (
	"fmt"
	"strconv"
	"strings"
)

// flowState is everything the rules need to know about one flow: its
// exchanges and what the engine derived from them.
type flowState struct {
	id        int
	preflight *Exchange // nil when no preflight was recorded
	actual    *Exchange // nil when the actual request is not in the trace

	// preflightPos and actualPos are the positions of the two exchanges in
	// Trace.Exchanges, -1 when absent. Exchange.Index is the entry's place
	// in the file, which differs when a decoder skipped entries.
	preflightPos, actualPos int

	origin       string // serialized page origin as the browser sent it
	docOrigin    string // origin of the latest document before the request
	docServerIP  string // address that document was loaded from
	originSource string
	method       string // actual method, or the preflight's requested method

	// redirectFrom is the redirect response that led to the actual request.
	// chainStart is the first request of that redirect chain, and
	// hopsBefore the number of redirects before the actual request.
	// redirectTo is the request that followed the actual request's own
	// redirect response.
	redirectFrom, chainStart, redirectTo *Exchange
	hopsBefore                           int

	url string

	mode, modeEvidence string

	// include is the credentials mode the checks run under.
	include                          bool
	credentials, credentialsEvidence string
	// credentialsInferred reports that the verdict depends on the
	// credentials mode, which was inferred from the browser's recorded
	// outcome. credentialsOpen reports that it could not be inferred.
	credentialsInferred, credentialsOpen bool

	// product and pageProduct name the contact-center products of the
	// server and of the page, where recognised.
	product, pageProduct string

	// chromiumName is Chromium's name for the flow's first failing check,
	// set once the verdict is decided.
	chromiumName string

	unsafe            []unsafeReason // CORS-unsafe request headers of the actual request
	uaIgnored         []string       // UA-added cache headers left out of the decision
	methodUnsafe      bool
	preflightRequired bool
}

// actualResponded reports whether the actual request got an HTTP response.
func (f *flowState) actualResponded() bool {
	return f.actual != nil && f.actual.HasResponse()
}

// preflightResponded reports whether the preflight got an HTTP response.
func (f *flowState) preflightResponded() bool {
	return f.preflight != nil && f.preflight.HasResponse()
}

// subject returns the exchange a finding about the flow points at: the
// actual request when it is in the trace, else the preflight.
func (f *flowState) subject() *Exchange {
	if f.actual != nil {
		return f.actual
	}
	return f.preflight
}

// unsafeNames returns the lower-case names of the CORS-unsafe request
// headers. A preflight's Access-Control-Request-Headers is used when the
// flow has one, because the browser computed it and a blocked request is
// recorded without its final headers. Otherwise the names come from the
// actual request.
func (f *flowState) unsafeNames() []string {
	if f.preflight != nil {
		if acrh, ok := f.preflight.RequestHeaders.Get("Access-Control-Request-Headers"); ok {
			var names []string
			for _, n := range strings.Split(acrh, ",") {
				if n = strings.ToLower(trimOWS(n)); n != "" {
					names = append(names, n)
				}
			}
			return names
		}
	}
	var names []string
	for _, u := range f.unsafe {
		names = append(names, u.name)
	}
	return names
}

// describe returns "METHOD URL" for messages.
func describe(e *Exchange) string {
	return e.Method + " " + e.URL
}

// entryLabel returns "entry N" for messages and evidence.
func entryLabel(e *Exchange) string {
	return "entry " + strconv.Itoa(e.Index)
}

// quote returns `Name: value` of a response or request header as evidence,
// or `Name: (absent)`.
func quoteHeader(e *Exchange, h Headers, name string) string {
	v, ok := h.Get(name)
	if !ok {
		return entryLabel(e) + ": " + name + " absent"
	}
	return entryLabel(e) + ": " + name + ": " + v
}

// statusEvidence returns "entry N: status 403 Forbidden" for e. A status
// text that is a whole status line (SAML-tracer records those) is shown
// as it is.
func statusEvidence(e *Exchange) string {
	text := strings.TrimSpace(e.StatusText)
	switch {
	case strings.HasPrefix(text, "HTTP/"):
		return entryLabel(e) + ": " + text
	case text == "":
		return fmt.Sprintf("%s: status %d", entryLabel(e), e.Status)
	default:
		return fmt.Sprintf("%s: status %d %s", entryLabel(e), e.Status, text)
	}
}
