package analyzer

import "strings"

// traceIndex holds lookups over the whole trace that several rules need,
// built once on first use so that rules stay linear in the trace size.
type traceIndex struct {
	// byURL lists the non-preflight exchanges per URL without fragment,
	// for the URLs that some preflight was sent to, because rules look up
	// no other.
	byURL map[string][]int
	// methodsByOrigin is the set of upper-case methods sent to each
	// origin, for the origins that some preflight was sent to.
	methodsByOrigin map[string]map[string]bool
	// preflightsByTarget lists the flows with a preflight per origin and
	// URL without fragment, in file order.
	preflightsByTarget map[[2]string][]*flowState
}

// index returns the trace index of p, building on first use what is not
// built yet.
func (p *pass) index() *traceIndex {
	if p.idx == nil {
		p.idx = exchangeIndex(p.trace)
	}
	if p.idx.preflightsByTarget == nil {
		byTarget := map[[2]string][]*flowState{}
		for _, f := range p.flows {
			if f.preflight == nil {
				continue
			}
			k := [2]string{f.preflight.RequestHeaders.Value("Origin"), urlWithoutFragment(f.preflight.URL)}
			byTarget[k] = append(byTarget[k], f)
		}
		p.idx.preflightsByTarget = byTarget
	}
	return p.idx
}

// exchangeIndex builds the lookups of the trace index that need only the
// exchanges, not the flows.
func exchangeIndex(t *Trace) *traceIndex {
	// Only the URLs and origins of preflights are looked up, so on a large
	// trace most exchanges need no map entry.
	preflightURLs, preflightOrigins := map[string]bool{}, map[string]bool{}
	for i := range t.Exchanges {
		if e := &t.Exchanges[i]; isPreflight(e) {
			preflightURLs[urlWithoutFragment(e.URL)] = true
			preflightOrigins[originKey(e.URL)] = true
		}
	}

	idx := &traceIndex{
		byURL:           map[string][]int{},
		methodsByOrigin: map[string]map[string]bool{},
	}
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if u := urlWithoutFragment(e.URL); preflightURLs[u] && !isPreflight(e) {
			idx.byURL[u] = append(idx.byURL[u], i)
		}
		if key := originKey(e.URL); key != "" && preflightOrigins[key] {
			if idx.methodsByOrigin[key] == nil {
				idx.methodsByOrigin[key] = map[string]bool{}
			}
			idx.methodsByOrigin[key][upperASCII(e.Method)] = true
		}
	}
	return idx
}

func upperASCII(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' }) < 0 {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// originKey returns "scheme://authority" of an absolute URL in lower case,
// a cheap stand-in for its origin when URLs are only grouped, not
// compared with browser rules; "" when u has no authority.
func originKey(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	// The key is a prefix of u, so it needs no copy unless it has
	// capital letters.
	return strings.ToLower(u[:len(scheme)+len("://")+len(rest)])
}
