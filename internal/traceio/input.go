package traceio

import (
	"errors"
	"io/fs"
	"os"
)

// FileError reports a trace file that could not be opened. Its message
// leads with the path as the user gave it, for example
// "missing.har: no such file or directory".
type FileError struct {
	Path string
	// Err is the cause: an [*fs.PathError], or the error that the caller
	// of [Open] gave for a directory.
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

// Open opens the file at path for reading. It returns a [*FileError] when
// the file cannot be opened, and one with isDir as the cause when path is
// a directory.
func Open(path string, isDir error) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if info.IsDir() {
		return nil, &FileError{Path: path, Err: isDir}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return f, nil
}
