package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

// grammar is the command line of tracecheck.
type grammar struct {
	Version kong.VersionFlag `short:"V" help:"Print the version of tracecheck and exit."`

	Analyze    analyzeCmd `cmd:"" help:"Analyze trace files and explain, the way a browser decides, why cross-origin requests failed."`
	Rules      rulesCmd   `cmd:"" help:"List the rules, or print the documentation of one rule."`
	VersionCmd versionCmd `cmd:"" name:"version" help:"Print the version of tracecheck."`
}

// analyzeCmd is "tracecheck analyze FILE...".
type analyzeCmd struct {
	Format string   `short:"f" default:"table" help:"Output format, one of ${formats} (any letter case)."`
	FailOn string   `name:"fail-on" default:"error" help:"Exit with status 1 when a finding has this severity or a higher one, one of ${failon} (any letter case); never keeps the status 0."`
	Files  []string `arg:"" name:"file" help:"Trace files to read: HAR or SAML-tracer JSON, optionally gzip-compressed. A '-' reads standard input."`
}

// failOnValues lists the values --fail-on accepts, in lower case.
var failOnValues = []string{"error", "warning", "info", "never"}

// Validate checks the flags and files after parsing, so that a wrong value
// is a usage error. It lower-cases --format and --fail-on, which accept
// any letter case.
func (c *analyzeCmd) Validate(kctx *kong.Context) error {
	formats := strings.Split(kctx.Model.Vars()["formats"], ",")
	var err error
	if c.Format, err = oneOf("--format", c.Format, formats); err != nil {
		return err
	}
	if c.FailOn, err = oneOf("--fail-on", c.FailOn, failOnValues); err != nil {
		return err
	}
	if n := countStdin(c.Files); n > 1 {
		return fmt.Errorf("standard input (\"-\") can be given only once, but it was given %d times", n)
	}
	return nil
}

// countStdin returns how many of files are "-".
func countStdin(files []string) int {
	n := 0
	for _, f := range files {
		if f == "-" {
			n++
		}
	}
	return n
}

// oneOf returns value in lower case when it is one of allowed, ignoring
// letter case, and an error naming the flag otherwise.
func oneOf(flag, value string, allowed []string) (string, error) {
	lower := strings.ToLower(value)
	if !slices.Contains(allowed, lower) {
		return "", fmt.Errorf("%s must be one of %s but got %q", flag, quoteAll(allowed), value)
	}
	return lower, nil
}

// quoteAll returns values quoted and joined with commas, as kong writes an
// enum: "table","json".
func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ",")
}

// Help returns the text that "tracecheck analyze --help" prints below the
// summary line.
func (c *analyzeCmd) Help() string {
	return `Exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on
  2  the command line is wrong or an input file could not be read`
}

// rulesCmd is "tracecheck rules [ID]".
type rulesCmd struct {
	ID string `arg:"" optional:"" name:"id" help:"Id of the rule to document; without it every rule is listed."`
}

// versionCmd is "tracecheck version".
type versionCmd struct{}

// parserOptions returns the kong options shared by Main and the grammar
// tests.
func parserOptions(version string, formats string) []kong.Option {
	return []kong.Option{
		kong.Name("tracecheck"),
		kong.Description("tracecheck reads browser traces (HAR files, SAML-tracer exports) offline and explains why cross-origin (CORS) requests failed."),
		kong.Vars{"version": version, "formats": formats, "failon": strings.Join(failOnValues, ",")},
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	}
}
