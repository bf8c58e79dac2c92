package cli

import (
	"fmt"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Run lists every rule, or documents the one named by c.ID.
func (c *rulesCmd) Run(e *env) error {
	if c.ID == "" {
		return listRules(e)
	}
	rule, ok := analyzer.LookupRule(c.ID)
	if !ok {
		hint := "run \"tracecheck rules\" to list the rule ids"
		if near := nearestRuleID(c.ID); near != "" {
			hint = fmt.Sprintf("did you mean %q? Run \"tracecheck rules\" to list the rule ids", near)
		}
		return &exitError{code: exitUsage, err: fmt.Errorf("unknown rule %q: %s", c.ID, hint)}
	}
	return writeRuleDoc(e.stdout, rule)
}

// listRules prints the id, severity and title of every rule.
func listRules(e *env) error {
	rules := analyzer.Rules()
	if len(rules) == 0 {
		_, err := fmt.Fprintln(e.stdout, "No rules are registered.")
		return err
	}
	table := tablewriter.NewTable(e.stdout,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	table.Header("id", "severity", "title")
	for _, r := range rules {
		if err := table.Append([]string{r.ID, r.Severity.String(), r.Title}); err != nil {
			return fmt.Errorf("list rules: %w", err)
		}
	}
	if err := table.Render(); err != nil {
		return fmt.Errorf("list rules: %w", err)
	}
	_, err := fmt.Fprintf(e.stdout, "\n%d rules. Run \"tracecheck rules ID\" for the documentation of one.\n", len(rules))
	return err
}
