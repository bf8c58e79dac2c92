package tracefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/har"
	"github.com/tracecheck/tracecheck/internal/readahead"
	"github.com/tracecheck/tracecheck/samltracer"
)

// Options configures the decoder that [Load] and [Decode] pick. The zero
// value uses each decoder's defaults.
type Options struct {
	// HAR is passed to [har.Decode] for HAR files.
	HAR har.Options
	// SAMLTracer is passed to [samltracer.Decode] for SAML-tracer exports.
	SAMLTracer samltracer.Options
}

// Load opens the trace file at path and decodes it with [Decode]. The path
// "-" reads standard input. A file that cannot be opened, or a directory,
// gives a [*FileError].
func Load(path string, opts Options) (*analyzer.Trace, error) {
	if path == "-" {
		return Decode(os.Stdin, path, opts)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if info.IsDir() {
		return nil, &FileError{Path: path, Err: ErrIsDirectory}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	return Decode(f, path, opts)
}

// ErrIsDirectory is the cause (inside a [*FileError]) when the path given
// to [Load] is a directory.
var ErrIsDirectory = errors.New("is a directory; give a trace file")

// FileError reports a trace file that could not be opened. Its message
// leads with the path as the user gave it, for example
// "missing.har: no such file or directory".
type FileError struct {
	Path string
	// Err is the cause: an [*fs.PathError] or [ErrIsDirectory].
	Err error
}

func (e *FileError) Error() string {
	cause := e.Err
	var perr *fs.PathError
	if errors.As(cause, &perr) {
		// The PathError repeats the operation and the path.
		cause = perr.Err
	}
	return e.Path + ": " + cause.Error()
}

// Unwrap returns the cause, so that errors.Is(err, fs.ErrNotExist) works.
func (e *FileError) Unwrap() error { return e.Err }

// Decode reads a trace from r and decodes it as HAR or as a SAML-tracer
// export, whichever its content is. name is the file name that errors and
// Trace.Source carry ("-" for standard input).
//
// Input that starts with the gzip magic bytes is decompressed and a UTF-8
// byte order mark is skipped. The format is decided from the top-level
// JSON object without reading the whole input. A "log" member with an
// object value means HAR. A "requests" member with an array value, or a
// file that contains only null, means SAML-tracer. The first of these
// members decides.
//
// Content that is neither gives an [*analyzer.DecodeError] wrapping
// [ErrUnknownFormat]; an empty input gives one wrapping [ErrEmpty]. Errors
// from the chosen decoder are returned as that decoder returns them,
// together with the partial trace that [har.Decode] returns for a file it
// could read in part.
func Decode(r io.Reader, name string, opts Options) (*analyzer.Trace, error) {
	text, stop, err := plainText(r)
	defer stop()
	if err != nil {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
	}
	if _, err := text.Peek(1); err == io.EOF {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: ErrEmpty}
	}
	if err := checkEncoding(text, name); err != nil {
		return nil, err
	}
	format, replay, err := sniff(text, name)
	if err != nil {
		return nil, err
	}
	if format == analyzer.FormatHAR {
		return har.Decode(replay, name, opts.HAR)
	}
	return samltracer.Decode(replay, name, opts.SAMLTracer)
}

// gzipMagic starts every gzip stream (RFC 1952, section 2.3.1).
var gzipMagic = []byte{0x1F, 0x8B}

// utf8BOM is the byte order mark some editors and exporters put before
// UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// plainText returns the JSON text of r: decompressed when r starts with
// the gzip magic bytes, without a leading UTF-8 byte order mark. A gzip
// stream is decompressed on its own goroutine while the caller parses;
// call stop when done reading, also after an error.
func plainText(r io.Reader) (text *bufio.Reader, stop func(), err error) {
	stop = func() {}
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(len(gzipMagic)); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, stop, fmt.Errorf("invalid gzip stream (the file starts with the gzip magic bytes): %w", err)
		}
		ahead := readahead.New(&gzipReader{r: zr})
		stop = func() { ahead.Close() }
		br = bufio.NewReaderSize(ahead, 64<<10)
	}
	if bom, _ := br.Peek(len(utf8BOM)); bytes.Equal(bom, utf8BOM) {
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, stop, err
		}
	}
	return br, stop, nil
}

// GzipTruncatedError is the cause (inside an [*analyzer.DecodeError]) when
// a gzip stream ends before its end marker, as a download or a copy cut
// short leaves it. It unwraps to [io.ErrUnexpectedEOF].
type GzipTruncatedError struct {
	// Offset is the number of decompressed bytes read before the end.
	Offset int64
}

func (e *GzipTruncatedError) Error() string {
	return fmt.Sprintf("the gzip stream is truncated at byte %d (decompressed)", e.Offset)
}

func (e *GzipTruncatedError) Unwrap() error { return io.ErrUnexpectedEOF }

// gzipReader counts the decompressed bytes of a gzip stream and turns the
// gzip reader's io.ErrUnexpectedEOF into a [*GzipTruncatedError].
type gzipReader struct {
	r io.Reader
	n int64
}

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = &GzipTruncatedError{Offset: g.n}
	}
	return n, err
}

// ErrNotUTF8 is the cause (inside an [*analyzer.DecodeError]) when the
// file is UTF-16 or UTF-32 text, which JSON files must not be (RFC 8259,
// section 8.1). Browsers write HAR files in UTF-8, but some editors save
// them again as UTF-16.
var ErrNotUTF8 = errors.New("not UTF-8")

// ErrZip is the cause (inside an [*analyzer.DecodeError]) when the file is
// a zip archive, as a trace attached to a support case often is.
var ErrZip = errors.New("zip archive")

// hintError is a cause whose message names the fix, and which errors.Is
// still matches with a sentinel error.
type hintError struct {
	msg  string
	kind error
}

func (e *hintError) Error() string { return e.msg }
func (e *hintError) Unwrap() error { return e.kind }

// checkEncoding returns an [*analyzer.DecodeError] with a hint when text
// starts like a zip archive or like UTF-16 or UTF-32 text: with a byte
// order mark, or with NUL bytes between ASCII characters.
//
// TODO: decode UTF-16 and UTF-32 text and read the HAR inside a zip
// archive instead of only naming the problem.
func checkEncoding(text *bufio.Reader, name string) error {
	head, _ := text.Peek(4)
	var hint *hintError
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		hint = &hintError{"the file is a zip archive; unzip it and pass the HAR inside", ErrZip}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		hint = &hintError{"the file is UTF-32 text; save it as UTF-8", ErrNotUTF8}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		hint = &hintError{"the file is UTF-16 text; save it as UTF-8", ErrNotUTF8}
	case len(head) == 4 && head[1] == 0 && head[3] == 0 && head[0] != 0 && head[2] != 0,
		len(head) == 4 && head[0] == 0 && head[2] == 0 && head[1] != 0 && head[3] != 0:
		hint = &hintError{"the file is UTF-16 text; save it as UTF-8", ErrNotUTF8}
	}
	if hint == nil {
		return nil
	}
	return &analyzer.DecodeError{File: name, Entry: -1, Offset: 0, Line: 1, Column: 1, Err: hint}
}
