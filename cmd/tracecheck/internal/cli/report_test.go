package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostileJWT is a JSON Web Token whose signature is marked, so that a
// test can find it in the output.
const hostileJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudDEifQ.SECRETJWTSIGNATURE"

// hostileHAR returns a HAR whose blocked cross-origin request carries
// secrets in its URL, headers, form fields and redirect, and terminal
// escape sequences, bidirectional overrides and HTML and Markdown
// metacharacters in headers, URLs and form fields.
func hostileHAR(t *testing.T) []byte {
	t.Helper()
	type nv struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	const page = "https://app.example.com"
	api := "https://api.example.com/v1/orders/<script>alert(1)</script>|`x`](javascript:alert(1))" +
		"?code=SECRET-CODE&state=SECRET-STATE&SAMLRequest=SECRET-SAML-QUERY&jwt=" + hostileJWT
	hostile := "\x1b[31mred\x1b]0;x\a\u202eevil <script>alert(1)</script> | `tick` [a](javascript:alert(1)) *b* _i_"
	entry := func(method, url string, status int, reqHeaders, respHeaders []nv, extra map[string]any) map[string]any {
		e := map[string]any{
			"startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12.5,
			"request": map[string]any{"method": method, "url": url, "httpVersion": "HTTP/1.1",
				"headers": reqHeaders, "queryString": []nv{}, "cookies": []nv{}, "headersSize": -1, "bodySize": 0},
			"response": map[string]any{"status": status, "statusText": "Forbidden", "httpVersion": "HTTP/1.1",
				"headers": respHeaders, "cookies": []nv{}, "content": map[string]any{"size": 0, "mimeType": "text/html"},
				"redirectURL": "", "headersSize": -1, "bodySize": 0},
			"cache": map[string]any{}, "timings": map[string]any{"send": 0, "wait": 10, "receive": 2.5},
		}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	entries := []map[string]any{
		entry("POST", "https://sp.example.com/acs?x=1", 302,
			[]nv{{"Origin", "https://idp.example.com"}, {"Sec-Fetch-Mode", "navigate"}, {"Content-Type", "application/x-www-form-urlencoded"}},
			[]nv{{"Location", "https://user:SECRET-PASSWORD@app.example.com/home?access_token=SECRET-ACCESS"}},
			map[string]any{"_resourceType": "document", "startedDateTime": "2024-05-01T09:59:59.000Z",
				"request": map[string]any{"method": "POST", "url": "https://sp.example.com/acs?SAMLResponse=SECRET-SAML-URL", "httpVersion": "HTTP/1.1",
					"headers":     []nv{{"Origin", "https://idp.example.com"}, {"Sec-Fetch-Mode", "navigate"}},
					"queryString": []nv{}, "cookies": []nv{}, "headersSize": -1, "bodySize": 10,
					"postData": map[string]any{"mimeType": "application/x-www-form-urlencoded",
						"params": []nv{{"SAMLResponse", "SECRET-SAML-FORM"}, {"RelayState", hostile}, {"password", "SECRET-FORM-PASSWORD"}}}}}),
		entry("OPTIONS", api, 403,
			[]nv{{"Origin", page}, {"Sec-Fetch-Mode", "cors"}, {"Access-Control-Request-Method", "GET"},
				{"Access-Control-Request-Headers", "authorization,x-api-key"}, {"X-Hostile", hostile}},
			[]nv{{"X-Hostile", hostile}, {"Set-Cookie", "sid=SECRET-SETCOOKIE; Secure; SameSite=None"},
				{"Location", "/login?password=SECRET-LOCATION-PASSWORD&id_token=" + hostileJWT}},
			map[string]any{"_resourceType": "preflight", "startedDateTime": "2024-05-01T10:00:00.003Z"}),
		entry("GET", api, 0,
			[]nv{{"Sec-Fetch-Mode", "cors"}, {"Authorization", "Bearer SECRET-BEARER"}, {"Proxy-Authorization", "Basic SECRET-PROXY"},
				{"Cookie", "JSESSIONID=SECRET-COOKIE; theme=SECRET-THEME"}, {"X-Api-Key", "SECRET-APIKEY"},
				{"X-Forwarded-Token", hostileJWT}, {"Referer", page + "/page?" + hostile}},
			[]nv{}, map[string]any{"_resourceType": "fetch", "_error": "net::ERR_FAILED"}),
	}
	doc := map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]any{"name": "WebInspector", "version": "537.36"}, "entries": entries}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// secretPattern matches every secret hostileHAR seeds.
