package har

import "github.com/tracecheck/tracecheck/internal/traceio"

// Options controls how a HAR file is decoded. The zero value is ready to
// use: bodies skipped, at most [DefaultMaxWarnings] warnings kept.
type Options struct {
	// Bodies makes the decoder read request and response bodies
	// (postData.text and content.text) and hand them to a [Stream]
	// callback in [Entry.RequestBody] and [Entry.ResponseBody], decoding
	// base64 where content.encoding is "base64". The default (false) skips
	// body strings without unescaping or keeping them, which is several
	// times faster on traces with embedded bodies. [Decode] never keeps
	// bodies, because [analyzer.Exchange] has no field for them; with
	// Bodies set it still checks them and reports invalid base64 as a
	// warning.
	Bodies bool

	// MaxWarnings is the number of warnings kept in Trace.Warnings. When
	// more occur, one last warning states how many were left out. The
	// default (0) means DefaultMaxWarnings; a negative value keeps all.
	MaxWarnings int

	// Limits bounds what decoding may use: nesting depth, string length,
	// headers per message, entries and decompressed size. A zero field
	// means its default. Exceeding a limit fails the decode with an
	// [*analyzer.DecodeError] whose cause is a [*LimitError], together with
	// the entries read before.
	Limits Limits
}

// Limits bounds the resources that decoding one file may use; see
// [Options.Limits] and, for the defaults, the traceio package.
type Limits = traceio.Limits

// LimitError is the cause when a file exceeds one of the [Limits].
type LimitError = traceio.LimitError

// DefaultMaxWarnings is the number of warnings kept when
// Options.MaxWarnings is 0.
const DefaultMaxWarnings = 1000

func (o Options) maxWarnings() int {
	switch {
	case o.MaxWarnings == 0:
		return DefaultMaxWarnings
	case o.MaxWarnings < 0:
		return int(^uint(0) >> 1)
	}
	return o.MaxWarnings
}
