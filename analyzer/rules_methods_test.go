package analyzer_test

import (
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

// TestBroadMethodsCountsOtherRequests checks that overly-broad-allow-methods
// counts a method as used when any request of the trace sends it to the
// same server, on any path, and not when it goes to another server.
func TestBroadMethodsCountsOtherRequests(t *testing.T) {
	const app, api = "https://app.example.com", "https://api.example.com"
	preflight := analyzer.Exchange{Method: "OPTIONS", URL: api + "/items/1", Status: 204,
		RequestHeaders:  hdrs("Origin: "+app, "Access-Control-Request-Method: PUT", "Sec-Fetch-Mode: cors"),
		ResponseHeaders: hdrs("Access-Control-Allow-Origin: "+app, "Access-Control-Allow-Methods: PUT, DELETE, PATCH, MKCOL")}
	put := analyzer.Exchange{Method: "PUT", URL: api + "/items/1", Status: 200,
		RequestHeaders:  hdrs("Origin: "+app, "Sec-Fetch-Mode: cors"),
		ResponseHeaders: hdrs("Access-Control-Allow-Origin: " + app)}
	other := func(method, url string) analyzer.Exchange {
		return analyzer.Exchange{Method: method, URL: url, Status: 200, RequestHeaders: hdrs("Sec-Fetch-Mode: no-cors")}
	}
	broad := func(rep *analyzer.Report) string {
		for _, f := range rep.Findings {
			if f.Rule == "overly-broad-allow-methods" {
				return f.Message
			}
		}
		return ""
	}

	// PATCH sent to another server leaves DELETE, PATCH and MKCOL unused.
	msg := broad(analyzeExchanges(t, preflight, put, other("PATCH", "https://other.example.com/items/1")))
	if msg == "" {
		t.Fatal("no overly-broad-allow-methods finding with three unused methods")
	}
	for _, m := range []string{"DELETE", "PATCH", "MKCOL"} {
		if !strings.Contains(msg, m) {
			t.Errorf("message %q does not name the unused method %s", msg, m)
		}
	}
	if strings.Contains(msg, "PUT") {
		t.Errorf("message %q names PUT, which the actual request uses", msg)
	}

	// DELETE sent to the same server on another path leaves two unused.
	if msg := broad(analyzeExchanges(t, preflight, put, other("DELETE", api+"/items/2"))); msg != "" {
		t.Errorf("finding %q, want none: DELETE to the same server is used", msg)
	}
}
