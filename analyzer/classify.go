package analyzer

import (
	"net/url"
	"strings"
)

// isPreflight reports whether e is a CORS preflight: an OPTIONS request
// carrying Access-Control-Request-Method, or one the exporter typed as a
// preflight.
func isPreflight(e *Exchange) bool {
	if !strings.EqualFold(e.Method, "OPTIONS") {
		return false
	}
	return e.RequestHeaders.Has("Access-Control-Request-Method") || strings.EqualFold(e.ResourceType, "preflight")
}

// isRequestBlockedMarker reports whether the exporter marked e as failed in
// the way Chrome marks a request the CORS check stopped: net::ERR_FAILED.
func isRequestBlockedMarker(e *Exchange) bool {
	return e.Error == "net::ERR_FAILED"
}

// isNetworkError reports whether e got no HTTP response because of an
// error other than the generic one Chrome writes for CORS failures.
func isNetworkError(e *Exchange) bool {
	return !e.HasResponse() && e.Error != "" && !isRequestBlockedMarker(e)
}

// requestMode is the request mode of e and the evidence that decided it;
// mode is "" when the trace does not tell.
func requestMode(e *Exchange) (mode, evidence string) {
	mode, ev := decideMode(e)
	return mode, ev.text + ev.value + ev.suffix
}

// modeOf is the request mode of e, as requestMode decides it, without
// building the evidence text.
func modeOf(e *Exchange) string {
	mode, _ := decideMode(e)
	return mode
}

// modeEvidence is the evidence for a request mode in parts, so that the
// text is built only when it is used.
type modeEvidence struct{ text, value, suffix string }

// decideMode is requestMode with the evidence still in parts.
func decideMode(e *Exchange) (string, modeEvidence) {
	if v, ok := e.RequestHeaders.Get("Sec-Fetch-Mode"); ok && v != "" {
		return strings.ToLower(v), modeEvidence{"Sec-Fetch-Mode: ", v, ""}
	}
	if isWebSocket(e) {
		return "websocket", modeEvidence{text: "Upgrade: websocket"}
	}
	rt := strings.ToLower(e.ResourceType)
	byType := modeEvidence{"resource type ", e.ResourceType, ""}
	switch rt {
	case "fetch", "xhr", "xmlhttprequest", "preflight", "eventsource", "font":
		return "cors", byType
	case "document", "iframe", "subdocument", "main_frame", "sub_frame":
		return "navigate", byType
	case "websocket":
		return "websocket", byType
	case "image", "script", "stylesheet", "media", "manifest", "texttrack":
		if e.RequestHeaders.Has("Origin") {
			byType.suffix = " with an Origin header (crossorigin attribute)"
			return "cors", byType
		}
		byType.suffix = " without an Origin header"
		return "no-cors", byType
	}
	if e.RequestHeaders.Has("Origin") && isGetOrHead(e.Method) {
		return "cors", modeEvidence{"Origin header on a ", e.Method, " request"}
	}
	return "", modeEvidence{}
}

func isGetOrHead(method string) bool {
	return method == "GET" || method == "HEAD"
}

func isWebSocket(e *Exchange) bool {
	if strings.EqualFold(e.RequestHeaders.Value("Upgrade"), "websocket") {
		return true
	}
	return strings.HasPrefix(e.URL, "ws:") || strings.HasPrefix(e.URL, "wss:")
}

// pageOrigin returns the origin of the page that made e as far as its own
// headers tell: the Origin header, else the origin of the Referer.
func pageOrigin(e *Exchange) (origin, source string) {
	if v, ok := e.RequestHeaders.Get("Origin"); ok && v != "" {
		return v, "origin header"
	}
	if ref := e.RequestHeaders.Value("Referer"); ref != "" {
		if o, err := OriginOf(ref); err == nil && !o.Opaque {
			return o.String(), "referer"
		}
	}
	return "", ""
}

// urlWithoutFragment returns u without its fragment, the form a browser
// puts on the wire and the form preflights are compared in.
func urlWithoutFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// schemeOf returns the lower-case scheme of u, or "" when u has none.
func schemeOf(u string) string {
	// When the text before the first colon is a valid scheme, url.Parse
	// returns it as the scheme or fails; both cases give that text.
	if i := strings.IndexByte(u, ':'); i > 0 && isSchemeSyntax(u[:i]) {
		return strings.ToLower(u[:i])
	}
	parsed, err := url.Parse(u)
	if err != nil {
		if i := strings.Index(u, ":"); i > 0 {
			return strings.ToLower(u[:i])
		}
		return ""
	}
	return strings.ToLower(parsed.Scheme)
}

// isSchemeSyntax reports whether s is a URL scheme as RFC 3986 writes
// it: a letter, then letters, digits, '+', '-' or '.'.
func isSchemeSyntax(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // lower case for letters
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= s[i] && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// netErrorName returns the net:: error name at the start of an exporter's
// error text, without the detail a recorder may append ("net::ERR_TIMED_OUT
// (dial tcp ...)" gives "net::ERR_TIMED_OUT"); other texts are returned as
// they are.
func netErrorName(text string) string {
	if !strings.HasPrefix(text, "net::") {
		return text
	}
	if i := strings.IndexAny(text, " \t("); i > 0 {
		return text[:i]
	}
	return text
}
