package samltracer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// readHeaders reads requestHeaders or responseHeaders. The shape is
// decided per element, because the legacy format writes [name, value]
// pairs, later versions {name, value} objects, and webRequest gives
// {name, binaryValue} for a value that is not valid UTF-8. null and a
// missing member both give no headers.
func (rr *requestReader) readHeaders() (analyzer.Headers, error) {
	d := rr.d
	switch d.dec.PeekKind() {
	case 'n':
		_, err := d.dec.ReadToken()
		return nil, err
	case '[':
	default:
		return nil, d.mismatch("an array of headers")
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	// The list is built in a reused buffer and copied out at its exact
	// length, because every exchange of the trace keeps it.
	headers := d.headerBuf[:0]
	defer func() { d.headerBuf = headers[:0] }()
	for d.dec.PeekKind() != ']' {
		if len(headers) >= d.limits.MaxHeaders {
			return nil, d.decodeError(rr.index, d.valueOffset(),
				traceio.NewLimitError("max-headers", "the list has more headers than", d.limits.MaxHeaders))
		}
		h, err := rr.readNameValue("a header as {name, value}, {name, binaryValue} or [name, value]", true)
		if err != nil {
			return nil, err
		}
		headers = append(headers, h)
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	if len(headers) == 0 {
		return analyzer.Headers{}, nil
	}
	return append(analyzer.Headers(nil), headers...), nil
}

// readNameValue reads one header or form field: a [name, value] pair or
// an object with name and value members. With binary set, an object may
// carry binaryValue (an array of bytes) in place of value. want describes
// the accepted shapes for the error message.
func (rr *requestReader) readNameValue(want string, binary bool) (analyzer.Header, error) {
	d := rr.d
	switch d.dec.PeekKind() {
	case '[':
		rr.evidence.pairHeaders = rr.evidence.pairHeaders || binary
		return rr.readPair(want, binary)
	case '{':
		return rr.readNameValueObject(want, binary)
	}
	return analyzer.Header{}, d.mismatch(want)
}

// readPair reads a [name, value] array. The value may be missing or null
// and then reads as "". With shared set (for headers) the strings are
// shared through the decoder's interner.
func (rr *requestReader) readPair(want string, shared bool) (analyzer.Header, error) {
	d := rr.d
	offset := d.valueOffset()
	if _, err := d.dec.ReadToken(); err != nil {
		return analyzer.Header{}, err
	}
	var parts []string
	for d.dec.PeekKind() != ']' {
		read := d.readString
		if shared {
			read = d.readSharedString
		}
		s, err := read(want)
		if err != nil {
			return analyzer.Header{}, err
		}
		parts = append(parts, s)
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return analyzer.Header{}, err
	}
	if len(parts) == 0 || len(parts) > 2 {
		return analyzer.Header{}, &fieldError{
			pointer: d.dec.StackPointer(),
			offset:  offset,
			msg:     fmt.Sprintf("expected %s, found an array of %d strings", want, len(parts)),
		}
	}
	h := analyzer.Header{Name: parts[0]}
	if len(parts) == 2 {
		h.Value = parts[1]
	}
	return h, nil
}

// readNameValueObject reads a {name, value} or {name, binaryValue}
// object. value wins when both are present. Other members are skipped.
func (rr *requestReader) readNameValueObject(want string, binary bool) (analyzer.Header, error) {
	d := rr.d
	offset := d.valueOffset()
	if _, err := d.dec.ReadToken(); err != nil {
		return analyzer.Header{}, err
	}
	var (
		h                 analyzer.Header
		hasName, hasValue bool
		raw               []byte
		hasBinary         bool
		binaryValueOffset int64
	)
	for d.dec.PeekKind() != '}' {
		member, err := d.dec.ReadToken()
		if err != nil {
			return h, err
		}
		switch {
		case member.String() == "name":
			hasName = true
			h.Name, err = d.readSharedString("the name as a string")
		case member.String() == "value":
			hasValue = true
			h.Value, err = d.readSharedString("the value as a string")
		case member.String() == "binaryValue" && binary:
			hasBinary = true
			binaryValueOffset = d.valueOffset()
			raw, err = rr.readBytes()
		default:
			err = d.dec.SkipValue()
		}
		if err != nil {
			return h, err
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return h, err
	}
	if !hasName {
		return h, &fieldError{
			pointer: d.dec.StackPointer(),
			offset:  offset,
			msg:     "missing \"name\": expected " + want,
		}
	}
	if hasBinary && !hasValue {
		h.Value = rr.binaryText(h.Name, raw, binaryValueOffset)
	}
	return h, nil
}

// readBytes reads a binaryValue array: integers from 0 to 255.
func (rr *requestReader) readBytes() ([]byte, error) {
	d := rr.d
	if d.dec.PeekKind() != '[' {
		return nil, d.mismatch("binaryValue as an array of bytes (integers from 0 to 255)")
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	raw := []byte{}
	for d.dec.PeekKind() != ']' {
		if d.dec.PeekKind() != '0' {
			return nil, d.mismatch("a byte (an integer from 0 to 255)")
		}
		offset := d.valueOffset()
		tok, err := d.dec.ReadToken()
		if err != nil {
			return nil, err
		}
		f, _ := tok.Float() // out of range gives ±Inf, which the range check rejects
		if f < 0 || f > 255 || f != float64(int(f)) {
			return nil, &fieldError{
				pointer: d.dec.StackPointer(),
				offset:  offset,
				msg:     fmt.Sprintf("expected a byte (an integer from 0 to 255), found %v", f),
			}
		}
		raw = append(raw, byte(f))
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	return raw, nil
}

// binaryText turns the bytes of a binaryValue into the header value.
// Valid UTF-8 is kept as it is. Other bytes are decoded as ISO-8859-1,
// so each byte becomes the code point of the same number. That is how the
// Fetch standard maps header bytes to a string, and it loses nothing. A
// warning records that the value was not UTF-8.
func (rr *requestReader) binaryText(name string, raw []byte, offset int64) string {
	if utf8.Valid(raw) {
		return string(raw)
	}
	var b strings.Builder
	for _, c := range raw {
		b.WriteRune(rune(c))
	}
	rr.warnings = append(rr.warnings, analyzer.Warning{
		Entry:  rr.index,
		Offset: offset,
		Message: fmt.Sprintf("request %d: header %q has bytes that are not UTF-8; read them as ISO-8859-1 (Latin-1)",
			rr.index, name),
	})
	return b.String()
}
