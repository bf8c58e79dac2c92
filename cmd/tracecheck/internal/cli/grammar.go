package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/tracecheck/tracecheck/analyzer"
)

// grammar is the command line of tracecheck.
type grammar struct {
	Version kong.VersionFlag `short:"V" help:"Print the version of tracecheck and exit."`

	Analyze    analyzeCmd `cmd:"" help:"Analyze trace files and explain, the way a browser decides, why cross-origin requests failed."`
	Probe      probeCmd   `cmd:"" help:"Send a live CORS preflight to a server and explain its answer (this command uses the network)."`
	Rules      rulesCmd   `cmd:"" help:"List the rules, or print the documentation of one rule."`
	VersionCmd versionCmd `cmd:"" name:"version" help:"Print the version of tracecheck."`
}

// analyzeCmd is "tracecheck analyze FILE...".
type analyzeCmd struct {
	Format      string   `short:"f" default:"table" help:"Output format, one of ${formats} (any letter case)."`
	Output      string   `short:"o" placeholder:"FILE" help:"Write the report to FILE instead of standard output. FILE is replaced in one step (written to a temporary file beside it, then renamed) and must not be one of the input files."`
	FailOn      string   `name:"fail-on" default:"error" help:"Exit with status 1 when a finding that the filters keep has this severity or a higher one, one of ${failon} (any letter case); never keeps the status 0."`
	ShowSecrets bool     `name:"show-secrets" help:"Print cookie values, credentials, tokens, passwords and SAML messages as the trace recorded them instead of redacting them. The report then opens with a notice that it contains secrets."`
	Origin      string   `placeholder:"ORIGIN" help:"Show only the flows whose page origin is ORIGIN, such as https://finesse.example.com:8445."`
	Host        string   `placeholder:"HOST[:PORT]" help:"Show only the flows whose request URL has this host, and this port when one is given."`
	Rule        []string `name:"rule" placeholder:"ID" help:"Show only the findings of this rule; repeat the flag for several rules. 'tracecheck rules' lists the ids."`
	SkipRule    []string `name:"skip-rule" placeholder:"ID" help:"Hide the findings of this rule; repeat the flag for several rules."`
	MinSeverity string   `name:"min-severity" default:"info" help:"Hide findings below this severity, one of info,warning,error (any letter case)."`
	Color       string   `name:"color" default:"auto" help:"Colour severities and verdicts in table output: auto (when standard output is a terminal and NO_COLOR is unset or empty), always or never."`
	Files       []string `arg:"" name:"file" help:"Trace files to read: HAR or SAML-tracer JSON, optionally gzip-compressed, in UTF-8, UTF-16 or UTF-32, or a zip archive that holds one trace file. A '-' reads standard input."`

	// AllowedOrigins lists the --allowed-origins values as given.
	// Limits holds the --max-* flags against resource exhaustion.
	Limits LimitFlags `embed:""`

	AllowedOrigins []string `name:"allowed-origins" sep:"none" placeholder:"[HOST=]FILE" help:"Check the trace's page origins against the allowed-origin list of one server in FILE: the console output of 'utils cuic cors allowed_origin list' or 'utils live-data cors allowed_origin list', or one origin per line. HOST= names the server; without it the file's first line may name it ('# server: HOST' or 'HOST:'), else the list is checked against every server. Repeat the flag for each server."`
}

// failOnValues lists the values --fail-on accepts, in lower case.
var failOnValues = []string{"error", "warning", "info", "never"}

// colorValues lists the values --color accepts.
var colorValues = []string{"auto", "always", "never"}

// Validate checks the flags and files after parsing, so that a wrong value
// is a usage error. It lower-cases --format, --fail-on, --min-severity and
// --color, which accept any letter case.
func (c *analyzeCmd) Validate(kctx *kong.Context) error {
	formats := strings.Split(kctx.Model.Vars()["formats"], ",")
	var err error
	if c.Format, err = oneOf("--format", c.Format, formats); err != nil {
		return err
	}
	if c.FailOn, err = oneOf("--fail-on", c.FailOn, failOnValues); err != nil {
		return err
	}
	if c.MinSeverity, err = oneOf("--min-severity", c.MinSeverity, []string{"info", "warning", "error"}); err != nil {
		return err
	}
	if c.Color, err = oneOf("--color", c.Color, colorValues); err != nil {
		return err
	}
	if n := countStdin(c.Files); n > 1 {
		return fmt.Errorf("standard input (\"-\") can be given only once, but it was given %d times", n)
	}
	for _, flag := range []struct {
		name string
		ids  []string
	}{{"--rule", c.Rule}, {"--skip-rule", c.SkipRule}} {
		for _, id := range flag.ids {
			if err := checkRuleID(flag.name, id); err != nil {
				return err
			}
		}
	}
	return c.filters().Validate()
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

// checkRuleID returns an error that names the closest rule id when id is
// not a registered rule.
func checkRuleID(flag, id string) error {
	if _, ok := analyzer.LookupRule(id); ok {
		return nil
	}
	msg := fmt.Sprintf("unknown rule %q in %s", id, flag)
	if near := nearestRuleID(id); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	}
	return fmt.Errorf("%s; run \"tracecheck rules\" to list the rule ids", msg)
}

// nearestRuleID returns the registered rule id with the smallest edit
// distance to id, or "" when none is within a third of id's length.
func nearestRuleID(id string) string {
	best, bestDistance := "", len(id)/3+1
	for _, r := range analyzer.Rules() {
		if d := editDistance(strings.ToLower(id), r.ID); d < bestDistance {
			best, bestDistance = r.ID, d
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
