package analyzer_test

import (
	"fmt"

	"github.com/tracecheck/tracecheck/analyzer"
)

// A preflight answered 403 without CORS headers blocks the request it was
// sent for; the report names Chromium's error for it.
func ExampleAnalyze() {
	// Build a trace by hand; decoders produce the same values from files.
	trace := &analyzer.Trace{
		Source: "inline",
		Format: analyzer.FormatHAR,
		Exchanges: []analyzer.Exchange{
			{
				Index: 0, Method: "OPTIONS", URL: "https://cuic-sub.example.com/cuic/",
				RequestHeaders: analyzer.Headers{
					{Name: "Origin", Value: "https://finesse.example.com:8445"},
					{Name: "Access-Control-Request-Method", Value: "GET"},
					{Name: "Access-Control-Request-Headers", Value: "authorization"},
				},
				Status:          403,
				ResponseHeaders: analyzer.Headers{{Name: "Content-Type", Value: "text/html"}},
			},
			{
				Index: 1, Method: "GET", URL: "https://cuic-sub.example.com/cuic/",
				RequestHeaders: analyzer.Headers{{Name: "Authorization", Value: "Basic placeholder"}},
				Error:          "net::ERR_FAILED",
			},
		},
	}

	// Analyze pairs the preflight with the request and decides the verdict.
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Each flow carries its verdict and the first failing check.
	for _, f := range rep.Flows {
		fmt.Println(f.Method, f.URL, f.Verdict, f.Chromium)
	}
	// Output:
	// GET https://cuic-sub.example.com/cuic/ blocked PreflightMissingAllowOriginHeader
}

// Rules lists the registered rules; each has a stable id and documentation.
func ExampleLookupRule() {
	r, ok := analyzer.LookupRule("preflight-status-not-ok")
	if !ok {
		return
	}
	fmt.Println(r.ID, r.Severity, r.Chromium)
	// Output:
	// preflight-status-not-ok error PreflightInvalidStatus
}