var secretPattern = regexp.MustCompile(`SECRET-[A-Z-]+|SECRETJWTSIGNATURE`)

// urlSecrets lists secrets of the blocked request's URL, which every
// format prints. headerSecrets lists secrets of its headers, which only
// the JSON and HTML formats print.
var (
	urlSecrets    = []string{"SECRET-CODE", "SECRET-SAML-QUERY", "SECRETJWTSIGNATURE"}
	headerSecrets = []string{"SECRET-BEARER", "SECRET-PROXY", "SECRET-COOKIE", "SECRET-APIKEY", "SECRET-SETCOOKIE", "SECRET-LOCATION-PASSWORD"}
)

func writeHostileHAR(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.WriteFile("hostile.har", hostileHAR(t), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runAnalyze runs "tracecheck analyze" with args and returns stdout.
func runAnalyze(t *testing.T, wantStatus int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := Main(append([]string{"analyze"}, args...), strings.NewReader(""), &stdout, &stderr, "1.2.3")
	if status != wantStatus {
		t.Fatalf("analyze %q: status %d, want %d; stderr:\n%s", args, status, wantStatus, &stderr)
	}
	return stdout.String()
}

func TestHostileTraceEveryFormat(t *testing.T) {
	writeHostileHAR(t)
	for _, format := range []string{"table", "json", "markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			out := runAnalyze(t, 0, "--format", format, "--fail-on", "never", "hostile.har")
			if !strings.Contains(out, "api.example.com") {
				t.Fatalf("output does not report the request to api.example.com:\n%s", out)
			}
			for _, secret := range secretPattern.FindAllString(out, -1) {
				t.Errorf("output contains the secret %s", secret)
			}
			if !strings.Contains(out, "[REDACTED") {
				t.Errorf("output contains no redaction marker")
			}
			if strings.Contains(out, "This report contains secrets") {
				t.Errorf("redacted output claims to contain secrets")
			}
			for _, raw := range []string{"\x1b", "\a", "\u202e"} {
				if strings.Contains(out, raw) {
					t.Errorf("output contains the raw control character %q", raw)
				}
			}
			checkEscapedFor(t, format, out)
		})
	}
}

// checkEscapedFor checks that the metacharacters of hostileHAR are escaped
// for the format's destination.
func checkEscapedFor(t *testing.T, format, out string) {
	t.Helper()
	switch format {
	case "html":
		if strings.Contains(out, "<script") {
			t.Errorf("HTML output contains a raw <script")
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("HTML output does not show <script> as text")
		}
	case "markdown":
		// <br> is the line break the format itself writes in table cells.
		out = strings.ReplaceAll(out, "<br>", "")
		for _, pattern := range []string{"(^|[^\\\\])\\]\\(", "(^|[^\\\\])`", "(^|[^\\\\])<"} {
			if m := regexp.MustCompile("(?m)" + pattern).FindString(out); m != "" {
				t.Errorf("Markdown output has an unescaped metacharacter matching %q: %q", pattern, m)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "| ") {
				continue
			}
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 8 {
				t.Errorf("Markdown table row has %d cell separators, want 8: %s", n, line)
			}
		}
	}
}

func TestHostileTraceShowSecrets(t *testing.T) {
	writeHostileHAR(t)
	for _, format := range []string{"table", "json", "markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			out := runAnalyze(t, 0, "--format", format, "--fail-on", "never", "--show-secrets", "hostile.har")
			if !strings.Contains(out, "This report contains secrets") {
				t.Errorf("output does not say that it contains secrets")
			}
			notice := strings.Index(out, "This report contains secrets")
			if first := strings.Index(out, "hostile.har"); notice < 0 || first >= 0 && first < notice && format != "html" {
				t.Errorf("the secrets notice does not come before the report of hostile.har")
			}
			secrets := urlSecrets
			if format == "json" || format == "html" {
				secrets = append(secrets, headerSecrets...)
			}
			for _, secret := range secrets {
				if !strings.Contains(out, secret) {
					t.Errorf("output with --show-secrets lacks %s", secret)
				}
			}
			for _, raw := range []string{"\x1b", "\u202e"} {
				if strings.Contains(out, raw) {
					t.Errorf("output contains the raw control character %q", raw)
				}
			}
			checkEscapedFor(t, format, out)
		})
	}
}

