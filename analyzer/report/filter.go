package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Filters selects the flows and findings a report shows. The zero value
// selects everything.
type Filters struct {
	// Origin keeps the flows whose page origin is this origin, compared
	// as origins are (scheme and host case-insensitively, a default port
	// equal to no port).
	Origin string
	// Host keeps the flows whose request URL has this host, compared
	// case-insensitively. With a port ("host:port") the port must match
	// too, the scheme's default port counting as given.
	Host string
	// Rules, when not empty, keeps only the findings of these rule ids.
	Rules []string
	// SkipRules hides the findings of these rule ids.
	SkipRules []string
	// MinSeverity hides findings of a lower severity.
	MinSeverity analyzer.Severity
}

// IsZero reports whether f selects everything.
func (f Filters) IsZero() bool {
	return f.Origin == "" && f.Host == "" && len(f.Rules) == 0 && len(f.SkipRules) == 0 && f.MinSeverity == analyzer.SeverityInfo
}

// Describe returns one line per filter in force, written as the
// command-line flag that sets it, such as "--host cuic.example.com".
func (f Filters) Describe() []string {
	var out []string
	if f.Origin != "" {
		out = append(out, "--origin "+f.Origin)
	}
	if f.Host != "" {
		out = append(out, "--host "+f.Host)
	}
	for _, id := range f.Rules {
		out = append(out, "--rule "+id)
	}
	for _, id := range f.SkipRules {
		out = append(out, "--skip-rule "+id)
	}
	if f.MinSeverity != analyzer.SeverityInfo {
		out = append(out, "--min-severity "+f.MinSeverity.String())
	}
	return out
}

// Validate checks that Origin is an origin and Host a host with an
// optional port.
func (f Filters) Validate() error {
	if f.Origin != "" {
		if _, err := analyzer.ParseOrigin(f.Origin); err != nil {
			return fmt.Errorf("invalid --origin: %w", err)
		}
	}
	if f.Host != "" {
		if _, _, err := splitHostPort(f.Host); err != nil {
			return fmt.Errorf("invalid --host: %w", err)
		}
	}
	return nil
}

// Apply returns a copy of r that holds the flows and findings f selects,
// with the summary counted again; r is not changed. A finding about a flow
// is kept when its flow is kept and it passes the rule and severity
// filters. A finding about the whole trace (flow 0) passes the rule and
// severity filters too, and with Host set it must be about an exchange on
// that host.
func (f Filters) Apply(r *analyzer.Report) *analyzer.Report {
	if f.IsZero() {
		return r
	}
	out := *r
	out.Flows = []analyzer.Flow{}
	kept := map[int]bool{}
	for _, flow := range r.Flows {
		if f.keepFlow(flow) {
			out.Flows = append(out.Flows, flow)
			kept[flow.ID] = true
		}
	}
	out.Findings = []analyzer.Finding{}
	for _, finding := range r.Findings {
		if finding.Flow != 0 && !kept[finding.Flow] {
			continue
		}
		if finding.Flow == 0 && f.Host != "" && !f.hostMatches(finding.Exchange.URL) {
			continue
		}
		if f.keepFinding(finding) {
			out.Findings = append(out.Findings, finding)
		}
	}
	out.Summary = recount(r.Summary.Exchanges, &out)
	return &out
}

func (f Filters) keepFlow(flow analyzer.Flow) bool {
	if f.Origin != "" && !originMatches(f.Origin, flow.Origin) {
		return false
	}
	if f.Host != "" && !f.hostMatches(flow.URL) {
		return false
	}
	return true
}

func (f Filters) keepFinding(finding analyzer.Finding) bool {
	if finding.Severity < f.MinSeverity {
		return false
	}
	if len(f.Rules) > 0 && !slices.Contains(f.Rules, finding.Rule) {
		return false
	}
	return !slices.Contains(f.SkipRules, finding.Rule)
}

// originMatches reports whether the flow origin got is the origin want.
func originMatches(want, got string) bool {
	if want == got {
		return true
	}
	w, err := analyzer.ParseOrigin(want)
	if err != nil {
		return false
	}
	g, err := analyzer.ParseOrigin(got)
	if err != nil {
		return false
	}
	return w.SameOrigin(g)
}

// hostMatches reports whether the host of rawURL is f.Host.
func (f Filters) hostMatches(rawURL string) bool {
	host, port, err := splitHostPort(f.Host)
	if err != nil {
		return false
	}
	o, err := analyzer.OriginOf(rawURL)
	if err != nil || o.Opaque {
		return false
	}
	if !strings.EqualFold(strings.Trim(o.Host, "[]"), host) {
		return false
	}
	return port == 0 || o.EffectivePort() == port
}

