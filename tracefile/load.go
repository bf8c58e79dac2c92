package tracefile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/har"
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
// "-" reads standard input. A missing file or a directory gives an error
// that names the path and wraps the [fs.PathError] where there is one.
func Load(path string, opts Options) (*analyzer.Trace, error) {
	if path == "-" {
		return Decode(os.Stdin, path, opts)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("tracefile: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("tracefile: %s is a directory, expected a trace file (HAR or SAML-tracer JSON)", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tracefile: %w", err)
	}
	defer f.Close()
	return Decode(f, path, opts)
}

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
	text, err := plainText(r)
	if err != nil {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
	}
	if _, err := text.Peek(1); err == io.EOF {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: ErrEmpty}
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
// the gzip magic bytes, without a leading UTF-8 byte order mark.
func plainText(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(len(gzipMagic)); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("invalid gzip stream (the file starts with the gzip magic bytes): %w", err)
		}
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if bom, _ := br.Peek(len(utf8BOM)); bytes.Equal(bom, utf8BOM) {
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, err
		}
	}
	return br, nil
}
