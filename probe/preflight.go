package probe

import (
	"mime"
	"sort"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// maxSafelistedTotal is the Fetch standard's limit on the combined length
// of the CORS-safelisted header values of one request, in bytes.
const maxSafelistedTotal = 1024

// NeedsPreflight reports whether a browser sends a CORS preflight before a
// script's request with this method and these headers, by the Fetch
// standard: the method is not GET, HEAD or POST, or a header is not
// CORS-safelisted. It ignores the preflight cache, which a probe never
// has. unsafe lists the headers that need the preflight as Chromium names
// them in Access-Control-Request-Headers: lower case, sorted, without
// duplicates. method is compared as given, so normalize it first with
// [NormalizeMethod].
func NeedsPreflight(method string, headers analyzer.Headers) (needed bool, unsafe []string) {
	unsafe = UnsafeHeaderNames(headers)
	return method != "GET" && method != "HEAD" && method != "POST" || len(unsafe) > 0, unsafe
}

// UnsafeHeaderNames returns the names of the headers in h that are not
// CORS-safelisted request headers, lower case, sorted and unique. Each
// line is checked on its own, as fetch() keeps appended lines apart, and
// when the safelisted values together exceed 1024 bytes their names count
// as unsafe too, as the Fetch standard defines. Forbidden request headers,
// which a script cannot set, are skipped.
func UnsafeHeaderNames(h analyzer.Headers) []string {
	unsafe := map[string]bool{}
	var safelisted []string
	total := 0
	for _, line := range h {
		name := strings.ToLower(strings.TrimSpace(line.Name))
		if name == "" || IsForbiddenHeader(name) {
			continue
		}
		if !IsSafelistedHeader(name, line.Value) {
			unsafe[name] = true
			continue
		}
		total += len(line.Value)
		safelisted = append(safelisted, name)
	}
	if total > maxSafelistedTotal {
		for _, name := range safelisted {
			unsafe[name] = true
		}
	}

	names := make([]string, 0, len(unsafe))
	for name := range unsafe {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// NormalizeMethod upper-cases the methods that fetch() and XMLHttpRequest
// upper-case (DELETE, GET, HEAD, OPTIONS, POST, PUT, in any case) and
// returns every other method unchanged, so "patch" stays "patch" and needs
// a preflight naming "patch".
func NormalizeMethod(method string) string {
	upper := strings.ToUpper(method)
	switch upper {
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return upper
	}
	return method
}

// IsForbiddenMethod reports whether a script may not use method at all:
// CONNECT, TRACE and TRACK in any case.
func IsForbiddenMethod(method string) bool {
	switch strings.ToUpper(method) {
	case "CONNECT", "TRACE", "TRACK":
		return true
	}
	return false
}

// forbiddenHeaders are the Fetch standard's forbidden request-header
// names: the browser sets them, and a script's attempt to set them is
// ignored.
var forbiddenHeaders = map[string]bool{
	"accept-charset": true, "accept-encoding": true,
	"access-control-request-headers": true, "access-control-request-method": true,
	"access-control-request-private-network": true, "connection": true,
	"content-length": true, "cookie": true, "cookie2": true,
	"date": true, "dnt": true, "expect": true, "host": true, "keep-alive": true,
	"origin": true, "referer": true, "set-cookie": true, "te": true,
	"trailer": true, "transfer-encoding": true, "upgrade": true, "via": true,
}

// IsForbiddenHeader reports whether name is a forbidden request-header
// name, which a script cannot set: the names above and every name that
// starts with "proxy-" or "sec-". The method-override headers
// (X-HTTP-Method and the like) are forbidden only with certain values and
// are not treated as forbidden here.
func IsForbiddenHeader(name string) bool {
	lower := strings.ToLower(name)
	return forbiddenHeaders[lower] || strings.HasPrefix(lower, "proxy-") || strings.HasPrefix(lower, "sec-")
}

// IsSafelistedHeader reports whether name: value is a CORS-safelisted
// request header. The names are Accept, Accept-Language, Content-Language,
// Content-Type with one of the three form and text types, and a simple
// Range. The value must be at most 128 bytes long and free of the bytes
// the Fetch standard forbids for that name.
func IsSafelistedHeader(name, value string) bool {
	name = strings.ToLower(name)
	switch name {
	case "accept", "accept-language", "content-language", "content-type", "range":
	default:
		return false
	}
	if len(value) > 128 {
		return false
	}

	switch name {
	case "accept":
		return !hasUnsafeByte(value)
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			c := value[i]
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || strings.IndexByte(" *,-.;=", c) >= 0) {
				return false
			}
		}
		return true
	case "content-type":
		if hasUnsafeByte(value) {
			return false
		}
		essence, _, err := mime.ParseMediaType(value)
		if err != nil {
			return false
		}
		switch essence {
		case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
			return true
		}
		return false
	default: // range
		return isSimpleRange(value)
	}
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

// isSimpleRange reports whether v is "bytes=N-" or "bytes=N-M" with
// N <= M, the only Range values the safelist admits.
func isSimpleRange(v string) bool {
	rest, ok := strings.CutPrefix(v, "bytes=")
	if !ok {
		return false
	}
	start, end, ok := strings.Cut(rest, "-")
	if !ok || !allDigits(start) {
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
