package samltracer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/tracecheck/tracecheck/internal/traceio"
)

// errIsDirectory is the cause when the path given to DecodeFile is a
// directory.
var errIsDirectory = errors.New("is a directory; give a SAML-tracer JSON export file")

// plainText returns the JSON text of r: decompressed when r starts with
// the gzip magic bytes (and stopped after maxDecompressed bytes), without
// a leading UTF-8 byte order mark. Call stop when done reading, also after
// an error.
func plainText(r io.Reader, maxDecompressed int64) (text *bufio.Reader, stop func(), err error) {
	stop = func() {}
	br := bufio.NewReaderSize(r, 64<<10)
	if traceio.IsGzip(br) {
		zr, stopGzip, err := traceio.Gunzip(br, maxDecompressed)
		if err != nil {
			return nil, stop, err
		}
		stop = stopGzip
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	if bom, _ := br.Peek(len(traceio.UTF8BOM)); bytes.Equal(bom, traceio.UTF8BOM) {
		if _, err := br.Discard(len(traceio.UTF8BOM)); err != nil {
			return nil, stop, err
		}
	}
	return br, stop, nil
}

// openFile opens path for reading, or returns standard input for "-". The
// returned function closes what was opened. Its errors lead with the
// path: "export.json: no such file or directory".
func openFile(path string) (io.Reader, func() error, error) {
	if path == "-" {
		return os.Stdin, func() error { return nil }, nil
	}
	f, err := traceio.Open(path, errIsDirectory)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}
