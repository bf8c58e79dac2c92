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

// Options controls how an export is decoded. The zero value is ready to
// use: unreadable requests are skipped with a warning and at most
// [DefaultMaxWarnings] warnings are kept.
type Options struct {
	// Strict makes the first request with a member of the wrong type or
	// shape fail the decode with an [*analyzer.DecodeError]. By default
	// (false) such a request is skipped and a warning names it.
	Strict bool

	// MaxWarnings is the number of warnings kept in Trace.Warnings. When
	// more occur, one last warning states how many were left out. The
	// default (0) means DefaultMaxWarnings; a negative value keeps all.
	MaxWarnings int

	// Limits bounds what decoding may use: nesting depth, string length,
	// headers per request, requests and decompressed size. A zero field
	// means its default. Exceeding a limit fails the decode with an
	// [*analyzer.DecodeError] whose cause is a [*LimitError], together with
	// the requests read before.
	Limits Limits
}

// Limits bounds the resources that decoding one file may use; see
// [Options.Limits].
type Limits = traceio.Limits

// LimitError is the cause when a file exceeds one of the [Limits].
type LimitError = traceio.LimitError

// DefaultMaxWarnings is the number of warnings kept when
// Options.MaxWarnings is 0.
const DefaultMaxWarnings = 1000

func (o Options) maxWarnings() int {
	switch {
	case o.MaxWarnings == 0:
		return DefaultMaxWarnings
	case o.MaxWarnings < 0:
		return int(^uint(0) >> 1)
	}
	return o.MaxWarnings
}

// Decode reads a SAML-tracer export from r, one request at a time, and
// returns its requests as a trace. name is the file name that errors and
// Trace.Source carry ("-" for standard input). Input that starts with the
// gzip magic bytes is decompressed, and a UTF-8 byte order mark is
// skipped.
//
// Every failure that concerns the content is an [*analyzer.DecodeError];
// byte offsets in it count the decompressed JSON text after any byte
// order mark. A file that contains only null fails with [ErrNullExport]
// as the cause.
//
// The trace returned with an error contains the requests read before the
// place of the error, so a truncated file can still be analyzed. It is nil
// only when the input could not be read at all.
func Decode(r io.Reader, name string, opts Options) (*analyzer.Trace, error) {
	return decode(r, name, opts, true)
}

// decode is [Decode] with a choice of path. filtered removes the "saml"
// and "samlart" strings, which the decoder skips, on a second goroutine
// (see [traceio.StringFilter]). Otherwise the JSON decoder reads the text
// unchanged. Both paths give the same results.
func decode(r io.Reader, name string, opts Options, filtered bool) (*analyzer.Trace, error) {
	limits := opts.Limits.WithDefaults()
	text, stop, err := plainText(r, limits.MaxDecompressed)
	defer stop()
	if err != nil {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
	}
	d := &decoder{
		name:   name,
		opts:   opts,
		limits: limits,
		pos:    traceio.NewLineCounter(text),
		trace: &analyzer.Trace{
			Source: name,
			Format: analyzer.FormatSAMLTracer,
		},
	}
	var in io.Reader
	if filtered {
		// The filter reads the text itself and records its newlines in
		// d.pos, which is not safe for use by two goroutines. It also
		// enforces the depth and string limits.
		d.filter = traceio.NewStringFilter(text, 0, d.pos, limits, true, "saml", "samlart")
		defer d.filter.Close()
		in = d.filter
	} else {
		in = traceio.NewJSONLimiter(d.pos, limits.MaxDepth, limits.MaxString)
	}
	d.dec = jsontext.NewDecoder(in, jsontext.AllowDuplicateNames(true))
	err = d.decodeExport()
	d.trace.Creator = d.era.creator()
	return d.trace, err
}

// DecodeFile opens path and decodes it with [Decode]. The path "-" reads
// standard input.
func DecodeFile(path string, opts Options) (*analyzer.Trace, error) {
	r, closeFile, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	return Decode(r, path, opts)
}

