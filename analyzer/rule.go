package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// Rule is one check of the catalogue: a stable id, its documentation, a bad
// and a good example, and the function that runs it. Rules are values
// registered in one place; see [Rules].
type Rule struct {
	// ID is the stable kebab-case id, for example "preflight-status-not-ok".
	ID string
	// Severity of every finding the rule reports.
	Severity Severity
	// Title is a lowercase summary of at most 60 characters, no period.
	Title string
	// Doc explains in full sentences what the rule checks and why.
	Doc string
	// Chromium and Firefox name what each browser reports when the rule
	// fires: a CDP CorsError name, a net:: error, a Gecko console key; ""
	// when the browser reports nothing.
	Chromium string
	Firefox  string
	// Fix says which server must change what.
	Fix string
	// Refines is the id of the rule this one makes more specific; both
	// fire together.
	Refines string
	// Bad is a trace on which the rule fires; Good one on which it stays
	// silent.
	Bad, Good Example

	// order places an error rule in Chromium's check sequence.
	order int
	// check runs the rule on one flow.
	check func(p *pass, r *Rule, f *flowState)
	// checkTrace runs the rule once over the whole trace.
	checkTrace func(p *pass, r *Rule)
}

// Example is a small trace that shows a rule's case.
type Example struct {
	// Description says what the example shows.
	Description string
	// Exchanges are the recorded requests, in file order.
	Exchanges []Exchange
}

var registry = map[string]*Rule{}

// register adds rules to the registry; it panics on a duplicate id, which
// is a programming error caught by every test run.
func register(rules ...*Rule) {
	for _, r := range rules {
		if _, dup := registry[r.ID]; dup {
			panic(fmt.Sprintf("analyzer: rule id %q registered twice", r.ID))
		}
		registry[r.ID] = r
	}
}

// Rules returns every registered rule, sorted by severity (errors first)
// and then by id.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Severity != out[j].Severity {
			return out[i].Severity > out[j].Severity
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// LookupRule returns the rule with the given id.
func LookupRule(id string) (*Rule, bool) {
	r, ok := registry[id]
	return r, ok
}

// Validate reports what is missing from r's documentation: an id that is
// not kebab-case, an empty or overlong title, an empty Doc or Fix, or an
// example without exchanges.
func (r *Rule) Validate() error {
	var problems []string
	if r.ID == "" || strings.ToLower(r.ID) != r.ID || strings.ContainsAny(r.ID, " _") {
		problems = append(problems, "id must be lowercase kebab-case")
	}
	if r.Title == "" || len(r.Title) > 60 || strings.HasSuffix(r.Title, ".") || strings.ToLower(r.Title[:1]) != r.Title[:1] {
		problems = append(problems, "title must be lowercase, at most 60 characters, with no period")
	}
	if strings.TrimSpace(r.Doc) == "" {
		problems = append(problems, "doc is empty")
	}
	if strings.TrimSpace(r.Fix) == "" {
		problems = append(problems, "fix is empty")
	}
	if len(r.Bad.Exchanges) == 0 || len(r.Good.Exchanges) == 0 {
		problems = append(problems, "bad and good examples need exchanges")
	}
	if r.check == nil && r.checkTrace == nil {
		problems = append(problems, "no check function")
	}
	if r.Refines != "" {
		if _, ok := registry[r.Refines]; !ok {
			problems = append(problems, fmt.Sprintf("refines unknown rule %q", r.Refines))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("rule %s: %s", r.ID, strings.Join(problems, "; "))
	}
	return nil
}
