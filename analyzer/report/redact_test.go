package report

import (
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

func TestRedactURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://a.example/x", "https://a.example/x"},
		{"https://a.example/cb?code=abc&state=s1", "https://a.example/cb?code=[REDACTED OAuth code]&state=[REDACTED OAuth state]"},
		{"https://idp.example/sso?SAMLRequest=fZJN&RelayState=r", "https://idp.example/sso?SAMLRequest=[REDACTED SAML message]&RelayState=[REDACTED SAML RelayState]"},
		{"https://a.example/cb#access_token=t&token_type=bearer", "https://a.example/cb#access_token=[REDACTED token]&token_type=bearer"},
		{"https://user:pw@a.example/x", "https://user:[REDACTED password]@a.example/x"},
		{"https://user@a.example/x", "https://user@a.example/x"},
		{"https://a.example/app;jsessionid=ABC123/page?x=1", "https://a.example/app;jsessionid=[REDACTED session id]/page?x=1"},
		{"https://a.example/x?Key=1&keyword=2", "https://a.example/x?Key=[REDACTED API key]&keyword=2"},
		{"https://a.example/x?code", "https://a.example/x?code"},
		{"https://a.example/x?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_1&y=2", "https://a.example/x?jwt=[REDACTED JWT]&y=2"},
		{"https://a.example/eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0./x", "https://a.example/[REDACTED JWT]/x"},
		// Text before the parameter whose lower case has another length:
		// invalid UTF-8 becomes U+FFFD, İ becomes i and Ⱥ becomes ⱥ.
		{"A://\xd3;JSESSIONID=abc/x", "A://\xd3;JSESSIONID=[REDACTED session id]/x"},
		{"https://a.example/\xff\xfe;jsessionid=", "https://a.example/\xff\xfe;jsessionid=[REDACTED session id]"},
		{"https://a.example/İİİ;jsessionid=abcdef/x", "https://a.example/İİİ;jsessionid=[REDACTED session id]/x"},
		{"https://a.example/ȺȺ;jsessionid=abcdef/x", "https://a.example/ȺȺ;jsessionid=[REDACTED session id]/x"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := RedactURL(tt.want); again != tt.want {
			t.Errorf("RedactURL(%q) = %q, want it unchanged because it is already redacted", tt.want, again)
		}
	}
}

