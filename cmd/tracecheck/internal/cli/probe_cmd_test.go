package cli

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// finesseOrigin is the page origin the probe tests send.
const finesseOrigin = "https://finesse.example.com:8445"

// corsHandler responds to a preflight from finesseOrigin the way a correctly
// configured server does, and a GET with the CORS headers.
func corsHandler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Origin") == finesseOrigin {
		w.Header().Set("Access-Control-Allow-Origin", finesseOrigin)
		w.Header().Set("Vary", "Origin")
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "GET, PUT")
		w.Header().Set("Access-Control-Allow-Headers", "content-type")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Write([]byte("ok"))
}

// runProbe runs "tracecheck probe" with args and returns the status,
// stdout and stderr.
func runProbe(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := Main(append([]string{"probe"}, args...), strings.NewReader(""), &stdout, &stderr, "1.2.3")
	return status, stdout.String(), stderr.String()
}

// probeRules returns the rule ids of the findings of a JSON probe report.
func probeRules(t *testing.T, out string) []string {
	t.Helper()
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
		Files []struct {
			Probe *struct {
				URL      string `json:"url"`
				Address  string `json:"address"`
				Insecure bool   `json:"insecure"`
			} `json:"probe"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(doc.Files) != 1 || doc.Files[0].Probe == nil {
		t.Fatalf("JSON output does not describe the probe:\n%s", out)
	}
	var rules []string
	for _, f := range doc.Findings {
		rules = append(rules, f.Rule)
	}
	return rules
}

func hasRule(rules []string, id string) bool {
	for _, r := range rules {
		if r == id {
			return true
		}
	}
	return false
}

func TestProbeServerAnswers(t *testing.T) {
	noPort := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://finesse.example.com")
		w.WriteHeader(http.StatusNoContent)
	}
	forbidden := func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "origin not allowed", http.StatusForbidden)
	}
	redirect := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	}
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		status   int
		wantRule string
	}{
		{"answers correctly", corsHandler, 0, ""},
		{"403 without CORS headers", forbidden, 1, "preflight-missing-allow-origin"},
		{"allow origin without port", noPort, 1, "preflight-allow-origin-mismatch"},
		{"redirected preflight", redirect, 1, "preflight-redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := httptest.NewServer(tt.handler)
			defer server.Close()
			status, out, stderr := runProbe(t, server.URL+"/cuic/", "--origin", finesseOrigin,
				"--method", "PUT", "--header", "Content-Type", "--actual", "--format", "json")
			if status != tt.status {
				t.Errorf("status %d, want %d; stderr %s", status, tt.status, stderr)
			}
			rules := probeRules(t, out)
			if tt.wantRule != "" && !hasRule(rules, tt.wantRule) {
				t.Errorf("findings %v lack %s", rules, tt.wantRule)
			}
			if tt.wantRule == "" && hasRule(rules, "preflight-missing-allow-origin") {
				t.Errorf("a correct answer got findings %v", rules)
			}
		})
	}
}

func TestProbeReportSaysLive(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(corsHandler))
	defer server.Close()
	address := strings.TrimPrefix(server.URL, "http://")
	for _, format := range []string{"table", "json", "markdown", "html"} {
		status, out, stderr := runProbe(t, server.URL+"/cuic/", "--origin", finesseOrigin, "--format", format)
		if status != 0 {
			t.Errorf("%s: status %d, want 0; stderr %s", format, status, stderr)
		}
		if !strings.Contains(out, "Live probe") {
			t.Errorf("%s output does not say that it comes from a live probe:\n%s", format, out)
		}
		if !strings.Contains(out, address) {
			t.Errorf("%s output does not name the address %s", format, address)
		}
		if strings.Contains(out, "verification was skipped") {
			t.Errorf("%s output claims that TLS verification was skipped", format)
		}
	}
}

func TestProbeNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer server.Close()
	defer close(release)

	status, out, stderr := runProbe(t, server.URL+"/cuic/", "--origin", finesseOrigin, "--method", "PUT",
		"--timeout", "200ms", "--format", "json")
	if status != 1 {
		t.Errorf("status %d, want 1; stderr %s", status, stderr)
	}
	if rules := probeRules(t, out); !hasRule(rules, "preflight-network-error") {
		t.Errorf("findings %v lack preflight-network-error", rules)
	}
	if !strings.Contains(out, "ERR_TIMED_OUT") {
		t.Errorf("output does not name net::ERR_TIMED_OUT:\n%s", out)
	}
}

// closedPort returns a loopback address on which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestProbeConnectionRefused(t *testing.T) {
	addr := closedPort(t)
	status, out, stderr := runProbe(t, "http://"+addr+"/cuic/", "--origin", finesseOrigin, "--method", "PUT", "--format", "json")
	if status != 1 {
		t.Errorf("preflight: status %d, want 1; stderr %s", status, stderr)
	}
	if rules := probeRules(t, out); !hasRule(rules, "preflight-network-error") {
		t.Errorf("preflight: findings %v lack preflight-network-error", rules)
	}

	// A GET without custom headers needs no preflight, so the actual
	// request itself fails.
	status, out, stderr = runProbe(t, "http://"+addr+"/cuic/", "--origin", finesseOrigin, "--format", "json")
	if status != 1 {
		t.Errorf("simple GET: status %d, want 1; stderr %s", status, stderr)
	}
	if rules := probeRules(t, out); !hasRule(rules, "network-error-not-cors") {
		t.Errorf("simple GET: findings %v lack network-error-not-cors", rules)
	}
}

func TestProbeTLS(t *testing.T) {
	server := httptest.NewTLSServer(http.HandlerFunc(corsHandler))
	defer server.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	block := &pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw}
	if err := os.WriteFile(caFile, pem.EncodeToMemory(block), 0o644); err != nil {
		t.Fatal(err)
	}
	url := server.URL + "/cuic/"

	status, out, stderr := runProbe(t, url, "--origin", finesseOrigin, "--method", "PUT", "--cacert", caFile)
	if status != 0 {
		t.Errorf("--cacert: status %d, want 0; stderr %s\n%s", status, stderr, out)
	}

	status, out, _ = runProbe(t, url, "--origin", finesseOrigin, "--method", "PUT", "--format", "json")
	if status != 1 {
		t.Errorf("untrusted certificate: status %d, want 1", status)
	}
	if rules := probeRules(t, out); !hasRule(rules, "preflight-network-error") {
		t.Errorf("untrusted certificate: findings %v lack preflight-network-error", rules)
	}

	for _, format := range []string{"table", "json", "markdown", "html"} {
		status, out, _ = runProbe(t, url, "--origin", finesseOrigin, "--method", "PUT", "--insecure", "--format", format)
		if status != 0 {
			t.Errorf("--insecure %s: status %d, want 0", format, status)
		}
		if !strings.Contains(out, "TLS certificate verification was skipped") {
			t.Errorf("--insecure %s output does not say that TLS verification was skipped:\n%s", format, out)
		}
	}
}

func TestProbeUsageErrors(t *testing.T) {
	addr := closedPort(t)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"missing CA file", []string{"http://" + addr + "/", "--origin", finesseOrigin, "--cacert", "no-such-ca.pem"}, "no-such-ca.pem"},
		{"bad URL", []string{"ftp://" + addr + "/", "--origin", finesseOrigin}, "invalid URL"},
		{"bad origin", []string{"http://" + addr + "/", "--origin", "finesse.example.com:8445"}, "invalid origin"},
		{"missing origin", []string{"http://" + addr + "/"}, "--origin"},
		{"same origin", []string{"http://" + addr + "/x", "--origin", "http://" + addr}, "same origin"},
		{"bad timeout", []string{"http://" + addr + "/", "--origin", finesseOrigin, "--timeout", "-1s"}, "--timeout"},
		{"bad format", []string{"http://" + addr + "/", "--origin", finesseOrigin, "--format", "xml"}, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, stderr := runProbe(t, tt.args...)
			if status != 2 {
				t.Errorf("status %d, want 2; stdout %s", status, out)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

func TestProbeNotesLabelled(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "origin not allowed", http.StatusForbidden)
	}))
	defer server.Close()
	for _, format := range []string{"table", "json", "markdown", "html"} {
		_, out, _ := runProbe(t, server.URL+"/cuic/", "--origin", finesseOrigin, "--method", "PUT", "--actual", "--format", format)
		if !strings.Contains(out, "the actual request was not sent") {
			t.Fatalf("%s output lacks the note about the skipped actual request:\n%s", format, out)
		}
		if strings.Contains(out, "Decoder warnings") || strings.Contains(out, "decoder warning") {
			t.Errorf("%s output calls the probe's notes decoder warnings", format)
		}
		if format == "json" {
			var doc struct {
				Files []struct {
					Warnings []any `json:"warnings"`
					Probe    struct {
						Notes []struct{ Message string } `json:"notes"`
					} `json:"probe"`
				} `json:"files"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Files) != 1 || len(doc.Files[0].Probe.Notes) == 0 || len(doc.Files[0].Warnings) != 0 {
				t.Errorf("JSON does not hold the note in probe.notes alone:\n%s", out)
			}
			continue
		}
		if !strings.Contains(out, "Probe notes") {
			t.Errorf("%s output does not label the notes as probe notes:\n%s", format, out)
		}
	}
}