// decoder holds the state of one Decode call.
type decoder struct {
	name string
	opts Options
	dec  *jsontext.Decoder
	pos  *traceio.LineCounter
	// filter is nil when the decoder reads the text unchanged.
	filter *traceio.StringFilter
	// limits are Options.Limits with the defaults filled in.
	limits traceio.Limits
	trace  *analyzer.Trace
	era    eraEvidence

	// firstSkipped is the error of the first request skipped as
	// unreadable. It is returned when no request could be read at all.
	firstSkipped *analyzer.DecodeError
	// droppedWarnings counts warnings beyond Options.MaxWarnings.
	droppedWarnings int

	// shared holds one copy of the header names and values that repeat
	// across requests.
	shared traceio.Interner
	// headerBuf is reused by readHeaders.
	headerBuf analyzer.Headers
}

// decodeExport reads the top-level value: null, or an object with a
// "requests" array and an optional "timestamp".
func (d *decoder) decodeExport() error {
	kind := d.dec.PeekKind()
	if kind == 0 {
		_, err := d.dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return d.decodeError(-1, -1, errNoInput)
		}
		return d.fail(-1, err)
	}
	start := d.valueOffset()
	startLine, startColumn := d.pos.Position(start)
	switch kind {
	case 'n':
		if _, err := d.dec.ReadToken(); err != nil {
			return d.fail(-1, err)
		}
		if err := d.expectEnd(); err != nil {
			return err
		}
		return d.decodeError(-1, start, ErrNullExport)
	case '{':
	default:
		return d.decodeError(-1, start, fmt.Errorf("expected a SAML-tracer export (a JSON object with a \"requests\" array), found %s", kindName(kind)))
	}

	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(-1, err)
	}
	sawRequests := false
	for d.dec.PeekKind() != '}' {
		name, err := d.dec.ReadToken()
		if err != nil {
			return d.fail(-1, err)
		}
		switch name.String() {
		case "requests":
			if sawRequests {
				return d.decodeError(-1, d.valueOffset(), errors.New("duplicate \"requests\" member: expected one requests array"))
			}
			sawRequests = true
			err = d.decodeRequests()
		case "timestamp":
			d.era.exportTimestamp = d.dec.PeekKind()
			err = d.dec.SkipValue()
		default:
			err = d.dec.SkipValue()
		}
		if err != nil {
			return d.fail(-1, err)
		}
		d.release()
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(-1, err)
	}
	if err := d.expectEnd(); err != nil {
		return err
	}

	if !sawRequests {
		return &analyzer.DecodeError{
			File: d.name, Entry: -1, Offset: start, Line: startLine, Column: startColumn,
			Err: errors.New("missing \"requests\" member: expected a SAML-tracer export (a JSON object with a \"requests\" array)"),
		}
	}
	if len(d.trace.Exchanges) == 0 && d.firstSkipped != nil {
		return d.firstSkipped
	}
	if d.droppedWarnings > 0 {
		d.trace.Warnings = append(d.trace.Warnings, analyzer.Warning{
			Entry: -1, Offset: -1,
			Message: fmt.Sprintf("%d more warnings left out; raise Options.MaxWarnings to see them", d.droppedWarnings),
		})
	}
	return nil
}

// decodeRequests reads the "requests" array, one request at a time.
func (d *decoder) decodeRequests() error {
	switch kind := d.dec.PeekKind(); kind {
	case '[':
	case 0:
		_, err := d.dec.ReadToken()
		return d.fail(-1, err)
	default:
		return d.decodeError(-1, d.valueOffset(), fmt.Errorf("\"requests\" is %s, expected an array of request objects", kindName(kind)))
	}
	arrayOffset := d.valueOffset()
	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(-1, err)
	}
	count := 0
	for ; ; count++ {
		kind := d.dec.PeekKind()
		if kind == ']' {
			break
		}
		if kind == 0 {
			_, err := d.dec.ReadToken()
			return d.fail(count, err)
		}
		offset := d.valueOffset()
		d.release()
		if count >= d.limits.MaxEntries {
			return d.decodeError(count, offset, traceio.NewLimitError("max-entries", "the export has more requests than", d.limits.MaxEntries))
		}
		if kind != '{' {
			return d.decodeError(count, offset, fmt.Errorf("request %d is %s, expected an object", count, kindName(kind)))
		}
		if err := d.decodeRequest(count, offset); err != nil {
			return err
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return d.fail(count, err)
	}
	if count == 0 {
		d.warn(analyzer.Warning{
			Entry: -1, Offset: arrayOffset,
			Message: "the export contains no requests; SAML-tracer exports only the requests listed in its window, " +
				"so record the problem again with SAML-tracer open and export again",
		})
	}
	return nil
}

