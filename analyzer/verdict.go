package analyzer

import (
	"fmt"
	"strings"
)

// runFlow decides the credentials mode of f, runs the flow rules, records
// their findings and returns the flow with its verdict.
func (p *pass) runFlow(f *flowState, rules []*Rule) Flow {
	var chosen []*finding
	credentialsOpen := false
	openReason := ""

	switch known, include, evidence := p.knownCredentials(f); {
	case known:
		f.include = include
		f.credentials, f.credentialsEvidence = credentialsName(include), evidence
		chosen = p.runFlowRules(f, rules)
	default:
		f.include = false
		without := p.runFlowRules(f, rules)
		f.include = true
		with := p.runFlowRules(f, rules)
		blocksWithout, blocksWith := len(blockers(without)) > 0, len(blockers(with)) > 0

		switch {
		case blocksWithout == blocksWith:
			f.include = false
			chosen = without
			f.credentials, f.credentialsEvidence = "unknown", evidence+"; the verdict is the same with and without credentials"
		case f.actual != nil && isRequestBlockedMarker(f.actual):
			f.credentialsInferred = true
			f.include = blocksWith
			chosen = pick(blocksWith, with, without)
			f.credentials = credentialsName(f.include)
			f.credentialsEvidence = "inferred: the browser blocked the request, and only a request " + credentialsPhrase(f.include) + " fails these checks"
		case f.actualResponded() && f.actual.Error == "":
			f.credentialsInferred = true
			f.include = !blocksWith
			chosen = pick(f.include, with, without)
			f.credentials = credentialsName(f.include)
			f.credentialsEvidence = "inferred: the response reached the page, and only a request " + credentialsPhrase(f.include) + " passes these checks"
		default:
			f.include = false
			chosen = without
			credentialsOpen = true
			f.credentialsOpen = true
			openReason = firstChromium(blockers(with)).Message
			f.credentials, f.credentialsEvidence = "unknown", evidence
		}
	}

	flow := Flow{
		ID:                  f.id,
		Origin:              f.origin,
		OriginSource:        f.originSource,
		Method:              f.method,
		URL:                 f.url,
		Mode:                f.mode,
		ModeEvidence:        f.modeEvidence,
		Credentials:         f.credentials,
		CredentialsEvidence: f.credentialsEvidence,
		PreflightRequired:   f.preflightRequired,
		Product:             f.product,
	}
	if f.preflight != nil {
		ref := RefOf(f.preflight)
		flow.Preflight = &ref
	}
	if f.actual != nil {
		ref := RefOf(f.actual)
		flow.Actual = &ref
	}
	if f.redirectFrom != nil {
		ref := RefOf(f.redirectFrom)
		flow.RedirectFrom = &ref
	}
	if f.redirectTo != nil {
		ref := RefOf(f.redirectTo)
		flow.RedirectTo = &ref
	}

	block := blockers(chosen)
	switch {
	case f.mode == "" && len(block) > 0:
		first := firstChromium(block)
		chosen = withoutErrors(chosen)
		flow.Verdict = Undetermined
		flow.Reason = "the trace does not show whether a script (fetch or XMLHttpRequest) or a form submission sent this request; " +
			"a form submission is not subject to CORS, but a script's request is blocked: " + first.Message
	case credentialsOpen && f.actual == nil:
		flow.Verdict = Undetermined
		flow.Reason = "the actual request is not in the trace; the preflight passes for a request without credentials, " +
			"but a request with credentials (cookies) fails: " + openReason
	case credentialsOpen:
		flow.Verdict = Undetermined
		flow.Reason = "the verdict depends on the credentials mode, which the trace does not show: a request with credentials " +
			"(cookies) fails (" + openReason + ") and one without passes; capture the trace again without sanitizing it " +
			"(in Chrome: Export HAR with sensitive data) to decide"
	case len(block) > 0:
		first := firstChromium(block)
		ff := firstFirefox(block)
		flow.Verdict = Blocked
		flow.Reason = first.Message
		flow.FirstFailure = first.Rule
		flow.Chromium = first.Chromium
		flow.Firefox = ff.Firefox
		f.chromiumName = first.Chromium
	default:
		flow.Verdict, flow.Reason = passedVerdict(f)
	}

	p.findings = append(p.findings, chosen...)
	return flow
}

