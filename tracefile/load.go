package tracefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/har"
	"github.com/tracecheck/tracecheck/internal/traceio"
	"github.com/tracecheck/tracecheck/samltracer"
)

// Options configures the decoder that [Load] and [Decode] pick. The zero
// value uses each decoder's defaults.
type Options struct {
	// HAR is passed to [har.Decode] for HAR files.
	HAR har.Options
	// SAMLTracer is passed to [samltracer.Decode] for SAML-tracer exports.
	SAMLTracer samltracer.Options

	// Limits bounds the resources decoding may use, whatever the format.
	// It sets every field of HAR.Limits and SAMLTracer.Limits that is zero
	// there. It also limits the decompressed size of a zip member and the
	// bytes of standard input spooled to read a zip archive. A zero field
	// means its default.
	Limits Limits

	// Progress, when not nil, is called as decoding goes on with the
	// bytes read from the input so far and the number of entries (HAR) or
	// requests (SAML-tracer) decoded. It is called on the decoding
	// goroutine after an entry is decoded, and at most once every 100 ms
	// (the decoder checks the time before each call).
	//
	// NOTE: SAML-tracer exports report entries only when decoding ends,
	// and a HAR entry with a large body reports nothing until it ends.
	Progress func(bytesRead int64, entries int)
}

// Limits bounds the resources that decoding one file may use. A zero
// field means its default; see [har.Limits].
type Limits = traceio.Limits

// LimitError is the cause (inside an [*analyzer.DecodeError]) when a file
// exceeds one of the [Limits].
type LimitError = traceio.LimitError

// Load opens the trace file at path and decodes it with [Decode]. The path
// "-" reads standard input. A file that cannot be opened, or a directory,
// gives a [*FileError].
func Load(path string, opts Options) (*analyzer.Trace, error) {
	if path == "-" {
		return Decode(os.Stdin, path, opts)
	}
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(f, path, opts)
}

// Open opens the trace file at path for reading, with the errors of
// [Load]: a [*FileError] when it cannot be opened or is a directory.
func Open(path string) (*os.File, error) {
	return traceio.Open(path, ErrIsDirectory)
}

// ErrIsDirectory is the cause (inside a [*FileError]) when the path given
// to [Load] is a directory.
var ErrIsDirectory = errors.New("is a directory; give a trace file")

// FileError reports a trace file that could not be opened. Its message
// leads with the path as the user gave it, for example
// "missing.har: no such file or directory". Unwrap returns the cause: an
// [*fs.PathError] or [ErrIsDirectory].
type FileError = traceio.FileError

// Decode reads a trace from r and decodes it as HAR or as a SAML-tracer
// export, whichever its content is. name is the file name that errors and
// Trace.Source carry ("-" for standard input).
//
// Input that starts with the gzip magic bytes is decompressed, UTF-16 and
// UTF-32 text is converted to UTF-8 with a warning, and a UTF-8 byte order
// mark is skipped. A zip archive is read when it holds exactly one trace
// file (see [ErrZip]); it is read in place when r is a regular *os.File
// and otherwise spooled to a temporary file first. The format is decided
// from the top-level JSON object without reading the whole input. A "log"
// member with an object value means HAR. A "requests" member with an
// array value, or a file that contains only null, means SAML-tracer. The
// first of these members decides.
//
// Content that is neither gives an [*analyzer.DecodeError] wrapping
// [ErrUnknownFormat]; an empty input gives one wrapping [ErrEmpty]. Errors
// from the chosen decoder are returned as that decoder returns them,
// together with the partial trace that holds the entries read before the
// place of the error, so that a truncated file can still be analyzed.
func Decode(r io.Reader, name string, opts Options) (*analyzer.Trace, error) {
	opts.Limits = opts.Limits.WithDefaults()
	opts.HAR.Limits = opts.HAR.Limits.Or(opts.Limits)
	opts.SAMLTracer.Limits = opts.SAMLTracer.Limits.Or(opts.Limits)
	raw := r
	var progress *progressReporter
	if opts.Progress != nil {
		progress = newProgressReporter(opts.Progress)
		r = progress.count(r)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if isZip(br) {
		return decodeZip(raw, br, name, opts, progress)
	}
	return decodeText(br, name, opts, progress)
}

// decodeText decodes input that is not a zip archive.
func decodeText(br *bufio.Reader, name string, opts Options, progress *progressReporter) (*analyzer.Trace, error) {
	text, encoding, stop, err := plainText(br, opts.Limits.MaxDecompressed)
	defer stop()
	if err != nil {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
	}
	if isZip(text) {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: 0, Line: 1, Column: 1,
			Err: &hintError{"the content is a zip archive inside a gzip stream or a zip archive; extract it and pass the trace inside", ErrZip}}
	}
	if _, err := text.Peek(1); err != nil {
		if err == io.EOF {
			return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: ErrEmpty}
		}
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: 0, Err: traceio.ReadError(err)}
	}
	format, replay, err := sniff(text, name, opts.Limits)
	if err != nil {
		return nil, err
	}

	var trace *analyzer.Trace
	if format == analyzer.FormatHAR {
		trace, err = decodeHAR(replay, name, opts.HAR, progress)
	} else {
		trace, err = samltracer.Decode(replay, name, opts.SAMLTracer)
		if trace != nil {
			progress.entries(len(trace.Exchanges))
		}
	}
	if trace != nil && encoding != traceio.UTF8 {
		converted := analyzer.Warning{Entry: -1, Offset: 0, Message: fmt.Sprintf(
			"the file is %s text and was converted to UTF-8; byte offsets count the converted text", encoding)}
		trace.Warnings = append([]analyzer.Warning{converted}, trace.Warnings...)
	}
	return trace, err
}

