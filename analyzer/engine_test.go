package analyzer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

func hdrs(lines ...string) analyzer.Headers {
	var h analyzer.Headers
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ": ")
		h = append(h, analyzer.Header{Name: name, Value: value})
	}
	return h
}

func analyzeExchanges(t *testing.T, ex ...analyzer.Exchange) *analyzer.Report {
	t.Helper()
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range ex {
		ex[i].Index = i
		if ex[i].Start.IsZero() {
			ex[i].Start = start.Add(time.Duration(i) * 20 * time.Millisecond)
		}
	}
	rep, err := analyzer.Analyze(&analyzer.Trace{Source: "test", Format: analyzer.FormatHAR, Exchanges: ex}, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestHugeHeaderValueClipped(t *testing.T) {
	huge := strings.Repeat("A", 1<<20)
	rep := analyzeExchanges(t, analyzer.Exchange{
		Method: "GET", URL: "https://api.example.com/x", Status: 200,
		RequestHeaders:  hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors", "X-Big: "+huge),
		ResponseHeaders: hdrs("Access-Control-Allow-Origin: " + huge),
	})
	if len(rep.Findings) == 0 {
		t.Fatal("no findings for a mismatching origin")
	}
	for _, f := range rep.Findings {
		if len(f.Message) > 1200 {
			t.Errorf("%s: message of %d bytes", f.Rule, len(f.Message))
		}
		for _, e := range f.Evidence {
			if len(e) > 1200 {
				t.Errorf("%s: evidence line of %d bytes", f.Rule, len(e))
			}
			if strings.Contains(e, "AAAA") && !strings.Contains(e, "more bytes)") {
				t.Errorf("%s: clipped evidence does not say so: %.80s", f.Rule, e)
			}
		}
	}
}

func TestRedirectChainLinked(t *testing.T) {
	rep := analyzeExchanges(t,
		analyzer.Exchange{Method: "GET", URL: "https://api.example.com/v1/download/7", Status: 302,
			RequestHeaders:  hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors"),
			ResponseHeaders: hdrs("Location: https://files.example.net/blob/7", "Access-Control-Allow-Origin: https://app.example.com")},
		analyzer.Exchange{Method: "GET", URL: "https://files.example.net/blob/7", Status: 200,
			RequestHeaders:  hdrs("Origin: null", "Sec-Fetch-Mode: cors"),
			ResponseHeaders: hdrs("Access-Control-Allow-Origin: https://app.example.com")},
	)
	if len(rep.Flows) != 2 {
		t.Fatalf("flows = %d, want 2 (one per hop)", len(rep.Flows))
	}
	first, second := rep.Flows[0], rep.Flows[1]
	if first.RedirectTo == nil || first.RedirectTo.Index != 1 {
		t.Errorf("first hop redirect_to = %+v, want entry 1", first.RedirectTo)
	}
	if second.RedirectFrom == nil || second.RedirectFrom.Index != 0 {
		t.Errorf("second hop redirect_from = %+v, want entry 0", second.RedirectFrom)
	}
	if first.Verdict != analyzer.Allowed {
		t.Errorf("first hop verdict %s: %s", first.Verdict, first.Reason)
	}
	if second.Verdict != analyzer.Blocked || second.FirstFailure != "allow-origin-mismatch" {
		t.Errorf("second hop verdict %s (%s), want blocked by allow-origin-mismatch", second.Verdict, second.FirstFailure)
	}
	if !hasRule(rep, "redirect-target-rejects-null-origin") || !hasRule(rep, "redirect-tainted-origin-null") {
		t.Errorf("findings %s lack the redirect rules", findingList(rep))
	}
}

func TestPreflight404OnMissingURL(t *testing.T) {
	rep := analyzeExchanges(t,
		analyzer.Exchange{Method: "OPTIONS", URL: "https://api.example.com/nope", Status: 404,
			RequestHeaders: hdrs("Origin: https://app.example.com", "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-tenant")},
		analyzer.Exchange{Method: "GET", URL: "https://api.example.com/nope", Error: "net::ERR_FAILED",
			RequestHeaders: hdrs("X-Tenant: t1")},
		analyzer.Exchange{Method: "GET", URL: "https://api.example.com/nope", Status: 404,
			RequestHeaders: hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors")},
	)
	for _, f := range rep.Findings {
		if f.Rule == "preflight-options-unhandled" {
			if !strings.Contains(f.Message, "does not exist") {
				t.Errorf("message %q does not say the URL does not exist", f.Message)
			}
			return
		}
	}
	t.Errorf("preflight-options-unhandled not reported: %s", findingList(rep))
}

// Regressions found by fuzzing.

func TestParseOriginRejectsColonHost(t *testing.T) {
	for _, s := range []string{"0://::", "https://::", "https://a:b:c", "https://[::1", "1http://a.example"} {
		if o, err := analyzer.ParseOrigin(s); err == nil {
			t.Errorf("ParseOrigin(%q) = %v, want an error", s, o)
		}
	}
	if o, err := analyzer.ParseOrigin("http://[::1]:8080"); err != nil || o.String() != "http://[::1]:8080" {
		t.Errorf("ParseOrigin of an IPv6 origin = %v, %v", o, err)
	}
}

func TestHeaderOfLineBreaksOnlyIsPresent(t *testing.T) {
	h := analyzer.Headers{{Name: "X-A", Value: "\n"}}
	v, ok := h.Get("x-a")
	if !ok || v != "" {
		t.Errorf("Get of a value of line breaks = %q, %v; want \"\", true", v, ok)
	}
}

// A decoder that skips an unreadable entry leaves the others with their
// file positions as Index, so Index and slice position differ. Found by
// fuzzing a SAML-tracer export whose first request was unreadable.
func TestExchangeIndexNotPosition(t *testing.T) {
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	trace := &analyzer.Trace{Source: "gaps", Format: analyzer.FormatHAR, Exchanges: []analyzer.Exchange{
		{Index: 3, Method: "GET", URL: "https://api.example.com/a", Status: 302, Start: start,
			RequestHeaders:  hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors"),
			ResponseHeaders: hdrs("Location: https://api.example.com/b", "Access-Control-Allow-Origin: https://app.example.com")},
		{Index: 9, Method: "GET", URL: "https://api.example.com/b", Status: 200, Start: start.Add(10 * time.Millisecond),
			RequestHeaders:  hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors"),
			ResponseHeaders: hdrs("Access-Control-Allow-Origin: https://app.example.com")},
		{Index: 12, Method: "OPTIONS", URL: "https://api.example.com/c", Status: 204, Start: start.Add(20 * time.Millisecond),
			RequestHeaders:  hdrs("Origin: https://app.example.com", "Access-Control-Request-Method: PUT"),
			ResponseHeaders: hdrs("Access-Control-Allow-Origin: https://app.example.com", "Access-Control-Allow-Methods: PUT")},
		{Index: 40, Method: "PUT", URL: "https://api.example.com/c", Status: 200, Start: start.Add(30 * time.Millisecond),
			RequestHeaders:  hdrs("Origin: https://app.example.com", "Sec-Fetch-Mode: cors"),
			ResponseHeaders: hdrs("Access-Control-Allow-Origin: https://app.example.com")},
	}}
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Flows) != 3 {
		t.Fatalf("flows = %d, want 3: %+v", len(rep.Flows), rep.Flows)
	}
	if rep.Flows[0].RedirectTo == nil || rep.Flows[0].RedirectTo.Index != 9 {
		t.Errorf("redirect not linked by position: %+v", rep.Flows[0].RedirectTo)
	}
	if f := rep.Flows[2]; f.Preflight == nil || f.Preflight.Index != 12 || f.Actual == nil || f.Actual.Index != 40 {
		t.Errorf("preflight not paired by position: %+v", f)
	}
}
