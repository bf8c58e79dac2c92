package har

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// Decode reads a HAR file from r and returns its exchanges in file order.
// name is the file name used in errors and in Trace.Source. Gzip input is
// recognized by its first bytes and decompressed.
//
// A problem that Decode tolerates becomes an entry in Trace.Warnings. A
// file that cannot be read as HAR gives an [*analyzer.DecodeError] that
// names the place. The trace returned with that error contains the
// entries read before the place, so a truncated file can still be
// analyzed.
func Decode(r io.Reader, name string, opts Options) (*analyzer.Trace, error) {
	var exchanges traceio.Collector[analyzer.Exchange]
	t, err := Stream(r, name, opts, func(e *Entry) error {
		exchanges.Add(&e.Exchange)
		return nil
	})
	t.Exchanges = exchanges.Slice()
	return t, err
}

// DecodeFile opens the file at path and decodes it with [Decode]. The
// path "-" reads standard input.
func DecodeFile(path string, opts Options) (*analyzer.Trace, error) {
	if path == "-" {
		return Decode(os.Stdin, path, opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(f, path, opts)
}

// Stream reads a HAR file from r like [Decode] but calls fn for each entry
// as soon as it is read, so that memory does not grow with the number of
// entries. fn receives a new *Entry each time and may keep it. If fn
// returns an error, Stream stops and returns that error unchanged.
//
// The returned trace has no exchanges; it carries the file's source,
// format, creator, browser and warnings. It is non-nil even when the
// error is not.
func Stream(r io.Reader, name string, opts Options, fn func(*Entry) error) (*analyzer.Trace, error) {
	return stream(r, name, opts, fn, !opts.Bodies)
}

// stream is [Stream] with a choice of path: filtered runs the body filter
// on a second goroutine (see [traceio.StringFilter]); otherwise the JSON decoder reads
// the file unchanged. Both give the same results.
func stream(r io.Reader, name string, opts Options, fn func(*Entry) error, filtered bool) (*analyzer.Trace, error) {
	t := &analyzer.Trace{Source: name, Format: analyzer.FormatHAR}
	s, err := newScanner(r, name, opts, filtered)
	if err != nil {
		return t, err
	}
	defer s.stop()
	err = s.decodeFile(t, opts, fn)
	t.Warnings = s.finishWarnings()
	return t, err
}

// newScanner prepares the JSON decoder for r: it decompresses gzip input,
// counts lines, skips a UTF-8 BOM and enforces opts.Limits.
func newScanner(r io.Reader, name string, opts Options, filtered bool) (*scanner, error) {
	limits := opts.Limits.WithDefaults()
	br := bufio.NewReaderSize(r, 64<<10)
	var src io.Reader = br
	var stops []func()
	if traceio.IsGzip(br) {
		gz, stop, err := traceio.Gunzip(br, limits.MaxDecompressed)
		if err != nil {
			return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
		}
		stops = append(stops, stop)
		src = gz
	}
	lines := traceio.NewLineCounter(src)
	head := make([]byte, len(traceio.UTF8BOM))
	var n int
	var err error
	if filtered {
		// The filter goroutine finds the newlines itself, because the
		// line counter is not safe for use by two goroutines.
		n, err = io.ReadFull(src, head)
	} else {
		n, err = io.ReadFull(lines, head)
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		for _, stop := range stops {
			stop()
		}
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: 0, Err: traceio.ReadError(err)}
	}
	head = head[:n]
	var base int64
	if bytes.Equal(head, traceio.UTF8BOM) {
		head, base = nil, int64(len(traceio.UTF8BOM))
	}
	s := &scanner{lines: lines, base: base, file: name, entry: -1, maxWarnings: opts.maxWarnings(), limits: limits}
	var in io.Reader
	if filtered {
		// The filter enforces the depth and string limits itself, after
		// removing bodies, so that they do not count against MaxString.
		s.filter = traceio.NewStringFilter(io.MultiReader(bytes.NewReader(head), src), base, lines, limits, false, "text")
		stops = append(stops, s.filter.Close)
		in = s.filter
	} else {
		in = traceio.NewJSONLimiter(io.MultiReader(bytes.NewReader(head), lines), limits.MaxDepth, limits.MaxString)
	}
	s.stops = stops
	s.dec = jsontext.NewDecoder(in,
		jsontext.AllowDuplicateNames(true),
		jsontext.AllowInvalidUTF8(true),
	)
	return s, nil
}
