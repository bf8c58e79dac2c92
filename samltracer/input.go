package samltracer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/klauspost/compress/gzip"
)

// utf8BOM is the byte order mark some editors put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// gzipMagic starts every gzip stream (RFC 1952, section 2.3.1).
var gzipMagic = []byte{0x1F, 0x8B}

// plainText returns the JSON text of r: decompressed when r starts with
// the gzip magic bytes, without a leading UTF-8 byte order mark.
func plainText(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(len(gzipMagic)); bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("invalid gzip stream (the file starts with the gzip magic bytes): %w", err)
		}
		br = bufio.NewReaderSize(&gzipReader{r: zr}, 64<<10)
	}
	if bom, _ := br.Peek(len(utf8BOM)); bytes.Equal(bom, utf8BOM) {
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, err
		}
	}
	return br, nil
}

// openFile opens path for reading, or returns standard input for "-". The
// returned function closes what was opened.
func openFile(path string) (io.Reader, func() error, error) {
	if path == "-" {
		return os.Stdin, func() error { return nil }, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, pathError(path, err)
	}
	if info.IsDir() {
		return nil, nil, fmt.Errorf("%s: is a directory; give a SAML-tracer JSON export file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, pathError(path, err)
	}
	return f, f.Close, nil
}

// pathError returns err, an [*fs.PathError] from opening path, with a
// message that leads with the path: "export.json: no such file or
// directory". errors.Is still finds the cause, such as [fs.ErrNotExist].
func pathError(path string, err error) error {
	var perr *fs.PathError
	if errors.As(err, &perr) {
		return fmt.Errorf("%s: %w", path, perr.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
