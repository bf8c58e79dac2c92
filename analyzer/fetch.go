package analyzer

import (
	"mime"
	"sort"
	"strings"
)

// safelistedMethods are the CORS-safelisted methods. The comparison is
// byte-exact: fetch() and XMLHttpRequest upper-case only DELETE, GET, HEAD,
// OPTIONS, POST and PUT, so "patch" stays "patch".
var safelistedMethods = map[string]bool{"GET": true, "HEAD": true, "POST": true}

// ignoredRequestHeaders are request headers that never count when the
// preflight decision is recomputed from a trace: forbidden headers, and
// headers that the browser adds after the decision (cookies, cache
// directives of a reload or of DevTools' "Disable cache", encodings).
var ignoredRequestHeaders = map[string]bool{
	"origin": true, "referer": true, "cookie": true, "cookie2": true, "host": true,
	"connection": true, "content-length": true, "accept-encoding": true,
	"accept-charset": true, "user-agent": true, "dnt": true, "priority": true,
	"te": true, "trailer": true, "transfer-encoding": true, "upgrade": true,
	"upgrade-insecure-requests": true, "keep-alive": true, "via": true,
	"expect": true, "date": true, "access-control-request-headers": true,
	"access-control-request-method": true, "access-control-request-private-network": true,
	"set-cookie": true, "x-firefox-spdy": true,
}

// uaCacheHeaders are the revalidation and cache headers that a reload, the
// HTTP cache or DevTools' "Disable cache" adds after the preflight
// decision. They are ignored, and reported so a reader knows why.
var uaCacheHeaders = map[string]bool{
	"cache-control": true, "pragma": true, "if-none-match": true,
	"if-modified-since": true, "if-match": true, "if-unmodified-since": true,
	"if-range": true,
}

// isIgnoredRequestHeader reports whether name is left out of the preflight
// decision because the browser, not the script, set it.
func isIgnoredRequestHeader(name string) bool {
	lower := strings.ToLower(name)
	if ignoredRequestHeaders[lower] {
		return true
	}
	return strings.HasPrefix(lower, ":") || strings.HasPrefix(lower, "sec-") || strings.HasPrefix(lower, "proxy-")
}

// unsafeReason is the reason one request header makes a preflight necessary.
type unsafeReason struct {
	name   string // lower-case header name
	value  string
	reason string // "name", "value", "content-type", "length"
}

// unsafeRequestHeaders returns the CORS-unsafe request headers of h, the
// ones that need a preflight, with the reason for each, and the
// UA-added cache headers that were ignored. Names are lower-case, sorted
// and unique.
func unsafeRequestHeaders(h Headers) (unsafe []unsafeReason, uaIgnored []string) {
	seen := map[string]bool{}
	safelistedTotal := 0
	var safelisted []unsafeReason
	for _, line := range h {
		name := strings.ToLower(strings.TrimSpace(line.Name))
		if name == "" || seen[name] || isIgnoredRequestHeader(name) {
			continue
		}
		seen[name] = true
		if uaCacheHeaders[name] {
			uaIgnored = append(uaIgnored, name)
			continue
		}
		value, _ := h.Get(name)
		switch reason := safelistedHeaderProblem(name, value); reason {
		case "":
			safelistedTotal += len(value)
			safelisted = append(safelisted, unsafeReason{name: name, value: value})
		default:
			unsafe = append(unsafe, unsafeReason{name: name, value: value, reason: reason})
		}
	}
	if safelistedTotal > 1024 {
		for _, s := range safelisted {
			s.reason = "length"
			unsafe = append(unsafe, s)
		}
	}
	sort.Slice(unsafe, func(i, j int) bool { return unsafe[i].name < unsafe[j].name })
	sort.Strings(uaIgnored)
	return unsafe, uaIgnored
}

// safelistedHeaderProblem returns "" when name: value is a CORS-safelisted
// request header, "name" when the name is not safelisted, "length" when
// the value exceeds 128 bytes, "content-type" for a Content-Type that is
// not one of the three simple types, or "value" for a value with bytes the
// safelist forbids.
func safelistedHeaderProblem(name, value string) string {
	switch name {
	case "accept", "accept-language", "content-language", "content-type", "range":
	default:
		return "name"
	}
	if len(value) > 128 {
		return "length"
	}
	switch name {
	case "accept":
		if hasUnsafeByte(value) {
			return "value"
		}
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			c := value[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || strings.IndexByte(" *,-.;=", c) >= 0) {
				return "value"
			}
		}
	case "content-type":
		if hasUnsafeByte(value) {
			return "content-type"
		}
		essence, _, err := mime.ParseMediaType(value)
		if err != nil {
			return "content-type"
		}
		switch essence {
		case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
		default:
			return "content-type"
		}
	case "range":
		if !isSimpleRange(value) {
			return "value"
		}
	}
	return ""
}

// hasUnsafeByte reports whether s contains a CORS-unsafe request-header
// byte: a control character other than tab, or one of "():<>?@[\]{} and DEL.
func hasUnsafeByte(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c == 0x7f || strings.IndexByte(`"():<>?@[\]{}`, c) >= 0 {
			return true
		}
	}
	return false
}

// isSimpleRange reports whether v is "bytes=N-" or "bytes=N-M" with N <= M
// and no whitespace, the only Range values the safelist admits.
func isSimpleRange(v string) bool {
	rest, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return false
	}
	start, end, ok := strings.Cut(rest, "-")
	if !ok || start == "" || !allDigits(start) {
		return false
	}
	if end == "" {
		return true
	}
	if !allDigits(end) {
		return false
	}
	return len(start) < len(end) || len(start) == len(end) && start <= end
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isToken reports whether s is an HTTP token (RFC 9110): one or more tchar.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if strings.IndexByte("!#$%&'*+-.^_`|~", c) < 0 {
			return false
		}
	}
	return true
}

// parseTokenList splits a comma-separated header value such as
// Access-Control-Allow-Methods into its elements, dropping empty elements
// and the whitespace around each. bad holds the first element that is not
// a token, or "" when every element is one.
func parseTokenList(v string) (tokens []string, bad string) {
	for _, item := range strings.Split(v, ",") {
		item = trimOWS(item)
		if item == "" {
			continue
		}
		if !isToken(item) && bad == "" {
			bad = item
		}
		tokens = append(tokens, item)
	}
	return tokens, bad
}

// containsFold reports whether list holds s, ignoring ASCII case.
func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// contains reports whether list holds s exactly.
func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// IsSafelistedRequestHeader reports whether name: value is a
// CORS-safelisted request header by the Fetch standard: Accept,
// Accept-Language, Content-Language, Content-Type with one of the three
// form and text types, or a simple Range, with a value of at most 128
// bytes free of the bytes the standard forbids for that name. A request
// whose other headers are all safelisted needs no preflight for them.
func IsSafelistedRequestHeader(name, value string) bool {
	return safelistedHeaderProblem(strings.ToLower(strings.TrimSpace(name)), value) == ""
}
