package analyzer

import "errors"

type pass struct{}
type flowState struct{}

func analyze(t *Trace, opts Options) (*Report, error) {
	if t == nil {
		return nil, errors.New("analyzer: nil trace")
	}
	r := &Report{Source: t.Source, Format: t.Format, Creator: t.Creator, Flows: []Flow{}, Findings: []Finding{}, Warnings: t.Warnings}
	r.Summary.Exchanges = len(t.Exchanges)
	return r, nil
}
