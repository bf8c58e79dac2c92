package report

import "testing"

func TestRedactURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://a.example/x", "https://a.example/x"},
		{"https://a.example/cb?code=abc&state=s1", "https://a.example/cb?code=REDACTED&state=REDACTED"},
		{"https://idp.example/sso?SAMLRequest=fZJN&RelayState=r", "https://idp.example/sso?SAMLRequest=REDACTED&RelayState=r"},
		{"https://a.example/cb#access_token=t&token_type=bearer", "https://a.example/cb#access_token=REDACTED&token_type=bearer"},
		{"https://user:pw@a.example/x", "https://user:REDACTED@a.example/x"},
		{"https://user@a.example/x", "https://user@a.example/x"},
		{"https://a.example/app;jsessionid=ABC123/page?x=1", "https://a.example/app;jsessionid=REDACTED/page?x=1"},
		{"https://a.example/x?Key=1&keyword=2", "https://a.example/x?Key=REDACTED&keyword=2"},
		{"https://a.example/x?code", "https://a.example/x?code"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactEvidence(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Cookie: a=b; c=d", "Cookie: REDACTED"},
		{"set-cookie: id=1; Secure", "set-cookie: REDACTED"},
		{"Authorization: Bearer x", "Authorization: REDACTED"},
		{"Access-Control-Allow-Origin: https://a.example", "Access-Control-Allow-Origin: https://a.example"},
		{"status 403", "status 403"},
		{"entry 3: Cookie: a=b", "entry 3: Cookie: REDACTED"},
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
			"The request to https://idp.example/sso?SAMLResponse=REDACTED&RelayState=r failed."},
		{"quoted url", `redirected to "https://a.example/cb?code=abc&state=s1"`, `redirected to "https://a.example/cb?code=REDACTED&state=REDACTED"`},
		{"userinfo", "fetched https://user:hunter2@api.example/x", "fetched https://user:REDACTED@api.example/x"},
		{"fragment", "Location https://app.example/#id_token=eyJ&x=1.", "Location https://app.example/#id_token=REDACTED&x=1."},
		{"relative location", "entry 4: Location: /cb?apikey=k1&x-goog-signature=s2", "entry 4: Location: /cb?apikey=REDACTED&x-goog-signature=REDACTED"},
		{"csrf params", "https://a.example/?csrf=1&_csrf=2&csrf_token=3&xsrf_token=4&page=5",
			"https://a.example/?csrf=REDACTED&_csrf=REDACTED&csrf_token=REDACTED&xsrf_token=REDACTED&page=5"},
		{"entry prefix cookie", "entry 3: Cookie: a=b; c=d", "entry 3: Cookie: REDACTED"},
		{"api key header", "entry 3: X-Api-Key: k-123", "entry 3: X-Api-Key: REDACTED"},
		{"ldauthheader", "LDAuthHeader: abc", "LDAuthHeader: REDACTED"},
		{"name with token", "entry 2: X-Session-Token: abc", "entry 2: X-Session-Token: REDACTED"},
		{"quoted header", `the value "Authorization: Bearer abc" was sent`, `the value "Authorization: REDACTED" was sent`},
		{"header value not shown", "entry 1: Authorization (value not shown)", "entry 1: Authorization (value not shown)"},
		{"challenge kept", "entry 5: WWW-Authenticate: Bearer", "entry 5: WWW-Authenticate: Bearer"},
		{"allow headers kept", "Access-Control-Allow-Headers: authorization, x-auth-token", "Access-Control-Allow-Headers: authorization, x-auth-token"},
		{"path param", "https://a.example/app;jsessionid=ABC/page", "https://a.example/app;jsessionid=REDACTED/page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactText(tt.in); got != tt.want {
				t.Errorf("RedactText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
