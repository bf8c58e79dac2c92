package probe_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/probe"
)

// A CUIC node whose allowed-origin list lacks the Finesse desktop answers
// the preflight 403; the analyzer explains the probe's trace.
func ExampleRun() {
	cuic := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer cuic.Close()

	trace, err := probe.Run(context.Background(), probe.Request{
		URL:     cuic.URL + "/cuic/rest/dashboards",
		Origin:  "https://finesse.example.com:8445",
		Headers: []string{"Authorization"},
		Actual:  true,
	}, probe.Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range trace.Exchanges {
		fmt.Println(e.Method, e.Status, e.RequestHeaders.Value("Access-Control-Request-Headers"))
	}

	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Flows {
		fmt.Println(f.Verdict, f.FirstFailure, f.Chromium)
	}
	// Output:
	// OPTIONS 403 authorization
	// blocked preflight-missing-allow-origin PreflightMissingAllowOriginHeader
}
