// Package report renders analyzer reports for people and for programs.
//
// A [Reporter] writes the reports of one run, one per input file, to an
// [io.Writer]. Each [Input] pairs a report with the trace it came from, so
// that a format can show the exchanges' headers and times. [Table] writes
// plain text for a terminal or a support case: a table of flows per file,
// the findings grouped by flow with their evidence and fix, the decoder's
// warnings and a summary. [JSON] writes one JSON document whose field
// names are a stable contract. [Markdown] writes a report for issue
// trackers and case tools, and [HTML] one self-contained page with the
// blocked flows' exchanges side by side and a timeline. [Filters] selects
// flows and findings before rendering.
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
// Markdown output escapes Markdown syntax with backslashes after the same
// sanitizing (see [EscapeMarkdown]); HTML output sanitizes and then
// HTML-escapes every value.
//
// Every format hides the secrets that a trace may contain, unless
// Options.ShowSecrets is set, and then opens with [SecretsNotice]. The
// formats redact every URL, header value, form field and free-text field
// taken from the analyzer (messages, reasons, evidence, fixes, decoder
// warnings). They replace the values of query, fragment and form
// parameters that carry credentials (SAML messages, OAuth codes, tokens
// and state, API keys, CSRF tokens, session ids, passwords). They also
// replace the password part of URLs, every JSON Web Token, cookie values,
// and the credentials of Authorization and API key headers. Each replacement is a marker that names what was
// removed, such as "[REDACTED cookie value]". See [RedactURL],
// [RedactHeader], [RedactField] and [RedactText].
//
// # Order
//
// Findings are printed per file in input order, then by flow, by severity
// (errors first), by the index of the exchange in the file and by rule id.
package report
