package probe_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/probe"
)

// A credentialed probe whose preflight lacks Access-Control-Allow-
// Credentials is blocked: the actual request is never sent, so no cookie
// shows the mode, and the probe must state it for the analyzer.
func TestCredentialedPreflightWithoutAllowCredentials(t *testing.T) {
	const origin = "https://finesse.example.com:8445"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Headers", "content-type")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	trace, err := probe.Run(ctx, probe.Request{URL: srv.URL + "/cuic/", Origin: origin, Method: "GET",
		Headers: []string{"Content-Type"}, Credentials: true, Actual: true}, probe.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Flows) != 1 {
		t.Fatalf("flows = %+v, want one", rep.Flows)
	}
	f := rep.Flows[0]
	if f.Verdict != analyzer.Blocked || f.FirstFailure != "preflight-allow-credentials-not-true" {
		t.Errorf("verdict %s by %q (%s), want blocked by preflight-allow-credentials-not-true", f.Verdict, f.FirstFailure, f.Reason)
	}
	if f.Credentials != analyzer.CredentialsInclude {
		t.Errorf("credentials = %q, want include", f.Credentials)
	}
}
