package analyzer

import (
	"net/url"
	"sort"
	"strings"
	"time"
)

// maxRedirectHopGap is the longest time between a redirect response and
// the request that follows it. Browsers follow a redirect at once, so the
// next hop starts within milliseconds of the redirect's end.
const maxRedirectHopGap = 5 * time.Second

// redirectLinks records which exchange followed which redirect: next[i]
// is the index of the hop that followed exchange i, prev[j] the redirect
// that led to exchange j, -1 where there is none.
type redirectLinks struct {
	next, prev []int
}

// redirectTarget returns the absolute URL a redirect response of e points
// to, resolved against e's URL, or "" when e is not a redirect.
func redirectTarget(e *Exchange) string {
	if !e.HasResponse() || !isRedirectStatus(e.Status) {
		return ""
	}
	location := e.ResponseHeaders.Value("Location")
	if location == "" {
		location = e.RedirectURL
	}
	if location == "" {
		return ""
	}
	base, err := url.Parse(e.URL)
	if err != nil {
		return location
	}
	ref, err := url.Parse(location)
	if err != nil {
		return location
	}
	return base.ResolveReference(ref).String()
}

// linkRedirects finds, for every redirect response in t, the exchange that
// followed it: the first later request in the file to the redirect target
// that is not a preflight and not already a hop. Exchanges are matched by
// URL with the fragment removed; the scan stops once candidates start too
// long after the redirect.
func linkRedirects(t *Trace) redirectLinks {
	n := len(t.Exchanges)
	links := redirectLinks{next: make([]int, n), prev: make([]int, n)}
	for i := range links.next {
		links.next[i], links.prev[i] = -1, -1
	}

	// Only requests to a URL that some redirect points to can follow one.
	// redirects lists the redirect responses with their targets.
	type redirect struct {
		pos    int
		target string // without fragment
	}
	var redirects []redirect
	targets := map[string]bool{}
	for i := range t.Exchanges {
		if target := redirectTarget(&t.Exchanges[i]); target != "" {
			u := urlWithoutFragment(target)
			redirects = append(redirects, redirect{pos: i, target: u})
			targets[u] = true
		}
	}
	if len(redirects) == 0 {
		return links
	}

	byURL := map[string][]int{}
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if u := urlWithoutFragment(e.URL); targets[u] && !isPreflight(e) {
			byURL[u] = append(byURL[u], i)
		}
	}

	for _, rd := range redirects {
		i, a := rd.pos, &t.Exchanges[rd.pos]
		list := byURL[rd.target]
		start := sort.SearchInts(list, i+1)
		for k := start; k < len(list) && k-start < maxScanWithoutTimes; k++ {
			j := list[k]
			b := &t.Exchanges[j]
			if a.HasTime() && b.HasTime() && b.Start.Sub(a.Start) > maxRedirectHopGap+scanSlack+max(a.Duration, 0) {
				break
			}
			if links.prev[j] >= 0 || !followsRedirect(a, b, i, j) {
				continue
			}
			links.next[i], links.prev[j] = j, i
			break
		}
	}
	return links
}

// followsRedirect reports whether b, at position j, can be the request
// that followed the redirect response a, at position i: later in time (or,
// without times, later in the file) and close to a's end.
func followsRedirect(a, b *Exchange, i, j int) bool {
	if !a.HasTime() || !b.HasTime() {
		return j > i
	}
	if b.Start.Before(a.Start) {
		return false
	}
	end := a.Start
	if a.Duration > 0 {
		end = end.Add(a.Duration)
	}
	return b.Start.Sub(end) <= maxRedirectHopGap
}

// chainStart returns the first exchange of the redirect chain that i
// belongs to.
func (l redirectLinks) chainStart(i int) int {
	seen := 0
	for l.prev[i] >= 0 && seen <= len(l.prev) {
		i = l.prev[i]
		seen++
	}
	return i
}

// chainLength returns the number of redirects before exchange i in its chain.
func (l redirectLinks) hopsBefore(i int) int {
	n := 0
	for l.prev[i] >= 0 && n <= len(l.prev) {
		i = l.prev[i]
		n++
	}
	return n
}

// isHTTPScheme reports whether scheme is http or https.
func isHTTPScheme(scheme string) bool {
	scheme = strings.ToLower(scheme)
	return scheme == "http" || scheme == "https"
}
