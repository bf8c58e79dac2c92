package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tracecheck/tracecheck/cmd/tracecheck/internal/cli"
)

// allowlistArgs checks the example trace against the example lists of the
// two CUIC nodes: the publisher's list by HOST=FILE, the subscriber's by
// the server its first line names.
var allowlistArgs = []string{
	"--allowed-origins", "cuic-pub.example.com=../../examples/allowlists/cuic-pub.txt",
	"--allowed-origins", "../../examples/allowlists/cuic-sub.txt",
}

// TestExampleReports renders the report of every example trace in each
// format and compares it with its golden file; -update rewrites them.
func TestExampleReports(t *testing.T) {
	cases := []struct {
		trace  string
		format string
		golden string
		status int
		// args are flags given before the trace.
		args []string
	}{
		{"finesse-cuic.har", "table", "finesse-cuic.har.txt", 1, nil},
		{"finesse-cuic.har", "json", "finesse-cuic.har.json", 1, nil},
		{"finesse-cuic-samltracer.json", "table", "finesse-cuic-samltracer.txt", 1, nil},
		{"finesse-cuic-samltracer.json", "json", "finesse-cuic-samltracer.json", 1, nil},
		{"finesse-cuic.har", "markdown", "finesse-cuic.har.md", 1, nil},
		{"finesse-cuic.har", "html", "finesse-cuic.har.html", 1, nil},
		{"finesse-cuic-samltracer.json", "markdown", "finesse-cuic-samltracer.md", 1, nil},
		{"finesse-cuic-samltracer.json", "html", "finesse-cuic-samltracer.html", 1, nil},
		{"finesse-cuic.har", "table", "finesse-cuic.har.allowlists.txt", 1, allowlistArgs},
		{"finesse-cuic.har", "json", "finesse-cuic.har.allowlists.json", 1, allowlistArgs},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			path := filepath.ToSlash(filepath.Join("..", "..", "examples", "traces", c.trace))
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"analyze", "--format", c.format}, c.args...), path)
			status := cli.Main(args, nil, &stdout, &stderr, "dev")
			if status != c.status {
				t.Errorf("exit status %d, want %d; stderr: %s", status, c.status, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("unexpected stderr: %s", stderr.String())
			}

			golden := filepath.Join("testdata", "golden", c.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run go test ./cmd/tracecheck -run TestExampleReports -update to create it): %v", err)
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("report of %s in %s differs from %s; run with -update after checking the change\ngot:\n%s", c.trace, c.format, golden, stdout.String())
			}
		})
	}
}
