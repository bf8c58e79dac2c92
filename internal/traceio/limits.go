package traceio

import (
	"bytes"
	"fmt"
	"io"
	"math"
)

// Limits bounds the resources that decoding one trace file may use, so
// that a crafted or damaged file stops with an error instead of exhausting
// memory or running for hours. A zero field means its default.
//
// The defaults are far above what real traces need. The real exports that
// tracecheck is tested with (Chrome, Firefox, Safari, Charles, mitmproxy,
// Playwright, WebPagetest, SAML-tracer) nest at most 18 levels deep. None
// has a string outside a body longer than 2 KB, more than 28 headers in
// one list, or more than 1050 entries (in a 4 MB file).
type Limits struct {
	// MaxDepth is the deepest nesting of JSON objects and arrays.
	// Chrome's _initiator.stack adds a level for each asynchronous caller.
	// Default: 1000.
	MaxDepth int
	// MaxString is the maximum length in bytes of one JSON string, as
	// written in the file. The strings that the decoders skip without
	// reading do not count: HAR bodies (postData.text and content.text),
	// unless the caller asks for bodies, and the saml and samlart members
	// of a SAML-tracer export. A data: URL holding a large image is the
	// longest string in a usual trace. Default: 64 MiB.
	MaxString int64
	// MaxHeaders is the maximum number of headers in one request or
	// response. Default: 10000.
	MaxHeaders int
	// MaxEntries is the maximum number of entries (HAR) or requests
	// (SAML-tracer) in a file. Each costs about a kilobyte of memory once
	// decoded. Default: 1000000.
	MaxEntries int
	// MaxDecompressed is the maximum size in bytes of the decompressed
	// content of a gzip stream or a zip member, and of standard input
	// spooled to a temporary file to read a zip archive. Default: 8 GiB.
	MaxDecompressed int64
}

// Default limits; see [Limits].
const (
	DefaultMaxDepth        = 1000
	DefaultMaxString       = 64 << 20
	DefaultMaxHeaders      = 10000
	DefaultMaxEntries      = 1000000
	DefaultMaxDecompressed = 8 << 30
)

// WithDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) WithDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxString <= 0 {
		l.MaxString = DefaultMaxString
	}
	if l.MaxHeaders <= 0 {
		l.MaxHeaders = DefaultMaxHeaders
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxDecompressed <= 0 {
		l.MaxDecompressed = DefaultMaxDecompressed
	}
	return l
}

// Or returns l with each zero field taken from fallback.
func (l Limits) Or(fallback Limits) Limits {
	if l.MaxDepth == 0 {
		l.MaxDepth = fallback.MaxDepth
	}
	if l.MaxString == 0 {
		l.MaxString = fallback.MaxString
	}
	if l.MaxHeaders == 0 {
		l.MaxHeaders = fallback.MaxHeaders
	}
	if l.MaxEntries == 0 {
		l.MaxEntries = fallback.MaxEntries
	}
	if l.MaxDecompressed == 0 {
		l.MaxDecompressed = fallback.MaxDecompressed
	}
	return l
}

// LimitError reports input that exceeds one of the [Limits]. Its message
// names the limit by the tracecheck flag that raises it and suggests a
// value that the flag accepts, for example "a JSON string is longer than
// 64 MiB (limit --max-string); raise it with --max-string 256MiB".
type LimitError struct {
	// Flag is the name of the limit as a tracecheck flag: max-depth,
	// max-string, max-headers, max-entries or max-decompressed. The
	// Limits field of the same name (MaxDepth, …) sets it in the API.
	Flag string
	// What is the description of the exceeding item, up to the value.
	What string
	// Limit is the value in force.
	Limit int64
	// Needed is the value the input needs, when the decoder has measured
	// it, else 0. The suggestion is then above it rather than a guess.
	Needed int64
	// Bytes is set when Limit is a size in bytes.
	Bytes bool
	// Offset is the offset of the value that exceeded the limit in the
	// stream that was checked, or -1 when the caller knows the place.
	Offset int64
}

