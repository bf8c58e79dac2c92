package analyzer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/testshared"
)

// vectorFile is the layout of the CORS test vectors.
type vectorFile struct {
	Vectors []vector `json:"vectors"`
}

type vector struct {
	ID                string          `json:"id"`
	PageOrigin        string          `json:"page_origin"`
	Request           vectorRequest   `json:"request"`
	Credentials       string          `json:"credentials"`
	PreflightRequest  *vectorRequest  `json:"preflight_request"`
	PreflightResponse *vectorResponse `json:"preflight_response"`
	ActualResponse    *vectorResponse `json:"actual_response"`
	RedirectHops      []struct {
		Request  vectorRequest  `json:"request"`
		Response vectorResponse `json:"response"`
	} `json:"redirect_hops"`
	TraceContext map[string]json.RawMessage `json:"trace_context"`
	Expect       struct {
		PreflightRequired bool     `json:"preflight_required"`
		BrowserBlocks     bool     `json:"browser_blocks"`
		RuleIDs           []string `json:"rule_ids"`
		Chromium          *string  `json:"chromium"`
	} `json:"expect"`
}

type vectorRequest struct {
	Method  string                     `json:"method"`
	URL     string                     `json:"url"`
	Headers map[string]json.RawMessage `json:"headers"`
}

type vectorResponse struct {
	Status  int                        `json:"status"`
	Headers map[string]json.RawMessage `json:"headers"`
	Error   string                     `json:"error"`
}

// headersOf converts a vector header map (a value is a string, or an
// array of strings for repeated lines) to header lines in a stable order.
func headersOf(t *testing.T, m map[string]json.RawMessage) analyzer.Headers {
	t.Helper()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sortStrings(names)
	var h analyzer.Headers
	for _, n := range names {
		var one string
		if err := json.Unmarshal(m[n], &one); err == nil {
			h = append(h, analyzer.Header{Name: n, Value: one})
			continue
		}
		var many []string
		if err := json.Unmarshal(m[n], &many); err != nil {
			t.Fatalf("header %s: %v", n, err)
		}
		for _, v := range many {
			h = append(h, analyzer.Header{Name: n, Value: v})
		}
	}
	return h
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// traceOf builds the trace a browser would record for a vector: earlier
// context exchanges, the preflight, the actual request and its redirect
// hops. Where a vector leaves the actual response out although a preflight
// got a response, the test server's convention applies: the actual request
// is answered 200 with the preflight's Access-Control-Allow-Origin and
// Access-Control-Allow-Credentials.
func traceOf(t *testing.T, v vector) *analyzer.Trace {
	t.Helper()
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var ex []analyzer.Exchange
	add := func(e analyzer.Exchange, at time.Duration) {
		e.Index = len(ex)
		e.Start = start.Add(at)
		e.Duration = 10 * time.Millisecond
		ex = append(ex, e)
	}

	if raw, ok := v.TraceContext["earlier_preflight"]; ok {
		var ep struct {
			SecondsBefore int            `json:"seconds_before"`
			Request       vectorRequest  `json:"request"`
			Response      vectorResponse `json:"response"`
		}
		if err := json.Unmarshal(raw, &ep); err != nil {
			t.Fatal(err)
		}
		at := -time.Duration(ep.SecondsBefore) * time.Second
		add(analyzer.Exchange{Method: ep.Request.Method, URL: ep.Request.URL, RequestHeaders: headersOf(t, ep.Request.Headers),
			Status: ep.Response.Status, ResponseHeaders: headersOf(t, ep.Response.Headers)}, at)
	}
	if raw, ok := v.TraceContext["stored_response_headers"]; ok {
		var stored map[string]json.RawMessage
		if err := json.Unmarshal(raw, &stored); err != nil {
			t.Fatal(err)
		}
		req := headersOf(t, v.Request.Headers)
		var plain analyzer.Headers
		for _, h := range req {
			if !strings.HasPrefix(strings.ToLower(h.Name), "if-") {
				plain = append(plain, h)
			}
		}
		add(analyzer.Exchange{Method: v.Request.Method, URL: v.Request.URL, RequestHeaders: plain,
			Status: 200, ResponseHeaders: headersOf(t, stored)}, -time.Minute)
	}

	if v.PreflightRequest != nil {
		pr := v.PreflightResponse
		e := analyzer.Exchange{Method: v.PreflightRequest.Method, URL: v.PreflightRequest.URL,
			RequestHeaders: headersOf(t, v.PreflightRequest.Headers), ResourceType: "preflight"}
		if pr != nil {
			e.Status, e.ResponseHeaders, e.Error = pr.Status, headersOf(t, pr.Headers), pr.Error
		}
		add(e, 0)
	}

	actual := analyzer.Exchange{Method: v.Request.Method, URL: v.Request.URL, RequestHeaders: headersOf(t, v.Request.Headers)}
	if v.Credentials == "include" && !actual.RequestHeaders.Has("Cookie") {
		actual.RequestHeaders = append(actual.RequestHeaders, analyzer.Header{Name: "Cookie", Value: "session=abc123"})
	}
	switch {
	case v.ActualResponse != nil:
		actual.Status = v.ActualResponse.Status
		actual.ResponseHeaders = headersOf(t, v.ActualResponse.Headers)
		actual.Error = v.ActualResponse.Error
	case v.PreflightResponse != nil && v.PreflightResponse.Status > 0:
		actual.Status = 200
		for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"} {
			for _, val := range headersOf(t, v.PreflightResponse.Headers).Values(name) {
				actual.ResponseHeaders = append(actual.ResponseHeaders, analyzer.Header{Name: name, Value: val})
			}
		}
	case v.PreflightResponse != nil:
		actual.Error = "net::ERR_FAILED"
	default:
		actual.Error = "net::ERR_FAILED"
	}
	if raw, ok := v.TraceContext["server_ip"]; ok {
		_ = json.Unmarshal(raw, &actual.ServerIP)
	}
	add(actual, 50*time.Millisecond)

	for i, hop := range v.RedirectHops {
		add(analyzer.Exchange{Method: hop.Request.Method, URL: hop.Request.URL, RequestHeaders: headersOf(t, hop.Request.Headers),
			Status: hop.Response.Status, ResponseHeaders: headersOf(t, hop.Response.Headers)}, time.Duration(100+50*i)*time.Millisecond)
	}
	return &analyzer.Trace{Source: v.ID, Format: analyzer.FormatHAR, Exchanges: ex}
}

