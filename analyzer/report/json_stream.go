package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// jsonStream writes one JSON document, with an indent of two spaces, to a
// buffered writer value by value. Each value is encoded on its own with
// encoding/json into a buffer that is reused, so memory depends on the
// largest value and not on the size of the document. The bytes are those
// that encoding the whole document with json.Encoder.SetIndent("", "  ")
// would write, except that escapeInvisible has been applied.
type jsonStream struct {
	w   *bufio.Writer
	enc *json.Encoder
	// compact is the output of enc for one value, and indented the same
	// value indented for its place in the document.
	compact  bytes.Buffer
	indented []byte
	// fields counts the top-level fields written, and elements the
	// elements of the array that is open.
	fields, elements int
	err              error
}

func newJSONStream(w io.Writer) *jsonStream {
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	s.enc = json.NewEncoder(&s.compact)
	s.enc.SetEscapeHTML(false)
	return s
}

// beginObject opens the document's top-level object.
func (s *jsonStream) beginObject() {
	s.writeString("{")
}

// endObject closes the top-level object, writes the final newline that
// json.Encoder.Encode writes and flushes the output. It returns the first
// error of the stream.
func (s *jsonStream) endObject() error {
	s.writeString("\n}\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// key writes the name of the next top-level field and the separator
// before it. Names are ASCII literals, so they need no escaping.
func (s *jsonStream) key(name string) {
	if s.fields > 0 {
		s.writeString(",")
	}
	s.fields++
	s.writeString("\n  \"")
	s.writeString(name)
	s.writeString("\": ")
}

// writeField writes a top-level field with the value v.
func (s *jsonStream) writeField(name string, v any) {
	s.key(name)
	s.encode(v, 1)
}

// beginArray starts a top-level field whose value is an array written
// element by element with writeElement.
func (s *jsonStream) beginArray(name string) {
	s.key(name)
	s.writeString("[")
	s.elements = 0
}

func (s *jsonStream) writeElement(v any) {
	if s.err != nil {
		return
	}
	s.indented, s.err = s.appendElement(s.indented[:0], v, s.elements)
	s.elements++
	if s.err == nil {
		_, s.err = s.w.Write(s.indented)
	}
}

// appendElement appends v, encoded as element index of a top-level array
// with the separator before it, to dst.
func (s *jsonStream) appendElement(dst []byte, v any, index int) ([]byte, error) {
	if index > 0 {
		dst = append(dst, ',')
	}
	dst = append(dst, "\n    "...)
	s.compact.Reset()
	if err := s.enc.Encode(v); err != nil {
		return dst, fmt.Errorf("report: encode JSON: %w", err)
	}
	return appendIndented(dst, bytes.TrimSuffix(s.compact.Bytes(), []byte("\n")), 2), nil
}

// endArray closes the array that beginArray opened. An array without
// elements is written as [], as encoding/json writes it.
func (s *jsonStream) endArray() {
	if s.elements > 0 {
		s.writeString("\n  ")
	}
	s.writeString("]")
}

// encode writes v as a value at the given depth of the document: 1 for
// the value of a top-level field, 2 for an element of a top-level array.
func (s *jsonStream) encode(v any, depth int) {
	if s.err != nil {
		return
	}
	s.compact.Reset()
	if err := s.enc.Encode(v); err != nil {
		s.err = fmt.Errorf("report: encode JSON: %w", err)
		return
	}
	s.indented = appendIndented(s.indented[:0], bytes.TrimSuffix(s.compact.Bytes(), []byte("\n")), depth)
	if _, err := s.w.Write(s.indented); err != nil {
		s.err = err
	}
}

func (s *jsonStream) writeString(text string) {
	if s.err != nil {
		return
	}
	if _, err := s.w.WriteString(text); err != nil {
		s.err = err
	}
}

// appendIndented appends the compact JSON value src to dst, indented as
// json.Indent with an indent of two spaces would indent it when depth
// levels deep, and with the replacements of escapeInvisible. src must be
// valid JSON without whitespace, as encoding/json writes it without
// SetIndent. Outside strings such JSON is ASCII, so only strings are
// searched for runes to escape.
func appendIndented(dst, src []byte, depth int) []byte {
	inString := false
	for i := 0; i < len(src); {
		c := src[i]
		if inString {
			start := i
			for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] < utf8.RuneSelf-1 {
				i++
			}
			dst = append(dst, src[start:i]...)
			if i == len(src) {
				break
			}
			switch c = src[i]; {
			case c == '\\':
				// The escaped byte is ASCII and never ends the string.
				dst = append(dst, src[i:min(i+2, len(src))]...)
				i += 2
			case c == '"':
				dst = append(dst, c)
				inString = false
				i++
			default:
				r, size := utf8.DecodeRune(src[i:])
				if isInvisible(r) {
					dst = appendUnicodeEscape(dst, r)
				} else {
					dst = append(dst, src[i:i+size]...)
				}
				i += size
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			// An empty object or array stays on one line.
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1])
				i++
				break
			}
			depth++
			dst = append(dst, c)
			dst = appendNewline(dst, depth)
		case '}', ']':
			depth--
			dst = appendNewline(dst, depth)
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, depth)
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
		i++
	}
	return dst
}

func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

// appendUnicodeEscape appends r, which must be at most U+FFFF, as \uXXXX
// with lower-case hex digits.
func appendUnicodeEscape(dst []byte, r rune) []byte {
	const hexDigits = "0123456789abcdef"
	return append(dst, '\\', 'u',
		hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// isInvisible reports whether escapeInvisible replaces r: DEL, a C1
// control or a bidirectional control. Each of them is at most U+FFFF, so
// four hex digits hold it.
func isInvisible(r rune) bool {
	return r == 0x7f || r >= 0x80 && r <= 0x9f || isBidiControl(r)
}

// jsonRedactor applies the redaction of Options and caches the results
// for headers, URLs and texts, whose values repeat across the exchanges,
// flows and findings of a trace. One JSON.Render call uses one jsonRedactor, so
// the caches hold only strings of the traces being written.
type jsonRedactor struct {
	Options
	headers map[headerLine]string
	urls    map[string]string
	texts   map[string]string
}

type headerLine struct{ name, value string }

func newJSONRedactor(opts Options) *jsonRedactor {
	return &jsonRedactor{Options: opts, headers: map[headerLine]string{},
		urls: map[string]string{}, texts: map[string]string{}}
}

func (r *jsonRedactor) redactHeader(name, value string) string {
	if r.ShowSecrets {
		return value
	}
	line := headerLine{name, value}
	if out, ok := r.headers[line]; ok {
		return out
	}
	out := RedactHeader(name, value)
	r.headers[line] = out
	return out
}

func (r *jsonRedactor) redactURL(rawURL string) string {
	if r.ShowSecrets {
		return rawURL
	}
	if out, ok := r.urls[rawURL]; ok {
		return out
	}
	out := RedactURL(rawURL)
	r.urls[rawURL] = out
	return out
}

func (r *jsonRedactor) redactText(text string) string {
	if r.ShowSecrets {
		return text
	}
	if out, ok := r.texts[text]; ok {
		return out
	}
	out := RedactText(text)
	r.texts[text] = out
	return out
}
