package cli

import (
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
	Format string   `short:"f" enum:"${formats}" default:"table" help:"Output format, one of ${enum}."`
	FailOn string   `name:"fail-on" enum:"error,warning,info,never" default:"error" help:"Exit with status 1 when a finding has this severity or a higher one, one of ${enum}; never keeps the status 0."`
	Files  []string `arg:"" name:"file" help:"Trace files to read: HAR or SAML-tracer JSON, optionally gzip-compressed. A '-' reads standard input."`
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
		kong.Vars{"version": version, "formats": formats},
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	}
}