// decodeHAR decodes a HAR file entry by entry, which is what [har.Decode]
// does, so that progress can count the entries.
func decodeHAR(r io.Reader, name string, opts har.Options, progress *progressReporter) (*analyzer.Trace, error) {
	var exchanges traceio.Collector[analyzer.Exchange]
	trace, err := har.Stream(r, name, opts, func(e *har.Entry) error {
		exchanges.Add(&e.Exchange)
		progress.entries(exchanges.Len())
		return nil
	})
	trace.Exchanges = exchanges.Slice()
	return trace, err
}

// plainText returns the JSON text of br as UTF-8: decompressed when br
// starts with the gzip magic bytes, converted from UTF-16 or UTF-32 when
// it is in one of those, and without a leading byte order mark. It also
// returns the encoding it converted from. A gzip stream is decompressed
// on its own goroutine while the caller parses; call stop when done
// reading, also after an error.
func plainText(br *bufio.Reader, maxDecompressed int64) (text *bufio.Reader, encoding traceio.Encoding, stop func(), err error) {
	stop = func() {}
	if traceio.IsGzip(br) {
		zr, stopGzip, err := traceio.Gunzip(br, maxDecompressed)
		if err != nil {
			return nil, traceio.UTF8, stop, err
		}
		stop = stopGzip
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	encoding, bom := traceio.DetectEncoding(br)
	if encoding != traceio.UTF8 {
		if _, err := br.Discard(bom); err != nil {
			return nil, encoding, stop, err
		}
		br = bufio.NewReaderSize(traceio.NewTranscoder(br, encoding), 64<<10)
	}
	if head, _ := br.Peek(len(traceio.UTF8BOM)); bytes.Equal(head, traceio.UTF8BOM) {
		if _, err := br.Discard(len(traceio.UTF8BOM)); err != nil {
			return nil, encoding, stop, err
		}
	}
	return br, encoding, stop, nil
}

// GzipTruncatedError is the cause (inside an [*analyzer.DecodeError]) when
// a gzip stream ends before its end marker, as a download or a copy cut
// short leaves it. It unwraps to [io.ErrUnexpectedEOF].
type GzipTruncatedError = traceio.GzipTruncatedError

// ErrNotUTF8 was the cause for UTF-16 and UTF-32 text.
//
// Deprecated: [Decode] converts UTF-16 and UTF-32 text to UTF-8 and no
// longer returns this error.
var ErrNotUTF8 = errors.New("not UTF-8")

// ErrZip is the cause (inside an [*analyzer.DecodeError]) when the file is
// a zip archive that [Decode] cannot read a trace from. That is a zip with
// no trace file or several (.har or .json, possibly gzipped), a damaged
// zip, or a zip inside a zip archive or a gzip stream. Directories and
// __MACOSX/ entries do not count as trace files.
var ErrZip = errors.New("zip archive")

// hintError is a cause whose message names the fix, and which errors.Is
// still matches with a sentinel error.
type hintError struct {
	msg  string
	kind error
}

func (e *hintError) Error() string { return e.msg }
func (e *hintError) Unwrap() error { return e.kind }
