// Package cli implements the tracecheck command line. [Main] runs it in
// process, so that tests call it with their own arguments and writers.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/tracecheck/tracecheck/analyzer/report"
)

// The exit statuses of tracecheck.
const (
	// exitOK: no finding at or above --fail-on.
	exitOK = 0
	// exitFindings: at least one finding at or above --fail-on.
	exitFindings = 1
	// exitUsage: the command line is wrong or an input could not be read.
	exitUsage = 2
)

// env holds the streams and the version that a command's Run method uses.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	version        string
}

// kongExit is the panic value with which kong's Exit hook leaves parsing,
// so that Main returns the status instead of ending the process.
type kongExit int

// Main runs tracecheck with args (without the program name) and returns
// the exit status: 0 when no finding reaches --fail-on, 1 when one does, and
// 2 when the command line is wrong or an input could not be read. Help and
// --version return 0.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, version string) (status int) {
	defer func() {
		if r := recover(); r != nil {
			code, ok := r.(kongExit)
			if !ok {
				panic(r)
			}
			status = exitOK
			if code != 0 {
				// kong uses 80 for usage errors and 1 for a bad
				// environment value; both mean a wrong command line.
				status = exitUsage
			}
		}
	}()

	var cli grammar
	opts := append(parserOptions(version, strings.Join(report.Formats(), ",")),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(kongExit(code)) }),
	)
	parser, err := kong.New(&cli, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "tracecheck: internal error: invalid grammar: %v\n", err)
		return exitUsage
	}
	ctx, err := parser.Parse(args)
	parser.FatalIfErrorf(err)

	err = ctx.Run(&env{stdin: stdin, stdout: stdout, stderr: stderr, version: version})
	return exitStatus(err, stderr)
}

// exitError ends a command with an exit status. A nil err means that the
// command has already printed its message or has none to print.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// exitStatus prints err, if it has a message, and returns its status. An
// error without a status means the command could not do its work, which
// the documented statuses count as 2.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var e *exitError
	if errors.As(err, &e) {
		if e.err != nil {
			fmt.Fprintf(stderr, "tracecheck: %s\n", report.Sanitize(e.err.Error()))
		}
		return e.code
	}
	fmt.Fprintf(stderr, "tracecheck: %s\n", report.Sanitize(err.Error()))
	return exitUsage
}
