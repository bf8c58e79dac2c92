package analyzer

// Verdict is the outcome of one flow as a browser would decide it.
type Verdict string

// The verdicts.
const (
	// Allowed: the browser lets the script read the response.
	Allowed Verdict = "allowed"
	// Blocked: the browser refuses the request or the read of its response.
	Blocked Verdict = "blocked"
	// Undetermined: the trace lacks what the decision needs (a preflight
	// that was not recorded, cookies a sanitized export removed, or a mode
	// that the trace does not show).
	Undetermined Verdict = "undetermined"
)

// ExchangeRef points at one exchange of the trace.
type ExchangeRef struct {
	Index  int    `json:"index"`
	Method string `json:"method"`
	URL    string `json:"url"`
	Status int    `json:"status"`
}

// RefOf returns a reference to e.
func RefOf(e *Exchange) ExchangeRef {
	return ExchangeRef{Index: e.Index, Method: e.Method, URL: e.URL, Status: e.Status}
}

// Flow is one cross-origin request as the browser handled it: the actual
// request, the preflight sent for it when there was one, and the verdict.
type Flow struct {
	// ID numbers the flows of a report from 1.
	ID int `json:"id"`
	// Origin is the serialized origin of the page that made the request.
	Origin string `json:"origin"`
	// OriginSource names where Origin was read: "origin header",
	// "preflight", "referer" or "page".
	OriginSource string `json:"origin_source"`
	// Method and URL are those of the actual request (or, when only the
	// preflight was recorded, the method it asked for).
	Method string `json:"method"`
	URL    string `json:"url"`
	// Product names the contact-center product that served the request
	// (CUIC, Live Data) where the URL shows it; empty otherwise.
	Product string `json:"product,omitempty"`
	// Mode is the request mode ("cors", "no-cors", "navigate",
	// "same-origin") or "" when unknown. ModeEvidence names the evidence
	// that decided it.
	Mode         string `json:"mode"`
	ModeEvidence string `json:"mode_evidence"`
	// Credentials is "include", "omit" or "unknown". CredentialsEvidence
	// names the evidence that decided it.
	Credentials         string `json:"credentials"`
	CredentialsEvidence string `json:"credentials_evidence"`
	// PreflightRequired reports whether the method and headers need a
	// preflight by the Fetch standard, preflight cache aside.
	PreflightRequired bool `json:"preflight_required"`
	// Preflight and Actual are the paired exchanges; either may be nil.
	Preflight *ExchangeRef `json:"preflight"`
	Actual    *ExchangeRef `json:"actual"`
	// RedirectFrom is the redirect response that led to the actual
	// request, and RedirectTo is the request that followed the actual
	// request's own redirect. Both are nil outside redirect chains. Each
	// hop of a chain is a flow of its own, because each is checked alone.
	RedirectFrom *ExchangeRef `json:"redirect_from"`
	RedirectTo   *ExchangeRef `json:"redirect_to"`
	// Verdict is the outcome; Reason explains it in one sentence.
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
	// FirstFailure is the id of the rule behind the first failing check in
	// Chromium's order; empty unless the flow is blocked.
	FirstFailure string `json:"first_failure,omitempty"`
	// Chromium and Firefox are the names each browser's console reported
	// for the first failing check: a CDP CorsError name, a net:: error or a
	// Gecko console key. Both are empty unless the flow is blocked.
	Chromium string `json:"chromium,omitempty"`
	Firefox  string `json:"firefox,omitempty"`
}

// Finding is one problem or explanation a rule reported.
type Finding struct {
	// Rule is the stable rule id, for example "preflight-missing-allow-origin".
	Rule string `json:"rule"`
	// Severity is copied from the rule.
	Severity Severity `json:"severity"`
	// Title is the rule's title.
	Title string `json:"title"`
	// Message explains what the trace shows, naming the values involved.
	Message string `json:"message"`
	// Exchange is the exchange the finding is about.
	Exchange ExchangeRef `json:"exchange"`
	// Related lists other exchanges the finding rests on, such as the
	// paired preflight.
	Related []ExchangeRef `json:"related"`
	// Flow is the ID of the flow concerned, or 0 for a trace-wide finding.
	Flow int `json:"flow"`
	// Evidence quotes the header values and facts the finding rests on,
	// one per line.
	Evidence []string `json:"evidence"`
	// Fix says which server must change what.
	Fix string `json:"fix"`
	// Chromium and Firefox name what each browser reports for this
	// failure, where it reports anything.
	Chromium string `json:"chromium,omitempty"`
	Firefox  string `json:"firefox,omitempty"`
}

// Summary counts what a report holds.
type Summary struct {
	Exchanges    int `json:"exchanges"`
	Flows        int `json:"flows"`
	Allowed      int `json:"allowed"`
	Blocked      int `json:"blocked"`
	Undetermined int `json:"undetermined"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Infos        int `json:"infos"`
}

// Report is the result of analyzing one trace.
type Report struct {
	Source   string    `json:"source"`
	Format   Format    `json:"format"`
	Creator  string    `json:"creator"`
	Flows    []Flow    `json:"flows"`
	Findings []Finding `json:"findings"`
	Warnings []Warning `json:"warnings"`
	Summary  Summary   `json:"summary"`
}

// MaxSeverity returns the highest severity among the findings, and false
// when there are none.
func (r *Report) MaxSeverity() (Severity, bool) {
	if len(r.Findings) == 0 {
		return SeverityInfo, false
	}
	max := SeverityInfo
	for _, f := range r.Findings {
		if f.Severity > max {
			max = f.Severity
		}
	}
	return max, true
}