func TestAnalyzeFilters(t *testing.T) {
	writeHostileHAR(t)
	all := runAnalyze(t, 1, "--format", "json", "hostile.har")
	var doc struct {
		Flows    []map[string]any `json:"flows"`
		Findings []map[string]any `json:"findings"`
		Filters  map[string]any   `json:"filters"`
	}
	if err := json.Unmarshal([]byte(all), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Flows) == 0 || len(doc.Findings) == 0 {
		t.Fatalf("unfiltered report has %d flows and %d findings, want some of each", len(doc.Flows), len(doc.Findings))
	}
	rule := doc.Findings[0]["rule"].(string)

	tests := []struct {
		name       string
		args       []string
		status     int
		wantFlows  bool
		filterText string
	}{
		{"origin match", []string{"--origin", "https://APP.example.com:443"}, 1, true, "--origin https://APP.example.com:443"},
		{"origin other", []string{"--origin", "https://other.example.com"}, 0, false, "--origin https://other.example.com"},
		{"host match", []string{"--host", "api.example.com"}, 1, true, "--host api.example.com"},
		{"host with port", []string{"--host", "api.example.com:443"}, 1, true, "--host api.example.com:443"},
		{"host wrong port", []string{"--host", "api.example.com:8443"}, 0, false, "--host api.example.com:8443"},
		{"skip every error", []string{"--min-severity", "error", "--skip-rule", rule}, -1, true, "--skip-rule " + rule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range []string{"table", "markdown", "html"} {
				var stdout, stderr bytes.Buffer
				status := Main(append(append([]string{"analyze", "--format", format}, tt.args...), "hostile.har"), strings.NewReader(""), &stdout, &stderr, "1.2.3")
				if tt.status >= 0 && status != tt.status {
					t.Errorf("%s: status %d, want %d; stderr %s", format, status, tt.status, &stderr)
				}
				if !strings.Contains(stdout.String(), tt.filterText) && !strings.Contains(stdout.String(), strings.ReplaceAll(tt.filterText, "-", "\\-")) {
					t.Errorf("%s output does not name the filter %q", format, tt.filterText)
				}
				if strings.Contains(stdout.String(), "No cross-origin requests found") {
					t.Errorf("%s output says the trace has no cross-origin requests, though only the filters hide them", format)
				}
				hasFlows := !strings.Contains(stdout.String(), "No flow matches")
				if hasFlows != tt.wantFlows {
					t.Errorf("%s output has flows = %v, want %v", format, hasFlows, tt.wantFlows)
				}
				warned := strings.Contains(stderr.String(), "tracecheck: warning: hostile.har: No flow matches")
				if warned == tt.wantFlows {
					t.Errorf("%s: stderr warns about the filter = %v, want %v; stderr %s", format, warned, !tt.wantFlows, &stderr)
				}
			}
		})
	}

	filtered := runAnalyze(t, 0, "--format", "json", "--rule", rule, "--fail-on", "never", "hostile.har")
	if err := json.Unmarshal([]byte(filtered), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		if f["rule"] != rule {
			t.Errorf("--rule %s kept a finding of %v", rule, f["rule"])
		}
	}
	if rules, _ := doc.Filters["rules"].([]any); len(rules) != 1 || rules[0] != rule {
		t.Errorf("filters.rules = %v, want [%s]", doc.Filters["rules"], rule)
	}
}

