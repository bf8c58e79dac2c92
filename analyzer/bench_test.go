package analyzer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// syntheticTrace builds a Chrome-style trace of n exchanges: pages with
// same-origin loads, about 5 % preflights with their actual requests (in
// Chrome's order, the actual request first), CORS failures, redirects and
// a polled URL that repeats throughout, the worst case for pairing.
func syntheticTrace(n int) *analyzer.Trace {
	start := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	ex := make([]analyzer.Exchange, 0, n)
	add := func(e analyzer.Exchange) {
		e.Index = len(ex)
		e.Start = start.Add(time.Duration(len(ex)) * 7 * time.Millisecond)
		e.Duration = 5 * time.Millisecond
		ex = append(ex, e)
	}
	origin := "https://finesse.example.com:8445"
	for i := 0; len(ex) < n; i++ {
		api := fmt.Sprintf("https://cuic-%d.example.com/livedata/api/item/%d", i%4, i%5000)
		switch i % 20 {
		case 0:
			add(analyzer.Exchange{Method: "GET", URL: api, ResourceType: "fetch",
				RequestHeaders: hdrs("Content-Type: application/json", "Authorization: Basic placeholder"), Error: "net::ERR_FAILED"})
			add(analyzer.Exchange{Method: "OPTIONS", URL: api, ResourceType: "preflight", Status: 200,
				RequestHeaders:  hdrs("Origin: "+origin, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization,content-type"),
				ResponseHeaders: hdrs("Access-Control-Allow-Origin: "+origin, "Access-Control-Allow-Headers: authorization, content-type", "Access-Control-Allow-Credentials: true")})
		case 1:
			poll := "https://cuic-pub.example.com/livedata/api/poll"
			add(analyzer.Exchange{Method: "GET", URL: poll, ResourceType: "fetch", Status: 200,
				RequestHeaders:  hdrs("Origin: "+origin, "Sec-Fetch-Mode: cors", "X-Requested-With: XMLHttpRequest"),
				ResponseHeaders: hdrs("Access-Control-Allow-Origin: "+origin, "Vary: Origin")})
			add(analyzer.Exchange{Method: "OPTIONS", URL: poll, ResourceType: "preflight", Status: 204,
				RequestHeaders:  hdrs("Origin: "+origin, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-requested-with"),
				ResponseHeaders: hdrs("Access-Control-Allow-Origin: "+origin, "Access-Control-Allow-Headers: x-requested-with")})
		case 2:
			add(analyzer.Exchange{Method: "GET", URL: api + "?redirect=1", ResourceType: "fetch", Status: 302,
				RequestHeaders:  hdrs("Origin: "+origin, "Sec-Fetch-Mode: cors"),
				ResponseHeaders: hdrs("Location: "+api, "Access-Control-Allow-Origin: "+origin)})
			add(analyzer.Exchange{Method: "GET", URL: api, ResourceType: "fetch", Status: 200,
				RequestHeaders:  hdrs("Origin: null", "Sec-Fetch-Mode: cors"),
				ResponseHeaders: hdrs("Access-Control-Allow-Origin: *")})
		case 3:
			add(analyzer.Exchange{Method: "GET", URL: api, ResourceType: "fetch", Status: 200,
				RequestHeaders:  hdrs("Origin: "+origin, "Sec-Fetch-Mode: cors"),
				ResponseHeaders: hdrs("Content-Type: application/json")})
		default:
			add(analyzer.Exchange{Method: "GET", URL: fmt.Sprintf("%s/desktop/res/%d.js", origin, i), ResourceType: "script", Status: 200,
				RequestHeaders:  hdrs("Sec-Fetch-Mode: no-cors", "Sec-Fetch-Site: same-origin"),
				ResponseHeaders: hdrs("Content-Type: text/javascript")})
		}
	}
	return &analyzer.Trace{Source: "synthetic", Format: analyzer.FormatHAR, Creator: "WebInspector 537.36", Exchanges: ex[:n]}
}

// BenchmarkAnalyze times the analysis of synthetic traces of 10k, 100k and
// 1M exchanges; ns/exchange staying flat across sizes shows that pairing
// and the whole-trace rules grow no worse than n log n.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		trace := syntheticTrace(n)
		b.Run(fmt.Sprintf("exchanges=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analyzer.Analyze(trace, analyzer.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/exchange")
		})
	}
}

func TestSyntheticTraceAnalyzes(t *testing.T) {
	rep, err := analyzer.Analyze(syntheticTrace(2000), analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Blocked == 0 || rep.Summary.Allowed == 0 {
		t.Errorf("synthetic trace should hold allowed and blocked flows: %+v", rep.Summary)
	}
}
