package har

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
)

// corpusCounts is the number of entries in each real HAR file, keyed by
// a prefix of the file name.
var corpusCounts = map[string]int{
	"chrome143":               12,
	"chrome-devicemode":       6,
	"chrome147":               43,
	"chrome114-offline":       3,
	"chrome114-utf8-bom":      1,
	"chrome56-prerelease":     20,
	"chrome56-base64":         65,
	"chrome-har-capturer-cnn": 292,
	"firefox111":              14,
	"safari16":                19,
	"charles":                 1,
	"mitmproxy":               2,
	"playwright":              5,
	"webpagetest":             1050,
}

func TestCorpusHAR(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "har")
	files, err := filepath.Glob(filepath.Join(dir, "*.har"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no HAR files in %s (%v)", dir, err)
	}
	checked := 0
	for _, path := range files {
		base := filepath.Base(path)
		if strings.HasPrefix(base, "malformed-") {
			continue
		}
		t.Run(base, func(t *testing.T) {
			for _, bodies := range []bool{false, true} {
				tr, err := DecodeFile(path, Options{Bodies: bodies})
				if err != nil {
					t.Fatalf("DecodeFile(Bodies: %v) = %v", bodies, err)
				}
				if want, ok := countFor(base); ok {
					if got := len(tr.Exchanges); got != want {
						t.Errorf("DecodeFile(Bodies: %v) gave %d exchanges, want %d", bodies, got, want)
					}
				} else {
					t.Errorf("no expected entry count for %s", base)
				}
				for i, e := range tr.Exchanges {
					if e.Index != i {
						t.Fatalf("exchange %d has Index %d", i, e.Index)
					}
				}
			}
			checked++
		})
	}
	if checked != len(corpusCounts) {
		t.Errorf("checked %d corpus files, want %d", checked, len(corpusCounts))
	}
}

func countFor(base string) (int, bool) {
	for prefix, n := range corpusCounts {
		if strings.HasPrefix(base, prefix) {
			return n, true
		}
	}
	return 0, false
}

func TestCorpusChromium(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "chromium")
	files, err := filepath.Glob(filepath.Join(dir, "*.har"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no HAR files in %s (%v)", dir, err)
	}
	for _, path := range files {
		tr, err := DecodeFile(path, Options{Bodies: true})
		if err != nil {
			t.Errorf("DecodeFile(%s) = %v", filepath.Base(path), err)
			continue
		}
		if len(tr.Exchanges) < 2 {
			t.Errorf("DecodeFile(%s) gave %d exchanges, want at least 2", filepath.Base(path), len(tr.Exchanges))
		}
		if len(tr.Warnings) > 0 {
			t.Errorf("DecodeFile(%s) warnings = %v, want none", filepath.Base(path), tr.Warnings)
		}
	}
}

func TestCorpusChrome143Fields(t *testing.T) {
	tr := decodeCorpus(t, "chrome143-cors-preflight-failures.har")
	if tr.Creator != "WebInspector 537.36" {
		t.Errorf("Creator = %q, want %q", tr.Creator, "WebInspector 537.36")
	}
	blocked := tr.Exchanges[0]
	if blocked.Status != 0 || blocked.Error != "net::ERR_FAILED" {
		t.Errorf("exchange 0: Status, Error = %d, %q, want 0, net::ERR_FAILED", blocked.Status, blocked.Error)
	}
	if blocked.ResourceType != "fetch" || blocked.Initiator.Type != "script" {
		t.Errorf("exchange 0: ResourceType, Initiator.Type = %q, %q, want fetch, script", blocked.ResourceType, blocked.Initiator.Type)
	}
	if len(blocked.ResponseHeaders) != 0 {
		t.Errorf("exchange 0: %d response headers, want 0", len(blocked.ResponseHeaders))
	}
	if blocked.Start.IsZero() || blocked.Duration <= 0 {
		t.Errorf("exchange 0: Start, Duration = %v, %v, want both set", blocked.Start, blocked.Duration)
	}

	pre := tr.Exchanges[1]
	if pre.Method != "OPTIONS" || pre.ResourceType != "preflight" {
		t.Errorf("exchange 1: Method, ResourceType = %q, %q, want OPTIONS, preflight", pre.Method, pre.ResourceType)
	}
	wantInit := analyzer.Initiator{Type: "preflight", URL: "http://localhost:3001/.well-known/oauth-protected-resource/sse", RequestID: "41649.22"}
	if pre.Initiator != wantInit {
		t.Errorf("exchange 1: Initiator = %+v, want %+v", pre.Initiator, wantInit)
	}
	if pre.ServerIP != "::1" {
		t.Errorf("exchange 1: ServerIP = %q, want ::1 without brackets", pre.ServerIP)
	}
	if pre.Status != 204 || pre.Error != "" {
		t.Errorf("exchange 1: Status, Error = %d, %q, want 204, \"\"", pre.Status, pre.Error)
	}
	if !pre.RequestHeaders.Has("Access-Control-Request-Method") {
		t.Errorf("exchange 1: no Access-Control-Request-Method in %v", pre.RequestHeaders)
	}

	failedRead := tr.Exchanges[5]
	if failedRead.Status != 404 || failedRead.Error != "net::ERR_FAILED" {
		t.Errorf("exchange 5: Status, Error = %d, %q, want 404, net::ERR_FAILED", failedRead.Status, failedRead.Error)
	}
}