func TestAnalyzeFilterUsageErrors(t *testing.T) {
	writeHostileHAR(t)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"unknown rule", []string{"--rule", "preflight-status-not-okk"}, `unknown rule "preflight-status-not-okk" in --rule; did you mean "preflight-status-not-ok"\?; run "tracecheck rules" to list the rule ids`},
		{"unknown skip rule", []string{"--skip-rule", "nothing-like-it-at-all"}, `unknown rule "nothing-like-it-at-all" in --skip-rule; run "tracecheck rules"`},
		{"bad origin", []string{"--origin", "finesse.example.com"}, `invalid --origin: invalid origin "finesse.example.com"`},
		{"bad host", []string{"--host", "https://a.example/x"}, `invalid --host: .* is not a host`},
		{"bad port", []string{"--host", "a.example:99999"}, `invalid --host: .*invalid port`},
		{"bad min severity", []string{"--min-severity", "fatal"}, `--min-severity must be one of "info","warning","error" but got "fatal"`},
		{"bad color", []string{"--color", "sometimes"}, `--color must be one of "auto","always","never"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := Main(append(append([]string{"analyze"}, tt.args...), "hostile.har"), strings.NewReader(""), &stdout, &stderr, "1.2.3")
			if status != 2 {
				t.Errorf("status %d, want 2", status)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("stderr does not match %q:\n%s", tt.stderr, &stderr)
			}
		})
	}
}

func TestAnalyzeOutputFile(t *testing.T) {
	writeHostileHAR(t)
	if err := os.WriteFile("report.html", []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout := runAnalyze(t, 0, "--format", "html", "--fail-on", "never", "--output", "report.html", "hostile.har")
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing when --output is given", stdout)
	}
	data, err := os.ReadFile("report.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "<!DOCTYPE html>") || !strings.HasSuffix(string(data), "</html>\n") {
		t.Errorf("report.html is not a complete HTML page:\n%.200s", data)
	}
	leftovers, _ := filepath.Glob(".report.html.*")
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	// The input file is never overwritten, also under another name.
	before, _ := os.ReadFile("hostile.har")
	if err := os.Symlink("hostile.har", "link.har"); err != nil {
		t.Fatal(err)
	}
	for _, output := range []string{"hostile.har", "./hostile.har", "link.har"} {
		var out, errOut bytes.Buffer
		status := Main([]string{"analyze", "--output", output, "hostile.har"}, strings.NewReader(""), &out, &errOut, "1.2.3")
		if status != 2 || !strings.Contains(errOut.String(), "is the input file") {
			t.Errorf("--output %s: status %d, stderr %q; want 2 and a message naming the input file", output, status, &errOut)
		}
	}
	after, _ := os.ReadFile("hostile.har")
	if !bytes.Equal(before, after) {
		t.Errorf("the input file was changed")
	}

	var out, errOut bytes.Buffer
	if err := os.Mkdir("dir", 0o755); err != nil {
		t.Fatal(err)
	}
	if status := Main([]string{"analyze", "--output", "dir", "hostile.har"}, strings.NewReader(""), &out, &errOut, "1.2.3"); status != 2 || !strings.Contains(errOut.String(), "is a directory") {
		t.Errorf("--output dir: status %d, stderr %q; want 2 and a message naming the directory", status, &errOut)
	}
}

func TestAnalyzeColor(t *testing.T) {
	writeHostileHAR(t)
	colored := runAnalyze(t, 0, "--color", "always", "--fail-on", "never", "hostile.har")
	if !strings.Contains(colored, "\x1b[1;31mblocked\x1b[0m") {
		t.Errorf("--color always does not colour the blocked verdict:\n%s", colored)
	}
	for _, args := range [][]string{{"--color", "never"}, {"--color", "auto"}, {}} {
		out := runAnalyze(t, 0, append(args, "--fail-on", "never", "hostile.har")...)
		if strings.Contains(out, "\x1b") {
			t.Errorf("analyze %q to a buffer printed an escape sequence", args)
		}
	}
	colored = runAnalyze(t, 0, "--color", "always", "--format", "json", "--fail-on", "never", "hostile.har")
	if strings.Contains(colored, "\x1b") {
		t.Errorf("--color always coloured JSON output")
	}
}

func TestUseColor(t *testing.T) {
	tests := []struct {
		color    string
		terminal bool
		noColor  string
		toFile   bool
		want     bool
	}{
		{"auto", true, "", false, true},
		{"auto", true, "1", false, false},
		{"auto", false, "", false, false},
		{"auto", true, "", true, false},
		{"always", false, "1", true, true},
		{"never", true, "", false, false},
	}
	for _, tt := range tests {
		e := &env{stdoutIsTerminal: tt.terminal, getenv: func(name string) string {
			if name == "NO_COLOR" {
				return tt.noColor
			}
			return ""
		}}
		c := &analyzeCmd{Color: tt.color}
		if got := c.useColor(e, tt.toFile); got != tt.want {
			t.Errorf("--color %s, terminal %v, NO_COLOR=%q, to file %v: colour %v, want %v", tt.color, tt.terminal, tt.noColor, tt.toFile, got, tt.want)
		}
	}
}
