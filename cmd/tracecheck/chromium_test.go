package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/cmd/tracecheck/internal/cli"
)

// chromiumBinary returns the path of a Chromium binary, or "" when none
// is installed.
func chromiumBinary() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// chromiumFlags keeps a headless Chromium off the network and away from
// the user's profile.
func chromiumFlags(profile string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
	}
}

// runChromium runs Chromium with args and returns its stdout and stderr.
func runChromium(t *testing.T, binary string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s", binary, strings.Join(args, " "), err, &stderr)
	}
	return stdout.String(), stderr.String()
}

// checkNoConsoleErrors fails when Chromium logged a console error or an
// uncaught exception while loading the page.
func checkNoConsoleErrors(t *testing.T, stderr string) {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "Uncaught") || strings.Contains(line, "ERROR:CONSOLE") || strings.Contains(line, ":CONSOLE(") {
			t.Errorf("Chromium reported a console message: %s", line)
		}
	}
}

// TestHTMLReportInChromium renders the example trace's HTML report and
// opens it from a file:// URL in a headless Chromium: the flows and
// findings must be in the DOM, the page must log no console error, and a
// screenshot must be taken. Without Chromium the test is skipped, unless
// TRACECHECK_REQUIRE_CHROMIUM=1 makes it fail.
func TestHTMLReportInChromium(t *testing.T) {
	binary := chromiumBinary()
	if binary == "" {
		if os.Getenv("TRACECHECK_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("no Chromium binary found (chromium, chromium-browser, google-chrome) and TRACECHECK_REQUIRE_CHROMIUM=1; install it with apt-get install chromium")
		}
		t.Skip("no Chromium binary found; install chromium to run this test")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	trace := filepath.Join("..", "..", "examples", "traces", "finesse-cuic.har")
	var stdout, stderr bytes.Buffer
	if status := cli.Main([]string{"analyze", "--format", "html", "--output", page, trace}, nil, &stdout, &stderr, "dev"); status != 1 {
		t.Fatalf("analyze: status %d, want 1; stderr:\n%s", status, &stderr)
	}
	url := "file://" + filepath.ToSlash(page)

	dom, logs := runChromium(t, binary, append(chromiumFlags(filepath.Join(dir, "profile-dom")), "--dump-dom", url)...)
	checkNoConsoleErrors(t, logs)
	for _, want := range []string{
		`id="flow-2"`, "https://cuic-sub.example.com/cuic/", "preflight-missing-allow-origin",
		"preflight-rejected-by-auth", "PreflightMissingAllowOriginHeader", "Access-Control-Allow-Origin",
		`<svg class="timeline"`, "<rect", "[REDACTED",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the DOM Chromium built lacks %q", want)
		}
	}
	if strings.Contains(dom, "<script") {
		t.Errorf("the DOM contains a script element")
	}

	shot := filepath.Join(dir, "shot.png")
	_, logs = runChromium(t, binary, append(chromiumFlags(filepath.Join(dir, "profile-shot")),
		"--screenshot="+shot, "--window-size=1280,2000", url)...)
	checkNoConsoleErrors(t, logs)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("Chromium wrote no screenshot: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || len(data) < 10_000 {
		t.Errorf("the screenshot is not a PNG of a rendered page (%d bytes)", len(data))
	}
	// TRACECHECK_SCREENSHOT names a file to keep the screenshot in, for a
	// person to look at.
	if keep := os.Getenv("TRACECHECK_SCREENSHOT"); keep != "" {
		if err := os.WriteFile(keep, data, 0o644); err != nil {
			t.Errorf("keep the screenshot: %v", err)
		}
	}
}