func TestCorpusBOM(t *testing.T) {
	tr := decodeCorpus(t, "chrome114-utf8-bom.har")
	if len(tr.Exchanges) != 1 || tr.Exchanges[0].URL == "" {
		t.Fatalf("BOM file gave %d exchanges (%+v), want 1 with a URL", len(tr.Exchanges), tr.Exchanges)
	}
}

func TestCorpusInvalidBase64(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "har")
	tr, err := DecodeFile(filepath.Join(dir, "chrome56-base64-bodies-manually-removed.har"), Options{Bodies: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range tr.Warnings {
		if strings.Contains(w.Message, "invalid base64") {
			n++
		}
	}
	if n != 23 {
		t.Errorf("%d invalid-base64 warnings, want 23: %v", n, tr.Warnings)
	}
}

func TestCorpusExporterQuirks(t *testing.T) {
	cnn := decodeCorpus(t, "chrome-har-capturer-cnn-1_8mb.har")
	joined := 0
	for _, e := range cnn.Exchanges {
		if e.ResponseHeaders.Lines("Access-Control-Allow-Origin") > 1 {
			joined++
		}
	}
	if joined == 0 {
		t.Error("cnn: no exchange with a newline-joined Access-Control-Allow-Origin")
	}

	mitm := decodeCorpus(t, "mitmproxy-export-connect-error.har")
	if e := mitm.Exchanges[0]; e.Status != 0 || !strings.Contains(e.Error, "Connect call failed") {
		t.Errorf("mitmproxy: exchange 0 Status, Error = %d, %q, want 0 and an error", e.Status, e.Error)
	}
	for _, e := range mitm.Exchanges {
		if e.Start.IsZero() {
			t.Errorf("mitmproxy: exchange %d has no start time", e.Index)
		}
	}

	ff := decodeCorpus(t, "firefox111-cors-headers.har")
	if ff.Browser != "Firefox 111.0.1" {
		t.Errorf("firefox: Browser = %q", ff.Browser)
	}
	if _, off := ff.Exchanges[0].Start.Zone(); ff.Exchanges[0].Start.IsZero() || off == 0 {
		t.Errorf("firefox: Start = %v, want a local offset", ff.Exchanges[0].Start)
	}

	wpt := decodeCorpus(t, "webpagetest-firefox-bbc-4mb.har")
	minus2 := 0
	for _, e := range wpt.Exchanges {
		if e.Status == -2 {
			minus2++
		}
	}
	if minus2 == 0 {
		t.Error("webpagetest: no exchange kept status -2")
	}
}

func TestCorpusMalformed(t *testing.T) {
	dir := testshared.Dir(t, "corpus", "har")
	_, err := DecodeFile(filepath.Join(dir, "malformed-brokenfile.har"), Options{})
	var de *analyzer.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("DecodeFile(malformed) = %v, want *analyzer.DecodeError", err)
	}
	// The file's "log" is an array, but the syntax error (no ',' after
	// it) is what gets reported.
	if de.Line != 5 || de.Column != 1 || de.Offset != 22 || de.Entry != -1 {
		t.Errorf("Line, Column, Offset, Entry = %d, %d, %d, %d, want 5, 1, 22, -1", de.Line, de.Column, de.Offset, de.Entry)
	}
	if want := "expected ',' or '}' after object value"; !strings.Contains(de.Error(), want) {
		t.Errorf("error %q does not contain %q", de.Error(), want)
	}
}

func decodeCorpus(t *testing.T, name string) *analyzer.Trace {
	t.Helper()
	path := filepath.Join(testshared.Dir(t, "corpus", "har"), name)
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	tr, err := DecodeFile(path, Options{})
	if err != nil {
		t.Fatalf("DecodeFile(%s) = %v", name, err)
	}
	return tr
}
