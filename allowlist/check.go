package allowlist

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// maxHostDistance is the largest edit distance between host names that
// still counts as a typo of the same host.
const maxHostDistance = 2

// Kind names one way an entry differs from the origin it should admit.
type Kind string

// The kinds of difference [List.Check] reports.
const (
	// SchemeMissing: the entry has no "scheme://".
	SchemeMissing Kind = "scheme-missing"
	// SchemeDiffers: the entry has another scheme, usually http for https.
	SchemeDiffers Kind = "scheme-differs"
	// HostTypo: the host differs by one or two letters; see Difference.Distance.
	HostTypo Kind = "host-typo"
	// PortMissing: the origin has a non-default port and the entry has none.
	PortMissing Kind = "port-missing"
	// PortExtra: the entry has a port and the origin has none, because
	// the page runs on the scheme's default port. This includes an entry
	// that spells out the default port (:443), which no Origin header
	// carries.
	PortExtra Kind = "port-extra"
	// PortDifferent: both have a port, and the ports differ.
	PortDifferent Kind = "port-different"
	// Path: the entry has a trailing slash or a path after the port.
	Path Kind = "path"
	// Case: the entry's scheme or host has upper-case letters, and an
	// Origin header is always lower case.
	Case Kind = "case"
	// Other: the entry differs in a way none of the kinds above describes;
	// Detail quotes the entry's parse error.
	Other Kind = "other"
)

// Difference is one way an entry differs from the checked origin.
type Difference struct {
	Kind Kind
	// Distance is the edit distance between the host names for HostTypo,
	// else 0.
	Distance int
	// Detail describes the difference in words, naming both values.
	Detail string
}

// Verdict is the result of [List.Check] for one origin.
type Verdict struct {
	// Origin is the origin checked, serialized as a browser sends it in
	// the Origin header.
	Origin string
	// Err is set when the checked origin itself is invalid; the other
	// fields are then empty.
	Err error
	// Allowed reports whether the list admits Origin.
	Allowed bool
	// Match is the entry that admits Origin: the exact entry, or "*"
	// when no exact entry exists. Nil unless Allowed.
	Match *Entry
	// Nearest is the entry closest to Origin when the list does not admit
	// it: same host or a host at most two edits away. Nil when Allowed or
	// when no entry is that close.
	Nearest *Entry
	// Differences lists every way Nearest differs from Origin.
	Differences []Difference
	// Add is the exact entry to add to the list so that it admits Origin;
	// "" when Allowed.
	Add string
	// Patterns holds, when the list does not admit Origin, each pattern
	// entry (see [Entry.IsPattern]) and whether it would match Origin if
	// the server expanded patterns. A trace cannot show whether it does.
	Patterns []PatternMatch
}

// PatternMatch is a pattern entry checked against an origin.
type PatternMatch struct {
	Entry *Entry
	// Matches reports whether the pattern describes the origin.
	Matches bool
	// Detail explains why it matches or not, naming both values.
	Detail string
}

// Has reports whether the verdict lists a difference of kind k.
func (v Verdict) Has(k Kind) bool {
	for _, d := range v.Differences {
		if d.Kind == k {
			return true
		}
	}
	return false
}

// String renders the verdict as one line for a terminal.
func (v Verdict) String() string {
	switch {
	case v.Err != nil:
		return v.Err.Error()
	case v.Allowed && v.Match != nil && v.Match.IsWildcard():
		return fmt.Sprintf("%s is allowed by the wildcard entry * (line %d)", v.Origin, v.Match.Line)
	case v.Allowed:
		return fmt.Sprintf("%s is allowed (line %d)", v.Origin, v.Match.Line)
	}
	var text string
	if v.Nearest == nil {
		text = fmt.Sprintf("%s is not allowed; add %s", v.Origin, v.Add)
	} else {
		details := make([]string, len(v.Differences))
		for i, d := range v.Differences {
			details[i] = d.Detail
		}
		text = fmt.Sprintf("%s is not allowed; the nearest entry %q (line %d) differs: %s; add %s",
			v.Origin, v.Nearest.Raw, v.Nearest.Line, strings.Join(details, "; "), v.Add)
	}
	for _, p := range v.Patterns {
		text += "; " + p.String()
	}
	return text
}

// String describes the pattern check in one sentence, saying that only a
// server that expands patterns would use the entry.
func (p PatternMatch) String() string {
	would := "would not match"
	if p.Matches {
		would = "would match"
	}
	return fmt.Sprintf("the pattern entry %s (line %d) %s if the server expanded patterns (%s); the trace cannot show whether it does",
		p.Entry.Raw, p.Entry.Line, would, p.Detail)
}

