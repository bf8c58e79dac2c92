package probe

import (
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
// request header; it is [analyzer.IsSafelistedRequestHeader], so the probe
// and the trace analysis decide alike.
func IsSafelistedHeader(name, value string) bool {
	return analyzer.IsSafelistedRequestHeader(name, value)
}
