package analyzer_test

import (
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

// TestVaryServedWithAndWithoutCORS covers the trace-wide half of
// missing-vary-origin: one URL served both with and without
// Access-Control-Allow-Origin. Each such URL is reported once, on its first
// response with the header, and findings come in entry order.
func TestVaryServedWithAndWithoutCORS(t *testing.T) {
	get := func(url string, resp ...string) analyzer.Exchange {
		return analyzer.Exchange{Method: "GET", URL: url, Status: 200,
			RequestHeaders: hdrs("Sec-Fetch-Mode: no-cors"), ResponseHeaders: hdrs(resp...)}
	}
	const bJS, aJS, varyJS, plainJS, storeJS = "https://cdn.example.com/b.js", "https://cdn.example.com/a.js",
		"https://cdn.example.com/vary.js", "https://cdn.example.com/plain.js", "https://cdn.example.com/store.js"
	rep := analyzeExchanges(t,
		get(bJS+"#x"), // 0: first response for b, without the header
		get(aJS, "Access-Control-Allow-Origin: *"), // 1
		get(plainJS), // 2: never served with the header
		get(plainJS), // 3
		get(aJS),     // 4
		get(bJS, "Access-Control-Allow-Origin: *"),                    // 5
		get(varyJS, "Access-Control-Allow-Origin: *", "Vary: Origin"), // 6
		get(varyJS), // 7
		get(storeJS, "Access-Control-Allow-Origin: *"), // 8
		get(storeJS, "Cache-Control: no-store"),        // 9
	)

	var got []analyzer.Finding
	for _, f := range rep.Findings {
		if f.Rule == "missing-vary-origin" {
			got = append(got, f)
		}
	}
	if len(got) != 2 {
		t.Fatalf("missing-vary-origin reported %d times, want 2 (b.js and a.js): %+v", len(got), got)
	}

	// a.js comes first: its response with the header is entry 1.
	if !strings.HasPrefix(got[0].Message, aJS+" is served both") {
		t.Errorf("first finding is %q, want one about %s", got[0].Message, aJS)
	}
	if got[0].Exchange.Index != 1 {
		t.Errorf("a.js finding is on entry %d, want 1 (the response with the header)", got[0].Exchange.Index)
	}
	if len(got[0].Related) != 1 {
		t.Fatalf("a.js finding relates %+v, want one entry", got[0].Related)
	}
	if got[0].Related[0].Index != 4 {
		t.Errorf("a.js finding relates entry %d, want 4 (the response without the header)", got[0].Related[0].Index)
	}
	if !strings.HasPrefix(got[1].Message, bJS+" is served both") {
		t.Errorf("second finding is %q, want one about %s", got[1].Message, bJS)
	}
	if got[1].Exchange.Index != 5 {
		t.Errorf("b.js finding is on entry %d, want 5", got[1].Exchange.Index)
	}
	if len(got[1].Related) != 1 {
		t.Fatalf("b.js finding relates %+v, want one entry", got[1].Related)
	}
	if got[1].Related[0].Index != 0 {
		t.Errorf("b.js finding relates entry %d, want 0, whose URL has a fragment", got[1].Related[0].Index)
	}
}