// knownCredentials returns the credentials mode when the trace shows it.
// A mode the recorder stated wins. Then a Cookie header means include, and
// a request that reached the server without one in an unsanitized trace
// sent none. Otherwise known is false and evidence explains why the mode
// is open.
func (p *pass) knownCredentials(f *flowState) (known, include bool, evidence string) {
	for _, e := range []*Exchange{f.actual, f.preflight} {
		if e != nil && e.Credentials != "" {
			return true, e.Credentials == CredentialsInclude, "credentials mode " + e.Credentials + " stated by the recorder of " + entryLabel(e)
		}
	}
	if f.actual != nil && f.actual.RequestHeaders.Has("Cookie") {
		return true, true, "Cookie header on " + entryLabel(f.actual)
	}
	if f.actual == nil {
		return false, false, "the actual request is not in the trace and a preflight never carries cookies"
	}
	if !f.actual.HasResponse() || f.actual.Error != "" {
		return false, false, "the request was stopped before the browser recorded its final headers"
	}
	if p.looksSanitized() {
		return false, false, "the export was sanitized (a preflight announced Authorization that the recorded request lacks), so missing cookies prove nothing"
	}
	return true, false, "no Cookie header on " + entryLabel(f.actual) + ", which the server received"
}

// looksSanitized reports whether the trace shows signs of a HAR export that
// removed Cookie, Authorization and Set-Cookie headers: a preflight that
// announced Authorization for an actual request recorded without it.
// SAML-tracer never records Authorization (browsers hide it from extensions)
// but does record cookies, so the sign means nothing there.
func (p *pass) looksSanitized() bool {
	if p.sanitized == nil {
		v := p.findSanitizedSign()
		p.sanitized = &v
	}
	return *p.sanitized
}

func (p *pass) findSanitizedSign() bool {
	if p.trace.Format == FormatSAMLTracer {
		return false
	}
	for _, f := range p.flows {
		if f.preflight == nil || !f.actualResponded() {
			continue
		}
		if containsFold(f.unsafeNames(), "authorization") && !f.actual.RequestHeaders.Has("Authorization") {
			return true
		}
	}
	return false
}

// passedVerdict returns the verdict of a flow on which no check failed.
func passedVerdict(f *flowState) (Verdict, string) {
	switch {
	case f.actual != nil && isRequestBlockedMarker(f.actual):
		return Undetermined, fmt.Sprintf("the browser reported %s for %s, but the recorded headers pass every CORS check; "+
			"the cause is not in the trace (a response that differs from the recorded one, an extension, or a cancelled request)",
			f.actual.Error, entryLabel(f.actual))
	case f.actual == nil:
		return Undetermined, "the preflight passed, but the actual request is not in the trace (the capture ended, or the exporter left it out)"
	case !f.actual.HasResponse():
		if f.actual.Error != "" {
			return Undetermined, "the request failed with " + f.actual.Error + " before a response arrived"
		}
		return Undetermined, "the trace records no response for the request"
	}
	if f.redirectTo != nil {
		return Allowed, fmt.Sprintf("the %d redirect passes the CORS check; the browser followed it to %s (%s)", f.actual.Status, f.redirectTo.URL, entryLabel(f.redirectTo))
	}
	if f.preflight != nil {
		return Allowed, "the preflight and the response pass every CORS check"
	}
	return Allowed, "the response passes every CORS check"
}

func credentialsName(include bool) string {
	if include {
		return "include"
	}
	return "omit"
}

func credentialsPhrase(include bool) string {
	if include {
		return "with credentials"
	}
	return "without credentials"
}

func pick(first bool, a, b []*finding) []*finding {
	if first {
		return a
	}
	return b
}

// blockers returns the findings of error severity: checks that make the
// browser block the flow.
func blockers(in []*finding) []*finding {
	var out []*finding
	for _, f := range in {
		if f.Severity == SeverityError {
			out = append(out, f)
		}
	}
	return out
}

func withoutErrors(in []*finding) []*finding {
	var out []*finding
	for _, f := range in {
		if f.Severity != SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// firstChromium returns the blocker Chromium reports: the lowest check in
// its order, preferring the parent rule over its refinements.
func firstChromium(block []*finding) *finding {
	best := block[0]
	for _, f := range block[1:] {
		if f.rule.order < best.rule.order || f.rule.order == best.rule.order && best.rule.Refines != "" && f.rule.Refines == "" {
			best = f
		}
	}
	return best
}

// firstFirefox returns the blocker Firefox reports first.
func firstFirefox(block []*finding) *finding {
	best := block[0]
	for _, f := range block[1:] {
		if f.ffOrder < best.ffOrder || f.ffOrder == best.ffOrder && best.rule.Refines != "" && f.rule.Refines == "" {
			best = f
		}
	}
	return best
}

// joinNames renders a list of names for a message.
func joinNames(names []string) string {
	return strings.Join(names, ", ")
}
