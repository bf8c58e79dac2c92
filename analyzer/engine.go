package analyzer

import (
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"
)

// pass carries one run of the rules over a trace.
type pass struct {
	trace   *Trace
	flows   []*flowState
	partner []int
	links   redirectLinks
	idx     *traceIndex
	// sanitized caches looksSanitized, which examines every flow.
	sanitized *bool
	disabled  map[string]bool
	findings  []*finding
}

// finding is a reported finding with what the engine needs to order it.
type finding struct {
	Finding
	rule    *Rule
	flow    *flowState
	ffOrder int // position in Firefox's check sequence
	repeats int // further occurrences a trace-wide rule folded into this one
}

// report records a finding of rule r about flow f (nil for trace-wide
// findings) on exchange subject, and returns it so the caller can add
// evidence, related exchanges and browser names.
func (p *pass) report(r *Rule, f *flowState, subject *Exchange, message string, evidence ...string) *finding {
	for i, line := range evidence {
		evidence[i] = clip(line)
	}
	fd := &finding{
		Finding: Finding{
			Rule:     r.ID,
			Severity: r.Severity,
			Title:    r.Title,
			Message:  clip(message),
			Exchange: RefOf(subject),
			Related:  []ExchangeRef{},
			Evidence: append([]string{}, evidence...),
			Fix:      r.Fix,
			Chromium: r.Chromium,
			Firefox:  r.Firefox,
		},
		rule:    r,
		flow:    f,
		ffOrder: r.order,
	}
	if f != nil {
		fd.Flow = f.id
		for _, e := range []*Exchange{f.preflight, f.actual} {
			if e != nil && e != subject {
				fd.Related = append(fd.Related, RefOf(e))
			}
		}
	}
	p.findings = append(p.findings, fd)
	return fd
}

func analyze(t *Trace, opts Options) (*Report, error) {
	if t == nil {
		return nil, errors.New("analyzer: nil trace")
	}
	p := &pass{trace: t, disabled: map[string]bool{}}
	for _, id := range opts.Disabled {
		p.disabled[id] = true
	}

	// Four passes over the exchanges that do not depend on each other.
	var ldHosts map[string]bool
	forEach(4, len(t.Exchanges) >= minParallelExchanges, func(i int) {
		switch i {
		case 0:
			p.partner = pairPreflights(t)
		case 1:
			p.links = linkRedirects(t)
		case 2:
			ldHosts = liveDataHosts(t)
		case 3:
			p.idx = exchangeIndex(t)
		}
	})
	p.flows = buildFlows(t, p.partner, p.links)
	for _, f := range p.flows {
		f.product, f.pageProduct = serverProduct(f.url, ldHosts), pageProduct(f.origin)
	}

	rules := Rules()
	flowResults := p.runFlows(rules)
	p.runTraceRules(rules)

	for _, fd := range p.findings {
		addProductHint(fd)
	}

	rep := &Report{
		Source:   t.Source,
		Format:   t.Format,
		Creator:  t.Creator,
		Flows:    flowResults,
		Findings: sortedFindings(p.findings),
		Warnings: t.Warnings,
	}
	if rep.Flows == nil {
		rep.Flows = []Flow{}
	}
	if rep.Warnings == nil {
		rep.Warnings = []Warning{}
	}
	rep.Summary = summarize(len(t.Exchanges), rep)
	return rep, nil
}

// runFlowRules runs every flow rule on f under its current credentials
// mode and returns the findings without recording them.
func (p *pass) runFlowRules(f *flowState, rules []*Rule) []*finding {
	saved := p.findings
	p.findings = nil
	for _, r := range rules {
		if r.check != nil && !p.disabled[r.ID] {
			r.check(p, r, f)
		}
	}
	out := p.findings
	p.findings = saved
	return out
}

// sortedFindings orders findings by flow (trace-wide last), severity
// (errors first), exchange index and rule id.
func sortedFindings(in []*finding) []Finding {
	sort.SliceStable(in, func(i, j int) bool {
		a, b := in[i], in[j]
		fa, fb := a.Flow, b.Flow
		if fa == 0 {
			fa = int(^uint(0) >> 1)
		}
		if fb == 0 {
			fb = int(^uint(0) >> 1)
		}
		if fa != fb {
			return fa < fb
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Exchange.Index != b.Exchange.Index {
			return a.Exchange.Index < b.Exchange.Index
		}
		return a.Rule < b.Rule
	})
	out := make([]Finding, len(in))
	for i, f := range in {
		out[i] = f.Finding
	}
	return out
}

func summarize(exchanges int, r *Report) Summary {
	s := Summary{Exchanges: exchanges, Flows: len(r.Flows)}
	for _, f := range r.Flows {
		switch f.Verdict {
		case Allowed:
			s.Allowed++
		case Blocked:
			s.Blocked++
		default:
			s.Undetermined++
		}
	}
	for _, f := range r.Findings {
		switch f.Severity {
		case SeverityError:
			s.Errors++
		case SeverityWarning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// maxTextLength bounds a message or evidence line. Header values come from
// the trace and can be megabytes long; a report quotes their start.
const maxTextLength = 1024

// clip shortens s to maxTextLength bytes, on a UTF-8 boundary, and says
// how much was left out.
func clip(s string) string {
	if len(s) <= maxTextLength {
		return s
	}
	cut := maxTextLength
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}
