package report

import (
	"regexp"
	"strings"
)

// Redacted replaces a secret value in the output.
const Redacted = "REDACTED"

// secretParams lists, in lower case, the query parameter names whose values
// carry credentials: SAML messages and artifacts, OAuth and OpenID Connect
// codes and tokens, CAS tickets, API keys, passwords and session ids.
var secretParams = map[string]bool{
	"samlrequest": true, "samlresponse": true, "samlart": true, "signature": true, "sig": true,
	"code": true, "access_token": true, "id_token": true, "refresh_token": true, "token": true,
	"client_secret": true, "assertion": true, "client_assertion": true, "ticket": true,
	"api_key": true, "apikey": true, "key": true, "password": true, "passwd": true, "pwd": true,
	"secret": true, "session": true, "sessionid": true, "jsessionid": true, "sid": true,
	"auth": true, "authorization": true, "x-amz-signature": true, "x-amz-security-token": true,
	"x-goog-signature": true, "state": true, "csrf": true, "csrf_token": true, "xsrf_token": true, "_csrf": true,
}

// secretHeaders lists, in lower case, the header names whose values a
// report must not show. [isSecretHeader] adds every name that contains
// "token", "secret" or "auth".
var secretHeaders = map[string]bool{
	"cookie": true, "set-cookie": true, "authorization": true, "proxy-authorization": true,
	"x-api-key": true, "api-key": true, "x-auth-token": true, "ldauthheader": true,
}

// isSecretHeader reports whether the value of the header name carries a
// credential: a name in secretHeaders, or one whose lower-case form
// contains "token", "secret" or "auth", as the analyzer decides for request
// headers. WWW-Authenticate and Proxy-Authenticate are challenges that
// name a scheme and a realm, not credentials, so they are shown.
func isSecretHeader(name string) bool {
	lower := strings.ToLower(name)
	if secretHeaders[lower] {
		return true
	}
	if strings.HasSuffix(lower, "-authenticate") {
		return false
	}
	return strings.Contains(lower, "token") || strings.Contains(lower, "secret") || strings.Contains(lower, "auth")
}

// RedactURL returns rawURL with the values of secret query parameters, a
// password in the user information and a ";jsessionid=" path parameter
// replaced by [Redacted]. The rest of the URL is kept byte for byte, so the
// result still matches what the trace shows. A URL that is not absolute is
// handled the same way.
func RedactURL(rawURL string) string {
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
	user, _, hasPassword := strings.Cut(userinfo, ":")
	if !hasPassword {
		return s
	}
	out := scheme + "://" + user + ":" + Redacted + "@" + host
	if len(rest) > len(authority) {
		out += "/" + path
	}
	return out
}

// redactPathParam replaces the value of a path parameter such as
// ";jsessionid=..." up to the next "/" or ";".
func redactPathParam(path, param string) string {
	i := strings.Index(strings.ToLower(path), param)
	if i < 0 {
		return path
	}
	start := i + len(param)
	end := start
	for end < len(path) && path[end] != '/' && path[end] != ';' {
		end++
	}
	return path[:start] + Redacted + path[end:]
}

// redactQuery replaces the values of secret parameters in a query string or
// fragment, keeping the separators and the other pairs as they are.
func redactQuery(query string) string {
	pairs := strings.Split(query, "&")
	for i, pair := range pairs {
		name, _, hasValue := strings.Cut(pair, "=")
		if hasValue && secretParams[strings.ToLower(name)] {
			pairs[i] = name + "=" + Redacted
		}
	}
	return strings.Join(pairs, "&")
}

// RedactEvidence returns an evidence line with its secrets replaced by
// [Redacted]. It is [RedactText] under the name the reporters used first.
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
// reason, an evidence line, a decoder warning) with its secrets replaced
// by [Redacted]:
//
//   - every absolute URL in the text is passed through [RedactURL], also
//     when it is quoted;
//   - a secret query or fragment pair in a relative URL ("/cb?code=...")
//     loses its value;
//   - after a secret header name and a colon ("Cookie: a=b",
//     "entry 3: Authorization: Bearer ..."), the rest of the line, or of
//     the quoted string the name starts, becomes [Redacted].
//
// Text without secrets is returned unchanged.
func RedactText(s string) string {
	s = redactHeaders(s)
	s = absoluteURL.ReplaceAllStringFunc(s, redactURLInText)
	return queryPair.ReplaceAllStringFunc(s, func(pair string) string {
		m := queryPair.FindStringSubmatch(pair)
		if !secretParams[strings.ToLower(m[2])] {
			return pair
		}
		return m[1] + m[2] + "=" + Redacted
	})
}

// redactURLInText redacts a URL found in text. Punctuation that ends a
// sentence or a bracket is kept out of the URL, so that a value at the end
// of the URL is replaced but the sentence keeps its full stop.
func redactURLInText(u string) string {
	trimmed := strings.TrimRight(u, ".,;:!)]}")
	return RedactURL(trimmed) + u[len(trimmed):]
}

// redactHeaders replaces the value after each secret header name in s.
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
		if !isSecretHeader(name) {
			b.WriteString(rest[:loc[1]])
			rest = rest[loc[1]:]
			continue
		}
		b.WriteString(rest[:loc[1]])
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
			b.WriteString(" " + Redacted)
		}
		rest = value[end:]
	}
	b.WriteString(rest)
	return b.String()
}
