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
// Table output shows control characters, the bytes of ANSI escape
// sequences and bidirectional controls as escapes such as \x1b and \u202e
// (see [Sanitize]). A hostile trace can then neither move the cursor,
// change the terminal title or reorder text, nor look like a clean one.
// JSON output escapes the same characters as \uXXXX, which keeps their
// values intact for programs.
//
// Both formats hide secrets that a trace may contain. In every URL and in
// every free-text field taken from the analyzer (messages, reasons,
// evidence, fixes, decoder warnings) they replace the values of query and
// fragment parameters that carry credentials (SAML messages, OAuth codes,
// tokens and state, API keys, CSRF tokens, session ids) and the password
// part of URLs. They also replace the value after a quoted secret header
// name such as Cookie, Authorization or X-Api-Key. See [RedactURL] and
// [RedactText].
//
// # Order
//
// Findings are printed per file in input order, then by flow, by severity
// (errors first), by the index of the exchange in the file and by rule id.
package report
