// Package report renders analyzer reports for people and for programs.
//
// A [Reporter] writes the reports of one run, one per input file, to an
// [io.Writer]. [Table] writes plain text for a terminal or a support case:
// a table of flows per file, the findings grouped by flow with their
// evidence and fix, the decoder's warnings and a summary. [JSON] writes one
// JSON document whose field names are a stable contract.
//
// # Safety
//
// Every string that came from a trace is made safe for where it is printed.
// Table output removes control characters, ANSI escape sequences and
// bidirectional overrides, so that a hostile trace cannot move the cursor,
// change the terminal title or reorder text. JSON output escapes the same
// characters as \uXXXX, which keeps their values intact for programs.
//
// Both formats hide secrets that a trace may contain. They replace the
// values of query parameters that carry credentials (SAML messages, OAuth
// codes and tokens, API keys, session ids) and the password part of URLs.
// They also replace the value in evidence lines that quote a Cookie,
// Set-Cookie, Authorization or Proxy-Authorization header. See [RedactURL]
// and [RedactEvidence].
//
// # Order
//
// Findings are printed per file in input order, then by flow, by severity
// (errors first), by the index of the exchange in the file and by rule id.
package report
