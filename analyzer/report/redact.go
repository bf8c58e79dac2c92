package report

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/asciifold"
)

// RedactedPrefix starts every marker that replaces a secret, as in
// "[REDACTED cookie value]". The rest of the marker names what was removed.
const RedactedPrefix = "[REDACTED"

// Redacted is the marker for a secret of no more specific kind.
const Redacted = RedactedPrefix + "]"

// marker returns the marker that replaces a secret of the given kind.
func marker(kind string) string {
	return RedactedPrefix + " " + kind + "]"
}

// isMarker reports whether s already starts with a marker, so that
// redacting a redacted text changes nothing.
func isMarker(s string) bool {
	return strings.HasPrefix(s, RedactedPrefix)
}

// secretParams maps, in lower case, the query, fragment and form parameter
// names whose values carry credentials to the kind of secret their marker
// names: SAML messages, artifacts and RelayState, OAuth and OpenID Connect codes,
// state and tokens, CAS tickets, API keys, passwords and session ids.
var secretParams = map[string]string{
	"samlrequest": "SAML message", "samlresponse": "SAML message", "samlart": "SAML artifact",
	"signature": "signature", "sig": "signature", "x-amz-signature": "signature", "x-goog-signature": "signature",
	"code": "OAuth code", "state": "OAuth state",
	"access_token": "token", "id_token": "token", "refresh_token": "token", "token": "token",
	"x-amz-security-token": "token",
	"client_secret":        "secret", "secret": "secret",
	"assertion": "assertion", "client_assertion": "assertion",
	"ticket":  "ticket",
	"api_key": "API key", "apikey": "API key", "key": "API key",
	"password": "password", "passwd": "password", "pwd": "password",
	"session": "session id", "sessionid": "session id", "jsessionid": "session id", "sid": "session id",
	"auth": "credentials", "authorization": "credentials",
	"csrf": "CSRF token", "csrf_token": "CSRF token", "xsrf_token": "CSRF token", "_csrf": "CSRF token",
	// RelayState travels with a SAML message and can carry the service
	// provider's state, such as a return URL with a session reference.
	"relaystate": "SAML RelayState",
}

// isSecretHeader reports whether the value of the header name carries a
// credential; the rule is the analyzer's, so findings and reports agree.
func isSecretHeader(name string) bool {
	return analyzer.IsSecretHeader(name)
}

// jwt matches a JSON Web Token: three base64url segments separated by
// dots, the first of which encodes a JSON object and so starts "eyJ". The
// signature segment is empty in an unsigned token.
var jwt = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// redactJWTs replaces every JSON Web Token in s.
func redactJWTs(s string) string {
	if !strings.Contains(s, "eyJ") {
		return s
	}
	return jwt.ReplaceAllLiteralString(s, marker("JWT"))
}

// RedactURL returns rawURL with its secrets replaced by markers that name
// what was removed: the values of secret query and fragment parameters
// ("code=[REDACTED OAuth code]"), a password in the user information, a
// ";jsessionid=" path parameter and every JSON Web Token. The rest of the
// URL is kept byte for byte, so the result still matches what the trace
// shows. A URL that is not absolute is handled the same way.
func RedactURL(rawURL string) string {
	rawURL = redactJWTs(rawURL)
	rest, fragment, hasFragment := strings.Cut(rawURL, "#")
	path, query, hasQuery := strings.Cut(rest, "?")
	path = redactUserinfo(path)
	path = redactPathParam(path, ";jsessionid=")
	if hasQuery {
		path += "?" + redactQuery(query)
	}
	if hasFragment {
		// OAuth implicit flows return tokens in the fragment.
		path += "#" + redactQuery(fragment)
	}
	return path
}

// redactUserinfo replaces the password in "scheme://user:password@host".
func redactUserinfo(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	authority, path, _ := strings.Cut(rest, "/")
	userinfo, host, ok := strings.Cut(authority, "@")
	if !ok {
		return s
	}
	user, password, hasPassword := strings.Cut(userinfo, ":")
	if !hasPassword || isMarker(password) {
		return s
	}
	out := scheme + "://" + user + ":" + marker("password") + "@" + host
	if len(rest) > len(authority) {
		out += "/" + path
	}
	return out
}

// redactPathParam replaces the value of a path parameter such as
// ";jsessionid=..." up to the next "/" or ";".
func redactPathParam(path, param string) string {
	i := asciifold.Index(path, param)
	if i < 0 {
		return path
	}
	start := i + len(param)
	if isMarker(path[start:]) {
		return path
	}
	end := start
	for end < len(path) && path[end] != '/' && path[end] != ';' {
		end++
	}
	return path[:start] + marker("session id") + path[end:]
}

