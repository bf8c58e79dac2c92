package traceio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is a text encoding that [DetectEncoding] recognizes and
// [NewTranscoder] converts to UTF-8.
type Encoding int

// The encodings other than UTF-8 that JSON files are found in.
const (
	UTF8 Encoding = iota
	UTF16LE
	UTF16BE
	UTF32LE
	UTF32BE
)

func (e Encoding) String() string {
	switch e {
	case UTF16LE:
		return "UTF-16 (little-endian)"
	case UTF16BE:
		return "UTF-16 (big-endian)"
	case UTF32LE:
		return "UTF-32 (little-endian)"
	case UTF32BE:
		return "UTF-32 (big-endian)"
	}
	return "UTF-8"
}

// DetectEncoding returns the encoding of the text that br starts with and
// the length of its byte order mark. Without a byte order mark, UTF-16 and
// UTF-32 are recognized by the NUL bytes around the first character, which
// in a JSON file is ASCII (RFC 8259, section 8.1, which also forbids these
// encodings in JSON exchanged between systems).
func DetectEncoding(br *bufio.Reader) (Encoding, int) {
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return UTF32LE, 4
	case bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return UTF32BE, 4
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return UTF16LE, 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return UTF16BE, 2
	case len(head) < 4:
		return UTF8, 0
	case head[0] != 0 && head[1] == 0 && head[2] == 0 && head[3] == 0:
		return UTF32LE, 0
	case head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] != 0:
		return UTF32BE, 0
	case head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0:
		return UTF16LE, 0
	case head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0:
		return UTF16BE, 0
	}
	return UTF8, 0
}

// transcoder converts UTF-16 or UTF-32 text to UTF-8 as it is read. An
// unpaired surrogate, a code point out of range or an odd byte at the end
// becomes U+FFFD, as a text editor shows it.
type transcoder struct {
	r     io.Reader
	enc   Encoding
	in    []byte // read and not yet converted
	out   []byte // converted and not yet returned
	high  rune   // a UTF-16 high surrogate waiting for its pair, or 0
	err   error
	chunk []byte
}

// NewTranscoder returns a reader of the UTF-8 form of r, whose text is in
// enc.
func NewTranscoder(r io.Reader, enc Encoding) io.Reader {
	return &transcoder{r: r, enc: enc, chunk: make([]byte, 32<<10)}
}

func (t *transcoder) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		n, err := t.r.Read(t.chunk)
		t.in = append(t.in, t.chunk[:n]...)
		t.err = err
		t.convert(err != nil)
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// convert turns the complete code units in t.in into UTF-8 in t.out. At
// the end of the input, a partial code unit and a waiting surrogate are
// written as U+FFFD.
func (t *transcoder) convert(atEnd bool) {
	t.out = t.out[:0]
	size := 2
	if t.enc == UTF32LE || t.enc == UTF32BE {
		size = 4
	}
	i := 0
	for ; i+size <= len(t.in); i += size {
		unit := t.in[i : i+size]
		switch t.enc {
		case UTF16LE:
			t.add16(rune(binary.LittleEndian.Uint16(unit)))
		case UTF16BE:
			t.add16(rune(binary.BigEndian.Uint16(unit)))
		case UTF32LE:
			t.addRune(rune(binary.LittleEndian.Uint32(unit)))
		case UTF32BE:
			t.addRune(rune(binary.BigEndian.Uint32(unit)))
		}
	}
	t.in = append(t.in[:0], t.in[i:]...)
	if atEnd {
		if t.high != 0 || len(t.in) > 0 {
			t.addRune(utf8.RuneError)
		}
		t.high, t.in = 0, nil
	}
}

func (t *transcoder) add16(u rune) {
	if t.high != 0 {
		high := t.high
		t.high = 0
		if utf16.IsSurrogate(u) && u >= 0xDC00 {
			t.addRune(utf16.DecodeRune(high, u))
			return
		}
		t.addRune(utf8.RuneError)
	}
	switch {
	case u >= 0xD800 && u < 0xDC00:
		t.high = u
	case u >= 0xDC00 && u < 0xE000:
		t.addRune(utf8.RuneError)
	default:
		t.addRune(u)
	}
}

func (t *transcoder) addRune(r rune) {
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	t.out = utf8.AppendRune(t.out, r)
}