func TestRedactHeader(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"Cookie", "a=b; c=d", "a=[REDACTED cookie value]; c=[REDACTED cookie value]"},
		{"cookie", "lonely", " [REDACTED cookie value]"},
		{"Set-Cookie", "sid=abc; Path=/; Secure; SameSite=None", "sid=[REDACTED cookie value]; Path=/; Secure; SameSite=None"},
		{"Set-Cookie", "a=1; Secure\nb=2", "a=[REDACTED cookie value]; Secure\nb=[REDACTED cookie value]"},
		{"Authorization", "Bearer abc.def", "Bearer [REDACTED credentials]"},
		{"Proxy-Authorization", "Basic dXNlcjpwdw==", "Basic [REDACTED credentials]"},
		{"Authorization", "tokenwithoutscheme", "[REDACTED credentials]"},
		{"X-Api-Key", "k-123", "[REDACTED X-Api-Key value]"},
		{"X-CSRF-Token", "t", "[REDACTED X-CSRF-Token value]"},
		{"WWW-Authenticate", `Basic realm="cuic"`, `Basic realm="cuic"`},
		{"Location", "https://sp.example/acs?SAMLResponse=PHN&RelayState=x", "https://sp.example/acs?SAMLResponse=[REDACTED SAML message]&RelayState=[REDACTED SAML RelayState]"},
		{"X-Trace", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "[REDACTED JWT]"},
		{"Access-Control-Allow-Origin", "https://a.example", "https://a.example"},
		{"X-Session-Id", "s-42", "[REDACTED X-Session-Id value]"},
		{"X-CSRF", "c-1", "[REDACTED X-CSRF value]"},
		{"X-XSRF-Token", "x-1", "[REDACTED X-XSRF-Token value]"},
		{"Finesse-Session-Key", "k", "[REDACTED Finesse-Session-Key value]"},
		{"X-User-Password", "hunter2", "[REDACTED X-User-Password value]"},
		{"My-Api-Key", "k", "[REDACTED My-Api-Key value]"},
		{"X-ApiKey", "k", "[REDACTED X-ApiKey value]"},
		{"X-Auth-User", "agent1", "[REDACTED X-Auth-User value]"},
		{"X-Authentication", "a", "[REDACTED X-Authentication value]"},
		{":authority", "cuic-sub.example.com:8444", "cuic-sub.example.com:8444"},
		{":path", "/cuic/?code=abc", "/cuic/?code=[REDACTED OAuth code]"},
		{"Author", "J. Doe", "J. Doe"},
		{"Access-Control-Allow-Credentials", "true", "true"},
		{"Access-Control-Allow-Headers", "authorization, x-session-id", "authorization, x-session-id"},
	}
	for _, tt := range tests {
		got := RedactHeader(tt.name, tt.value)
		if got != tt.want {
			t.Errorf("RedactHeader(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
		if again := RedactHeader(tt.name, got); again != got {
			t.Errorf("RedactHeader(%q, %q) = %q, want the redacted value unchanged", tt.name, got, again)
		}
	}
}

func TestRedactField(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"SAMLResponse", "PHNhbWxwOlJlc3BvbnNl", "[REDACTED SAML message]"},
		{"RelayState", "https://sp.example/home", "[REDACTED SAML RelayState]"},
		{"password", "hunter2", "[REDACTED password]"},
		{"id_token_hint", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "[REDACTED JWT]"},
		{"code", "", ""},
	}
	for _, tt := range tests {
		if got := RedactField(tt.name, tt.value); got != tt.want {
			t.Errorf("RedactField(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestRedactEvidence(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Cookie: a=b; c=d", "Cookie: a=[REDACTED cookie value]; c=[REDACTED cookie value]"},
		{"set-cookie: id=1; Secure", "set-cookie: id=[REDACTED cookie value]; Secure"},
		{"Authorization: Bearer x", "Authorization: Bearer [REDACTED credentials]"},
		{"Access-Control-Allow-Origin: https://a.example", "Access-Control-Allow-Origin: https://a.example"},
		{"status 403", "status 403"},
		{"entry 3: Cookie: a=b", "entry 3: Cookie: a=[REDACTED cookie value]"},
	}
	for _, tt := range tests {
		if got := RedactEvidence(tt.in); got != tt.want {
			t.Errorf("RedactEvidence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no secret", "The preflight status 403 is outside 200-299.", "The preflight status 403 is outside 200-299."},
		{"url in sentence",
			"The request to https://idp.example/sso?SAMLResponse=PHNhbWw&RelayState=r failed.",
			"The request to https://idp.example/sso?SAMLResponse=[REDACTED SAML message]&RelayState=[REDACTED SAML RelayState] failed."},
		{"quoted url", `redirected to "https://a.example/cb?code=abc&state=s1"`, `redirected to "https://a.example/cb?code=[REDACTED OAuth code]&state=[REDACTED OAuth state]"`},
		{"userinfo", "fetched https://user:hunter2@api.example/x", "fetched https://user:[REDACTED password]@api.example/x"},
		{"fragment", "Location https://app.example/#id_token=eyJ&x=1.", "Location https://app.example/#id_token=[REDACTED token]&x=1."},
		{"relative location", "entry 4: Location: /cb?apikey=k1&x-goog-signature=s2", "entry 4: Location: /cb?apikey=[REDACTED API key]&x-goog-signature=[REDACTED signature]"},
		{"csrf params", "https://a.example/?csrf=1&_csrf=2&csrf_token=3&xsrf_token=4&page=5",
			"https://a.example/?csrf=[REDACTED CSRF token]&_csrf=[REDACTED CSRF token]&csrf_token=[REDACTED CSRF token]&xsrf_token=[REDACTED CSRF token]&page=5"},
		{"entry prefix cookie", "entry 3: Cookie: a=b; c=d", "entry 3: Cookie: a=[REDACTED cookie value]; c=[REDACTED cookie value]"},
		{"api key header", "entry 3: X-Api-Key: k-123", "entry 3: X-Api-Key: [REDACTED X-Api-Key value]"},
		{"ldauthheader", "LDAuthHeader: abc", "LDAuthHeader: [REDACTED LDAuthHeader value]"},
		{"name with token", "entry 2: X-Session-Token: abc", "entry 2: X-Session-Token: [REDACTED X-Session-Token value]"},
		{"quoted header", `the value "Authorization: Bearer abc" was sent`, `the value "Authorization: Bearer [REDACTED credentials]" was sent`},
		{"header value not shown", "entry 1: Authorization (value not shown)", "entry 1: Authorization (value not shown)"},
		{"challenge kept", "entry 5: WWW-Authenticate: Bearer", "entry 5: WWW-Authenticate: Bearer"},
		{"allow headers kept", "Access-Control-Allow-Headers: authorization, x-auth-token", "Access-Control-Allow-Headers: authorization, x-auth-token"},
		{"path param", "https://a.example/app;jsessionid=ABC/page", "https://a.example/app;jsessionid=[REDACTED session id]/page"},
		{"bare jwt", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_ was sent", "token [REDACTED JWT] was sent"},
		{"eyJ without dots", "eyJhbGciOiJIUzI1NiJ9 alone", "eyJhbGciOiJIUzI1NiJ9 alone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RedactText(tt.in)
			if got != tt.want {
				t.Errorf("RedactText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := RedactText(got); again != got {
				t.Errorf("RedactText(%q) = %q, want the redacted text unchanged", got, again)
			}
		})
	}
}

// TestSecretHeaderHints checks that every name the analyzer treats as a
// secret header contains one of the hints that let RedactText skip text
// without one, so that the shortcut never skips a secret.
func TestSecretHeaderHints(t *testing.T) {
	names := []string{
		"Cookie", "Set-Cookie", "Authorization", "Proxy-Authorization", "X-API-Key", "Api-Key", "X-Auth-Token",
		"LDAuthHeader", "Auth", "X-Auth-User", "X-Session-Id", "X-CSRF", "X-XSRF-Token", "X-Password", "X-Passwd",
		"X-Apikey", "X-Api_Key", "X-Secret", "X-Authentication", "X-Authtoken", "X-Access-Token",
	}
	for _, name := range names {
		if !analyzer.IsSecretHeader(name) {
			t.Fatalf("%s is not a secret header; update the list of this test", name)
		}
		text := "the request had " + name + ": v"
		if !mayNameSecretHeader(text) {
			t.Errorf("mayNameSecretHeader(%q) = false, want true", text)
		}
	}
	for _, text := range []string{
		"https://cuic.example.com:8444/cuic/rest/reports/1420: Access-Control-Allow-Origin: https://finesse.example.com:8445",
		"GET https://a.example.com/x: status 403; Content-Type: text/html",
	} {
		if mayNameSecretHeader(text) {
			t.Errorf("mayNameSecretHeader(%q) = true, want false", text)
		}
		if got := RedactText(text); got != text {
			t.Errorf("RedactText(%q) = %q, want it unchanged", text, got)
		}
	}
}

// FuzzRedactTextShortcuts checks that the tests RedactText makes before
// running its regular expressions never change its result.
func FuzzRedactTextShortcuts(f *testing.F) {
	for _, s := range []string{
		"Authorization: Basic abc", "see https://user:pw@a.example/x?code=1#t", "x-session-id: 5; GET https://a.example/;jsessionid=9",
		"\"Cookie: a=b\"", "https://a.example/x: Access-Control-Allow-Origin: *", "eyJa.eyJb.c at https://a.example/?x=eyJa.b.c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := redactJWTs(s)
		if strings.Contains(want, ":") {
			want = redactHeaders(want)
			if strings.Contains(want, "://") {
				want = absoluteURL.ReplaceAllStringFunc(want, redactURLInText)
			}
		}
		want = redactQueryPairs(want)
		if got := RedactText(s); got != want {
			t.Fatalf("RedactText(%q) = %q, without its shortcuts %q", s, got, want)
		}
	})
}
