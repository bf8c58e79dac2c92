// Package cli implements the tracecheck command line. [Main] runs it in
// process, so that tests call it with their own arguments and writers.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
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
	// width is the number of columns of the terminal stdout is, or 0
	// when stdout is not a terminal.
	width int
	// stdoutIsTerminal and stderrIsTerminal report whether the streams
	// are terminals, which decides colour and progress output.
	stdoutIsTerminal, stderrIsTerminal bool
	// getenv reads an environment variable.
	getenv func(string) string
}

// progressOutput returns the writer for progress lines: stderr when it is
// a terminal, else nil.
func (e *env) progressOutput() io.Writer {
	if e.stderrIsTerminal {
		return e.stderr
	}
	return nil
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

	version = fullVersion(version)
	var cli grammar
	opts := append(parserOptions(versionLine(version), strings.Join(report.Formats(), ",")),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(kongExit(code)) }),
	)
	parser, err := kong.New(&cli, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "tracecheck: internal error: invalid grammar: %v\n", err)
		return exitUsage
	}
	ctx, err := parser.Parse(args)
	if err != nil {
		printUsageError(stderr, err, parser)
		return exitUsage
	}

	err = ctx.Run(&env{
		stdin: stdin, stdout: stdout, stderr: stderr, version: version,
		width:            outputWidth(stdout),
		stdoutIsTerminal: isTerminal(stdout),
		stderrIsTerminal: isTerminal(stderr),
		getenv:           os.Getenv,
	})
	return exitStatus(err, stderr)
}

// printUsageError prints a command-line error and a line that names the
// help to read, both to stderr so that stdout stays clean for reports.
// kong's message for an unknown command ("unexpected argument bogus") is
// replaced by one that lists the commands.
func printUsageError(stderr io.Writer, err error, parser *kong.Kong) {
	var perr *kong.ParseError
	var node *kong.Node
	if errors.As(err, &perr) && perr.Context != nil {
		node = perr.Context.Selected()
	}
	for node != nil && node.Type != kong.CommandNode {
		node = node.Parent
	}

	msg := err.Error()
	if node == nil && strings.HasPrefix(msg, "unexpected argument ") {
		var names []string
		for _, cmd := range parser.Model.Children {
			if cmd.Type == kong.CommandNode && !cmd.Hidden {
				names = append(names, cmd.Name)
			}
		}
		// kong may append its own suggestion: `analyse, did you mean "analyze"?`.
		arg, suggestion, _ := strings.Cut(strings.TrimPrefix(msg, "unexpected argument "), ", did you mean ")
		msg = fmt.Sprintf("unknown command %q; the commands are %s", arg, strings.Join(names, ", "))
		if suggestion != "" {
			msg += "; did you mean " + strings.TrimSuffix(suggestion, "?") + "?"
		}
	}
	usage := ""
	if node != nil && strings.HasPrefix(msg, "expected ") {
		// kong names a missing argument by its placeholder, such as
		// expected "<file> ...", which does not say what to give.
		switch {
		case strings.HasPrefix(msg, `expected "<file>`):
			msg = "a trace file is needed: give one or more HAR or SAML-tracer files, or - for standard input"
		case strings.HasPrefix(msg, `expected "<url>`):
			msg = "a URL to probe is needed, such as https://cuic-sub.example.com:8444/cuic/"
		}
		usage = "usage: tracecheck " + node.Summary() + "\n"
	}
	help := "tracecheck --help"
	if node != nil {
		help = "tracecheck " + node.Name + " --help"
	}
	fmt.Fprintf(stderr, "tracecheck: error: %s\n%srun %q for usage\n", report.Sanitize(msg), usage, help)
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
