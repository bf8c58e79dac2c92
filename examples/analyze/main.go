// Command analyze shows the main path through the tracecheck library: load a
// browser trace, analyze it, and print one line per cross-origin flow.
//
// Usage:
//
//	go run ./examples/analyze examples/traces/finesse-cuic.har
//
// The file may be a HAR or a SAML-tracer export. The analyzer/report package
// renders the full report with findings, evidence and fixes.
package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
	"github.com/tracecheck/tracecheck/tracefile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: analyze TRACE-FILE (a .har file or a SAML-tracer .json export)")
		os.Exit(2)
	}
	path := os.Args[1]

	// Load decodes the file into the common exchange model: one
	// analyzer.Exchange per recorded request, in file order. Problems the
	// decoder tolerated (a skipped entry, an unreadable body) end up in
	// trace.Warnings instead of failing the load.
	trace, err := tracefile.Load(path, tracefile.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "analyze: %v\n", err)
		os.Exit(2)
	}

	// Analyze pairs each preflight with its actual request, decides a
	// verdict per flow and runs every registered rule. Problems in the
	// trace are findings in the report, not errors.
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "analyze: %v\n", err)
		os.Exit(2)
	}

	// Origin, method and URL come from the trace. Sanitize strips control
	// characters and escape sequences that could rewrite the terminal.
	// RedactURL hides the values of query parameters that carry credentials
	// (SAML messages, tokens, session ids).
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORIGIN\tMETHOD\tURL\tVERDICT\tFIRST FAILURE")
	for _, flow := range rep.Flows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n",
			report.Sanitize(flow.Origin),
			report.Sanitize(flow.Method),
			report.Sanitize(report.RedactURL(flow.URL)),
			flow.Verdict,
			firstFailure(flow),
		)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "analyze: write output: %v\n", err)
		os.Exit(2)
	}

	s := rep.Summary
	fmt.Printf("\n%d exchanges, %d flows: %d allowed, %d blocked, %d undetermined\n",
		s.Exchanges, s.Flows, s.Allowed, s.Blocked, s.Undetermined)
}

// firstFailure describes the first failing check of a blocked flow: the rule
// id and the error each browser's console showed for it. It returns "-" for a
// flow that did not fail.
func firstFailure(flow analyzer.Flow) string {
	if flow.FirstFailure == "" {
		return "-"
	}
	var consoles []string
	if flow.Chromium != "" {
		consoles = append(consoles, "Chromium: "+flow.Chromium)
	}
	if flow.Firefox != "" {
		consoles = append(consoles, "Firefox: "+flow.Firefox)
	}
	if len(consoles) == 0 {
		return flow.FirstFailure
	}
	return flow.FirstFailure + " (" + strings.Join(consoles, ", ") + ")"
}
