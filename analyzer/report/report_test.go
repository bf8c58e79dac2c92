package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tracecheck/tracecheck/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// typicalReports returns a Finesse desktop trace in which one CUIC node
// accepts the preflight and the other rejects it with 403, followed by a
// SAML-tracer trace with one undetermined flow, built by hand so that the
// goldens do not depend on the engine.
func typicalReports() ([]Input, Options) {
	const origin = "https://finesse.example.com:8445"
	pub := "https://cuic-pub.example.com:8444/cuicui/rest/gadgets/livedata/dashboards/Agent%20Team%20Summary?locale=en_US"
	sub := "https://cuic-sub.example.com:8444/cuicui/rest/gadgets/livedata/dashboards/Agent%20Team%20Summary?locale=en_US&access_token=eyJhbGciOi"
	prefPub := analyzer.ExchangeRef{Index: 4, Method: "OPTIONS", URL: pub, Status: 200}
	getPub := analyzer.ExchangeRef{Index: 5, Method: "GET", URL: pub, Status: 200}
	prefSub := analyzer.ExchangeRef{Index: 7, Method: "OPTIONS", URL: sub, Status: 403}
	getSub := analyzer.ExchangeRef{Index: 6, Method: "GET", URL: sub, Status: 0}

	har := &analyzer.Report{
		Source:  "finesse-cuic.har",
		Format:  analyzer.FormatHAR,
		Creator: "WebInspector 537.36",
		Flows: []analyzer.Flow{
			{
				ID: 1, Origin: origin, OriginSource: "origin header", Method: "GET", URL: pub,
				Mode: "cors", ModeEvidence: "Sec-Fetch-Mode", Credentials: "include", CredentialsEvidence: "cookie sent",
				PreflightRequired: true, Preflight: &prefPub, Actual: &getPub,
				Verdict: analyzer.Allowed, Reason: "the preflight and the response allow the origin",
			},
			{
				ID: 2, Origin: origin, OriginSource: "preflight", Method: "GET", URL: sub,
				Mode: "cors", ModeEvidence: "_resourceType fetch", Credentials: "include", CredentialsEvidence: "withCredentials",
				PreflightRequired: true, Preflight: &prefSub, Actual: &getSub,
				Verdict: analyzer.Blocked, Reason: "the preflight was answered 403",
				FirstFailure: "preflight-rejected-by-auth", Chromium: "PreflightInvalidStatus", Firefox: "CORSPreflightDidNotSucceed3",
			},
		},
		Findings: []analyzer.Finding{
			{
				Rule: "preflight-rejected-by-auth", Severity: analyzer.SeverityError,
				Title:    "preflight rejected by authentication",
				Message:  "The OPTIONS request to cuic-sub.example.com:8444 was answered 403 Forbidden. Preflights never carry cookies or credentials, so a server that requires them for OPTIONS rejects every preflight.",
				Exchange: prefSub, Related: []analyzer.ExchangeRef{getSub}, Flow: 2,
				Evidence: []string{"HTTP/1.1 403 Forbidden", "Access-Control-Allow-Origin: (absent)", "Cookie: JSESSIONID=0123456789ABCDEF"},
				Fix:      "On cuic-sub.example.com, add https://finesse.example.com:8445 to the allowed origins, as on cuic-pub.example.com, and answer OPTIONS without authentication.",
				Chromium: "PreflightInvalidStatus", Firefox: "CORSPreflightDidNotSucceed3",
			},
			{
				Rule: "preflight-status-not-ok", Severity: analyzer.SeverityError,
				Title:    "preflight response status is not ok",
				Message:  "The preflight response status 403 is outside 200-299.",
				Exchange: prefSub, Related: []analyzer.ExchangeRef{getSub}, Flow: 2,
				Evidence: []string{"HTTP/1.1 403 Forbidden"},
				Fix:      "Answer the preflight with 200 or 204.",
				Chromium: "PreflightInvalidStatus", Firefox: "CORSPreflightDidNotSucceed3",
			},
			{
				Rule: "allow-origin-reflects-any", Severity: analyzer.SeverityWarning,
				Title:    "allow-origin reflects the request origin",
				Message:  "cuic-pub.example.com echoes the Origin header.\x1b[31m\u202e",
				Exchange: getPub, Related: []analyzer.ExchangeRef{}, Flow: 1,
				Evidence: []string{"Access-Control-Allow-Origin: https://finesse.example.com:8445"},
				Fix:      "List the allowed origins explicitly.",
			},
			{
				Rule: "har-sanitized", Severity: analyzer.SeverityInfo,
				Title:    "cookies were removed from the export",
				Message:  "The HAR was exported without cookies, so credentialed requests cannot be checked fully.",
				Exchange: analyzer.ExchangeRef{Index: 0, Method: "GET", URL: "https://finesse.example.com:8445/desktop/container/?code=4%2F0Ab&state=xyz", Status: 200},
			},
		},
		Warnings: []analyzer.Warning{
			{Entry: 9, Offset: 48213, Message: "response body is not valid base64; skipped"},
			{Entry: -1, Offset: -1, Message: "pages list is missing"},
		},
		Summary: analyzer.Summary{Exchanges: 10},
	}

	saml := &analyzer.Report{
		Source:  "finesse-cuic-samltracer.json",
		Format:  analyzer.FormatSAMLTracer,
		Creator: "",
		Flows: []analyzer.Flow{
			{
				ID: 1, Origin: origin, OriginSource: "origin header", Method: "PUT",
				URL:  "https://cuic-pub.example.com:8444/cuicui/rest/users/agent1/preferences",
				Mode: "", ModeEvidence: "", Credentials: "unknown",
				PreflightRequired: true, Actual: &analyzer.ExchangeRef{Index: 2, Method: "PUT", URL: "https://cuic-pub.example.com:8444/cuicui/rest/users/agent1/preferences", Status: 204},
				Verdict: analyzer.Undetermined, Reason: "no preflight in the trace",
			},
		},
		Findings: []analyzer.Finding{
			{
				Rule: "preflight-not-in-trace", Severity: analyzer.SeverityInfo,
				Title:    "preflight not recorded in the trace",
				Message:  "A PUT needs a preflight, but the trace holds none.",
				Exchange: analyzer.ExchangeRef{Index: 2, Method: "PUT", URL: "https://cuic-pub.example.com:8444/cuicui/rest/users/agent1/preferences", Status: 204},
				Flow:     1,
			},
		},
		Summary: analyzer.Summary{Exchanges: 3},
	}

	opts := Options{
		Version: "1.2.3",
		Unreadable: []Unreadable{{
			Source: "broken.har",
			Err:    &analyzer.DecodeError{File: "broken.har", Entry: 2, Offset: 812, Line: 31, Column: 4, Err: errors.New("unexpected end of JSON input")},
		}},
	}
	return []Input{{Report: har, Trace: typicalTrace()}, {Report: saml, Trace: &analyzer.Trace{
		Source: saml.Source, Format: analyzer.FormatSAMLTracer,
		Exchanges: []analyzer.Exchange{{Index: 0}, {Index: 1}, {Index: 2, Method: "PUT", URL: saml.Flows[0].URL, Status: 204, Duration: -1}},
	}}}, opts
}

