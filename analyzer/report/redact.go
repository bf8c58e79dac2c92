package report

import (
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
}

// secretHeaders lists, in lower case, the header names whose values an
// evidence line must not show.
var secretHeaders = map[string]bool{
	"cookie": true, "set-cookie": true, "authorization": true, "proxy-authorization": true,
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

// RedactEvidence returns an evidence line with the value of a quoted secret
// header replaced by [Redacted]. A line quotes a header when it starts
// with the header name and a colon, as in "Cookie: a=b".
func RedactEvidence(line string) string {
	name, _, ok := strings.Cut(line, ":")
	if !ok || !secretHeaders[strings.ToLower(strings.TrimSpace(name))] {
		return line
	}
	return name + ": " + Redacted
}
