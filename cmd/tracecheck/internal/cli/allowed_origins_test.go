package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleFile returns the absolute path of a file under examples/.
func exampleFile(t *testing.T, parts ...string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "..", "..", "examples"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// originChecks runs analyze on the example trace in JSON with args and
// returns allowed_origins.checks.
func originChecks(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	out := runAnalyze(t, 1, append(append([]string{"--format", "json"}, args...), exampleFile(t, "traces", "finesse-cuic.har"))...)
	var doc struct {
		AllowedOrigins struct {
			Checks []map[string]any `json:"checks"`
		} `json:"allowed_origins"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.AllowedOrigins.Checks
}

func TestAllowedOriginsSubscriberPortMissing(t *testing.T) {
	pub, sub := exampleFile(t, "allowlists", "cuic-pub.txt"), exampleFile(t, "allowlists", "cuic-sub.txt")
	trace := exampleFile(t, "traces", "finesse-cuic.har")
	for _, format := range []string{"table", "markdown", "html", "json"} {
		out := runAnalyze(t, 1, "--format", format, "--allowed-origins", "cuic-pub.example.com="+pub, "--allowed-origins", sub, trace)
		portMissing := "port missing"
		if format == "json" {
			portMissing = `"kind": "port-missing"`
		}
		for _, want := range []string{"https://finesse.example.com", portMissing, "https://finesse.example.com:8445", "cuic-sub.example.com"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %q", format, want)
			}
		}
		if format != "json" && !strings.Contains(out, "only "+sub+" (cuic-sub.example.com) has https://finesse.example.com") {
			t.Errorf("%s output does not say which origin only the subscriber's list has:\n%s", format, out)
		}
	}

	table := runAnalyze(t, 1, "--allowed-origins", "cuic-pub.example.com="+pub, "--allowed-origins", sub, trace)
	for _, want := range []string{"nearest   https://finesse.example.com (line 5)", "differs   port missing", "fix       add https://finesse.example.com:8445"} {
		if !strings.Contains(table, want) {
			t.Errorf("table output lacks %q:\n%s", want, table)
		}
	}

	checks := originChecks(t, "--allowed-origins", "cuic-pub.example.com="+pub, "--allowed-origins", sub)
	if len(checks) != 2 {
		t.Fatalf("got %d checks, want 2: %v", len(checks), checks)
	}
	if checks[0]["allowed"] != true || checks[0]["server"] != "cuic-pub.example.com" {
		t.Errorf("publisher check = %v, want allowed on cuic-pub.example.com", checks[0])
	}
	subCheck := checks[1]
	if subCheck["allowed"] != false || subCheck["add"] != "https://finesse.example.com:8445" {
		t.Errorf("subscriber check = %v, want not allowed with add https://finesse.example.com:8445", subCheck)
	}
	if nearest, _ := subCheck["nearest"].(map[string]any); nearest["text"] != "https://finesse.example.com" {
		t.Errorf("subscriber nearest = %v, want https://finesse.example.com", subCheck["nearest"])
	}
}

func TestAllowedOriginsSpellings(t *testing.T) {
	tests := []struct {
		entry   string
		allowed bool
		kind    string
	}{
		{"https://finesse.example.com:8445", true, ""},
		{"*", true, ""},
		{"https://finesse.example.com", false, "port-missing"},
		{"https://finesse.example.com:8445/", false, "path"},
		{"http://finesse.example.com:8445", false, "scheme-differs"},
		{"finesse.example.com:8445", false, "scheme-missing"},
		{"https://finese.example.com:8445", false, "host-typo"},
		{"https://fniesse.example.com:8445", false, "host-typo"},
		{"https://finesse.example.com:8443", false, "port-different"},
		{"https://FINESSE.example.com:8445", false, "case"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			path := filepath.Join(dir, "list"+string(rune('a'+i))+".txt")
			content := "# server: cuic-sub.example.com\n" + tt.entry + "\nhttps://cuic-pub.example.com:8444\n"
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			checks := originChecks(t, "--allowed-origins", path)
			if len(checks) != 1 {
				t.Fatalf("got %d checks, want 1", len(checks))
			}
			c := checks[0]
			if c["allowed"] != tt.allowed {
				t.Errorf("allowed = %v, want %v", c["allowed"], tt.allowed)
			}
			if tt.allowed {
				// The server rejected the origin in the trace, so a
				// list that admits it disagrees with the server.
				if !strings.Contains(c["list_server_mismatch"].(string), "the list file and the server disagree") {
					t.Errorf("list_server_mismatch = %q, want the disagreement", c["list_server_mismatch"])
				}
				return
			}
			if c["add"] != "https://finesse.example.com:8445" {
				t.Errorf("add = %v, want https://finesse.example.com:8445", c["add"])
			}
			diffs, _ := c["differences"].([]any)
			found := false
			for _, d := range diffs {
				if d.(map[string]any)["kind"] == tt.kind {
					found = true
				}
			}
			if !found {
				t.Errorf("differences %v lack %s", diffs, tt.kind)
			}
		})
	}
}

func TestAllowedOriginsListAndServerDisagree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pub.txt")
	if err := os.WriteFile(path, []byte("https://cuic-pub.example.com:8444\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runAnalyze(t, 1, "--allowed-origins", "cuic-pub.example.com="+path, exampleFile(t, "traces", "finesse-cuic.har"))
	// The table wraps long lines.
	out = strings.Join(strings.Fields(out), " ")
	if !strings.Contains(out, "the list file and the server disagree") {
		t.Errorf("output does not say that the list and the server disagree:\n%s", out)
	}
	if strings.Contains(out, "utils cuic") {
		t.Errorf("the disagreement names a console command:\n%s", out)
	}
}

func TestAllowedOriginsEveryServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plain.txt")
	content := "https://finesse.example.com:8445\nhttps://finesse.example.com:8445\nfinesse.example.com\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runAnalyze(t, 1, "--allowed-origins", path, exampleFile(t, "traces", "finesse-cuic.har"))
	for _, want := range []string{
		"no server named, so it was checked against every server of the trace",
		"duplicate line 2: https://finesse.example.com:8445",
		`invalid   line 3: invalid origin "finesse.example.com": the scheme is missing; write https://finesse.example.com`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAllowedOriginsUnusableList(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("invalid.txt", []byte("finesse.example.com\nhttps://x.example.com/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("empty.txt", []byte("admin:\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	trace, _ := filepath.Abs(filepath.Join("..", "no-trace-needed.har"))
	tests := []struct {
		spec   string
		stderr string
	}{
		{"missing.txt", "cannot read the allowed-origin list missing.txt"},
		{"cuic-sub.example.com=missing.txt", "cannot read the allowed-origin list missing.txt"},
		{"invalid.txt", "every entry of the allowed-origin list invalid.txt is invalid"},
		{"empty.txt", "the allowed-origin list empty.txt contains no origins"},
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		status := Main([]string{"analyze", "--allowed-origins", tt.spec, trace}, strings.NewReader(""), &stdout, &stderr, "1.2.3")
		if status != 2 {
			t.Errorf("%s: status %d, want 2", tt.spec, status)
		}
		if !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%s: stderr does not contain %q:\n%s", tt.spec, tt.stderr, stderr.String())
		}
		if stdout.Len() > 0 {
			t.Errorf("%s: a report was printed for an unusable list", tt.spec)
		}
	}
}
