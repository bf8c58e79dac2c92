package analyzer

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Origin is a web origin: a scheme, host and port, or the opaque origin
// whose serialization is "null".
type Origin struct {
	Scheme string // lower case, without "://"
	Host   string // lower case; IPv6 literals keep their brackets
	Port   int    // 0 means the scheme's default port
	Opaque bool   // the opaque origin, serialized as "null"
}

// NullOrigin is the opaque origin.
var NullOrigin = Origin{Opaque: true}

// defaultPorts maps schemes to the port an origin omits for them.
var defaultPorts = map[string]int{
	"http":  80,
	"https": 443,
	"ws":    80,
	"wss":   443,
	"ftp":   21,
}

// String returns the serialization of o as the Origin header carries it:
// scheme "://" host, then ":" port unless it is the scheme's default, or
// "null" for the opaque origin.
func (o Origin) String() string {
	if o.Opaque {
		return "null"
	}
	if o.Scheme == "" && o.Host == "" {
		return ""
	}
	s := o.Scheme + "://" + o.Host
	if o.Port != 0 && o.Port != defaultPorts[o.Scheme] {
		s += ":" + strconv.Itoa(o.Port)
	}
	return s
}

// IsZero reports whether o is the zero Origin (not known).
func (o Origin) IsZero() bool {
	return o == Origin{}
}

// EffectivePort returns the port o connects to, its scheme's default when
// none is given.
func (o Origin) EffectivePort() int {
	if o.Port != 0 {
		return o.Port
	}
	return defaultPorts[o.Scheme]
}

// SameOrigin reports whether o and other are the same tuple origin. Two
// opaque origins are never the same: each is unique.
func (o Origin) SameOrigin(other Origin) bool {
	if o.Opaque || other.Opaque {
		return false
	}
	return o.Scheme == other.Scheme && o.Host == other.Host && o.EffectivePort() == other.EffectivePort()
}

// IsPotentiallyTrustworthy reports whether o is https/wss or a loopback
// host, the origins that a secure context may be served from.
func (o Origin) IsPotentiallyTrustworthy() bool {
	if o.Opaque {
		return false
	}
	if o.Scheme == "https" || o.Scheme == "wss" {
		return true
	}
	return IsLoopbackHost(o.Host)
}

// OriginOf returns the origin of an absolute URL. URLs whose scheme has no
// tuple origin (data:, file:, about:) give the opaque origin.
func OriginOf(rawURL string) (Origin, error) {
	if o, ok := simpleOriginOf(rawURL); ok {
		return o, nil
	}
	return parsedOriginOf(rawURL)
}

// parsedOriginOf is OriginOf for every URL: it parses the URL in full.
func parsedOriginOf(rawURL string) (Origin, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Origin{}, fmt.Errorf("invalid URL %q: %w", rawURL, err)
	}
	if u.Scheme == "" || u.Host == "" {
		if u.Scheme == "" {
			return Origin{}, fmt.Errorf("invalid URL %q: no scheme", rawURL)
		}
		return NullOrigin, nil
	}
	return originFromParts(strings.ToLower(u.Scheme), u.Host)
}

// simpleOriginOf returns the origin of a URL of the usual shape, without
// the cost of url.Parse: scheme "://" host, an optional port, then "/",
// "?", "#" or the end. The host has only letters, digits, dots and
// hyphens, and the URL has no '%', space or control character anywhere,
// so url.Parse would accept it unchanged. ok is false for any other URL,
// and for one whose port originFromParts rejects.
func simpleOriginOf(s string) (o Origin, ok bool) {
	sep := strings.Index(s, "://")
	if sep <= 0 || !isSchemeStart(s[0]) {
		return Origin{}, false
	}
	for i := 1; i < sep; i++ {
		if !isSchemeByte(s[i]) {
			return Origin{}, false
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7F || c == '%' {
			return Origin{}, false
		}
	}

	authority := s[sep+3:]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	colons := 0
	for i := 0; i < len(authority); i++ {
		switch c := authority[i]; {
		case c == ':':
			colons++
		case c == '.' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			if colons > 0 && !('0' <= c && c <= '9') {
				return Origin{}, false
			}
		default:
			return Origin{}, false
		}
	}
	if colons > 1 || authority == "" || authority[0] == ':' {
		return Origin{}, false
	}
	o, err := originFromParts(strings.ToLower(s[:sep]), authority)
	return o, err == nil
}

func isSchemeStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isSchemeByte(c byte) bool {
	return isSchemeStart(c) || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// ParseOrigin parses a serialized origin as it appears in an Origin or
// Access-Control-Allow-Origin header: "null", or scheme "://" host with an
// optional port and nothing after it. Case is folded, so callers that need
// the byte-exact comparison a browser makes compare the raw strings too.
func ParseOrigin(s string) (Origin, error) {
	if s == "null" {
		return NullOrigin, nil
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" {
		return Origin{}, fmt.Errorf("invalid origin %q: want scheme://host[:port]", s)
	}
	if rest == "" || strings.ContainsAny(rest, "/?#@ \t,") {
		return Origin{}, fmt.Errorf("invalid origin %q: want scheme://host[:port] with no path, user or list", s)
	}
	for i, r := range scheme {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if i == 0 && !letter || !(letter || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return Origin{}, fmt.Errorf("invalid origin %q: bad scheme", s)
		}
	}
	return originFromParts(strings.ToLower(scheme), rest)
}

// originFromParts builds an origin from a scheme and a URL authority
// without user information.
func originFromParts(scheme, hostport string) (Origin, error) {
	host := hostport
	port := 0
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		host = hostport[:i]
		p := hostport[i+1:]
		if p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 65535 {
				return Origin{}, fmt.Errorf("invalid origin %s://%s: bad port %q", scheme, hostport, p)
			}
			port = n
		}
	}
	if host == "" {
		return Origin{}, fmt.Errorf("invalid origin %s://%s: empty host", scheme, hostport)
	}
	if strings.HasPrefix(host, "[") != strings.HasSuffix(host, "]") ||
		!strings.HasPrefix(host, "[") && strings.ContainsAny(host, ":[]") {
		return Origin{}, fmt.Errorf("invalid origin %s://%s: bad host %q", scheme, hostport, host)
	}
	host = strings.ToLower(host)
	if port == defaultPorts[scheme] {
		port = 0
	}
	return Origin{Scheme: scheme, Host: host, Port: port}, nil
}

// IsLoopbackHost reports whether host names the local machine: localhost,
// a *.localhost name, 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := parseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsPrivateAddress reports whether ip (a literal, brackets allowed) is a
// loopback, private (RFC 1918, RFC 4193) or link-local address.
func IsPrivateAddress(ip string) bool {
	parsed := parseIP(strings.Trim(ip, "[]"))
	if parsed == nil {
		return false
	}
	return parsed.IsLoopback() || parsed.IsPrivate() || parsed.IsLinkLocalUnicast()
}
