package report_test

import (
	"os"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
)

// Render a report as JSON; the other formats work the same way. Passing
// the trace as Input.Trace adds the exchanges' headers and times.
func ExampleNew() {
	// A report as analyzer.Analyze returns it, here with one allowed flow.
	rep := &analyzer.Report{
		Source: "case-4711.har",
		Format: analyzer.FormatHAR,
		Flows: []analyzer.Flow{{
			ID: 1, Origin: "https://finesse.example.com:8445", Method: "GET",
			URL: "https://cuic-pub.example.com/livedata/", Verdict: analyzer.Allowed,
			Reason: "the response passes every CORS check",
		}},
		Summary: analyzer.Summary{Exchanges: 1, Flows: 1, Allowed: 1},
	}

	// New picks the reporter by format name.
	r, err := report.New("json", report.Options{Version: "1.0.0"})
	if err != nil {
		return
	}
	if err := r.Render(os.Stdout, []report.Input{{Report: rep}}); err != nil {
		return
	}
	// Output:
	// {
	//   "tool": "tracecheck",
	//   "version": "1.0.0",
	//   "redacted": true,
	//   "secrets_notice": "",
	//   "filters": {
	//     "origin": "",
	//     "host": "",
	//     "rules": [],
	//     "skip_rules": [],
	//     "min_severity": "info"
	//   },
	//   "files": [
	//     {
	//       "source": "case-4711.har",
	//       "format": "har",
	//       "creator": "",
	//       "exchanges": 1,
	//       "warnings": [],
	//       "error": null,
	//       "first_exchange_start": "",
	//       "last_exchange_start": "",
	//       "partial": false,
	//       "probe": null,
	//       "filter_miss": null
	//     }
	//   ],
	//   "flows": [
	//     {
	//       "file": "case-4711.har",
	//       "id": 1,
	//       "origin": "https://finesse.example.com:8445",
	//       "origin_source": "",
	//       "method": "GET",
	//       "url": "https://cuic-pub.example.com/livedata/",
	//       "product": "",
	//       "mode": "",
	//       "mode_evidence": "",
	//       "credentials": "",
	//       "credentials_evidence": "",
	//       "preflight_required": false,
	//       "preflight": null,
	//       "actual": null,
	//       "redirect_from": null,
	//       "redirect_to": null,
	//       "verdict": "allowed",
	//       "reason": "the response passes every CORS check",
	//       "first_failure": "",
	//       "chromium": "",
	//       "firefox": ""
	//     }
	//   ],
	//   "findings": [],
	//   "exchanges": [],
	//   "summary": {
	//     "files": 1,
	//     "unreadable": 0,
	//     "partial": 0,
	//     "exchanges": 1,
	//     "flows": 1,
	//     "allowed": 1,
	//     "blocked": 0,
	//     "undetermined": 0,
	//     "errors": 0,
	//     "warnings": 0,
	//     "infos": 0
	//   },
	//   "allowed_origins": null
	// }
}
