package analyzer_test

import (
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

// catalogue lists the id of every rule of the CORS rule catalogue; each
// must be registered, and nothing else may be.
var catalogue = []string{
	"preflight-required-method", "preflight-required-header", "preflight-required-content-type",
	"preflight-required-value-length", "preflight-forced-by-client", "preflight-not-in-trace",
	"preflight-cache-hit", "preflight-cache-key-miss", "options-not-a-preflight",
	"preflight-network-error", "preflight-status-not-ok", "preflight-rejected-by-auth",
	"preflight-options-unhandled", "preflight-redirect", "preflight-missing-allow-origin",
	"preflight-allow-origin-mismatch", "preflight-multiple-allow-origin", "preflight-invalid-allow-origin",
	"preflight-wildcard-origin-with-credentials", "preflight-allow-credentials-not-true",
	"preflight-invalid-allow-methods", "preflight-invalid-allow-headers", "preflight-method-not-allowed",
	"preflight-method-case-mismatch", "preflight-method-wildcard-with-credentials",
	"preflight-header-not-allowed", "preflight-header-wildcard-with-credentials",
	"preflight-authorization-not-covered-by-wildcard", "preflight-private-network-not-allowed",
	"missing-allow-origin", "cors-headers-only-on-preflight", "error-status-without-cors-headers",
	"allow-origin-mismatch", "allow-origin-trailing-slash-or-path", "allow-origin-scheme-mismatch",
	"allow-origin-port-mismatch", "allow-origin-case-mismatch", "allow-origin-null-mismatch",
	"multiple-allow-origin", "invalid-allow-origin", "wildcard-origin-with-credentials",
	"allow-credentials-not-true", "revalidation-304-inherits-cors", "side-effect-despite-cors-block",
	"redirect-missing-cors-headers", "redirect-tainted-origin-null", "redirect-target-rejects-null-origin",
	"redirect-location-has-credentials", "redirect-drops-authorization", "redirect-rewrites-method",
	"redirect-triggers-new-preflight", "redirect-limit-exceeded", "redirect-to-non-http-scheme",
	"cors-disabled-scheme", "disallowed-by-mode", "no-cors-redirect-mode-not-follow", "no-cors-opaque-response",
	"mixed-content-blocked", "network-error-not-cors", "local-network-access",
	"expose-headers-wildcard-with-credentials", "response-header-not-exposed", "expose-headers-forbidden-name",
	"max-age-above-browser-cap", "max-age-invalid", "max-age-absent-or-zero",
	"origin-reflection-with-credentials", "null-origin-allowed", "wildcard-and-credentials-config",
	"missing-vary-origin", "preflight-missing-vary", "insecure-origin-trusted", "suspicious-origin-match",
	"wildcard-origin-on-private-network", "overly-broad-allow-methods", "overly-broad-allow-headers",
	"allow-credentials-meaningless-value",
	"credentials-mode-inferred", "har-sanitized", "ua-added-headers-ignored",
}

// projectRules lists the rules tracecheck adds beyond the catalogue.
var projectRules = []string{"allowed-origin-differs-between-servers"}

func TestCatalogueRegistered(t *testing.T) {
	want := map[string]bool{}
	for _, id := range projectRules {
		want[id] = true
	}
	for _, id := range catalogue {
		want[id] = true
		if _, ok := analyzer.LookupRule(id); !ok {
			t.Errorf("rule %s is not registered", id)
		}
	}
	for _, r := range analyzer.Rules() {
		if !want[r.ID] {
			t.Errorf("rule %s is registered but not in the catalogue", r.ID)
		}
	}
	if len(catalogue) != 80 {
		t.Errorf("catalogue lists %d ids, want 80", len(catalogue))
	}
}

func TestRulesValidate(t *testing.T) {
	rules := analyzer.Rules()
	if len(rules) == 0 {
		t.Fatal("no rules registered")
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// TestRuleExamples runs every rule's bad example, which must make the rule
// fire, and its good example, which must not.
func TestRuleExamples(t *testing.T) {
	for _, r := range analyzer.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			bad := runExample(t, r.Bad)
			if !hasRule(bad, r.ID) {
				t.Errorf("bad example (%s) does not fire %s; findings: %s; flows: %+v", r.Bad.Description, r.ID, findingList(bad), bad.Flows)
			}
			good := runExample(t, r.Good)
			if hasRule(good, r.ID) {
				t.Errorf("good example (%s) fires %s; findings: %s", r.Good.Description, r.ID, findingList(good))
			}
			if r.Severity == analyzer.SeverityError && !traceWideOnly(bad, r.ID) {
				if !anyVerdict(bad, analyzer.Blocked) {
					t.Errorf("bad example of an error rule has no blocked flow: %+v", bad.Flows)
				}
				if anyVerdict(good, analyzer.Blocked) {
					t.Errorf("good example of an error rule has a blocked flow: %+v", good.Flows)
				}
			}
		})
	}
}

func runExample(t *testing.T, ex analyzer.Example) *analyzer.Report {
	t.Helper()
	trace := &analyzer.Trace{Source: "example", Format: analyzer.FormatHAR, Exchanges: append([]analyzer.Exchange(nil), ex.Exchanges...)}
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func hasRule(rep *analyzer.Report, id string) bool {
	for _, f := range rep.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func anyVerdict(rep *analyzer.Report, v analyzer.Verdict) bool {
	for _, f := range rep.Flows {
		if f.Verdict == v {
			return true
		}
	}
	return false
}

// traceWideOnly reports whether every finding of rule id in rep concerns
// the trace as a whole (flow 0), such as a no-cors request, which forms no
// CORS flow and so has no verdict.
func traceWideOnly(rep *analyzer.Report, id string) bool {
	for _, f := range rep.Findings {
		if f.Rule == id && f.Flow != 0 {
			return false
		}
	}
	return true
}