// redactQuery replaces the values of secret parameters in a query string or
// fragment, keeping the separators and the other pairs as they are.
func redactQuery(query string) string {
	pairs := strings.Split(query, "&")
	for i, pair := range pairs {
		name, value, hasValue := strings.Cut(pair, "=")
		if hasValue {
			pairs[i] = name + "=" + RedactField(name, value)
		}
	}
	return strings.Join(pairs, "&")
}

// RedactField returns the value of a query, fragment or form parameter
// with its secret replaced. When name is a secret parameter such as
// SAMLResponse, code or password (compared case-insensitively), the whole
// value is replaced. Otherwise every JSON Web Token in the value and every
// secret of a URL in it is replaced.
func RedactField(name, value string) string {
	if kind, ok := secretParams[strings.ToLower(name)]; ok {
		if value == "" || isMarker(value) {
			return value
		}
		return marker(kind)
	}
	return RedactText(value)
}

// RedactHeader returns the value of the header name with its secrets
// replaced:
//
//   - Cookie keeps each cookie name and loses each value
//     ("a=[REDACTED cookie value]; b=[REDACTED cookie value]");
//   - Set-Cookie keeps the name and the attributes, which decide where
//     the browser sends the cookie, and loses the value;
//   - Authorization and Proxy-Authorization keep the scheme, such as
//     Bearer or Basic, and lose the credentials;
//   - every other secret header (see the package documentation) loses
//     its whole value;
//   - any other header is passed through [RedactText], which hides the
//     secrets of a URL in Location or Referer and every JSON Web Token.
func RedactHeader(name, value string) string {
	lower := strings.ToLower(name)
	switch {
	case lower == "cookie":
		return redactCookies(value)
	case lower == "set-cookie":
		return redactSetCookie(value)
	case lower == "authorization" || lower == "proxy-authorization":
		return redactCredentials(value)
	case isSecretHeader(name):
		if strings.TrimSpace(value) == "" || isMarker(strings.TrimSpace(value)) {
			return value
		}
		return marker(name + " value")
	}
	return RedactText(value)
}

// redactCookies replaces the values of a Cookie header's name=value pairs.
func redactCookies(value string) string {
	pairs := strings.Split(value, ";")
	for i, pair := range pairs {
		name, v, ok := strings.Cut(pair, "=")
		switch {
		case !ok && strings.TrimSpace(pair) == "":
			continue
		case !ok:
			// A cookie without "=" is a value without a name.
			pairs[i] = " " + marker("cookie value")
		case v != "" && !isMarker(v):
			pairs[i] = name + "=" + marker("cookie value")
		}
	}
	return strings.Join(pairs, ";")
}

// redactSetCookie replaces the value of the cookie a Set-Cookie header
// sets and keeps its attributes. Exporters that join repeated Set-Cookie
// lines with a newline give one cookie per line.
func redactSetCookie(value string) string {
	lines := strings.Split(value, "\n")
	for i, line := range lines {
		pair, attributes, hasAttributes := strings.Cut(line, ";")
		name, v, ok := strings.Cut(pair, "=")
		switch {
		case !ok && strings.TrimSpace(pair) != "":
			pair = marker("cookie value")
		case ok && v != "" && !isMarker(v):
			pair = name + "=" + marker("cookie value")
		}
		if hasAttributes {
			pair += ";" + attributes
		}
		lines[i] = pair
	}
	return strings.Join(lines, "\n")
}

// redactCredentials replaces the credentials of an Authorization value and
// keeps its scheme.
func redactCredentials(value string) string {
	trimmed := strings.TrimSpace(value)
	if trimmed == "" || isMarker(trimmed) {
		return value
	}
	scheme, credentials, ok := strings.Cut(trimmed, " ")
	if !ok || isMarker(strings.TrimSpace(credentials)) {
		if ok {
			return value
		}
		return marker("credentials")
	}
	return scheme + " " + marker("credentials")
}

// RedactEvidence returns an evidence line with its secrets replaced. It is
// [RedactText] under the name the reporters used first.
func RedactEvidence(line string) string {
	return RedactText(line)
}

// absoluteURL matches a URL with a scheme inside free text. It ends at
// whitespace, a quote, a backslash (the escape before a quote in a %q
// string) or an angle bracket.
var absoluteURL = regexp.MustCompile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'`<>\\\\]+")

// queryPair matches a "name=value" pair that follows "?", "&" or "#", as
// in a relative URL such as "/cb?code=..." that absoluteURL misses.
var queryPair = regexp.MustCompile(`([?&#])([^=&#?\s"'\\]+)=([^&#\s"'\\]*)`)

