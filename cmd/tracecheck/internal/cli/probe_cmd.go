package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/analyzer/report"
	"github.com/tracecheck/tracecheck/probe"
)

// probeCmd is "tracecheck probe URL --origin ORIGIN".
type probeCmd struct {
	URL         string        `arg:"" name:"url" help:"URL the page's script calls, such as https://cuic-sub.example.com:8444/cuic/."`
	Origin      string        `required:"" placeholder:"ORIGIN" help:"Origin of the page that runs the script, such as https://finesse.example.com:8445; the probe sends it in the Origin header."`
	Method      string        `default:"GET" help:"Method of the script's request; a method other than GET, HEAD or POST needs a preflight."`
	Header      []string      `name:"header" short:"H" sep:"none" placeholder:"NAME[:VALUE]" help:"Header the script sets; repeat the flag for several headers. A name alone gets a typical value (Content-Type alone is application/json)."`
	Credentials bool          `help:"The script sends credentials (fetch credentials: \"include\" or withCredentials). The actual request then carries a placeholder cookie, because the probe has no session."`
	Actual      bool          `help:"Send the actual request after a preflight that passes. A request that needs no preflight is always sent."`
	CACert      string        `name:"cacert" placeholder:"FILE" help:"PEM file with CA certificates to trust in addition to the system's, for a server certificate that an internal CA issued."`
	Insecure    bool          `help:"Skip TLS certificate verification. The report then states that verification was skipped."`
	Timeout     time.Duration `default:"10s" help:"Time limit of each request, from connecting to the response headers, such as 5s or 500ms."`
	Format      string        `short:"f" default:"table" help:"Output format, one of ${formats} (any letter case)."`
	Output      string        `short:"o" placeholder:"FILE" help:"Write the report to FILE instead of standard output, replacing FILE in one step."`
	FailOn      string        `name:"fail-on" default:"error" help:"Exit with status 1 when a finding that the filters keep has this severity or a higher one, one of ${failon} (any letter case); never keeps the status 0."`
	Rule        []string      `name:"rule" placeholder:"ID" help:"Show only the findings of this rule; repeat the flag for several rules."`
	SkipRule    []string      `name:"skip-rule" placeholder:"ID" help:"Hide the findings of this rule; repeat the flag for several rules."`
	MinSeverity string        `name:"min-severity" default:"info" help:"Hide findings below this severity, one of info,warning,error (any letter case)."`
	Color       string        `name:"color" default:"auto" help:"Colour severities and verdicts in table output: auto, always or never."`
}

// Help returns the text that "tracecheck probe --help" prints below the
// summary line.
func (c *probeCmd) Help() string {
	return `probe is the only tracecheck command that uses the network: it sends an
OPTIONS preflight exactly as Chromium sends it for the script's request (and
the actual request with --actual) to URL, and explains the answer like a
trace. Use it to check whether a server accepts an origin now, for example
after an allowed-origin list was changed. A refused connection, a timeout or
a TLS failure is reported as a finding.

Exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on
  2  the command line is wrong, the URL or origin is invalid, or the CA file
     cannot be read`
}

// Validate checks the flag values after parsing, so that a wrong value is
// a usage error.
func (c *probeCmd) Validate(kctx *kong.Context) error {
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
	if c.Timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, such as 10s, but got %s", c.Timeout)
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
	return nil
}

// Run sends the probe, analyzes the exchanges it recorded and prints the
// report. Invalid input is status 2; network and TLS failures are
// findings.
func (c *probeCmd) Run(e *env) error {
	failOn, err := parseFailOn(c.FailOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	filters := report.Filters{Rules: c.Rule, SkipRules: c.SkipRule}
	filters.MinSeverity, _ = analyzer.ParseSeverity(c.MinSeverity)
	if c.Output != "" && c.Output != "-" {
		if err := checkOutputNotInput(c.Output, []string{c.CACert}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	started := time.Now()
	trace, err := probe.Run(ctx, probe.Request{
		URL:         c.URL,
		Origin:      c.Origin,
		Method:      c.Method,
		Headers:     c.Header,
		Credentials: c.Credentials,
		Actual:      c.Actual,
	}, probe.Options{CACert: c.CACert, Insecure: c.Insecure, Timeout: c.Timeout})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	trace.Source = report.RedactURL(c.URL)

	r, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		return fmt.Errorf("analyze the probe of %s: %w", trace.Source, err)
	}
	r = filters.Apply(r)

	info := &report.Probe{
		URL:      c.URL,
		Origin:   c.Origin,
		Method:   strings.ToUpper(c.Method),
		Address:  probeAddress(c.URL, trace),
		Started:  started,
		Insecure: c.Insecure,
		CACert:   c.CACert,
	}
	if len(trace.Exchanges) > 0 && trace.Exchanges[0].HasTime() {
		info.Started = trace.Exchanges[0].Start
	}

	toFile := c.Output != "" && c.Output != "-"
	opts := report.Options{Version: e.version, Filters: filters, Color: c.color(e, toFile)}
	if !toFile {
		opts.Width = e.width
	}
	reporter, err := report.New(c.Format, opts)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	inputs := []report.Input{{Report: r, Trace: trace, Probe: info}}
	render := func(w io.Writer) error { return reporter.Render(w, inputs) }
	if toFile {
		if err := writeFileAtomic(c.Output, false, render); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	} else if err := render(e.stdout); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if reachesFailOn([]*analyzer.Report{r}, failOn) {
		return &exitError{code: exitFindings}
	}
	return nil
}

// color decides whether the table is coloured, as --color does for analyze.
func (c *probeCmd) color(e *env, toFile bool) bool {
	return (&analyzeCmd{Color: c.Color}).useColor(e, toFile)
}

// probeAddress returns the IP address and port that the first exchange of
// trace went to, or "" when no address was recorded.
//
// NOTE: through a proxy from HTTPS_PROXY or HTTP_PROXY, the IP address is
// the proxy's, while the port is the URL's.
func probeAddress(rawURL string, trace *analyzer.Trace) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = "443"
		if u.Scheme == "http" {
			port = "80"
		}
	}
	for _, x := range trace.Exchanges {
		if x.ServerIP != "" {
			return net.JoinHostPort(x.ServerIP, port)
		}
	}
	return ""
}