// TestVectors runs every CORS test vector whose expected rules are all
// registered through the engine.
func TestVectors(t *testing.T) {
	dir := testshared.Dir(t, "spec")
	data, err := os.ReadFile(filepath.Join(dir, "cors-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vf vectorFile
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatal(err)
	}
	if len(vf.Vectors) == 0 {
		t.Fatal("no vectors in cors-vectors.json")
	}

	ran := 0
	for _, v := range vf.Vectors {
		missing := unregistered(v.Expect.RuleIDs)
		if len(missing) > 0 {
			t.Logf("%s: not run, rules not implemented: %s", v.ID, strings.Join(missing, ", "))
			continue
		}
		ran++
		t.Run(v.ID, func(t *testing.T) {
			rep, err := analyzer.Analyze(traceOf(t, v), analyzer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// A request that is not subject to CORS (no-cors mode) forms no
			// flow; the browser cannot block it for CORS reasons.
			flow := mainFlow(rep, v.Request.URL, v.Request.Method)
			if flow == nil && (v.Expect.BrowserBlocks || v.Request.Headers["Sec-Fetch-Mode"] == nil || string(v.Request.Headers["Sec-Fetch-Mode"]) != `"no-cors"`) {
				t.Fatalf("no flow for %s %s; flows: %+v", v.Request.Method, v.Request.URL, rep.Flows)
			}

			got := map[string]bool{}
			for _, f := range rep.Findings {
				got[f.Rule] = true
			}
			for _, id := range v.Expect.RuleIDs {
				if !got[id] {
					t.Errorf("rule %s not found; findings: %s", id, findingList(rep))
				}
			}

			if flow == nil {
				return
			}
			wantVerdict := analyzer.Allowed
			if v.Expect.BrowserBlocks {
				wantVerdict = analyzer.Blocked
			}
			if flow.Verdict != wantVerdict {
				t.Errorf("verdict = %s (%s), want %s", flow.Verdict, flow.Reason, wantVerdict)
			}
			if !v.Expect.BrowserBlocks {
				for _, f := range rep.Findings {
					if f.Severity == analyzer.SeverityError {
						t.Errorf("error finding %s where the browser does not block: %s", f.Rule, f.Message)
					}
				}
			}
			if v.Expect.BrowserBlocks && v.Expect.Chromium != nil && isCorsErrorName(*v.Expect.Chromium) {
				wantName, _, _ := strings.Cut(*v.Expect.Chromium, " ")
				gotName, _, _ := strings.Cut(flow.Chromium, " ")
				if gotName != wantName {
					t.Errorf("first failing check for Chromium = %q, want %q", flow.Chromium, *v.Expect.Chromium)
				}
			}
			if flow.PreflightRequired != v.Expect.PreflightRequired {
				t.Errorf("preflight required = %v, want %v", flow.PreflightRequired, v.Expect.PreflightRequired)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no vector could run")
	}
	t.Logf("ran %d of %d vectors", ran, len(vf.Vectors))
}

// isCorsErrorName reports whether s starts with a CDP CorsError name, as
// opposed to a net:: error or a description.
func isCorsErrorName(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

func unregistered(ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, ok := analyzer.LookupRule(id); !ok {
			out = append(out, id)
		}
	}
	return out
}

// mainFlow returns the flow of the vector's actual request: the first flow
// with that URL and method that contains the actual request.
func mainFlow(rep *analyzer.Report, url, method string) *analyzer.Flow {
	var fallback *analyzer.Flow
	for i := range rep.Flows {
		f := &rep.Flows[i]
		if f.URL != url || f.Method != method {
			continue
		}
		if f.Actual != nil {
			return f
		}
		if fallback == nil {
			fallback = f
		}
	}
	return fallback
}

func findingList(rep *analyzer.Report) string {
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule+"("+f.Severity.String()+")")
	}
	return strings.Join(ids, ", ")
}
