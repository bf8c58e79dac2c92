package tracefile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// zipMagic starts a zip archive: a local file header, or the end of
// central directory record of an empty archive.
var zipMagic = [][]byte{[]byte("PK\x03\x04"), []byte("PK\x05\x06")}

// maxListedMembers is the number of zip members an error message lists.
const maxListedMembers = 10

func isZip(br *bufio.Reader) bool {
	head, _ := br.Peek(4)
	for _, magic := range zipMagic {
		if bytes.Equal(head, magic) {
			return true
		}
	}
	return false
}

// decodeZip reads the one trace file in the zip archive that br starts.
// The archive is read in place when raw is a regular file; otherwise br
// is spooled to a temporary file, because zip needs random access.
func decodeZip(raw io.Reader, br *bufio.Reader, name string, opts Options, progress *progressReporter) (*analyzer.Trace, error) {
	fail := func(err error) error {
		return &analyzer.DecodeError{File: name, Entry: -1, Offset: -1, Err: err}
	}
	archive, size, cleanup, err := zipSource(raw, br, opts.Limits.MaxDecompressed)
	defer cleanup()
	if err != nil {
		return nil, fail(err)
	}
	zr, err := zip.NewReader(archive, size)
	if err != nil {
		return nil, fail(&hintError{fmt.Sprintf("the file starts like a zip archive but cannot be read as one: %v", err), ErrZip})
	}
	member, err := traceMember(zr.File)
	if err != nil {
		return nil, fail(err)
	}
	rc, err := member.Open()
	if err != nil {
		return nil, fail(&hintError{fmt.Sprintf("the zip member %s cannot be read: %v", member.Name, err), ErrZip})
	}
	defer rc.Close()
	content := traceio.NewSizeLimiter(rc, opts.Limits.MaxDecompressed)
	trace, err := decodeText(bufio.NewReaderSize(content, 64<<10), name+"/"+member.Name, opts, progress)
	if trace != nil {
		read := analyzer.Warning{Entry: -1, Offset: -1, Message: fmt.Sprintf(
			"the file is a zip archive; its member %s was read, and byte offsets count that member's text", member.Name)}
		trace.Warnings = append([]analyzer.Warning{read}, trace.Warnings...)
	}
	return trace, err
}

// zipSource returns random access to the zip archive that br starts: raw
// itself when it is a regular file, or else a temporary file holding the
// rest of br, at most maxSize bytes. cleanup removes the temporary file.
func zipSource(raw io.Reader, br *bufio.Reader, maxSize int64) (archive io.ReaderAt, size int64, cleanup func(), err error) {
	cleanup = func() {}
	if f, ok := raw.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			if pos, err := f.Seek(0, io.SeekCurrent); err == nil && pos == int64(br.Buffered()) {
				// Nothing was read from f before Decode.
				return f, info.Size(), cleanup, nil
			}
		}
	}
	tmp, err := os.CreateTemp("", "tracecheck-*.zip")
	if err != nil {
		return nil, 0, cleanup, fmt.Errorf("spool the zip archive to a temporary file: %w", err)
	}
	cleanup = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	n, err := io.Copy(tmp, traceio.NewSizeLimiter(br, maxSize))
	if err != nil {
		var lerr *traceio.LimitError
		if errors.As(err, &lerr) {
			return nil, 0, cleanup, &traceio.LimitError{Flag: lerr.Flag,
				What: "the zip archive read from standard input is larger than", Limit: lerr.Limit, Bytes: true, Offset: -1}
		}
		return nil, 0, cleanup, fmt.Errorf("spool the zip archive to a temporary file: %w", err)
	}
	return tmp, n, cleanup, nil
}

// traceMember returns the one member of a zip archive that looks like a
// trace file: its name ends in .har or .json, possibly followed by .gz.
// Directories, macOS resource forks (__MACOSX/ and ._ files) and
// .DS_Store are ignored.
func traceMember(files []*zip.File) (*zip.File, error) {
	var traces, others []string
	var found *zip.File
	for _, f := range files {
		base := path.Base(f.Name)
		switch {
		case f.FileInfo().IsDir(), strings.HasPrefix(f.Name, "__MACOSX/"),
			strings.HasPrefix(base, "._"), base == ".DS_Store":
			continue
		case isTraceName(f.Name):
			traces = append(traces, f.Name)
			found = f
		default:
			others = append(others, f.Name)
		}
	}
	switch {
	case len(traces) == 1:
		return found, nil
	case len(traces) > 1:
		return nil, &hintError{fmt.Sprintf("the zip archive holds %d trace files (%s); extract the one to analyze and pass it",
			len(traces), listNames(traces)), ErrZip}
	case len(others) == 0:
		return nil, &hintError{"the zip archive is empty; expected one .har or .json trace file in it", ErrZip}
	}
	return nil, &hintError{fmt.Sprintf("the zip archive holds no .har or .json file, only %s; expected one trace file in it",
		listNames(others)), ErrZip}
}

func isTraceName(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	return strings.HasSuffix(name, ".har") || strings.HasSuffix(name, ".json")
}

// listNames joins member names for a message, shortening a long list.
func listNames(names []string) string {
	if len(names) > maxListedMembers {
		return strings.Join(names[:maxListedMembers], ", ") + fmt.Sprintf(" and %d more", len(names)-maxListedMembers)
	}
	return strings.Join(names, ", ")
}