// headerName matches a header name followed by a colon, as in
// "entry 3: Cookie: a=b". The name must start the text or follow a space,
// a quote or an opening bracket.
var headerName = regexp.MustCompile(`(^|[\s"'(\[,])([!#$%&*+.^_|~0-9A-Za-z-]+):`)

// RedactText returns free text from a report (a finding message, a flow
// reason, an evidence line, a decoder warning, a header value) with its
// secrets replaced by markers that name what was removed:
//
//   - every JSON Web Token becomes "[REDACTED JWT]";
//   - after a secret header name and a colon ("Cookie: a=b",
//     "entry 3: Authorization: Bearer ..."), the rest of the line, or of
//     the quoted string the name starts, is redacted as [RedactHeader]
//     does;
//   - every absolute URL in the text is passed through [RedactURL], also
//     when it is quoted;
//   - a secret query or fragment pair in a relative URL ("/cb?code=...")
//     loses its value.
//
// Text without secrets is returned unchanged, and so is text that has
// already been redacted.
func RedactText(s string) string {
	s = redactJWTs(s)
	// Each step below needs a character that most header values lack; the
	// checks skip the regular expressions, which dominate the cost of a
	// large report, when it is absent.
	if !strings.Contains(s, ":") {
		return redactQueryPairs(s)
	}
	if mayNameSecretHeader(s) {
		s = redactHeaders(s)
	}
	// RedactURL changes only a URL with user information, a path
	// parameter, a query or a fragment (JWTs are gone already).
	if strings.Contains(s, "://") && strings.ContainsAny(s, "@;?#") {
		s = absoluteURL.ReplaceAllStringFunc(s, redactURLInText)
	}
	return redactQueryPairs(s)
}

// secretHeaderHints are lower-case strings of which every name that
// analyzer.IsSecretHeader accepts contains at least one.
var secretHeaderHints = []string{"cookie", "auth", "api", "token", "secret", "passw", "session", "csrf", "xsrf"}

// mayNameSecretHeader reports whether s may contain a secret header name:
// false means that redactHeaders would return s unchanged. Header names
// are ASCII, so only ASCII letters are folded.
func mayNameSecretHeader(s string) bool {
	lower := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, hint := range secretHeaderHints {
		if bytes.Contains(lower, []byte(hint)) {
			return true
		}
	}
	return false
}

// redactQueryPairs replaces the values of secret query or fragment pairs
// in s, such as the code in "/cb?code=...".
func redactQueryPairs(s string) string {
	if !strings.Contains(s, "=") || !strings.ContainsAny(s, "?&#") {
		return s
	}
	return queryPair.ReplaceAllStringFunc(s, func(pair string) string {
		m := queryPair.FindStringSubmatch(pair)
		kind, ok := secretParams[strings.ToLower(m[2])]
		if !ok || isMarker(m[3]) {
			return pair
		}
		return m[1] + m[2] + "=" + marker(kind)
	})
}

// redactURLInText redacts a URL found in text. Punctuation that ends a
// sentence or a bracket is kept out of the URL, so that a value at the end
// of the URL is replaced but the sentence keeps its full stop.
func redactURLInText(u string) string {
	trimmed := strings.TrimRight(u, ".,;:!)]}")
	return RedactURL(trimmed) + u[len(trimmed):]
}

// redactHeaders redacts the value after each secret header name in s.
// The value runs to the end of the line, or to the closing quote when the
// name starts a quoted string.
func redactHeaders(s string) string {
	var b strings.Builder
	rest := s
	for {
		loc := headerName.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		name := rest[loc[4]:loc[5]]
		b.WriteString(rest[:loc[1]])
		if !isSecretHeader(name) {
			rest = rest[loc[1]:]
			continue
		}
		value := rest[loc[1]:]
		end := strings.IndexAny(value, "\n\r")
		if end < 0 {
			end = len(value)
		}
		if quote := rest[loc[2]:loc[3]]; quote == `"` || quote == "'" {
			if i := strings.Index(value[:end], quote); i >= 0 {
				end = i
			}
			// A %q string escapes an inner quote as \"; the value ends
			// before the backslash.
			if end > 0 && value[end-1] == '\\' {
				end--
			}
		}
		if strings.TrimSpace(value[:end]) == "" {
			b.WriteString(value[:end])
		} else {
			b.WriteString(" " + RedactHeader(name, strings.TrimLeft(value[:end], " \t")))
		}
		rest = value[end:]
	}
	b.WriteString(rest)
	return b.String()
}
