package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMain runs tracecheck with args and returns the status, stdout and
// stderr.
func runMain(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	status := Main(args, strings.NewReader(""), &stdout, &stderr, "1.2.3")
	return status, stdout.String(), stderr.String()
}

func TestFilterMissEveryFormat(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--origin", "https://finesse.example.com"},
			"No flow matches --origin https://finesse.example.com; the trace's flows come from: https://finesse.example.com:8445"},
		{[]string{"--host", "cuic-sub.example.com:8444"},
			"No flow matches --host cuic-sub.example.com:8444; the trace's flows go to: cuic-pub.example.com:443, cuic-sub.example.com:443"},
	}
	for _, tt := range tests {
		for _, format := range []string{"table", "json", "markdown", "html"} {
			args := append(append([]string{"analyze", "--format", format}, tt.args...), har)
			status, stdout, stderr := runMain(args...)
			if status != exitOK {
				t.Errorf("%q: status %d, want 0 because the filters keep no finding", args, status)
			}
			out := strings.ReplaceAll(stdout, `\`, "")
			out = strings.ReplaceAll(out, "&#39;", "'")
			out = strings.Join(strings.Fields(out), " ")
			if !strings.Contains(out, tt.want) {
				t.Errorf("%q: output lacks %q:\n%s", args, tt.want, out)
			}
			if strings.Contains(out, "No cross-origin requests found") {
				t.Errorf("%q: output says the trace has no cross-origin requests", args)
			}
			if !strings.Contains(stderr, "tracecheck: warning: "+har+": "+tt.want) {
				t.Errorf("%q: stderr lacks the hint; stderr:\n%s", args, stderr)
			}
		}
	}
}

func TestFilterMissFailOnUnchanged(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	status, _, _ := runMain("analyze", "--origin", "https://finesse.example.com:8445", har)
	if status != exitFindings {
		t.Errorf("matching filter: status %d, want %d", status, exitFindings)
	}
	status, _, stderr := runMain("analyze", "--rule", "allow-origin-mismatch", har)
	if status != exitOK {
		t.Errorf("rule without findings: status %d, want 0", status)
	}
	if !strings.Contains(stderr, "No finding matches --rule allow-origin-mismatch") {
		t.Errorf("stderr lacks the finding hint:\n%s", stderr)
	}
}

func TestFilterMissJSONField(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	_, stdout, _ := runMain("analyze", "--format", "json", "--origin", "https://finesse.example.com", har)
	var doc struct {
		Files []struct {
			FilterMiss *struct {
				Flows   string   `json:"flows"`
				Origins []string `json:"origins"`
			} `json:"filter_miss"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 1 || doc.Files[0].FilterMiss == nil {
		t.Fatalf("files[0].filter_miss is missing:\n%s", stdout)
	}
	if got := doc.Files[0].FilterMiss.Origins; len(got) != 1 || got[0] != "https://finesse.example.com:8445" {
		t.Errorf("filter_miss.origins = %q", got)
	}
}

// TestMaxDecompressedSuggestion checks that the value a gzip bomb's error
// suggests is accepted and lets the file through.
func TestMaxDecompressedSuggestion(t *testing.T) {
	t.Chdir(t.TempDir())
	var body bytes.Buffer
	body.WriteString(`{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "comment": "`)
	body.WriteString(strings.Repeat("a", 12_000_000))
	body.WriteString(`", "entries": []}}`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body.Bytes())
	zw.Close()
	if err := os.WriteFile("bomb.har.gz", gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, stderr := runMain("analyze", "--max-decompressed", "10MB", "--max-string", "1GiB", "bomb.har.gz")
	if status != exitUsage {
		t.Fatalf("status %d, want %d; stderr:\n%s", status, exitUsage, stderr)
	}
	const prefix = "raise it with --max-decompressed "
	i := strings.Index(stderr, prefix)
	if i < 0 {
		t.Fatalf("stderr suggests no value:\n%s", stderr)
	}
	suggestion := strings.Fields(stderr[i+len(prefix):])[0]
	if suggestion != "64MiB" {
		t.Errorf("suggestion = %q, want 64MiB (four times 10 MB, rounded up to a power of two)", suggestion)
	}
	if !strings.Contains(stderr, "larger than 10 MB (limit --max-decompressed)") {
		t.Errorf("stderr does not name the limit as 10 MB:\n%s", stderr)
	}
	status, _, stderr = runMain("analyze", "--max-decompressed", suggestion, "--max-string", "1GiB", "bomb.har.gz")
	if status != exitOK {
		t.Errorf("with the suggested %s: status %d, want 0; stderr:\n%s", suggestion, status, stderr)
	}
}

func TestSizeFlagErrorNamesFlagOnce(t *testing.T) {
	status, _, stderr := runMain("analyze", "--max-decompressed", "40000000bytez", "x.har")
	if status != exitUsage {
		t.Errorf("status %d, want %d", status, exitUsage)
	}
	if strings.Count(stderr, "--max-decompressed") != 1 {
		t.Errorf("stderr names the flag other than once:\n%s", stderr)
	}
	for _, size := range []string{"10M", "10MiB", "10MB", "1.5GiB", "1048576", "10mb", "1.5gib"} {
		status, _, stderr := runMain("analyze", "--max-decompressed", size, exampleFile(t, "traces", "finesse-cuic.har"))
		if status == exitUsage {
			t.Errorf("--max-decompressed %s: rejected:\n%s", size, stderr)
		}
	}
}

func TestOutputDirectoryMissing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "nonexistent", "x.html")
	status, _, stderr := runMain("analyze", "-o", out, exampleFile(t, "traces", "finesse-cuic.har"))
	if status != exitUsage {
		t.Errorf("status %d, want %d", status, exitUsage)
	}
	want := "the directory " + filepath.Dir(out) + " does not exist"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if strings.Contains(stderr, ".tmp") {
		t.Errorf("stderr names the temporary file:\n%s", stderr)
	}
}

func TestAllowedOriginsEmptyFileName(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	t.Chdir(t.TempDir())
	status, _, stderr := runMain("analyze", "--allowed-origins", "cuic-sub.example.com=", har)
	if status != exitUsage {
		t.Errorf("status %d, want %d", status, exitUsage)
	}
	if !strings.Contains(stderr, "the file name is missing after '='") {
		t.Errorf("stderr does not say that the file name is missing:\n%s", stderr)
	}
}

// TestAllowedOriginsListProblems checks the wording for an entry that
// differs only in case, a pattern entry, a line that is not an origin and
// a list that names no server, in every format.
func TestAllowedOriginsListProblems(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	t.Chdir(t.TempDir())
	list := "garbage line\nHTTPS://FINESSE.EXAMPLE.COM:8445\nhttps://*.example.com\nhttps://finesse.example.com:8445/\n"
	if err := os.WriteFile("list.txt", []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "json", "markdown", "html"} {
		_, stdout, _ := runMain("analyze", "--format", format, "--allowed-origins", "list.txt", har)
		out := strings.ReplaceAll(stdout, `\`, "")
		out = strings.ReplaceAll(out, "&#34;", `"`)
		out = strings.Join(strings.Fields(out), " ")
		for _, want := range []string{
			`"garbage line" is not an origin; remove it or write it as scheme://host[:port]`,
			"HTTPS://FINESSE.EXAMPLE.COM:8445",
			"only in letter case",
			"https://*.example.com",
			"would not match if the server expanded patterns",
			"is not tied to a server",
			"If the list belongs to cuic-pub.example.com",
		} {
			if format == "json" && want == "would not match if the server expanded patterns" {
				// JSON writes the pattern check as data.
				want = `"matches": false`
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %q", format, want)
			}
		}
		for _, bad := range []string{"write https://garbage line", "the list file and the server disagree"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s output contains %q", format, bad)
			}
		}
	}
}

func TestTableOneAllowedOriginSection(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	t.Chdir(t.TempDir())
	if err := os.WriteFile("list.txt", []byte("https://finesse.example.com:8445\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := runMain("analyze", "--allowed-origins", "cuic-sub.example.com=list.txt", har)
	if n := strings.Count(stdout, "\nAllowed origins\n"); n != 1 {
		t.Errorf("table has %d Allowed origins sections, want 1:\n%s", n, stdout)
	}
	if strings.Contains(stdout, "Allowed-origin lists") {
		t.Errorf("table has a second section for the lists:\n%s", stdout)
	}
}

func TestPartialFileTotal(t *testing.T) {
	har := exampleFile(t, "traces", "finesse-cuic.har")
	t.Chdir(t.TempDir())
	data, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	cut := data[:len(data)*2/3]
	if err := os.WriteFile("cut.har", cut, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "markdown", "html"} {
		_, stdout, _ := runMain("analyze", "--format", format, "cut.har")
		if !strings.Contains(stdout, "1 file read partly (truncated at byte ") {
			t.Errorf("%s output does not say the file was read partly:\n%s", format, stdout)
		}
		if strings.Contains(stdout, "1 unreadable") {
			t.Errorf("%s output counts the partly read file as unreadable", format)
		}
	}
	_, stdout, _ := runMain("analyze", "--format", "json", "cut.har")
	var doc struct {
		Files   []struct{ Partial bool } `json:"files"`
		Summary struct{ Files, Unreadable, Partial int }
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 1 || !doc.Files[0].Partial {
		t.Errorf("files = %+v, want one partial file", doc.Files)
	}
	if doc.Summary.Files != 1 || doc.Summary.Unreadable != 0 || doc.Summary.Partial != 1 {
		t.Errorf("summary = %+v, want 1 file, 0 unreadable, 1 partial", doc.Summary)
	}
}
