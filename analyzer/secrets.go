package analyzer

import "strings"

// secretHeaderNames are header names whose values carry credentials.
var secretHeaderNames = map[string]bool{
	"cookie": true, "set-cookie": true, "authorization": true, "proxy-authorization": true,
	"x-api-key": true, "api-key": true, "x-auth-token": true, "ldauthheader": true, "auth": true,
}

// secretHeaderParts are the parts of a header name that mark it as
// carrying a credential, a session id or a CSRF token, such as
// X-Session-Id, X-CSRF, X-XSRF-Token, X-Password or X-API-Key. "auth"
// alone is not one, because it is also part of names without credentials,
// such as the HTTP/2 pseudo-header :authority, which holds the host name.
var secretHeaderParts = []string{
	"token", "secret", "authorization", "authentication", "auth-token", "authtoken",
	"api-key", "apikey", "api_key", "password", "passwd", "session", "csrf", "xsrf",
}

// IsSecretHeader reports whether the value of the header name carries a
// credential, so that a finding or report must not quote it: Cookie,
// Set-Cookie, Authorization and similar names, names that start with
// "x-auth", and names that contain one of the parts above. WWW-Authenticate
// and Proxy-Authenticate are challenges, not credentials, and HTTP/2
// pseudo-headers such as :authority hold no credential; they are not
// secret.
func IsSecretHeader(name string) bool {
	lower := strings.ToLower(strings.TrimSpace(name))
	if secretHeaderNames[lower] {
		return true
	}
	if strings.HasPrefix(lower, ":") || strings.HasSuffix(lower, "-authenticate") {
		return false
	}
	if strings.HasPrefix(lower, "x-auth") {
		return true
	}
	for _, part := range secretHeaderParts {
		if strings.Contains(lower, part) {
			return true
		}
	}
	return false
}

// IsOriginRejection reports whether a finding of the rule id means that
// the server did not accept the page's origin, as a server with an
// allowed-origin list responds to an origin missing from it.
func IsOriginRejection(ruleID string) bool {
	return originRejections[ruleID]
}