func (e *LimitError) Error() string {
	value := fmt.Sprint(e.Limit)
	if e.Bytes {
		value = FormatSize(e.Limit)
	}
	return fmt.Sprintf("%s %s (limit --%s); raise it with --%s %s", e.What, value, e.Flag, e.Flag, e.Suggestion())
}

// Suggestion returns a value for the flag, written as the flag accepts
// it, that is above what the input needs when that is known, and else
// four times the limit. A size is rounded up to a power of two in the
// largest binary unit that fits, such as 64MiB; a count is rounded up to
// two significant digits.
func (e *LimitError) Suggestion() string {
	target := e.Needed
	switch {
	case target > e.Limit:
	case e.Limit <= math.MaxInt64/4:
		target = e.Limit * 4
	case e.Limit < math.MaxInt64:
		target = e.Limit + 1
	default:
		target = e.Limit
	}
	if e.Bytes {
		return FormatFlagSize(nextPowerOfTwo(target))
	}
	return fmt.Sprint(roundUpSignificant(target, 2))
}

// nextPowerOfTwo returns the smallest power of two at or above n, or n
// when that would overflow.
func nextPowerOfTwo(n int64) int64 {
	p := int64(1)
	for p < n {
		if p > math.MaxInt64/2 {
			return n
		}
		p *= 2
	}
	return p
}

// roundUpSignificant rounds n up to digits significant decimal digits,
// such as 4000 for 3987 with 2 digits.
func roundUpSignificant(n int64, digits int) int64 {
	scale := int64(1)
	for n/scale >= int64(math.Pow10(digits)) {
		scale *= 10
	}
	if n%scale == 0 || n/scale+1 > math.MaxInt64/scale {
		return n
	}
	return (n/scale + 1) * scale
}

// NewLimitError returns the error for exceeding a count limit.
func NewLimitError(flag, what string, limit int) *LimitError {
	return &LimitError{Flag: flag, What: what, Limit: int64(limit), Offset: -1}
}