// decodeRequest reads request index, which starts at offset, and appends
// it to the trace. A request with a member of the wrong type is skipped
// with a warning, or fails the decode in strict mode. A syntax error
// always fails the decode, because the reader cannot find the next
// request after it.
func (d *decoder) decodeRequest(index int, offset int64) error {
	depth := d.dec.StackDepth()
	rr := requestReader{d: d, index: index}
	err := rr.read()
	if err == nil {
		d.trace.Exchanges = append(d.trace.Exchanges, rr.ex)
		d.era.add(rr.evidence)
		for _, w := range rr.warnings {
			d.warn(w)
		}
		return nil
	}

	var ferr *fieldError
	if !errors.As(err, &ferr) || d.opts.Strict {
		return d.fail(index, err)
	}
	derr := d.decodeError(index, ferr.offset, ferr)
	if d.firstSkipped == nil {
		d.firstSkipped = derr
	}
	if err := d.skipTo(depth); err != nil {
		return d.fail(index, err)
	}
	line, column := d.pos.Position(offset)
	d.warn(analyzer.Warning{
		Entry:   index,
		Offset:  offset,
		Message: fmt.Sprintf("skipped request %d (line %d, column %d): %v", index, line, column, ferr),
	})
	return nil
}

// skipTo reads and discards tokens until the decoder is back at depth,
// which finishes a request whose reading stopped part way.
func (d *decoder) skipTo(depth int) error {
	for d.dec.StackDepth() > depth {
		var err error
		switch d.dec.PeekKind() {
		case '}', ']':
			_, err = d.dec.ReadToken()
		default:
			err = d.dec.SkipValue()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// expectEnd checks that nothing but whitespace follows the top-level value.
func (d *decoder) expectEnd() error {
	if d.dec.PeekKind() == 0 {
		_, err := d.dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		return d.fail(-1, err)
	}
	return d.decodeError(-1, d.valueOffset(), errors.New("unexpected data after the end of the export: expected the end of the file"))
}

// valueOffset returns the byte offset of the value that PeekKind has just
// reported: the current input offset plus the separators and whitespace
// before the value.
func (d *decoder) valueOffset() int64 {
	unread := d.dec.UnreadBuffer()
	n := 0
	for n < len(unread) && strings.IndexByte(" \t\r\n,:", unread[n]) >= 0 {
		n++
	}
	return d.streamOffset(d.dec.InputOffset() + int64(n))
}

// offset returns the stream offset of the decoder's next unread byte.
func (d *decoder) offset() int64 {
	return d.streamOffset(d.dec.InputOffset())
}

// streamOffset turns an offset in the decoder's input into an offset in
// the text, which differ by the strings that the filter removed.
func (d *decoder) streamOffset(off int64) int64 {
	if d.filter != nil {
		return d.filter.RawOffset(off)
	}
	return off
}

// release drops the line and removal records that only positions before
// the next unread byte need.
func (d *decoder) release() {
	d.pos.Release(d.offset())
	if d.filter != nil {
		d.filter.Release(d.dec.InputOffset())
	}
}

// warn adds w to the trace unless Options.MaxWarnings is reached.
func (d *decoder) warn(w analyzer.Warning) {
	if len(d.trace.Warnings) >= d.opts.maxWarnings() {
		d.droppedWarnings++
		return
	}
	d.trace.Warnings = append(d.trace.Warnings, w)
}
