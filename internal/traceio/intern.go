package traceio

import (
	"bytes"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Limits of an [Interner]: strings longer than MaxInternedLen are never
// shared, and the table stops growing at MaxInterned strings (at most
// 4 MiB of string data plus the map), so a file of unique values cannot
// make it grow without bound. Strings seen after the table is full are
// still looked up.
//
// NOTE: unique values (dates, request ids) fill the table too. A value
// that first repeats after the table is full is not shared.
const (
	MaxInternedLen = 256
	MaxInterned    = 16 << 10
)

// Interner returns one shared copy of each short string that a decode
// reads many times, such as header names and values, so that the
// exchanges of a large trace do not each hold their own copy. The zero
// value is ready to use. An Interner is not safe for concurrent use.
type Interner struct {
	table map[string]string
}

// Bytes returns b as a string, shared with earlier calls for the same
// text when b is at most MaxInternedLen bytes long. A lookup that finds
// the string does not allocate.
func (in *Interner) Bytes(b []byte) string {
	if len(b) > MaxInternedLen {
		return string(b)
	}
	if s, ok := in.table[string(b)]; ok {
		return s
	}
	s := string(b)
	if in.table == nil {
		in.table = make(map[string]string, 256)
	}
	if len(in.table) < MaxInterned {
		in.table[s] = s
	}
	return s
}

// JSONString returns the text of the JSON string literal raw (with its
// quotes, as [jsontext.Decoder.ReadValue] returns it), interned with in.
// The result equals what [jsontext.Token.String] returns for the same
// literal: escapes are decoded and invalid UTF-8 becomes U+FFFD. A
// literal without escapes that is valid UTF-8 is interned without being
// copied first.
func JSONString(in *Interner, raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return in.Bytes(inner)
	}
	// AppendUnquote reports invalid UTF-8 after replacing it, which is
	// what the decoder's own tokens do too, so that error is ignored.
	text, _ := jsontext.AppendUnquote(nil, raw)
	return in.Bytes(text)
}
