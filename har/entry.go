package har

import "github.com/tracecheck/tracecheck/analyzer"

// Entry is one HAR entry as [Stream] delivers it: the exchange and, when
// Options.Bodies is set, the request and response bodies.
type Entry struct {
	analyzer.Exchange

	// RequestBody is the request's postData. Its Text is nil unless
	// Options.Bodies is set.
	RequestBody Body
	// ResponseBody is the response's content. Its Text is nil unless
	// Options.Bodies is set.
	ResponseBody Body
}

// Body is a request or response body as the HAR file recorded it.
type Body struct {
	// MimeType is the MIME type the exporter recorded; "" when absent.
	MimeType string
	// Encoding is the encoding the file states for the text: "" for plain
	// text or "base64".
	Encoding string
	// Text is the body, base64-decoded when Encoding is "base64". It is
	// nil when bodies were skipped, when the file has no text, and when
	// the text could not be decoded (the trace then carries a warning).
	Text []byte
	// Size is the body size in bytes the file states (content.size or
	// request.bodySize), or -1 when unknown.
	Size int64
	// File is the name of the file that holds the body when the exporter
	// stored it outside the HAR (Playwright's content._file); else "".
	File string
}
