package har

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// syntaxError is a JSON syntax error restated for a person reading a HAR
// file: what was expected at the place and where in the HAR structure
// that place is. Unwrap returns the JSON decoder's own error.
type syntaxError struct {
	msg string
	err error
}

func (e *syntaxError) Error() string { return e.msg }
func (e *syntaxError) Unwrap() error { return e.err }

// describeSyntax words a syntactic error of the JSON decoder, for example
// "expected ',' or '}' after object value, found '\"' (in log)".
func describeSyntax(serr *jsontext.SyntacticError) string {
	var msg string
	switch {
	case errors.Is(serr.Err, io.ErrUnexpectedEOF):
		msg = "unexpected end of file; the file is truncated"
	case serr.Err != nil:
		msg = restateExpectation(serr.Err.Error())
	default:
		msg = "invalid JSON"
	}
	if where := memberPath(serr.JSONPointer); where != "" {
		msg += " (in " + where + ")"
	}
	return msg
}

// restateExpectation turns the decoder's
// "invalid character 'x' after object value (expecting ',' or '}')" into
// "expected ',' or '}' after object value, found 'x'", which leads with
// what the file should contain. Other messages are returned unchanged.
func restateExpectation(msg string) string {
	found, rest, ok := strings.Cut(msg, " (expecting ")
	if !ok || !strings.HasSuffix(rest, ")") {
		return msg
	}
	want := strings.TrimSuffix(rest, ")")
	what, where := found, ""
	for _, sep := range []string{" after ", " at ", " before ", " within ", " in "} {
		if i := strings.Index(found, sep); i >= 0 {
			what, where = found[:i], found[i:]
			break
		}
	}
	what = strings.TrimPrefix(what, "invalid ")
	what = strings.TrimPrefix(what, "character ")
	return "expected " + want + where + ", found " + what
}

// memberPath writes a JSON pointer such as "/log/entries/3/request" as
// "log.entries[3].request".
func memberPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if tok != "" && strings.Trim(tok, "0123456789") == "" && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// readError returns the cause of a read error from the JSON decoder
// without the decoder's "jsontext: read error: " prefix. A cause that
// wraps io.ErrUnexpectedEOF with its own message, such as a truncated gzip
// stream, is returned as it is. Any other cause is led by "read failed: ".
func readError(err error) error {
	cause := err
	if inner := errors.Unwrap(err); inner != nil && strings.HasPrefix(err.Error(), "jsontext: ") {
		cause = inner
	}
	if cause != io.ErrUnexpectedEOF && errors.Is(cause, io.ErrUnexpectedEOF) {
		return cause
	}
	return fmt.Errorf("read failed: %w", cause)
}

// gzipTruncatedError is the cause when a gzip stream ends before its end
// marker. It unwraps to [io.ErrUnexpectedEOF].
type gzipTruncatedError struct {
	offset int64 // decompressed bytes read before the end
}

func (e *gzipTruncatedError) Error() string {
	return fmt.Sprintf("the gzip stream is truncated at byte %d (decompressed)", e.offset)
}

func (e *gzipTruncatedError) Unwrap() error { return io.ErrUnexpectedEOF }

// gzipReader counts the decompressed bytes of a gzip stream and turns the
// gzip reader's io.ErrUnexpectedEOF into a [*gzipTruncatedError].
type gzipReader struct {
	r io.Reader
	n int64
}

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = &gzipTruncatedError{offset: g.n}
	}
	return n, err
}
