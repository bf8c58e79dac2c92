package probe

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/tracecheck/tracecheck/analyzer"
)

// preflightAcceptEncoding is the Accept-Encoding Chromium sends.
const preflightAcceptEncoding = "gzip, deflate, br, zstd"

// plan is a validated [Request]: what the probe sends and how a browser
// judges the responses.
type plan struct {
	url             string // without fragment
	origin          string // serialized
	method          string
	headers         analyzer.Headers // the script's headers, placeholders filled in
	unsafe          []string         // lower case, sorted
	preflightNeeded bool
	credentials     bool
	fetchSite       string
	mixedContent    bool
}

// outgoing is one request to send.
type outgoing struct {
	method  string
	url     string
	headers analyzer.Headers
}

// newPlan validates req. Its errors name the value and the expected form.
func newPlan(req Request) (*plan, error) {
	target, err := parseTarget(req.URL)
	if err != nil {
		return nil, err
	}
	origin, err := parsePageOrigin(req.Origin)
	if err != nil {
		return nil, err
	}
	targetOrigin, _ := analyzer.OriginOf(target.String())
	if origin.SameOrigin(targetOrigin) {
		return nil, fmt.Errorf("the URL %s has the same origin as the page %s, so a browser makes no CORS request; give the origin of the page that calls the URL", req.URL, origin)
	}

	method := req.Method
	if method == "" {
		method = "GET"
	}
	if !isToken(method) {
		return nil, fmt.Errorf("invalid method %q: a method is an HTTP token such as GET or PATCH", req.Method)
	}
	if IsForbiddenMethod(method) {
		return nil, fmt.Errorf("invalid method %q: browsers do not let a script send it", req.Method)
	}
	method = NormalizeMethod(method)

	headers, err := parseHeaders(req.Headers)
	if err != nil {
		return nil, err
	}

	needed, unsafe := NeedsPreflight(method, headers)
	return &plan{
		url:             target.String(),
		origin:          origin.String(),
		method:          method,
		headers:         headers,
		unsafe:          unsafe,
		preflightNeeded: needed,
		credentials:     req.Credentials,
		fetchSite:       fetchSite(origin, targetOrigin),
		mixedContent:    origin.Scheme == "https" && targetOrigin.Scheme == "http" && !targetOrigin.IsPotentiallyTrustworthy(),
	}, nil
}

