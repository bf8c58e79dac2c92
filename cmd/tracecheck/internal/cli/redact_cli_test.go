package cli

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// sessionHAR returns a HAR with a preflighted GET from the Finesse origin
// to a CUIC node whose request and response carry session, CSRF, password
// and API key headers, an HTTP/2 :authority pseudo-header and a RelayState
// in the URL and in a form.
func sessionHAR(t *testing.T) []byte {
	t.Helper()
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	const api = "https://cuic-sub.example.com:8444/cuic/rest/report?RelayState=SECRET-RELAY-URL&locale=en_US"
	secretHeaders := []nv{
		{"X-Session-Id", "SECRET-SESSION"}, {"X-CSRF", "SECRET-CSRF"}, {"X-XSRF-Token", "SECRET-XSRF"},
		{"Finesse-Session-Key", "SECRET-SESSION-KEY"}, {"X-User-Password", "SECRET-PASSWORD-HEADER"},
		{"X-Api-Key", "SECRET-API-KEY"}, {"My-ApiKey", "SECRET-APIKEY"}, {"X-Auth-User", "SECRET-AUTH-USER"},
	}
	entry := func(method, url string, status int, reqHeaders, respHeaders []nv, extra map[string]any) map[string]any {
		e := map[string]any{
			"startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12.5,
			"request": map[string]any{"method": method, "url": url, "httpVersion": "HTTP/2",
				"headers": reqHeaders, "queryString": []nv{}, "cookies": []nv{}, "headersSize": -1, "bodySize": 0},
			"response": map[string]any{"status": status, "statusText": "", "httpVersion": "HTTP/2",
				"headers": respHeaders, "cookies": []nv{}, "content": map[string]any{"size": 0, "mimeType": "text/html"},
				"redirectURL": "", "headersSize": -1, "bodySize": 0},
			"cache": map[string]any{}, "timings": map[string]any{"send": 0, "wait": 10, "receive": 2.5},
		}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	actualHeaders := append([]nv{{":authority", "cuic-sub.example.com:8444"}, {"Sec-Fetch-Mode", "cors"},
		{"Origin", "https://finesse.example.com:8445"}}, secretHeaders...)
	var names []string
	for _, h := range secretHeaders {
		names = append(names, strings.ToLower(h.Name))
	}
	entries := []map[string]any{
		entry("POST", "https://finesse.example.com:8445/acs", 302,
			[]nv{{"Origin", "https://idp.example.com"}, {"Sec-Fetch-Mode", "navigate"}},
			[]nv{{"Location", "https://finesse.example.com:8445/desktop/"}},
			map[string]any{"_resourceType": "document",
				"request": map[string]any{"method": "POST", "url": "https://finesse.example.com:8445/acs", "httpVersion": "HTTP/2",
					"headers":     []nv{{"Origin", "https://idp.example.com"}, {"Sec-Fetch-Mode", "navigate"}},
					"queryString": []nv{}, "cookies": []nv{}, "headersSize": -1, "bodySize": 10,
					"postData": map[string]any{"mimeType": "application/x-www-form-urlencoded",
						"params": []nv{{"RelayState", "SECRET-RELAY-FORM"}}}}}),
		entry("OPTIONS", api, 403,
			[]nv{{":authority", "cuic-sub.example.com:8444"}, {"Origin", "https://finesse.example.com:8445"}, {"Sec-Fetch-Mode", "cors"},
				{"Access-Control-Request-Method", "GET"}, {"Access-Control-Request-Headers", strings.Join(names, ",")}},
			[]nv{{"X-Session-Id", "SECRET-RESPONSE-SESSION"}, {"X-CSRF-Nonce", "SECRET-RESPONSE-CSRF"}},
			map[string]any{"_resourceType": "preflight", "startedDateTime": "2024-05-01T10:00:00.003Z"}),
		entry("GET", api, 0, actualHeaders, []nv{},
			map[string]any{"_resourceType": "fetch", "_error": "net::ERR_FAILED"}),
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "WebInspector", "version": "537.36"}, "entries": entries}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRedactSessionHeadersEveryFormat checks the redaction of session,
// CSRF, password and API key headers and of RelayState, and that the
// :authority pseudo-header, which holds the host name, is shown.
func TestRedactSessionHeadersEveryFormat(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("session.har", sessionHAR(t), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := regexp.MustCompile(`SECRET-[A-Z-]+`)
	for _, format := range []string{"table", "json", "markdown", "html"} {
		out := runAnalyze(t, 0, "--format", format, "--fail-on", "never", "session.har")
		if leaks := secret.FindAllString(out, -1); len(leaks) > 0 {
			t.Errorf("%s output leaks %q", format, leaks)
		}
		plain := strings.ReplaceAll(out, `\`, "")
		if !strings.Contains(plain, "RelayState=[REDACTED SAML RelayState]") {
			t.Errorf("%s output does not show the redacted RelayState of the URL", format)
		}
		if strings.Contains(strings.ToLower(plain), "redacted :authority") {
			t.Errorf("%s output redacts the :authority pseudo-header", format)
		}
		// Every format prints the evidence of preflight-required-header,
		// which names each header of the actual request.
		for _, name := range []string{"x-session-id", "x-csrf", "x-xsrf-token", "finesse-session-key", "x-user-password",
			"x-api-key", "my-apikey", "x-auth-user"} {
			if !strings.Contains(plain, name+" (value not shown)") && !strings.Contains(plain, name+": [REDACTED "+name+" value]") {
				t.Errorf("%s output does not show %s as redacted evidence", format, name)
			}
		}
		if format != "json" && format != "html" {
			continue
		}
		// These formats print the exchanges' headers and form fields.
		for _, name := range []string{"X-Session-Id", "X-CSRF", "X-XSRF-Token", "Finesse-Session-Key", "X-User-Password",
			"X-Api-Key", "My-ApiKey", "X-Auth-User", "X-CSRF-Nonce"} {
			if marker := "[REDACTED " + name + " value]"; !strings.Contains(plain, marker) {
				t.Errorf("%s output lacks %q", format, marker)
			}
		}
		if !strings.Contains(plain, "cuic-sub.example.com:8444") || !strings.Contains(plain, ":authority") {
			t.Errorf("%s output does not show the :authority header and its host", format)
		}
		if !strings.Contains(plain, "[REDACTED SAML RelayState]") {
			t.Errorf("%s output lacks the redacted RelayState form field", format)
		}
	}
}
