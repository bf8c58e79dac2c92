package tracefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// ErrUnknownFormat is the cause (inside an [*analyzer.DecodeError]) when
// the input is neither a HAR file nor a SAML-tracer export.
var ErrUnknownFormat = errors.New("unrecognized trace format")

// ErrEmpty is the cause (inside an [*analyzer.DecodeError]) when the input
// is empty or contains only whitespace.
var ErrEmpty = errors.New("empty file; " + expectedFormats)

// expectedFormats names the formats Decode understands, for messages.
const expectedFormats = `expected HAR 1.2 (a JSON object with a top-level "log" object) ` +
	`or a SAML-tracer JSON export (a JSON object with a "requests" array)`

// maxListedKeys is the number of top-level keys an error message lists.
const maxListedKeys = 10

// sniffer reads the start of the input to decide its format. Every byte
// the JSON decoder pulls from the input is kept in seen, so that the
// chosen decoder can read the input again from its first byte.
type sniffer struct {
	name string
	dec  *jsontext.Decoder
	seen bytes.Buffer
}

// sniff decides the format of in and returns it with a reader that yields
// all of in from its first byte.
//
// NOTE: seen holds every byte up to the member that decides the format.
// All exporters known to tracecheck write "log" or "requests" first, but
// a file that puts a large other member before it is buffered up to there.
func sniff(in io.Reader, name string, limits traceio.Limits) (analyzer.Format, io.Reader, error) {
	s := &sniffer{name: name}
	// The limiter stops a long string or deep nesting before the format
	// is known. It reads after the tee, so that seen keeps every byte
	// read from in, also those the limiter holds back.
	limited := traceio.NewJSONLimiter(io.TeeReader(in, &s.seen), limits.MaxDepth, limits.MaxString)
	s.dec = jsontext.NewDecoder(limited, jsontext.AllowDuplicateNames(true))
	format, err := s.detect()
	if err != nil {
		return "", nil, err
	}
	return format, io.MultiReader(bytes.NewReader(s.seen.Bytes()), in), nil
}

// detect reads the top-level value until its format is known.
func (s *sniffer) detect() (analyzer.Format, error) {
	kind := s.dec.PeekKind()
	if kind == 0 {
		_, err := s.dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return "", s.errorAt(-1, ErrEmpty)
		}
		var serr *jsontext.SyntacticError
		if !errors.As(err, &serr) {
			// A read error, such as a limit, is not a sign of non-JSON.
			return "", s.syntax(err)
		}
		return "", s.notJSON()
	}
	start := s.valueOffset()
	switch kind {
	case '{':
		return s.detectObject()
	case '[':
		return "", s.unknown(start, "found a JSON array")
	}
	// A literal, string or number: check that it is JSON at all, because
	// the kind comes from the first byte only.
	if _, err := s.dec.ReadToken(); err != nil {
		return "", s.notJSON()
	}
	if kind == 'n' {
		// SAML-tracer 1.1 to 1.9.2 writes null when its export fails;
		// its decoder explains that.
		return analyzer.FormatSAMLTracer, nil
	}
	return "", s.unknown(start, "found "+kindName(kind))
}

// detectObject reads the members of the top-level object until one of
// them decides the format.
func (s *sniffer) detectObject() (analyzer.Format, error) {
	start := s.valueOffset()
	if _, err := s.dec.ReadToken(); err != nil {
		return "", s.syntax(err)
	}
	var keys []string
	for s.dec.PeekKind() != '}' {
		name, err := s.dec.ReadToken()
		if err != nil {
			return "", s.syntax(err)
		}
		key := name.String()
		keys = append(keys, key)
		kind := s.dec.PeekKind()
		switch {
		case kind == 0:
			_, err := s.dec.ReadToken()
			return "", s.syntax(err)
		case key == "log" && kind == '{':
			return analyzer.FormatHAR, nil
		case key == "requests" && kind == '[':
			return analyzer.FormatSAMLTracer, nil
		case key == "log" || key == "requests":
			return "", s.unknown(s.valueOffset(), fmt.Sprintf("found an object whose %q is %s", key, kindName(kind)))
		}
		if err := s.dec.SkipValue(); err != nil {
			return "", s.syntax(err)
		}
	}
	if len(keys) == 0 {
		return "", s.unknown(start, "found an empty JSON object")
	}
	return "", s.unknown(start, "found a JSON object with keys "+listKeys(keys))
}

// listKeys joins keys for a message, shortening long keys and long lists.
func listKeys(keys []string) string {
	var listed []string
	for i, k := range keys {
		if i == maxListedKeys {
			listed = append(listed, fmt.Sprintf("and %d more", len(keys)-maxListedKeys))
			break
		}
		if r := []rune(k); len(r) > 40 {
			k = string(r[:40]) + "…"
		}
		listed = append(listed, k)
	}
	return strings.Join(listed, ", ")
}

// unknown returns the error for content that is JSON but neither format.
func (s *sniffer) unknown(offset int64, found string) error {
	return s.errorAt(offset, fmt.Errorf("%w: %s; %s", ErrUnknownFormat, found, expectedFormats))
}

// notJSON returns the error for input whose first value is not JSON,
// showing its first bytes so that a reader can recognise the file type
// (89 50 4e 47 is PNG, 50 4b 03 04 is ZIP).
func (s *sniffer) notJSON() error {
	data := s.seen.Bytes()
	start := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	first := data[start:min(len(data), start+4)]
	return s.errorAt(int64(start), fmt.Errorf("%w: not JSON: starts with bytes % x; %s", ErrUnknownFormat, first, expectedFormats))
}

// syntax returns the error for invalid JSON met while reading the
// top-level members.
func (s *sniffer) syntax(err error) error {
	var lerr *traceio.LimitError
	if errors.As(err, &lerr) {
		return s.errorAt(lerr.Offset, lerr)
	}
	var serr *jsontext.SyntacticError
	if !errors.As(err, &serr) {
		return s.errorAt(s.dec.InputOffset(), traceio.ReadError(err))
	}
	if errors.Is(serr.Err, io.ErrUnexpectedEOF) {
		return s.errorAt(serr.ByteOffset, &hintError{"unexpected end of file; the file is truncated", io.ErrUnexpectedEOF})
	}
	return s.errorAt(serr.ByteOffset, fmt.Errorf("invalid JSON: %w", serr.Err))
}

// errorAt returns an *analyzer.DecodeError at offset, with the line and
// column counted in the bytes read so far. offset -1 means no place.
func (s *sniffer) errorAt(offset int64, err error) error {
	derr := &analyzer.DecodeError{File: s.name, Entry: -1, Offset: offset, Err: err}
	data := s.seen.Bytes()
	if offset >= 0 && offset <= int64(len(data)) {
		before := data[:offset]
		derr.Line = bytes.Count(before, []byte{'\n'}) + 1
		derr.Column = len(before) - bytes.LastIndexByte(before, '\n')
	}
	return derr
}

// valueOffset returns the byte offset of the value that PeekKind has just
// reported, past the separators and whitespace before it.
func (s *sniffer) valueOffset() int64 {
	unread := s.dec.UnreadBuffer()
	n := 0
	for n < len(unread) && strings.IndexByte(" \t\r\n,:", unread[n]) >= 0 {
		n++
	}
	return s.dec.InputOffset() + int64(n)
}

// kindName names a JSON kind for "found ..." messages.
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "a JSON boolean"
	case '"':
		return "a JSON string"
	case '0':
		return "a JSON number"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "invalid JSON"
}
