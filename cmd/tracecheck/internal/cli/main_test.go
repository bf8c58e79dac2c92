package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

// smallHAR is a HAR with one same-origin request, which no rule concerns.
const smallHAR = `{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
  "entries": [{
    "startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12.5,
    "request": {"method": "GET", "url": "https://finesse.example.com:8445/desktop/", "httpVersion": "HTTP/1.1",
      "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
    "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
      "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
    "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2.5}
  }]}}
`

// setupFiles writes trace files into a new directory and makes it the
// working directory, so that tests spell file names as a user would.
func setupFiles(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"good.har":      smallHAR,
		"empty.har":     "",
		"notjson.har":   "this is not JSON\n",
		"truncated.har": smallHAR[:len(smallHAR)/2],
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "traces"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

func TestMainReadsStdin(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := Main([]string{"analyze", "-"}, strings.NewReader(smallHAR), &stdout, &stderr, "1.2.3")
	if status != 0 {
		t.Errorf("status = %d, want 0; stderr:\n%s", status, &stderr)
	}
	if !strings.HasPrefix(stdout.String(), "File - (HAR, created by WebInspector 537.36, 1 exchange)") {
		t.Errorf("stdout does not report the trace under the name -:\n%s", &stdout)
	}
}

func TestMainStatusAndOutput(t *testing.T) {
	setupFiles(t)
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		stdout     string // regexp that stdout must match
		stderr     string // regexp that stderr must match; "" means empty
	}{
		{"no arguments", nil, 2, ``, `expected one of "analyze",`},
		{"help", []string{"--help"}, 0, `(?s)Usage: tracecheck <command>.*analyze`, ``},
		{"analyze help", []string{"analyze", "--help"}, 0, `--fail-on="error"`, ``},
		{"version flag", []string{"--version"}, 0, `^tracecheck 1\.2\.3 \(go[^)]+\)\n$`, ``},
		{"version short flag", []string{"-V"}, 0, `^tracecheck 1\.2\.3 \(go[^)]+\)\n$`, ``},
		{"version command", []string{"version"}, 0, `^tracecheck 1\.2\.3 \(go[^)]+\)\n$`, ``},
		{"unknown command", []string{"lint"}, 2, `^$`, `^tracecheck: error: unknown command "lint"; the commands are analyze, probe, rules, version\nrun "tracecheck --help" for usage\n$`},
		{"analyze without files", []string{"analyze"}, 2, `^$`, `^tracecheck: error: a trace file is needed: give one or more HAR or SAML-tracer files, or - for standard input\nusage: tracecheck analyze <file> \.\.\. \[flags\]\nrun "tracecheck analyze --help" for usage\n$`},
		{"stdin twice", []string{"analyze", "-", "good.har", "-"}, 2, `^$`, `standard input \("-"\) can be given only once, but it was given 2 times`},
		{"analyze help lists exit statuses", []string{"analyze", "--help"}, 0, `(?s)Exit status:.*0  no finding.*1  at least one finding.*2  the command line is wrong`, ``},
		{"format in upper case", []string{"analyze", "--format", "JSON", "good.har"}, 0, `^\{`, ``},
		{"fail-on in mixed case", []string{"analyze", "--fail-on", "Never", "good.har"}, 0, `File good\.har`, ``},
		{"bad flag", []string{"analyze", "--bogus", "good.har"}, 2, ``, `unknown flag --bogus`},
		{"bad format", []string{"analyze", "--format", "xml", "good.har"}, 2, ``, `--format must be one of "table","json","markdown","html" but got "xml"`},
		{"bad fail-on", []string{"analyze", "--fail-on", "sometimes", "good.har"}, 2, ``, `--fail-on must be one of`},
		{"good file", []string{"analyze", "good.har"}, 0, `File good.har \(HAR, created by WebInspector 537\.36, 1 exchange\)`, ``},
		{"fail-on never", []string{"analyze", "--fail-on", "never", "good.har"}, 0, `File good.har`, ``},
		{"missing file", []string{"analyze", "missing.har"}, 2, `missing\.har`, `^tracecheck: missing\.har: no such file or directory\n$`},
		{"directory", []string{"analyze", "traces"}, 2, ``, `^tracecheck: traces: is a directory; give a trace file\n$`},
		{"empty file", []string{"analyze", "empty.har"}, 2, ``, `^tracecheck: empty\.har`},
		{"not JSON", []string{"analyze", "notjson.har"}, 2, ``, `^tracecheck: notjson\.har.*(line|byte)`},
		{"truncated", []string{"analyze", "truncated.har"}, 2, ``, `^tracecheck: truncated\.har.*(line|byte)`},
		{"one bad of two", []string{"analyze", "good.har", "notjson.har"}, 2, `(?s)File good\.har.*Files that could not be read.*notjson\.har`, `^tracecheck: notjson\.har[^\n]*\n$`},
		{"rules list", []string{"rules"}, 0, `id.*severity.*title|No rules are registered`, ``},
		{"unknown rule", []string{"rules", "no-such-rule"}, 2, `^$`, `unknown rule "no-such-rule": run "tracecheck rules" to list the rule ids`},
		{"rules extra argument", []string{"rules", "a", "b"}, 2, ``, `unexpected argument b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := Main(tt.args, strings.NewReader(""), &stdout, &stderr, "1.2.3")
			if status != tt.wantStatus {
				t.Errorf("Main(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, status, tt.wantStatus, &stdout, &stderr)
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout.String()) {
				t.Errorf("Main(%q) stdout does not match %q:\n%s", tt.args, tt.stdout, &stdout)
			}
			if tt.stderr == "" && stderr.Len() > 0 {
				t.Errorf("Main(%q) stderr = %q, want empty", tt.args, &stderr)
			}
			if tt.stderr != "" && !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("Main(%q) stderr does not match %q:\n%s", tt.args, tt.stderr, &stderr)
			}
		})
	}
}

// jsonOutput is the part of the JSON document these tests read.
type jsonOutput struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	Files   []struct {
		Source    string  `json:"source"`
		Format    string  `json:"format"`
		Exchanges int     `json:"exchanges"`
		Error     *string `json:"error"`
	} `json:"files"`
	Flows    []json.RawMessage `json:"flows"`
	Findings []json.RawMessage `json:"findings"`
	Summary  map[string]int    `json:"summary"`
}

func TestMainJSONWithUnreadableFile(t *testing.T) {
	setupFiles(t)
	var stdout, stderr bytes.Buffer
	status := Main([]string{"analyze", "--format", "json", "good.har", "notjson.har"}, strings.NewReader(""), &stdout, &stderr, "1.2.3")
	if status != 2 {
		t.Errorf("status = %d, want 2", status)
	}

	var doc jsonOutput
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, &stdout)
	}
	if doc.Tool != "tracecheck" || doc.Version != "1.2.3" {
		t.Errorf("tool, version = %q, %q, want tracecheck, 1.2.3", doc.Tool, doc.Version)
	}

	if len(doc.Files) != 2 {
		t.Fatalf("files has %d entries, want 2", len(doc.Files))
	}
	if f := doc.Files[0]; f.Source != "good.har" || f.Format != "har" || f.Exchanges != 1 || f.Error != nil {
		t.Errorf("files[0] = %+v, want good.har, har, 1 exchange, no error", f)
	}
	if f := doc.Files[1]; f.Source != "notjson.har" || f.Error == nil || !strings.Contains(*f.Error, "notjson.har") {
		t.Errorf("files[1] = %+v, want notjson.har with an error naming it", f)
	}
	if doc.Flows == nil || doc.Findings == nil {
		t.Errorf("flows or findings is null, want []")
	}
	if doc.Summary["files"] != 2 || doc.Summary["unreadable"] != 1 {
		t.Errorf("summary = %v, want files 2, unreadable 1", doc.Summary)
	}

	if !strings.HasPrefix(stderr.String(), "tracecheck: notjson.har") {
		t.Errorf("stderr = %q, want the error for notjson.har", &stderr)
	}
}

// seededHAR is a trace whose blocked cross-origin request carries secrets
// in its URL, its user information, its request headers and the Location
// of a redirect.
const seededHAR = `{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
  "entries": [{
    "startedDateTime": "2024-05-01T10:00:00.000Z", "time": 12.5, "_resourceType": "fetch",
    "request": {"method": "GET", "url": "https://user:SECRET-PASSWORD@api.example.com/v1/orders?access_token=SECRET-ACCESS&apikey=SECRET-APIKEY&state=SECRET-STATE#id_token=SECRET-IDTOKEN",
      "httpVersion": "HTTP/1.1",
      "headers": [{"name": "Origin", "value": "https://app.example.com"}, {"name": "Sec-Fetch-Mode", "value": "cors"},
        {"name": "Cookie", "value": "JSESSIONID=SECRET-COOKIE"}, {"name": "Authorization", "value": "Bearer SECRET-BEARER"},
        {"name": "X-Api-Key", "value": "SECRET-XAPIKEY"}, {"name": "LDAuthHeader", "value": "SECRET-LDAUTH"}],
      "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
    "response": {"status": 302, "statusText": "Found", "httpVersion": "HTTP/1.1",
      "headers": [{"name": "Location", "value": "https://idp.example.com/sso?SAMLRequest=SECRET-SAML&RelayState=r&csrf_token=SECRET-CSRF"},
        {"name": "Set-Cookie", "value": "sid=SECRET-SETCOOKIE; Secure"}],
      "cookies": [], "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "https://idp.example.com/sso?SAMLRequest=SECRET-SAML&RelayState=r&csrf_token=SECRET-CSRF", "headersSize": -1, "bodySize": 0},
    "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2.5}, "_error": "net::ERR_FAILED"
  }]}}
`

func TestMainHidesSeededSecrets(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("seeded.har", []byte(seededHAR), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "json"} {
		var stdout, stderr bytes.Buffer
		status := Main([]string{"analyze", "--format", format, "--fail-on", "never", "seeded.har"}, strings.NewReader(""), &stdout, &stderr, "1.2.3")
		if status != 0 {
			t.Fatalf("%s: status %d, stderr %s", format, status, &stderr)
		}
		out := stdout.String() + stderr.String()
		if !strings.Contains(out, "api.example.com") {
			t.Errorf("%s: output does not report the request to api.example.com:\n%s", format, out)
		}
		for _, m := range regexp.MustCompile(`SECRET-[A-Z]+`).FindAllString(out, -1) {
			t.Errorf("%s output contains %s:\n%s", format, m, out)
		}
	}
}

func TestRulesDocumentEveryRule(t *testing.T) {
	for _, r := range analyzer.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if status := Main([]string{"rules", r.ID}, strings.NewReader(""), &stdout, &stderr, "1.2.3"); status != 0 {
				t.Fatalf("rules %s: status %d, stderr %s", r.ID, status, &stderr)
			}
			out := stdout.String()
			for _, want := range []string{r.ID + "\n", "severity   " + r.Severity.String(), "Bad example", "Good example", "\nFix\n"} {
				if !strings.Contains(out, want) {
					t.Errorf("rules %s output lacks %q:\n%s", r.ID, want, out)
				}
			}
		})
	}
}

func TestReachesFailOn(t *testing.T) {
	withFinding := func(sev analyzer.Severity) []*analyzer.Report {
		return []*analyzer.Report{{}, {Findings: []analyzer.Finding{{Rule: "x", Severity: sev}}}}
	}
	tests := []struct {
		failOn  string
		reports []*analyzer.Report
		want    bool
	}{
		{"error", withFinding(analyzer.SeverityError), true},
		{"error", withFinding(analyzer.SeverityWarning), false},
		{"warning", withFinding(analyzer.SeverityWarning), true},
		{"warning", withFinding(analyzer.SeverityInfo), false},
		{"info", withFinding(analyzer.SeverityInfo), true},
		{"info", []*analyzer.Report{{}}, false},
		{"never", withFinding(analyzer.SeverityError), false},
	}
	for _, tt := range tests {
		min, err := parseFailOn(tt.failOn)
		if err != nil {
			t.Fatalf("parseFailOn(%q): %v", tt.failOn, err)
		}
		if got := reachesFailOn(tt.reports, min); got != tt.want {
			t.Errorf("reachesFailOn(--fail-on %s, max %v) = %v, want %v", tt.failOn, tt.reports[len(tt.reports)-1].Findings, got, tt.want)
		}
	}
}

func TestExitStatus(t *testing.T) {
	var stderr bytes.Buffer
	if got := exitStatus(&exitError{code: exitFindings}, &stderr); got != 1 || stderr.Len() != 0 {
		t.Errorf("exitStatus(findings) = %d with stderr %q, want 1 and nothing printed", got, &stderr)
	}
	stderr.Reset()
	if got := exitStatus(os.ErrClosed, &stderr); got != 2 || !strings.HasPrefix(stderr.String(), "tracecheck: ") {
		t.Errorf("exitStatus(plain error) = %d with stderr %q, want 2 and the message", got, &stderr)
	}
}