// Check reports whether the list admits origin the way the server compares
// the Origin header: byte for byte against each entry, with "*" admitting
// every origin. origin is first serialized as a browser would send it
// (lower case, default port omitted), so "https://Finesse.example.com:443"
// is checked as "https://finesse.example.com".
//
// When the list does not admit origin, Check names the nearest entry and
// every difference between the two, and the entry to add.
func (l *List) Check(origin string) Verdict {
	o, err := analyzer.ParseOrigin(strings.TrimSpace(origin))
	if err != nil {
		return Verdict{Origin: origin, Err: fmt.Errorf("%w; give the page's origin as scheme://host[:port], for example https://finesse.example.com:8445", err)}
	}
	serialized := o.String()
	v := Verdict{Origin: serialized}

	var wildcard *Entry
	for i := range l.Entries {
		e := &l.Entries[i]
		if e.Raw == serialized {
			v.Allowed, v.Match = true, e
			return v
		}
		if e.IsWildcard() && wildcard == nil {
			wildcard = e
		}
	}
	if wildcard != nil {
		v.Allowed, v.Match = true, wildcard
		return v
	}

	v.Add = serialized
	if o.Opaque {
		return v
	}
	for i := range l.Entries {
		if e := &l.Entries[i]; e.IsPattern() && e.Valid() {
			matches, detail := matchPattern(e, o)
			v.Patterns = append(v.Patterns, PatternMatch{Entry: e, Matches: matches, Detail: detail})
		}
	}
	bestScore := -1
	for i := range l.Entries {
		e := &l.Entries[i]
		diffs, ok := compare(e, o)
		if !ok {
			continue
		}
		score := diffScore(diffs)
		if !e.Valid() {
			// On a tie, an entry the server can read is the better hint.
			score++
		}
		if bestScore < 0 || score < bestScore {
			bestScore, v.Nearest, v.Differences = score, e, diffs
		}
	}
	return v
}

// diffScore ranks the differences of a candidate nearest entry, lower
// being nearer. A difference in letter case weighs least, because the
// entry names the right origin; a host typo weighs by its distance.
func diffScore(diffs []Difference) int {
	score := 0
	for _, d := range diffs {
		if d.Kind == Case {
			score += 2
			continue
		}
		score += 10
	}
	return score*10 + hostDistanceOf(diffs)
}

// matchPattern reports whether the pattern entry e describes origin o, as
// a server that expands patterns would read it. The scheme and the port
// (the scheme's default when none is written) must be equal, and "*"
// matches one or more characters of the host.
func matchPattern(e *Entry, o analyzer.Origin) (bool, string) {
	pattern := e.Origin
	if pattern.Scheme != o.Scheme {
		return false, fmt.Sprintf("the scheme %s differs from %s", pattern.Scheme, o.Scheme)
	}
	if !globMatch(pattern.Host, o.Host) {
		return false, fmt.Sprintf("the host %s does not fit %s", o.Host, pattern.Host)
	}
	patternPort := pattern.Port
	if patternPort == 0 {
		patternPort = analyzer.Origin{Scheme: pattern.Scheme}.EffectivePort()
	}
	if patternPort != o.EffectivePort() {
		if e.form.portText == "" {
			return false, fmt.Sprintf("the host fits, but the pattern has no port, so it stands for port %d, and the page runs on port %d",
				patternPort, o.EffectivePort())
		}
		return false, fmt.Sprintf("the host fits, but the port is %d instead of %d", patternPort, o.EffectivePort())
	}
	return true, fmt.Sprintf("the pattern fits %s", o.String())
}

// globMatch reports whether host fits pattern, in which each "*" stands
// for one or more characters.
func globMatch(pattern, host string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == host
	}
	prefix := pattern[:star]
	if !strings.HasPrefix(host, prefix) {
		return false
	}
	rest := host[len(prefix):]
	for i := 1; i <= len(rest); i++ {
		if globMatch(pattern[star+1:], rest[i:]) {
			return true
		}
	}
	return false
}

// hostDistanceOf returns the host edit distance recorded in diffs, or 0.
func hostDistanceOf(diffs []Difference) int {
	for _, d := range diffs {
		if d.Kind == HostTypo {
			return d.Distance
		}
	}
	return 0
}