// splitHostPort splits "host", "host:port", "[v6]" or "[v6]:port" and
// returns port 0 when none is given. A bare IPv6 literal has no port.
func splitHostPort(s string) (host string, port int, err error) {
	if strings.ContainsAny(s, "/?#@ \t") {
		return "", 0, fmt.Errorf("%q is not a host: expected host or host:port, without scheme or path", s)
	}
	host, portText := s, ""
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", 0, fmt.Errorf("%q has no closing bracket after the IPv6 address", s)
		}
		host, portText = s[1:end], s[end+1:]
		if portText != "" {
			if portText[0] != ':' {
				return "", 0, fmt.Errorf("%q has text after the IPv6 address: expected [address]:port", s)
			}
			portText = portText[1:]
		}
	case strings.Count(s, ":") == 1:
		host, portText, _ = strings.Cut(s, ":")
	}
	if portText != "" || strings.HasSuffix(s, ":") {
		port, err = strconv.Atoi(portText)
		if err != nil || port <= 0 || port > 65535 {
			return "", 0, fmt.Errorf("%q has an invalid port: expected host:port with a port from 1 to 65535", s)
		}
	}
	host = strings.ToLower(host)
	if host == "" {
		return "", 0, fmt.Errorf("%q has an empty host", s)
	}
	return host, port, nil
}

// recount counts the flows and findings of r into a summary.
func recount(exchanges int, r *analyzer.Report) analyzer.Summary {
	c := countReports([]*analyzer.Report{r})
	return analyzer.Summary{
		Exchanges: exchanges, Flows: c.Flows,
		Allowed: c.Allowed, Blocked: c.Blocked, Undetermined: c.Undetermined,
		Errors: c.Errors, Warnings: c.Warnings, Infos: c.Infos,
	}
}

// FilterMiss describes filters that hide everything a report would
// otherwise show, so that an output can tell a filter that matches nothing,
// often a typo, from a trace without cross-origin requests or findings.
type FilterMiss struct {
	// Flows is a sentence, set when the trace has cross-origin flows and
	// the filters keep none of them, that names the filter and lists the
	// origins or hosts the trace's flows have.
	Flows string
	// Findings is a sentence, set when the flows the filters keep have
	// findings and the rule and severity filters hide all of them.
	Findings string
	// Origins are the page origins of the trace's flows before filtering,
	// in order of first appearance.
	Origins []string
	// Hosts are the request hosts of the trace's flows before filtering,
	// in order of first appearance. Each has its port, the scheme's
	// default port written out, so every one is a valid --host value.
	Hosts []string
}

// IsZero reports whether m describes no miss.
func (m FilterMiss) IsZero() bool {
	return m.Flows == "" && m.Findings == ""
}

// Miss compares the report before the filters with the one [Filters.Apply]
// returned and describes what the filters hid entirely. It returns the
// zero FilterMiss when f selects everything or when something of each kind
// is left.
func (f Filters) Miss(before, after *analyzer.Report) FilterMiss {
	if f.IsZero() || before == nil || after == nil {
		return FilterMiss{}
	}
	var m FilterMiss
	for _, flow := range before.Flows {
		if flow.Origin != "" && !slices.Contains(m.Origins, flow.Origin) {
			m.Origins = append(m.Origins, flow.Origin)
		}
		if host := hostPortOf(flow.URL); host != "" && !slices.Contains(m.Hosts, host) {
			m.Hosts = append(m.Hosts, host)
		}
	}
	if len(before.Flows) > 0 && len(after.Flows) == 0 {
		m.Flows = f.flowMissText(before, m)
	}

	flowFilters := Filters{Origin: f.Origin, Host: f.Host}
	shown := before
	if !flowFilters.IsZero() {
		shown = flowFilters.Apply(before)
	}
	if len(shown.Findings) > 0 && len(after.Findings) == 0 {
		var rules []string
		for _, finding := range shown.Findings {
			if !slices.Contains(rules, finding.Rule) {
				rules = append(rules, finding.Rule)
			}
		}
		slices.Sort(rules)
		findingFilters := Filters{Rules: f.Rules, SkipRules: f.SkipRules, MinSeverity: f.MinSeverity}
		m.Findings = fmt.Sprintf("No finding matches %s; the flows shown have %s, of the rules: %s",
			strings.Join(findingFilters.Describe(), ", "), plural(len(shown.Findings), "finding"), strings.Join(rules, ", "))
	}
	return m
}

// flowMissText words why no flow is left: the origin filter or the host
// filter matches no flow on its own, or the two match no flow together.
func (f Filters) flowMissText(before *analyzer.Report, m FilterMiss) string {
	originHits, hostHits := 0, 0
	for _, flow := range before.Flows {
		if f.Origin != "" && originMatches(f.Origin, flow.Origin) {
			originHits++
		}
		if f.Host != "" && f.hostMatches(flow.URL) {
			hostHits++
		}
	}
	origins := "the trace's flows come from: " + strings.Join(m.Origins, ", ")
	hosts := "the trace's flows go to: " + strings.Join(m.Hosts, ", ")
	switch {
	case f.Origin != "" && originHits == 0:
		return fmt.Sprintf("No flow matches --origin %s; %s", f.Origin, origins)
	case f.Host != "" && hostHits == 0:
		return fmt.Sprintf("No flow matches --host %s; %s", f.Host, hosts)
	}
	return fmt.Sprintf("No flow matches both --origin %s and --host %s; %s, and %s", f.Origin, f.Host, origins,
		strings.TrimPrefix(hosts, "the trace's flows "))
}

// hostPortOf returns the host of rawURL with its effective port, such as
// "cuic-sub.example.com:443", or "" when it has no host.
func hostPortOf(rawURL string) string {
	o, err := analyzer.OriginOf(rawURL)
	if err != nil || o.Opaque || o.Host == "" {
		return ""
	}
	host := o.Host
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	return host + ":" + strconv.Itoa(o.EffectivePort())
}
