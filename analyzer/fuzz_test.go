package analyzer

import (
	"net"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzParseOrigin checks that origin parsing never panics and that every
// parsed origin serializes to a value that parses to the same origin.
func FuzzParseOrigin(f *testing.F) {
	for _, s := range []string{
		"https://app.example.com", "https://finesse.example.com:8445", "null", "http://[::1]:8080",
		"https://App.Example.COM:443", "app.example.com", "https://a.example.com/", "https://", "://x",
		"https://a.example.com:99999", "https://a b", "https://xn--bcher-kva.example", "*",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOrigin(s)
		if err != nil {
			return
		}
		again, err := ParseOrigin(o.String())
		if err != nil {
			t.Fatalf("ParseOrigin(%q) = %v, whose serialization %q does not parse: %v", s, o, o.String(), err)
		}
		if again != o {
			t.Fatalf("ParseOrigin(%q) = %+v, but its serialization parses to %+v", s, o, again)
		}
		_, _ = OriginOf(s)
	})
}

// FuzzOriginOf checks that the shortcut for URLs of the usual shape gives
// the origin that parsing the URL in full gives. It also checks schemeOf
// against url.Parse and parseIP against net.ParseIP.
func FuzzOriginOf(f *testing.F) {
	for _, s := range []string{
		"https://app.example.com/a?b#c", "https://Finesse.Example.com:8445/desktop/", "http://a:80", "https://a.b:99999/",
		"https://a:b:80/", "file://host/x", "data:text/plain,x://y", "https://a.example.com/%zz", "https://a b/",
		"HTTPS://A.EXAMPLE.COM:443", "https://a.example.com:/x", "https://:80/", "ws://10.0.0.1:8080/socket",
		"h+t.t-p:x", "1http://a", "ht tp://a", ":x", "https://a/LiveData/x", "NO-STORE, private", "a\x00:b",
		"10.0.0.1", "::1", "1.2.3", "fe80::1%eth0", "a.b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := schemeOf(s), parsedSchemeOf(s); got != want {
			t.Fatalf("schemeOf(%q) = %q, but parsing it in full gives %q", s, got, want)
		}
		if got, want := parseIP(s), net.ParseIP(s); !got.Equal(want) || (got == nil) != (want == nil) {
			t.Fatalf("parseIP(%q) = %v, net.ParseIP gives %v", s, got, want)
		}

		fast, ok := simpleOriginOf(s)
		if !ok {
			return
		}
		full, err := parsedOriginOf(s)
		if err != nil || full != fast {
			t.Fatalf("simpleOriginOf(%q) = %+v, but parsing it in full gives %+v, %v", s, fast, full, err)
		}
	})
}

// parsedSchemeOf is schemeOf without its shortcut.
func parsedSchemeOf(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		if i := strings.Index(u, ":"); i > 0 {
			return strings.ToLower(u[:i])
		}
		return ""
	}
	return strings.ToLower(parsed.Scheme)
}

// FuzzHeaderParsing runs the header-value parsers on arbitrary input: the
// token lists of Access-Control-Allow-Methods and -Headers, the safelist
// checks of Content-Type, Accept-Language and Range, and Max-Age.
func FuzzHeaderParsing(f *testing.F) {
	for _, s := range []string{
		"GET, POST", " x-a ,x-b,, ", "GET POST PUT", "header with space", "text/plain;charset=UTF-8",
		"application/json", "bytes=0-499", "bytes=-500", "en-US,en;q=0.9", "en_US", "600", "-1", "600s",
		"\x00\x7f\"", strings.Repeat("a", 200),
	} {
		f.Add("content-type", s)
		f.Add("range", s)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		tokens, bad := parseTokenList(value)
		for _, tok := range tokens {
			if tok == "" {
				t.Fatalf("parseTokenList(%q) returned an empty element", value)
			}
		}
		if bad == "" {
			for _, tok := range tokens {
				if !isToken(tok) {
					t.Fatalf("parseTokenList(%q) accepted %q, which is not a token", value, tok)
				}
			}
		}
		_ = safelistedHeaderProblem(strings.ToLower(name), value)
		_ = preflightCacheLifetime(Headers{{Name: "Access-Control-Max-Age", Value: value}})
		h := Headers{{Name: name, Value: value}, {Name: name, Value: value + "\n" + value}}
		if v, ok := h.Get(name); !ok && name != "" && strings.EqualFold(name, name) {
			t.Fatalf("Get(%q) found nothing in %v (%q)", name, h, v)
		}
		_, _ = unsafeRequestHeaders(h)
	})
}

// FuzzAnalyze runs the whole engine on traces built from fuzzed fields:
// a preflight and an actual request whose method, URL and header values
// come from the input. It must never panic, and every finding must point
// at an exchange of the trace.
func FuzzAnalyze(f *testing.F) {
	f.Add("GET", "https://api.example.com/x", "https://app.example.com", "https://app.example.com", "true", "content-type", 200, 204)
	f.Add("PUT", "https://api.example.com/x?a=1#f", "null", "*", "True", "x-a, x-b", 0, 403)
	f.Add("patch", "http://api.example.com", "https://app.example.com:8445", "https://app.example.com", "", "authorization", 302, 301)
	f.Add("DELETE", "file:///etc/passwd", "https://a.example", "https://a.example, https://b.example", "1", "*", -1, 500)
	f.Fuzz(func(t *testing.T, method, url, origin, acao, acac, headers string, actualStatus, preflightStatus int) {
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		trace := &Trace{Source: "fuzz", Format: FormatHAR, Exchanges: []Exchange{
			{Index: 0, Method: "OPTIONS", URL: url, Status: preflightStatus, Start: start,
				RequestHeaders: Headers{{Name: "Origin", Value: origin}, {Name: "Access-Control-Request-Method", Value: method},
					{Name: "Access-Control-Request-Headers", Value: headers}},
				ResponseHeaders: Headers{{Name: "Access-Control-Allow-Origin", Value: acao}, {Name: "Access-Control-Allow-Credentials", Value: acac},
					{Name: "Access-Control-Allow-Headers", Value: headers}, {Name: "Access-Control-Allow-Methods", Value: method},
					{Name: "Location", Value: url}, {Name: "Access-Control-Max-Age", Value: acac}}},
			{Index: 1, Method: method, URL: url, Status: actualStatus, Start: start.Add(time.Millisecond),
				RequestHeaders:  Headers{{Name: "Origin", Value: origin}, {Name: "Sec-Fetch-Mode", Value: "cors"}, {Name: headers, Value: acac}},
				ResponseHeaders: Headers{{Name: "Access-Control-Allow-Origin", Value: acao}, {Name: "Location", Value: url}, {Name: "Vary", Value: headers}}},
			{Index: 2, Method: method, URL: url, Status: actualStatus, Start: start.Add(2 * time.Millisecond),
				RequestHeaders:  Headers{{Name: "Origin", Value: "null"}, {Name: "Sec-Fetch-Mode", Value: "cors"}},
				ResponseHeaders: Headers{{Name: "Access-Control-Allow-Origin", Value: acao}}},
		}}
		rep, err := Analyze(trace, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range rep.Findings {
			if fd.Exchange.Index < 0 || fd.Exchange.Index >= len(trace.Exchanges) {
				t.Fatalf("finding %s points at exchange %d", fd.Rule, fd.Exchange.Index)
			}
		}
		for _, fl := range rep.Flows {
			if fl.Verdict == Blocked && fl.FirstFailure == "" {
				t.Fatalf("blocked flow %d names no first failure", fl.ID)
			}
		}
	})
}
