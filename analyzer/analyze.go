package analyzer

// Options configures [Analyze]. The zero value runs every rule.
type Options struct {
	// Disabled lists rule ids that are not run.
	Disabled []string
}

// Analyze pairs the preflights of t with their actual requests, decides a
// verdict for every cross-origin flow and runs every registered rule. It
// returns an error only when t is nil; problems in the trace are findings.
//
// On a large trace Analyze runs its passes on up to GOMAXPROCS goroutines
// and returns when all have finished. The report is the same as on one
// goroutine. t must not change while Analyze runs.
func Analyze(t *Trace, opts Options) (*Report, error) {
	return analyze(t, opts)
}
