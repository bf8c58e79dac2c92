// Package probe sends a live CORS preflight, and optionally the actual
// request, the way Chromium sends them from a page, and records the
// exchanges as an [analyzer.Trace] that [analyzer.Analyze] explains like a
// trace captured in a browser.
//
// The preflight carries no cookies and no Authorization, and no redirect is
// followed: a redirect is recorded as the response, because a browser
// rejects it. A failure below HTTP is recorded as an exchange with status 0
// and a Chromium-style net:: error, so that it becomes a finding rather
// than a Go error. Such failures are a refused connection, a timeout, a
// name that does not resolve and a certificate the probe does not trust.
package probe

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Format is the trace format of a probe's trace.
const Format = analyzer.Format("probe")

// Creator is the Creator of a probe's trace.
const Creator = "tracecheck probe"

// UserAgent is the User-Agent header of every request the probe sends, so
// that a server log shows who sent it.
const UserAgent = "tracecheck-probe/1 (CORS preflight check)"

// DefaultTimeout limits each exchange when [Options.Timeout] is zero.
const DefaultTimeout = 10 * time.Second

// InsecureWarning is the trace warning recorded when [Options.Insecure] is set.
const InsecureWarning = "TLS verification was skipped (--insecure)"

// credentialsCookie is the cookie the actual request carries when
// [Request.Credentials] is set. The probe has no session cookies, and the
// analyzer decides the credentials mode from the Cookie header of the
// actual request.
const credentialsCookie = "tracecheck_probe=1"

// Request describes the script's request to reproduce.
type Request struct {
	// URL is the absolute http or https URL the script calls.
	URL string
	// Origin is the origin of the page that runs the script, such as
	// https://finesse.example.com:8445, or "null".
	Origin string
	// Method is the request method; "" means GET. DELETE, GET, HEAD,
	// OPTIONS, POST and PUT are upper-cased as fetch() does.
	Method string
	// Headers lists the headers the script sets, each as "Name: value" or
	// as "Name" alone. A name alone gets a placeholder value (see
	// [PlaceholderValue]), so Content-Type alone counts as
	// application/json.
	Headers []string
	// Credentials reports whether the script sends credentials
	// (credentials: "include" or withCredentials). The preflight never
	// carries them. The actual request then carries a placeholder cookie,
	// tracecheck_probe=1, because the probe has no session.
	Credentials bool
	// Actual sends the actual request after a preflight that passes. A
	// request that needs no preflight is always sent. After a preflight
	// that fails, the actual request is not sent, because a browser would
	// not send it, and a trace warning gives the reason.
	Actual bool
}

// Options configures [Run].
type Options struct {
	// CACert is the path of a PEM file with CA certificates to trust in
	// addition to the system's, for a server whose certificate an internal
	// CA issued.
	CACert string
	// Insecure skips TLS certificate verification. The trace then carries
	// [InsecureWarning].
	Insecure bool
	// Timeout limits each exchange, from the start of the connection to
	// the response headers; zero means [DefaultTimeout].
	Timeout time.Duration
	// Client, when set, sends the requests instead of a client built from
	// CACert and Insecure, which are then ignored. Run uses a copy with
	// redirects disabled and no cookie jar. Meant for tests.
	Client *http.Client
}

// Run sends the preflight that a browser would send for req, when one is
// needed, and then the actual request as [Request.Actual] selects. It
// returns the exchanges as a trace of format [Format].
//
// Run returns an error only for invalid input: an invalid URL, origin,
// method or header, a URL of the same origin as the page, or an unreadable
// CA file. Network and TLS failures are exchanges in the trace.
func Run(ctx context.Context, req Request, opts Options) (*analyzer.Trace, error) {
	trace, err := run(ctx, req, opts)
	if trace != nil {
		// The probe knows the credentials mode it was asked for; recording
		// it lets the analyzer judge a preflight whose actual request was
		// never sent, which carries no cookie to infer the mode from.
		mode := analyzer.CredentialsOmit
		if req.Credentials {
			mode = analyzer.CredentialsInclude
		}
		for i := range trace.Exchanges {
			trace.Exchanges[i].Credentials = mode
		}
	}
	return trace, err
}

// run carries out [Run].
func run(ctx context.Context, req Request, opts Options) (*analyzer.Trace, error) {
	p, err := newPlan(req)
	if err != nil {
		return nil, err
	}
	client, closeIdle, err := newClient(opts)
	if err != nil {
		return nil, err
	}
	defer closeIdle()

	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}

	trace := &analyzer.Trace{Source: req.URL, Format: Format, Creator: Creator}
	if opts.Insecure && opts.Client == nil {
		trace.Warnings = append(trace.Warnings, fileWarning(InsecureWarning))
	}

	if p.mixedContent {
		trace.Exchanges = append(trace.Exchanges, p.blockedMixedContent())
		trace.Warnings = append(trace.Warnings, fileWarning(fmt.Sprintf(
			"nothing was sent: a page on %s cannot request the http URL %s, because browsers block mixed content before CORS applies", p.origin, p.url)))
		return trace, nil
	}

	if p.preflightNeeded {
		pre := send(ctx, client, timeout, p.preflightRequest())
		pre.Index = len(trace.Exchanges)
		pre.ResourceType = "preflight"
		pre.Initiator = analyzer.Initiator{Type: "preflight", URL: p.url}
		trace.Exchanges = append(trace.Exchanges, pre)

		if !req.Actual {
			return trace, nil
		}
		if reason := p.preflightFailure(&pre); reason != "" {
			trace.Warnings = append(trace.Warnings, fileWarning(
				"the actual request was not sent, because a browser does not send it after a failed preflight: "+reason))
			return trace, nil
		}
	}

	if ctx.Err() != nil {
		return trace, nil
	}
	actual := send(ctx, client, timeout, p.actualRequest())
	actual.Index = len(trace.Exchanges)
	actual.ResourceType = "fetch"
	trace.Exchanges = append(trace.Exchanges, actual)
	if req.Credentials {
		trace.Warnings = append(trace.Warnings, analyzer.Warning{Entry: actual.Index, Offset: -1,
			Message: "the actual request carries the placeholder cookie " + credentialsCookie + " to mark it as sent with credentials; the probe has no session cookies"})
	}
	return trace, nil
}

// fileWarning returns a warning about the trace as a whole.
func fileWarning(message string) analyzer.Warning {
	return analyzer.Warning{Entry: -1, Offset: -1, Message: message}
}

// PlaceholderValue returns the value the probe sends for a header that
// [Request.Headers] names without a value. The CORS-safelisted names get a
// typical value, so Accept stays safelisted and Content-Type becomes
// application/json, the usual script case. Authorization gets
// "Bearer placeholder" and every other name "placeholder".
func PlaceholderValue(name string) string {
	switch strings.ToLower(name) {
	case "accept":
		return "*/*"
	case "accept-language", "content-language":
		return "en"
	case "content-type":
		return "application/json"
	case "range":
		return "bytes=0-"
	case "authorization":
		return "Bearer placeholder"
	}
	return "placeholder"
}
