package samltracer

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// ErrNullExport is the cause (inside an [*analyzer.DecodeError]) when the
// file contains only the JSON literal null. SAML-tracer 1.1 to 1.9.2 writes
// such a file when its export fails. A caller that prefers to treat the
// file as an empty trace can test for it with [errors.Is].
var ErrNullExport = errors.New("the export is empty because the file contains only null, " +
	"which SAML-tracer 1.1 to 1.9.2 writes when its export fails; " +
	"update SAML-tracer to 1.9.3 or later and export again with File > Export")

// errNoInput is the cause when the input holds nothing but whitespace.
var errNoInput = errors.New("empty file: expected a SAML-tracer JSON export (an object with a \"requests\" array)")

// fieldError is a request member of the wrong type or shape. The decoder
// has read the offending value completely, so it can skip the rest of the
// request and go on with the next one.
type fieldError struct {
	pointer jsontext.Pointer // location of the value, for example /requests/3/method
	offset  int64            // byte offset of the value
	msg     string           // expected and found value
}

func (e *fieldError) Error() string {
	return fmt.Sprintf("%s: %s", e.pointer, e.msg)
}

// syntaxError is a JSON syntax error restated for a person reading the
// file: what was expected and what was found. Unwrap returns the JSON
// decoder's own error.
type syntaxError struct {
	msg string
	err error
}

func (e *syntaxError) Error() string { return e.msg }
func (e *syntaxError) Unwrap() error { return e.err }

// describeSyntax words a syntactic error of the JSON decoder, for example
// "invalid JSON at /requests/2: expected ',' or '}' after object value,
// found '\"'".
func describeSyntax(serr *jsontext.SyntacticError) string {
	var msg string
	switch {
	case errors.Is(serr.Err, io.ErrUnexpectedEOF):
		msg = "unexpected end of file: the export is truncated; copy or export the file again"
	case errors.Is(serr.Err, jsontext.ErrDuplicateName):
		msg = fmt.Sprintf("invalid JSON: duplicate member %q", serr.JSONPointer.LastToken())
	case serr.Err != nil && strings.Contains(serr.Err.Error(), "invalid UTF-8"):
		msg = "invalid JSON: invalid UTF-8 in a string; SAML-tracer writes UTF-8, " +
			"so the file was converted to another encoding after the export: convert it back to UTF-8"
	case serr.Err != nil:
		msg = "invalid JSON: " + traceio.RestateExpectation(serr.Err.Error())
	default:
		msg = "invalid JSON"
	}
	if serr.JSONPointer != "" {
		msg += fmt.Sprintf(" (at %s)", serr.JSONPointer)
	}
	return msg
}

// kindName names a JSON kind with its article, for messages such as
// "expected a string, found a number".
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "invalid JSON"
}

// decodeError builds the error returned for a failure at offset.
func (d *decoder) decodeError(entry int, offset int64, err error) *analyzer.DecodeError {
	line, column := d.pos.Position(offset)
	return &analyzer.DecodeError{
		File:   d.name,
		Entry:  entry,
		Offset: offset,
		Line:   line,
		Column: column,
		Err:    err,
	}
}

// fail turns an error from the JSON decoder or from the request reader
// into an [*analyzer.DecodeError] for entry (-1 outside the requests).
func (d *decoder) fail(entry int, err error) error {
	var derr *analyzer.DecodeError
	if errors.As(err, &derr) {
		return err
	}
	var ferr *fieldError
	if errors.As(err, &ferr) {
		return d.decodeError(entry, ferr.offset, ferr)
	}
	var lerr *traceio.LimitError
	if errors.As(err, &lerr) {
		offset := lerr.Offset
		if offset < 0 {
			offset = d.offset()
		}
		return d.decodeError(entry, offset, lerr)
	}
	var serr *jsontext.SyntacticError
	if errors.As(err, &serr) {
		return d.decodeError(entry, d.streamOffset(serr.ByteOffset), &syntaxError{msg: describeSyntax(serr), err: serr})
	}
	if errors.Is(err, io.EOF) {
		// The decoder reports a bare io.EOF when the input ends where a
		// top-level value should start.
		return d.decodeError(entry, d.offset(),
			&syntaxError{msg: "unexpected end of file: the export is truncated; copy or export the file again", err: io.ErrUnexpectedEOF})
	}
	return d.decodeError(entry, d.offset(), traceio.ReadError(err))
}
