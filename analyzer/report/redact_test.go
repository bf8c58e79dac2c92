package report

import "testing"

func TestRedactURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://a.example/x", "https://a.example/x"},
		{"https://a.example/cb?code=abc&state=s1", "https://a.example/cb?code=REDACTED&state=s1"},
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
	}
	for _, tt := range tests {
		if got := RedactEvidence(tt.in); got != tt.want {
			t.Errorf("RedactEvidence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
