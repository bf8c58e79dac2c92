package report_test

import (
	"os"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
)

// Render a report as JSON; the table format works the same way.
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
	if err := r.Render(os.Stdout, []*analyzer.Report{rep}); err != nil {
		return
	}
	// Output:
	// {
	//   "tool": "tracecheck",
	//   "version": "1.0.0",
	//   "files": [
	//     {
	//       "source": "case-4711.har",
	//       "format": "har",
	//       "creator": "",
	//       "exchanges": 1,
	//       "warnings": [],
	//       "error": null
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
	//       "mode": "",
	//       "mode_evidence": "",
	//       "credentials": "",
	//       "credentials_evidence": "",
	//       "preflight_required": false,
	//       "preflight": null,
	//       "actual": null,
	//       "verdict": "allowed",
	//       "reason": "the response passes every CORS check",
	//       "first_failure": "",
	//       "chromium": "",
	//       "firefox": ""
	//     }
	//   ],
	//   "findings": [],
	//   "summary": {
	//     "files": 1,
	//     "unreadable": 0,
	//     "exchanges": 1,
	//     "flows": 1,
	//     "allowed": 1,
	//     "blocked": 0,
	//     "undetermined": 0,
	//     "errors": 0,
	//     "warnings": 0,
	//     "infos": 0
	//   }
	// }
}
