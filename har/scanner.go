package har

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/tracecheck/tracecheck/internal/traceio"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/analyzer"
)

// scanner reads the JSON token stream of one HAR file and keeps what the
// decoder needs around it: the file name, the entry being read, the line
// counter for error positions and the warnings collected so far.
type scanner struct {
	dec    *jsontext.Decoder
	filter *traceio.StringFilter // nil when the decoder reads the file unchanged
	stops  []func()              // stop the goroutines that feed dec
	lines  *traceio.LineCounter
	base   int64 // bytes of the stream before the JSON text (a BOM)
	file   string
	entry  int // index of the entry being read, or -1

	limits traceio.Limits // with defaults filled in

	// shared holds one copy of the header names, header values and other
	// short strings that repeat across entries.
	shared traceio.Interner
	// headerBuf is reused by headers; each list is copied out at its
	// exact length.
	headerBuf analyzer.Headers

	warnings    []analyzer.Warning
	maxWarnings int
	dropped     int // warnings beyond maxWarnings
}

// offset returns the stream offset of the next unread byte.
func (s *scanner) offset() int64 {
	return s.streamOffset(s.dec.InputOffset())
}

// streamOffset turns an offset in the decoder's input into a stream
// offset.
func (s *scanner) streamOffset(off int64) int64 {
	if s.filter != nil {
		off = s.filter.RawOffset(off)
	}
	return off + s.base
}

// stop ends the goroutines that read ahead of the decoder.
func (s *scanner) stop() {
	for _, stop := range s.stops {
		stop()
	}
}

// release forgets what is needed only for positions before the next
// unread byte.
func (s *scanner) release() {
	s.lines.Release(s.offset())
	if s.filter != nil {
		s.filter.Release(s.dec.InputOffset())
	}
}

// valueOffset returns the stream offset where the next value starts,
// past whitespace and the ':' or ',' before it. When the decoder has not
// buffered that far, it returns the offset of the next unread byte.
func (s *scanner) valueOffset() int64 {
	unread := s.dec.UnreadBuffer()
	n := 0
	for n < len(unread) && bytes.IndexByte([]byte(" \t\r\n:,"), unread[n]) >= 0 {
		n++
	}
	return s.streamOffset(s.dec.InputOffset() + int64(n))
}

// warn records a tolerated problem at the current position. field is the
// path of the member inside the entry (or log), for example
// "request.method".
func (s *scanner) warn(field, format string, args ...any) {
	if len(s.warnings) >= s.maxWarnings {
		s.dropped++
		return
	}
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + ": " + msg
	}
	s.warnings = append(s.warnings, analyzer.Warning{Entry: s.entry, Offset: s.valueOffset(), Message: msg})
}

// finishWarnings appends the count of warnings left out, if any.
func (s *scanner) finishWarnings() []analyzer.Warning {
	if s.dropped > 0 {
		s.warnings = append(s.warnings, analyzer.Warning{
			Entry:   -1,
			Offset:  -1,
			Message: fmt.Sprintf("%d more warnings not listed; set Options.MaxWarnings to keep more", s.dropped),
		})
		s.dropped = 0
	}
	return s.warnings
}

// fail returns a DecodeError at offset (a stream offset) for the entry
// being read.
func (s *scanner) fail(offset int64, err error) *analyzer.DecodeError {
	line, col := s.lines.Position(offset)
	return &analyzer.DecodeError{File: s.file, Entry: s.entry, Offset: offset, Line: line, Column: col, Err: err}
}

// failf returns a DecodeError at the start of the next value.
func (s *scanner) failf(format string, args ...any) *analyzer.DecodeError {
	return s.fail(s.valueOffset(), fmt.Errorf(format, args...))
}

// wrap turns an error of the JSON decoder into a DecodeError with the
// place in the file and a message that states what was expected there.
func (s *scanner) wrap(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*analyzer.DecodeError); ok {
		return err
	}
	var lerr *traceio.LimitError
	if errors.As(err, &lerr) {
		return s.limitError(lerr)
	}
	serr, ok := err.(*jsontext.SyntacticError)
	if !ok {
		return s.fail(s.offset(), traceio.ReadError(err))
	}
	return s.fail(s.streamOffset(serr.ByteOffset), &syntaxError{msg: describeSyntax(serr), err: serr})
}

// limitError returns a DecodeError for lerr at the place where the limit
// was exceeded: the value that the JSON limiter stopped at, or the end of
// the allowed decompressed bytes.
func (s *scanner) limitError(lerr *traceio.LimitError) *analyzer.DecodeError {
	switch {
	case lerr.Flag == "max-decompressed":
		return s.fail(lerr.Offset, lerr)
	case lerr.Offset >= 0 && s.filter != nil:
		// The body filter reports stream offsets.
		return s.fail(lerr.Offset, lerr)
	case lerr.Offset >= 0:
		return s.fail(s.streamOffset(lerr.Offset), lerr)
	}
	return s.fail(s.offset(), lerr)
}