// parseTarget checks that raw is an absolute http or https URL that fetch()
// accepts and removes its fragment, which a browser never sends.
func parseTarget(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("invalid URL %q: %v; give an absolute URL such as https://cuic.example.com:8444/cuic/", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("invalid URL %q: want an absolute http or https URL such as https://cuic.example.com:8444/cuic/", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid URL %q: fetch() rejects a URL with a user name or password; remove it", raw)
	}
	if u.Port() != "" && !allDigits(u.Port()) {
		return nil, fmt.Errorf("invalid URL %q: bad port %q", raw, u.Port())
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// parsePageOrigin parses the page origin and checks that a browser could
// send it: "null", or an http or https origin.
func parsePageOrigin(raw string) (analyzer.Origin, error) {
	if strings.TrimSpace(raw) == "" {
		return analyzer.Origin{}, fmt.Errorf("missing origin: give the origin of the page that runs the script, for example https://finesse.example.com:8445")
	}
	o, err := analyzer.ParseOrigin(strings.TrimSpace(raw))
	if err != nil {
		return analyzer.Origin{}, fmt.Errorf("%w; give the origin of the page, for example https://finesse.example.com:8445", err)
	}
	if !o.Opaque && o.Scheme != "http" && o.Scheme != "https" {
		return analyzer.Origin{}, fmt.Errorf("invalid origin %q: a page that makes CORS requests has an http or https origin, or null", raw)
	}
	return o, nil
}

// parseHeaders reads "Name: value" and "Name" lines, filling in a
// placeholder value for a name alone.
func parseHeaders(lines []string) (analyzer.Headers, error) {
	var headers analyzer.Headers
	for _, line := range lines {
		name, value, hasValue := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		value = strings.Trim(value, " \t")
		if !isToken(name) {
			return nil, fmt.Errorf("invalid header %q: want \"Name: value\" or \"Name\" with a name such as X-Requested-With", line)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return nil, fmt.Errorf("invalid header %q: the value contains a line break or NUL", line)
		}
		if IsForbiddenHeader(name) {
			return nil, fmt.Errorf("invalid header %q: %s is a forbidden request header, which the browser sets and a script cannot; remove it (use credentials for cookies)", line, name)
		}
		if !hasValue {
			value = PlaceholderValue(name)
		}
		headers = append(headers, analyzer.Header{Name: name, Value: value})
	}
	return headers, nil
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

// fetchSite returns the Sec-Fetch-Site value a browser sends from page to
// target: "same-origin", "same-site" when the schemes match and the hosts
// share a registrable domain (an IP address must be equal), else
// "cross-site". An opaque page origin is cross-site to everything.
func fetchSite(page, target analyzer.Origin) string {
	switch {
	case page.Opaque:
		return "cross-site"
	case page.SameOrigin(target):
		return "same-origin"
	case page.Scheme == target.Scheme && site(page.Host) == site(target.Host):
		return "same-site"
	}
	return "cross-site"
}

// site returns the registrable domain of host by the Public Suffix List,
// or host itself for an IP address or a name without a registrable part.
func site(host string) string {
	host = strings.Trim(strings.ToLower(host), "[]")
	if net.ParseIP(host) != nil {
		return host
	}
	domain, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return domain
}

// preflightRequest returns the OPTIONS request Chromium sends for p,
// without cookies or Authorization.
func (p *plan) preflightRequest() outgoing {
	h := analyzer.Headers{
		{Name: "Accept", Value: "*/*"},
		{Name: "Access-Control-Request-Method", Value: p.method},
	}
	if len(p.unsafe) > 0 {
		h = append(h, analyzer.Header{Name: "Access-Control-Request-Headers", Value: strings.Join(p.unsafe, ",")})
	}
	h = append(h,
		analyzer.Header{Name: "Origin", Value: p.origin},
		analyzer.Header{Name: "Sec-Fetch-Mode", Value: "cors"},
		analyzer.Header{Name: "Sec-Fetch-Site", Value: p.fetchSite},
		analyzer.Header{Name: "Sec-Fetch-Dest", Value: "empty"},
		analyzer.Header{Name: "User-Agent", Value: UserAgent},
		analyzer.Header{Name: "Accept-Encoding", Value: preflightAcceptEncoding},
	)
	return outgoing{method: "OPTIONS", url: p.url, headers: h}
}

// actualRequest returns the script's request as the browser sends it in
// CORS mode: the script's headers, Origin, the fetch metadata headers and,
// with credentials, the placeholder cookie.
func (p *plan) actualRequest() outgoing {
	var h analyzer.Headers
	if !p.headers.Has("Accept") {
		h = append(h, analyzer.Header{Name: "Accept", Value: "*/*"})
	}
	h = append(h, p.headers...)
	h = append(h,
		analyzer.Header{Name: "Origin", Value: p.origin},
		analyzer.Header{Name: "Sec-Fetch-Mode", Value: "cors"},
		analyzer.Header{Name: "Sec-Fetch-Site", Value: p.fetchSite},
		analyzer.Header{Name: "Sec-Fetch-Dest", Value: "empty"},
		analyzer.Header{Name: "User-Agent", Value: UserAgent},
		analyzer.Header{Name: "Accept-Encoding", Value: preflightAcceptEncoding},
	)
	if p.credentials {
		h = append(h, analyzer.Header{Name: "Cookie", Value: credentialsCookie})
	}
	return outgoing{method: p.method, url: p.url, headers: h}
}

// blockedMixedContent returns the exchange a browser records for a request
// it blocked as mixed content: the request, no response.
func (p *plan) blockedMixedContent() analyzer.Exchange {
	out := p.actualRequest()
	return analyzer.Exchange{
		Method:         out.method,
		URL:            out.url,
		RequestHeaders: out.headers,
		Duration:       -1,
		Error:          "blocked:mixed-content",
		ResourceType:   "fetch",
	}
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