// sizeUnits are the units FormatSize and FormatFlagSize write, largest
// first; the size-parsing flags of tracecheck accept all of them.
var sizeUnits = []struct {
	name string
	size int64
}{
	{"EiB", 1 << 60}, {"PiB", 1 << 50}, {"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
	{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3},
}

// FormatSize writes n bytes with the largest unit that divides it,
// binary units first, for example "64 MiB" or "10 MB", or as bytes
// ("1000001 bytes").
func FormatSize(n int64) string {
	if number, unit := splitSize(n); unit != "" {
		return fmt.Sprintf("%d %s", number, unit)
	}
	return fmt.Sprintf("%d bytes", n)
}

// FormatFlagSize writes n bytes as a size flag value that tracecheck
// accepts, such as "64MiB", "10MB" or "1000001".
func FormatFlagSize(n int64) string {
	number, unit := splitSize(n)
	return fmt.Sprintf("%d%s", number, unit)
}

// splitSize returns n in the largest unit that divides it, or n and "".
func splitSize(n int64) (int64, string) {
	if n <= 0 {
		return n, ""
	}
	for _, u := range sizeUnits {
		if n%u.size == 0 {
			return n / u.size, u.name
		}
	}
	return n, ""
}

// sizeLimiter stops a stream with a [*LimitError] once it passes max
// bytes.
type sizeLimiter struct {
	r    io.Reader
	max  int64
	read int64
}

// NewSizeLimiter returns a reader that passes r through and fails with a
// [*LimitError] for --max-decompressed once more than max bytes are read.
func NewSizeLimiter(r io.Reader, max int64) io.Reader {
	return &sizeLimiter{r: r, max: max}
}

func (s *sizeLimiter) Read(p []byte) (int, error) {
	if s.read > s.max {
		return 0, &LimitError{Flag: "max-decompressed", What: "the decompressed data is larger than",
			Limit: s.max, Bytes: true, Offset: s.max}
	}
	if rest := s.max + 1 - s.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := s.r.Read(p)
	s.read += int64(n)
	if s.read > s.max {
		// Hand over the bytes up to the limit; the next Read fails.
		return n - 1, nil
	}
	return n, err
}

// JSONLimiter passes JSON text through and stops it with a [*LimitError]
// where the nesting gets deeper than the depth limit or a string longer
// than the string limit, before the JSON decoder buffers the string. It
// scans bytes without parsing: it only follows strings, their escapes and
// the brackets outside them. Offsets in its errors count the bytes it has
// passed through.
type JSONLimiter struct {
	r        io.Reader
	maxDepth int
	maxStr   int64

	offset    int64 // bytes passed through
	depth     int
	inString  bool
	strStart  int64 // offset of the opening quote
	strLen    int64 // bytes of the string so far
	backslash int   // backslashes just before the next byte, in a string
	err       error // returned by the next Read
}

// NewJSONLimiter returns a JSONLimiter that reads from r.
func NewJSONLimiter(r io.Reader, maxDepth int, maxString int64) *JSONLimiter {
	return &JSONLimiter{r: r, maxDepth: maxDepth, maxStr: maxString}
}

func (l *JSONLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	if stop := l.scan(p[:n]); stop >= 0 {
		l.offset += int64(stop)
		return stop, nil
	}
	l.offset += int64(n)
	return n, err
}

// scan follows b and returns the index of the first byte that exceeds a
// limit, with l.err set, or -1.
func (l *JSONLimiter) scan(b []byte) int {
	i := 0
	for i < len(b) {
		if l.inString {
			j := bytes.IndexByte(b[i:], '"')
			if j < 0 {
				l.backslash = trailingBackslashes(b[i:], l.backslash)
				l.strLen += int64(len(b) - i)
				if l.strLen > l.maxStr {
					return l.stringTooLong(len(b))
				}
				return -1
			}
			run := trailingBackslashes(b[i:i+j], l.backslash)
			l.strLen += int64(j)
			if l.strLen > l.maxStr {
				return l.stringTooLong(i + j)
			}
			i += j + 1
			if run%2 == 1 {
				// An escaped quote is part of the string.
				l.strLen++
				l.backslash = 0
				continue
			}
			l.inString = false
			continue
		}
		switch b[i] {
		case '"':
			l.inString, l.strStart, l.strLen, l.backslash = true, l.offset+int64(i), 0, 0
		case '{', '[':
			l.depth++
			if l.depth > l.maxDepth {
				l.err = DepthError(l.maxDepth, l.offset+int64(i))
				return i
			}
		case '}', ']':
			l.depth--
		}
		i++
	}
	return -1
}

// stringTooLong records the error for the string being read and returns
// stop, the index in the current block where passing bytes ends.
func (l *JSONLimiter) stringTooLong(stop int) int {
	l.err = StringError(l.maxStr, l.strStart)
	return stop
}

// DepthError returns the error for an object or array at offset that
// nests deeper than limit.
func DepthError(limit int, offset int64) *LimitError {
	return &LimitError{Flag: "max-depth", What: "the JSON nesting is deeper than", Limit: int64(limit), Offset: offset}
}

// StringError returns the error for a string, starting at offset, that
// is longer than limit bytes.
func StringError(limit, offset int64) *LimitError {
	return &LimitError{Flag: "max-string", What: "a JSON string is longer than", Limit: limit, Bytes: true, Offset: offset}
}

// trailingBackslashes returns the number of backslashes at the end of b,
// adding before when all of b is backslashes.
func trailingBackslashes(b []byte, before int) int {
	n := 0
	for n < len(b) && b[len(b)-1-n] == '\\' {
		n++
	}
	if n == len(b) {
		n += before
	}
	return n
}