// kind returns the kind of the next token, reading nothing.
func (s *scanner) kind() jsontext.Kind {
	return s.dec.PeekKind()
}

// skip skips the next value, whatever its kind.
func (s *scanner) skip() error {
	return s.wrap(s.dec.SkipValue())
}

// name reads an object member name. The result is valid until the next
// read. Names without escapes are returned without copying.
func (s *scanner) name() ([]byte, error) {
	v, err := s.dec.ReadValue()
	if err != nil {
		return nil, s.wrap(err)
	}
	if len(v) >= 2 && bytes.IndexByte(v, '\\') < 0 {
		return v[1 : len(v)-1], nil
	}
	var str string
	if err := json.Unmarshal(v, &str, jsontext.AllowInvalidUTF8(true)); err != nil {
		return nil, s.failf("invalid object member name %s: %w", truncate(string(v), 40), err)
	}
	return []byte(str), nil
}

// more reports whether the object or array being read has another member.
// It consumes the closing delimiter end when there is none.
func (s *scanner) more(end jsontext.Kind) (bool, error) {
	switch s.kind() {
	case end:
		_, err := s.dec.ReadToken()
		return false, s.wrap(err)
	case 0:
		_, err := s.dec.ReadToken()
		if err == nil {
			return false, s.failf("unexpected token")
		}
		return false, s.wrap(err)
	}
	return true, nil
}

// object starts reading an object member. It returns false, after
// skipping the value, when the value is null or not an object. A value of
// the wrong kind is also recorded as a warning.
func (s *scanner) object(field string) (bool, error) {
	return s.open(field, '{', "an object")
}

// array is like object for arrays.
func (s *scanner) array(field string) (bool, error) {
	return s.open(field, '[', "an array")
}

func (s *scanner) open(field string, want jsontext.Kind, what string) (bool, error) {
	k := s.kind()
	if k == want {
		_, err := s.dec.ReadToken()
		return err == nil, s.wrap(err)
	}
	if k != 'n' && k != 0 {
		s.warn(field, "want %s, got %s; ignored", what, kindName(k))
	}
	return false, s.skip()
}

// str reads a string member. null gives "". A number or boolean is kept
// as its JSON text with a warning; an object or array is skipped with a
// warning.
func (s *scanner) str(field string) (string, error) {
	switch k := s.kind(); k {
	case '"':
		tok, err := s.dec.ReadToken()
		if err != nil {
			return "", s.wrap(err)
		}
		return tok.String(), nil
	case 'n':
		return "", s.skip()
	case '0', 't', 'f':
		v, err := s.dec.ReadValue()
		if err != nil {
			return "", s.wrap(err)
		}
		s.warn(field, "want a string, got %s %s; used its text", kindName(k), v)
		return string(v), nil
	case 0:
		return "", s.skip()
	default:
		s.warn(field, "want a string, got %s; ignored", kindName(k))
		return "", s.skip()
	}
}

// sharedStr is [scanner.str] for strings that repeat across entries, such
// as header names and values: the result is shared through s.shared.
func (s *scanner) sharedStr(field string) (string, error) {
	if s.kind() != '"' {
		return s.str(field)
	}
	v, err := s.dec.ReadValue()
	if err != nil {
		return "", s.wrap(err)
	}
	return traceio.JSONString(&s.shared, v), nil
}

// number reads a numeric member. ok is false when the value is null, an
// empty string, or unreadable (with a warning). Numbers written as
// strings, such as "200", are accepted.
func (s *scanner) number(field string) (n float64, ok bool, err error) {
	switch k := s.kind(); k {
	case '0':
		tok, err := s.dec.ReadToken()
		if err != nil {
			return 0, false, s.wrap(err)
		}
		n, err := tok.Float()
		if err != nil {
			s.warn(field, "number %s out of range; ignored", tok.String())
			return 0, false, nil
		}
		return n, true, nil
	case '"':
		tok, err := s.dec.ReadToken()
		if err != nil {
			return 0, false, s.wrap(err)
		}
		text := string(bytes.TrimSpace([]byte(tok.String())))
		if text == "" {
			return 0, false, nil
		}
		n, perr := strconv.ParseFloat(text, 64)
		if perr != nil {
			s.warn(field, "want a number, got string %q; ignored", truncate(text, 40))
			return 0, false, nil
		}
		return n, true, nil
	case 'n', 0:
		return 0, false, s.skip()
	default:
		s.warn(field, "want a number, got %s; ignored", kindName(k))
		return 0, false, s.skip()
	}
}

// kindName names a token kind in messages.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "invalid JSON"
}

// truncate shortens s to at most n bytes for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