// typicalTrace returns the exchanges behind the HAR report of
// typicalReports, with headers and times, as the HTML format needs them.
func typicalTrace() *analyzer.Trace {
	const origin = "https://finesse.example.com:8445"
	pub := "https://cuic-pub.example.com:8444/cuicui/rest/gadgets/livedata/dashboards/Agent%20Team%20Summary?locale=en_US"
	sub := "https://cuic-sub.example.com:8444/cuicui/rest/gadgets/livedata/dashboards/Agent%20Team%20Summary?locale=en_US&access_token=eyJhbGciOi"
	start := time.Date(2026, 3, 10, 14, 2, 11, 204_000_000, time.UTC)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	h := func(lines ...string) analyzer.Headers {
		var out analyzer.Headers
		for _, line := range lines {
			name, value, _ := strings.Cut(line, ": ")
			out = append(out, analyzer.Header{Name: name, Value: value})
		}
		return out
	}
	ex := make([]analyzer.Exchange, 10)
	for i := range ex {
		ex[i] = analyzer.Exchange{Index: i, Method: "GET", URL: "https://finesse.example.com:8445/desktop/x" + strconv.Itoa(i), Status: 200, Start: at(i * 100), Duration: 20 * time.Millisecond}
	}
	ex[0].URL = "https://finesse.example.com:8445/desktop/container/?code=4%2F0Ab&state=xyz"
	ex[4] = analyzer.Exchange{Index: 4, Method: "OPTIONS", URL: pub, HTTPVersion: "HTTP/1.1", Status: 200, StatusText: "OK",
		RequestHeaders:  h("Origin: "+origin, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"),
		ResponseHeaders: h("Access-Control-Allow-Origin: "+origin, "Access-Control-Allow-Methods: GET", "Access-Control-Allow-Headers: authorization", "Vary: Origin"),
		Start:           at(900), Duration: 41700 * time.Microsecond}
	ex[5] = analyzer.Exchange{Index: 5, Method: "GET", URL: pub, HTTPVersion: "HTTP/1.1", Status: 200, StatusText: "OK",
		RequestHeaders:  h("Origin: "+origin, "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudDEifQ.c2lnbmF0dXJl", "Cookie: JSESSIONID=0123456789ABCDEF"),
		ResponseHeaders: h("Access-Control-Allow-Origin: "+origin, "Set-Cookie: JSESSIONID=FEDCBA9876543210; Path=/; Secure; HttpOnly"),
		Start:           at(945), Duration: 71700 * time.Microsecond}
	ex[6] = analyzer.Exchange{Index: 6, Method: "GET", URL: sub, HTTPVersion: "HTTP/1.1", Status: 0, Error: "net::ERR_FAILED",
		RequestHeaders: h("Authorization: Bearer secret-bearer-value", "Accept: application/json"),
		Start:          at(927), Duration: -1}
	ex[7] = analyzer.Exchange{Index: 7, Method: "OPTIONS", URL: sub, HTTPVersion: "HTTP/1.1", Status: 403, StatusText: "Forbidden",
		RequestHeaders:  h("Origin: "+origin, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"),
		ResponseHeaders: h("Content-Type: text/html", "WWW-Authenticate: Basic realm=\"cuic\""),
		Start:           at(929), Duration: 24700 * time.Microsecond}
	return &analyzer.Trace{Source: "finesse-cuic.har", Format: analyzer.FormatHAR, Creator: "WebInspector 537.36", Exchanges: ex}
}

// emptyReports returns one trace that holds no exchanges.
func emptyReports() ([]Input, Options) {
	r := &analyzer.Report{
		Source:   "empty.har",
		Format:   analyzer.FormatHAR,
		Creator:  "Firefox 128.0",
		Flows:    []analyzer.Flow{},
		Findings: []analyzer.Finding{},
	}
	return []Input{{Report: r, Trace: &analyzer.Trace{Source: r.Source, Format: r.Format, Creator: r.Creator}}}, Options{Version: "1.2.3"}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		build func() ([]Input, Options)
	}{
		{"typical", typicalReports},
		{"empty", emptyReports},
		{"none", func() ([]Input, Options) { return nil, Options{Version: "1.2.3"} }},
	}
	for _, format := range Formats() {
		for _, tc := range cases {
			t.Run(format+"_"+tc.name, func(t *testing.T) {
				reports, opts := tc.build()
				r, err := New(format, opts)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := r.Render(&buf, reports); err != nil {
					t.Fatalf("Render: %v", err)
				}
				ext := map[string]string{"table": "txt", "json": "json", "markdown": "md", "html": "html"}[format]
				compareGolden(t, filepath.Join("testdata", "golden", format+"_"+tc.name+"."+ext), buf.Bytes())
			})
		}
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test ./analyzer/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./analyzer/report -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestTableWidth(t *testing.T) {
	for _, width := range []int{0, 110, 160} {
		reports, opts := typicalReports()
		opts.Width = width
		var buf bytes.Buffer
		if err := (&Table{Options: opts}).Render(&buf, reports); err != nil {
			t.Fatal(err)
		}
		want := opts.width()
		inTable := false
		for i, line := range strings.Split(buf.String(), "\n") {
			if strings.HasPrefix(line, "┌") {
				inTable = true
			}
			if inTable && utf8.RuneCountInString(line) > want {
				t.Errorf("width %d: table line %d is %d columns wide, want at most %d:\n%s", width, i+1, utf8.RuneCountInString(line), want, line)
			}
			if strings.HasPrefix(line, "└") {
				inTable = false
			}
		}
	}
}

func TestTableKeepsRuleIDsAndHostsWhole(t *testing.T) {
	for _, width := range []int{60, 80, 120, 200} {
		reports, opts := typicalReports()
		opts.Width = width
		var buf bytes.Buffer
		if err := (&Table{Options: opts}).Render(&buf, reports); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, whole := range []string{"preflight-rejected-by-auth", "https://cuic-sub.example.com:8444", "finesse.example.com:8445"} {
			if !strings.Contains(out, whole) {
				t.Errorf("width %d: output does not contain %q in one piece:\n%s", width, whole, out)
			}
		}
	}
}

func TestTableNarrowMovesCheckIntoRequest(t *testing.T) {
	reports, opts := typicalReports()
	opts.Width = 80
	var buf bytes.Buffer
	if err := (&Table{Options: opts}).Render(&buf, reports); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "first failing │") {
		t.Errorf("80-column table still has the first failing check column:\n%s", out)
	}
	if !strings.Contains(out, "first failing check:") {
		t.Errorf("80-column table does not show the first failing check in the request cell:\n%s", out)
	}
}

// secretReports returns a report whose URLs, Location values, header
// evidence, messages, reasons and decoder warnings all carry the secrets
// listed in seededSecrets.
func secretReports() []Input {
	const origin = "https://finesse.example.com:8445"
	api := "https://user:pa55word@cuic.example.com:8444/rest?apikey=SECRET-APIKEY&state=SECRET-STATE"
	ref := analyzer.ExchangeRef{Index: 3, Method: "GET", URL: api, Status: 302}
	return Inputs(&analyzer.Report{
		Source: "seeded.har",
		Format: analyzer.FormatHAR,
		Flows: []analyzer.Flow{{
			ID: 1, Origin: origin, Method: "GET", URL: api,
			ModeEvidence:        "entry 3: Referer: https://idp.example/sso?SAMLResponse=SECRET-SAML",
			CredentialsEvidence: "entry 3: Cookie: JSESSIONID=SECRET-COOKIE",
			Actual:              &ref, Verdict: analyzer.Blocked,
			Reason:       "the redirect to https://idp.example/cb#id_token=SECRET-IDTOKEN is not allowed",
			FirstFailure: "redirect-not-allowed",
		}},
		Findings: []analyzer.Finding{{
			Rule: "redirect-not-allowed", Severity: analyzer.SeverityError, Flow: 1, Exchange: ref,
			Message: fmt.Sprintf("The response redirects to %q.", "https://idp.example/sso?SAMLResponse=SECRET-SAML&RelayState=r"),
			Evidence: []string{
				"entry 3: Location: /login?access_token=SECRET-ACCESS&x-goog-signature=SECRET-GOOG",
				"entry 3: Authorization: Bearer SECRET-BEARER",
				"entry 3: X-Api-Key: SECRET-XAPIKEY",
				"entry 3: LDAuthHeader: SECRET-LDAUTH",
				"entry 3: X-Custom-Token: SECRET-CUSTOM",
				"entry 4: Set-Cookie: sid=SECRET-SETCOOKIE; Secure",
				"entry 4: Location: https://app.example/?csrf_token=SECRET-CSRF&_csrf=SECRET-UCSRF",
			},
			Fix: "Remove the redirect from https://cuic.example.com:8444/rest?apikey=SECRET-APIKEY.",
		}},
		Warnings: []analyzer.Warning{{Entry: 3, Offset: -1, Message: "unusual URL https://a.example/x?xsrf_token=SECRET-XSRF"}},
		Summary:  analyzer.Summary{Exchanges: 5},
	})
}

// seededSecrets lists the secret values that secretReports puts in.
var seededSecrets = []string{
	"pa55word", "SECRET-APIKEY", "SECRET-STATE", "SECRET-SAML", "SECRET-COOKIE", "SECRET-IDTOKEN",
	"SECRET-ACCESS", "SECRET-GOOG", "SECRET-BEARER", "SECRET-XAPIKEY", "SECRET-LDAUTH", "SECRET-CUSTOM",
	"SECRET-SETCOOKIE", "SECRET-CSRF", "SECRET-UCSRF", "SECRET-XSRF",
}

func TestNoSecretInAnyFormat(t *testing.T) {
	for _, format := range Formats() {
		for _, width := range []int{0, 60, 200} {
			r, err := New(format, Options{Width: width})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Render(&buf, secretReports()); err != nil {
				t.Fatal(err)
			}
			for _, secret := range seededSecrets {
				if strings.Contains(buf.String(), secret) {
					t.Errorf("%s output at width %d contains %q:\n%s", format, width, secret, &buf)
				}
			}
			if !strings.Contains(buf.String(), RedactedPrefix) {
				t.Errorf("%s output at width %d contains no %s", format, width, RedactedPrefix)
			}
		}
	}
}

func TestTableHidesEscapesAndSecrets(t *testing.T) {
	reports, opts := typicalReports()
	var buf bytes.Buffer
	if err := (&Table{Options: opts}).Render(&buf, reports); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b", "\u202e", "0123456789ABCDEF", "eyJhbGciOi", "4%2F0Ab"} {
		if strings.Contains(out, bad) {
			t.Errorf("table output contains %q", bad)
		}
	}
	for _, shown := range []string{`\x1b[31m`, `\u202e`} {
		if !strings.Contains(out, shown) {
			t.Errorf("table output does not show %q as an escape", shown)
		}
	}
}

func TestJSONHidesSecretsKeepsValues(t *testing.T) {
	reports, opts := typicalReports()
	var buf bytes.Buffer
	if err := (&JSON{Options: opts}).Render(&buf, reports); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b", "\u202e", "0123456789ABCDEF", "eyJhbGciOi", "4%2F0Ab"} {
		if strings.Contains(out, bad) {
			t.Errorf("JSON output contains %q", bad)
		}
	}
	for _, want := range []string{`\u001b[31m`, `\u202e`, `"har-sanitized"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON output lacks %q", want)
		}
	}
	if !strings.HasSuffix(out, "}\n") {
		t.Errorf("JSON output does not end with a newline")
	}
}

func TestNewUnknownFormat(t *testing.T) {
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf(`New("xml") error = %v, want one naming "xml"`, err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderReturnsWriteError(t *testing.T) {
	reports, opts := typicalReports()
	for _, format := range Formats() {
		r, _ := New(format, opts)
		if err := r.Render(failingWriter{}, reports); err == nil {
			t.Errorf("%s: Render to a failing writer returned nil", format)
		}
	}
}
