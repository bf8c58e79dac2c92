package traceio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/internal/readahead"
)

// GzipMagic starts every gzip stream (RFC 1952, section 2.3.1).
var GzipMagic = []byte{0x1F, 0x8B}

// UTF8BOM is the byte order mark some editors and exporters put before
// UTF-8 text.
var UTF8BOM = []byte{0xEF, 0xBB, 0xBF}

// IsGzip reports whether br starts with the gzip magic bytes.
func IsGzip(br *bufio.Reader) bool {
	magic, _ := br.Peek(len(GzipMagic))
	return bytes.Equal(magic, GzipMagic)
}

// Gunzip returns the decompressed content of the gzip stream in br, read
// ahead on its own goroutine, and stopped with an error once it grows
// past maxDecompressed bytes. Call stop when done reading, also after an
// error.
func Gunzip(br *bufio.Reader, maxDecompressed int64) (r io.Reader, stop func(), err error) {
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, func() {}, fmt.Errorf("invalid gzip stream (the file starts with the gzip magic bytes): %w", err)
	}
	ahead := readahead.New(NewSizeLimiter(&gzipReader{r: zr}, maxDecompressed))
	return ahead, func() { ahead.Close() }, nil
}

// GzipTruncatedError is the cause when a gzip stream ends before its end
// marker, as a download or a copy cut short leaves it. It unwraps to
// [io.ErrUnexpectedEOF].
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