// compare lists the differences between entry e and origin o. ok is false
// when e is not near o: a wildcard, "null", an unreadable entry or a host
// more than maxHostDistance edits away.
func compare(e *Entry, o analyzer.Origin) (diffs []Difference, ok bool) {
	if e.IsWildcard() || e.IsPattern() || e.Origin.Opaque || e.Origin.Host == "" {
		return nil, false
	}
	distance := editDistance(e.Origin.Host, o.Host)
	if distance > maxHostDistance {
		return nil, false
	}

	entryScheme, entryHost := rawSchemeAndHost(e.Raw)
	switch {
	case e.form.schemeMissing:
		diffs = append(diffs, Difference{Kind: SchemeMissing,
			Detail: fmt.Sprintf("the scheme is missing (%s://)", o.Scheme)})
	case e.Origin.Scheme != o.Scheme:
		diffs = append(diffs, Difference{Kind: SchemeDiffers,
			Detail: fmt.Sprintf("the scheme is %s instead of %s", e.Origin.Scheme, o.Scheme)})
	}

	if distance > 0 {
		diffs = append(diffs, Difference{Kind: HostTypo, Distance: distance,
			Detail: fmt.Sprintf("the host %q is %d %s away from %q", e.Origin.Host, distance, plural(distance, "edit", "edits"), o.Host)})
	}

	if d, found := portDifference(e, o); found {
		diffs = append(diffs, d)
	}

	if e.form.path == "/" {
		diffs = append(diffs, Difference{Kind: Path, Detail: "the entry ends with a trailing slash"})
	} else if e.form.path != "" {
		diffs = append(diffs, Difference{Kind: Path, Detail: fmt.Sprintf("the entry has the path %q", e.form.path)})
	}

	if entryScheme != strings.ToLower(entryScheme) || entryHost != strings.ToLower(entryHost) {
		detail := "the entry has upper-case letters, and an Origin header is always lower case"
		if len(diffs) == 0 {
			detail = fmt.Sprintf("the entry differs from %s only in letter case; a browser sends the Origin header in lower case, "+
				"and servers compare the serialized origin, in most implementations case-sensitively, so the entry does not match; add %s",
				o.String(), o.String())
		}
		diffs = append(diffs, Difference{Kind: Case, Detail: detail})
	}

	if len(diffs) == 0 {
		detail := fmt.Sprintf("the entry %q is not written as %s", e.Raw, o.String())
		if e.Err != nil {
			detail = e.Err.Error()
		}
		diffs = append(diffs, Difference{Kind: Other, Detail: detail})
	}
	return diffs, true
}

// portDifference compares the port as written in e with the port of o.
func portDifference(e *Entry, o analyzer.Origin) (Difference, bool) {
	text := e.form.portText
	switch {
	case text == "" && o.Port != 0:
		return Difference{Kind: PortMissing,
			Detail: fmt.Sprintf("the port is missing: the page runs on port %d", o.Port)}, true
	case text == "":
		return Difference{}, false
	}

	written, err := strconv.Atoi(text)
	switch {
	case err != nil:
		return Difference{Kind: PortDifferent,
			Detail: fmt.Sprintf("the port %q is not a number", text)}, true
	case strconv.Itoa(written) != text && written == o.EffectivePort():
		return Difference{Kind: PortDifferent,
			Detail: fmt.Sprintf("the port is written as %q instead of %d", text, written)}, true
	case o.Port == 0 && written == o.EffectivePort():
		return Difference{Kind: PortExtra,
			Detail: fmt.Sprintf("the entry spells out the default port %d, which an Origin header never carries", written)}, true
	case o.Port == 0:
		return Difference{Kind: PortExtra,
			Detail: fmt.Sprintf("the entry has port %d but the page runs on the default port %d", written, o.EffectivePort())}, true
	case written != o.Port:
		return Difference{Kind: PortDifferent,
			Detail: fmt.Sprintf("the port is %d instead of %d", written, o.Port)}, true
	}
	return Difference{}, false
}

// rawSchemeAndHost returns the scheme and host of an entry as written,
// case preserved.
func rawSchemeAndHost(raw string) (scheme, host string) {
	rest := raw
	if s, r, ok := strings.Cut(raw, "://"); ok {
		scheme, rest = s, r
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		rest = rest[:i]
	}
	return scheme, rest
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// editDistance returns the optimal string alignment distance between a and
// b: insertions, deletions, substitutions and swaps of two adjacent
// letters each count as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			best := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				best = min(best, rows[i-2][j-2]+1)
			}
			rows[i][j] = best
		}
	}
	return rows[len(ra)][len(rb)]
}
