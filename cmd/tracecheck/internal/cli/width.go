package cli

import (
	"io"
	"os"
	"strconv"

	"github.com/mattn/go-isatty"
)

// outputWidth returns the number of columns of the terminal that w
// writes to: $COLUMNS when it is set to a number, else the size the
// terminal reports. It returns 0 when w is not a terminal, such as a file
// or a pipe, so that the report has the same width wherever it is saved.
func outputWidth(w io.Writer) int {
	if !isTerminal(w) {
		return 0
	}
	f := w.(*os.File)
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return terminalWidth(f)
}

// isTerminal reports whether w is a file that is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
