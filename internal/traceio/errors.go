package traceio

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// RestateExpectation turns the JSON decoder's
// "invalid character 'x' after object value (expecting ',' or '}')" into
// "expected ',' or '}' after object value, found character 'x'", which
// leads with what the file should contain. Other messages are returned
// unchanged.
func RestateExpectation(msg string) string {
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
	return "expected " + want + where + ", found " + what
}

// ReadError returns the cause of a read error from the JSON decoder
// without the decoder's "jsontext: read error: " prefix. A cause whose
// message is complete on its own (a [*LimitError], or one that wraps
// io.ErrUnexpectedEOF with its own message, such as a truncated gzip
// stream) is returned as it is. Any other cause is led by "read failed: ".
func ReadError(err error) error {
	cause := err
	if inner := errors.Unwrap(err); inner != nil && strings.HasPrefix(err.Error(), "jsontext: ") {
		cause = inner
	}
	var lerr *LimitError
	if errors.As(cause, &lerr) {
		return lerr
	}
	if cause != io.ErrUnexpectedEOF && errors.Is(cause, io.ErrUnexpectedEOF) {
		return cause
	}
	return fmt.Errorf("read failed: %w", cause)
}
