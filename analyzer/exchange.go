package analyzer

import "time"

// Format names the file format a trace was decoded from.
type Format string

// The formats the decoders produce.
const (
	FormatHAR        Format = "har"
	FormatSAMLTracer Format = "saml-tracer"
)

// Trace is one decoded trace file: its exchanges in file order and what the
// decoder had to skip or tolerate on the way.
type Trace struct {
	// Source is the file name as the user gave it ("-" for standard input).
	Source string
	// Format is the format the file was decoded from.
	Format Format
	// Creator is the exporter's name and version as the file states it,
	// for example "WebInspector 537.36" or "Firefox 111.0.1"; empty when
	// the format does not record it.
	Creator string
	// Browser is the browser name and version where the file states it.
	Browser string
	// Exchanges holds one entry per request, in file order.
	Exchanges []Exchange
	// Warnings lists what the decoder skipped or could not read. A trace
	// with warnings is still usable, and the warnings name what is missing.
	Warnings []Warning
}

// Warning is a problem a decoder tolerated: an entry it skipped, a field it
// could not read, a body it could not decode.
type Warning struct {
	// Entry is the index of the entry concerned, or -1 for the file as a whole.
	Entry int `json:"entry"`
	// Offset is the byte offset in the file where the problem starts, or -1
	// when unknown.
	Offset int64 `json:"offset"`
	// Message describes the problem and what the decoder did about it.
	Message string `json:"message"`
}

// Exchange is one request and its response as a trace recorded them.
type Exchange struct {
	// Index is the position of the entry in the file (0-based), so that a
	// finding can point back into the original file.
	Index int
	// Method is the request method as sent on the wire (case preserved).
	Method string
	// URL is the request URL.
	URL string
	// HTTPVersion is the protocol as the exporter wrote it; free text.
	HTTPVersion string
	// RequestHeaders holds the request header lines in order.
	RequestHeaders Headers
	// Status is the response status code. 0 (and the exporter-specific -1
	// and -2) mean that no HTTP response was received; see HasResponse.
	Status int
	// StatusText is the reason phrase or, for SAML-tracer, the status line.
	StatusText string
	// ResponseHeaders holds the response header lines in order.
	ResponseHeaders Headers
	// RedirectURL is the Location target the exporter recorded, if any.
	RedirectURL string
	// Start is when the request started; the zero time when the format
	// has no times (SAML-tracer) or the entry has none.
	Start time.Time
	// Duration is the total time of the exchange; negative when unknown.
	Duration time.Duration
	// Error is the exporter's error text for a failed request
	// (HAR "_error" or "_failureText"), for example "net::ERR_FAILED".
	Error string
	// ResourceType is the exporter's resource type ("_resourceType" in
	// Chrome HARs: "fetch", "xhr", "preflight", "document", ...).
	ResourceType string
	// Initiator is the cause of the request, where the exporter recorded it.
	Initiator Initiator
	// ServerIP is the address the browser connected to, brackets removed
	// from IPv6 literals; empty when unknown.
	ServerIP string
	// FromCache is "memory" or "disk" when the response came from the
	// browser cache (HAR "_fromCache"), else empty.
	FromCache string
	// Form holds the request's form fields (HAR postData.params,
	// SAML-tracer post), where a SAML message could be.
	Form []Field
	// BodyMasked reports that the exporter replaced the request body or
	// form values with hashes or placeholders.
	BodyMasked bool
	// Credentials is the credentials mode of the request when the recorder
	// sets it ([CredentialsInclude] or [CredentialsOmit]), as a live probe
	// does. It is "" when the mode must be inferred from the headers, as
	// for every trace file.
	Credentials string
}

// The credentials modes a recorder can state in Exchange.Credentials.
const (
	CredentialsInclude = "include"
	CredentialsOmit    = "omit"
)

// Initiator is the cause of a request, as far as the exporter recorded it.
type Initiator struct {
	// Type is the initiator type: "parser", "script", "preflight", "other".
	Type string
	// URL is the initiator's URL. For a Chrome preflight it is the URL of
	// the actual request the preflight was sent for.
	URL string
	// RequestID is the DevTools request id of the request that triggered
	// this one; for a Chrome preflight, the actual request's id.
	RequestID string
}

// Field is one name and value of a query string or form.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HasResponse reports whether an HTTP response was received for the
// exchange: a positive status code. Exporters write 0, -1 or -2 for "no
// response".
func (e *Exchange) HasResponse() bool {
	return e.Status > 0
}

// HasTime reports whether the exchange carries a start time.
func (e *Exchange) HasTime() bool {
	return !e.Start.IsZero()
}
