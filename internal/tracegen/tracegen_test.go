package tracegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/har"
	"github.com/tracecheck/tracecheck/samltracer"
)

func generateHAR(t *testing.T, size int64, seed uint64) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	stats, err := WriteHAR(&buf, HAROptions{Size: size, Seed: seed})
	if err != nil {
		t.Fatalf("WriteHAR: %v", err)
	}
	if stats.Bytes != int64(buf.Len()) {
		t.Fatalf("Stats.Bytes = %d, wrote %d", stats.Bytes, buf.Len())
	}
	return buf.Bytes(), stats
}

func TestWriteHARValidJSON(t *testing.T) {
	data, stats := generateHAR(t, 2<<20, 1)
	if !json.Valid(data) {
		t.Fatal("output is not valid JSON")
	}
	if stats.Bytes < 2<<20 || stats.Bytes > 3<<20 {
		t.Errorf("size = %d, want about 2 MiB", stats.Bytes)
	}
	share := float64(stats.BodyBytes) / float64(stats.Bytes)
	if share < 0.6 || share > 0.9 {
		t.Errorf("bodies are %.0f %% of the bytes, want about 75 %%", share*100)
	}
	escapes := bytes.Count(data, []byte(`\`))
	if per := float64(stats.BodyBytes) / float64(escapes); per < 20 || per > 60 {
		t.Errorf("one backslash every %.0f body bytes, want about 35", per)
	}
}

func TestWriteHARDeterministic(t *testing.T) {
	a, _ := generateHAR(t, 1<<20, 7)
	b, _ := generateHAR(t, 1<<20, 7)
	c, _ := generateHAR(t, 1<<20, 8)
	if sha256.Sum256(a) != sha256.Sum256(b) {
		t.Error("two runs with seed 7 differ")
	}
	if sha256.Sum256(a) == sha256.Sum256(c) {
		t.Error("seeds 7 and 8 give the same output")
	}
}

func TestWriteHARDecodesAndAnalyzes(t *testing.T) {
	data, stats := generateHAR(t, 8<<20, 3)
	trace, err := har.Decode(bytes.NewReader(data), "gen.har", har.Options{})
	if err != nil {
		t.Fatalf("har.Decode: %v", err)
	}
	if len(trace.Exchanges) != stats.Entries {
		t.Fatalf("decoded %d exchanges, generator wrote %d", len(trace.Exchanges), stats.Entries)
	}
	if len(trace.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", trace.Warnings)
	}
	if stats.Preflights == 0 || stats.Preflight403 == 0 || stats.MissingAllowOrigin == 0 {
		t.Fatalf("stats = %+v, want every kind of flow planted", stats)
	}
	if share := float64(stats.Preflights) / float64(stats.Entries); share < 0.03 || share > 0.08 {
		t.Errorf("preflights are %.1f %% of the entries, want about 5 %%", share*100)
	}

	report, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	counts := map[string]int{}
	for _, f := range report.Findings {
		counts[f.Rule]++
	}
	if counts["preflight-status-not-ok"] != stats.Preflight403 {
		t.Errorf("preflight-status-not-ok findings = %d, planted %d (all findings: %v)", counts["preflight-status-not-ok"], stats.Preflight403, counts)
	}
	if counts["missing-allow-origin"] != stats.MissingAllowOrigin {
		t.Errorf("missing-allow-origin findings = %d, planted %d (all findings: %v)", counts["missing-allow-origin"], stats.MissingAllowOrigin, counts)
	}
}

func TestWriteHARBodiesDecode(t *testing.T) {
	data, _ := generateHAR(t, 1<<20, 5)
	_, err := har.Stream(bytes.NewReader(data), "gen.har", har.Options{Bodies: true}, func(e *har.Entry) error {
		if e.ResponseBody.Encoding == "base64" && e.ResponseBody.Text == nil {
			t.Errorf("entry %d: base64 body did not decode", e.Index)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("har.Stream with bodies: %v", err)
	}
}

func TestWriteSAMLTracer(t *testing.T) {
	var a, b bytes.Buffer
	stats, err := WriteSAMLTracer(&a, SAMLTracerOptions{Size: 2 << 20, Seed: 1})
	if err != nil {
		t.Fatalf("WriteSAMLTracer: %v", err)
	}
	if _, err := WriteSAMLTracer(&b, SAMLTracerOptions{Size: 2 << 20, Seed: 1}); err != nil {
		t.Fatalf("WriteSAMLTracer: %v", err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs with seed 1 differ")
	}
	if !json.Valid(a.Bytes()) {
		t.Fatal("output is not valid JSON")
	}
	trace, err := samltracer.Decode(bytes.NewReader(a.Bytes()), "gen.json", samltracer.Options{})
	if err != nil {
		t.Fatalf("samltracer.Decode: %v", err)
	}
	if len(trace.Exchanges) != stats.Entries {
		t.Fatalf("decoded %d requests, generator wrote %d", len(trace.Exchanges), stats.Entries)
	}
	report, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	counts := map[string]int{}
	for _, f := range report.Findings {
		counts[f.Rule]++
	}
	if counts["preflight-status-not-ok"] != stats.Preflight403 {
		t.Errorf("preflight-status-not-ok findings = %d, planted %d (all findings: %v)", counts["preflight-status-not-ok"], stats.Preflight403, counts)
	}
}
