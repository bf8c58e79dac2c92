package analyzer

import (
	"sort"
	"time"
)

// Pairing windows. Current Chrome issues the actual request first and
// lists it 0 to 3 ms before its preflight; old Chrome and Firefox send it
// after the preflight completes. A request outside the window is a later
// call that the preflight cache served, not this preflight's partner.
const (
	maxActualBeforePreflight = time.Second
	maxActualAfterPreflight  = 5 * time.Second
)

// pairKey groups the requests a preflight can belong to: the same URL
// (fragment removed) and the method the preflight asked for.
type pairKey struct {
	url    string
	method string
}

// pairPreflights pairs every preflight in t with the actual request it was
// sent for and returns, for each exchange index, the index of its partner
// (-1 when unpaired). A candidate has the preflight's URL, the method named
// by Access-Control-Request-Method, a compatible Origin and no partner yet;
// the nearest in time wins, or without times the nearest that follows the
// preflight in the file.
func pairPreflights(t *Trace) []int {
	partner := make([]int, len(t.Exchanges))
	for i := range partner {
		partner[i] = -1
	}

	// Only requests to a URL that some preflight was sent to can pair.
	preflighted := map[string]bool{}
	for i := range t.Exchanges {
		if e := &t.Exchanges[i]; isPreflight(e) {
			preflighted[urlWithoutFragment(e.URL)] = true
		}
	}
	if len(preflighted) == 0 {
		return partner
	}

	candidates := map[pairKey][]int{}
	anyMethod := map[string][]int{}
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if isPreflight(e) {
			continue
		}
		u := urlWithoutFragment(e.URL)
		if !preflighted[u] {
			continue
		}
		k := pairKey{url: u, method: e.Method}
		candidates[k] = append(candidates[k], i)
		anyMethod[u] = append(anyMethod[u], i)
	}

	for i := range t.Exchanges {
		p := &t.Exchanges[i]
		if !isPreflight(p) {
			continue
		}
		var list []int
		if method, ok := p.RequestHeaders.Get("Access-Control-Request-Method"); ok {
			list = candidates[pairKey{url: urlWithoutFragment(p.URL), method: method}]
		} else {
			list = anyMethod[urlWithoutFragment(p.URL)]
		}
		if best := nearestCandidate(t, i, list, partner); best >= 0 {
			partner[i] = best
			partner[best] = i
		}
	}
	return partner
}

// originsCompatible reports whether the actual request a may belong to
// preflight p: when both carry an Origin header, the values are equal.
func originsCompatible(p, a *Exchange) bool {
	po, pok := p.RequestHeaders.Get("Origin")
	ao, aok := a.RequestHeaders.Get("Origin")
	return !pok || !aok || po == ao
}

// withinGap reports whether a started close enough to p to be its actual
// request: at most a second before the preflight, or at most five seconds
// after the preflight's response. Without times every candidate qualifies.
func withinGap(p, a *Exchange) bool {
	if !p.HasTime() || !a.HasTime() {
		return true
	}
	if a.Start.Before(p.Start) {
		return p.Start.Sub(a.Start) <= maxActualBeforePreflight
	}
	end := p.Start
	if p.Duration > 0 {
		end = end.Add(p.Duration)
	}
	return a.Start.Sub(end) <= maxActualAfterPreflight
}

// closer reports whether candidate a is a better partner for preflight p
// than candidate b; pp, pa and pb are their positions in the trace.
func closer(p, a, b *Exchange, pp, pa, pb int) bool {
	if p.HasTime() && a.HasTime() && b.HasTime() {
		da, db := absDuration(a.Start.Sub(p.Start)), absDuration(b.Start.Sub(p.Start))
		if da != db {
			return da < db
		}
	}
	// Without times, a request after the preflight beats one before it:
	// exporters without times list the preflight first.
	aAfter, bAfter := pa > pp, pb > pp
	if aAfter != bAfter {
		return aAfter
	}
	return absInt(pa-pp) < absInt(pb-pp)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// scanSlack is how far beyond the pairing window a scan goes before it
// stops: exporters sort entries by start time, but not always exactly.
const scanSlack = 5 * time.Second

// maxScanWithoutTimes bounds the candidates examined for a preflight in a
// trace without times, where no window ends the scan.
const maxScanWithoutTimes = 1000

// nearestCandidate returns the best unpaired partner for the preflight at
// position pi among list, the positions of its candidates in file order,
// or -1. Positions index t.Exchanges; they equal Exchange.Index only when
// the decoder skipped no entry. It scans
// outward from p's position and stops once candidates fall outside the
// pairing window, so pairing stays close to linear even when one URL is
// requested many thousands of times.
func nearestCandidate(t *Trace, pi int, list []int, partner []int) int {
	p := &t.Exchanges[pi]
	pos := sort.SearchInts(list, pi)
	best := -1
	consider := func(j int) {
		a := &t.Exchanges[j]
		if partner[j] >= 0 || !withinGap(p, a) || !originsCompatible(p, a) {
			return
		}
		if best < 0 || closer(p, a, &t.Exchanges[best], pi, j, best) {
			best = j
		}
	}
	timed := p.HasTime()
	for k, steps := pos, 0; k < len(list); k, steps = k+1, steps+1 {
		a := &t.Exchanges[list[k]]
		if timed && a.HasTime() && a.Start.Sub(p.Start) > pairingHorizon(p) {
			break
		}
		if !timed && steps >= maxScanWithoutTimes {
			break
		}
		consider(list[k])
		if !timed && best >= 0 {
			break // without times the first partner after the preflight wins
		}
	}
	for k, steps := pos-1, 0; k >= 0; k, steps = k-1, steps+1 {
		a := &t.Exchanges[list[k]]
		if timed && a.HasTime() && p.Start.Sub(a.Start) > maxActualBeforePreflight+scanSlack {
			break
		}
		if !timed && (steps >= maxScanWithoutTimes || best >= 0) {
			break
		}
		consider(list[k])
	}
	return best
}

// pairingHorizon is how long after p's start a scan for its partner goes.
func pairingHorizon(p *Exchange) time.Duration {
	d := maxActualAfterPreflight + scanSlack
	if p.Duration > 0 {
		d += p.Duration
	}
	return d
}
