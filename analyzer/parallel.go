package analyzer

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// minParallelFlows is the number of flows below which the flow rules run
// on one goroutine: for fewer, starting goroutines costs more than it
// saves.
var minParallelFlows = 256

// minParallelExchanges is the number of exchanges below which the first
// passes of an analysis over all exchanges run one after the other.
var minParallelExchanges = 4096

// forEach calls fn(i) for every i in [0, n) and returns when all calls
// have returned. When parallel is true the calls run on up to GOMAXPROCS
// goroutines, so they must not depend on each other's order.
func forEach(n int, parallel bool, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if !parallel || workers < 2 || n < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// runFlows runs the flow rules on every flow and returns the flows with
// their verdicts. Each batch of consecutive flows runs on a copy of the
// pass that collects its own findings. The findings are then recorded in
// flow order, so the result equals that of a sequential run.
func (p *pass) runFlows(rules []*Rule) []Flow {
	// Build what the rules share before they run side by side.
	p.index()
	p.looksSanitized()

	out := make([]Flow, len(p.flows))
	batch := max(64, len(p.flows)/(8*runtime.GOMAXPROCS(0)))
	batches := (len(p.flows) + batch - 1) / batch
	found := make([][]*finding, batches)
	forEach(batches, len(p.flows) >= minParallelFlows, func(b int) {
		q := *p
		q.findings = nil
		for i := b * batch; i < min((b+1)*batch, len(p.flows)); i++ {
			out[i] = q.runFlow(p.flows[i], rules)
		}
		found[b] = q.findings
	})
	for _, fs := range found {
		p.findings = append(p.findings, fs...)
	}
	return out
}

// runTraceRules runs the trace-wide rules side by side. Each rule reads
// the findings of the flow rules, never those of another trace rule, and
// their findings are recorded in rule order.
func (p *pass) runTraceRules(rules []*Rule) {
	var list []*Rule
	for _, r := range rules {
		if r.checkTrace != nil && !p.disabled[r.ID] {
			list = append(list, r)
		}
	}
	// A full slice expression, so that an append by one rule never
	// writes into the array that the others read.
	base := p.findings[:len(p.findings):len(p.findings)]
	found := make([][]*finding, len(list))
	forEach(len(list), len(p.flows) >= minParallelFlows, func(i int) {
		q := *p
		q.findings = base
		list[i].checkTrace(&q, list[i])
		found[i] = q.findings[len(base):]
	})
	for _, fs := range found {
		p.findings = append(p.findings, fs...)
	}
}
