// Package allowlist reads the allowed-origin list an administrator copies
// from a server's console and checks whether it admits an origin.
//
// It reads the output of the Cisco CLI commands
// "utils cuic cors allowed_origin list" and
// "utils live-data cors allowed_origin list" (a heading, a line of "=",
// then numbered origins, with or without the "admin:" prompt lines around
// them) and plain files with one origin per line. [Parse] keeps every line
// that is not an origin as an [Entry] with its error, so a mistyped entry
// shows up instead of disappearing. [List.Check] compares an origin the way
// the server compares the Origin header. For a miss it names the nearest
// entry, every way the entry differs (a missing port, a typo in the host, a
// trailing slash) and the exact entry to add.
package allowlist

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// Products recognised from the heading or from the command echoed after the
// "admin:" prompt.
const (
	ProductCUIC     = "CUIC"
	ProductLiveData = "Live Data"
)

// List is one server's allowed-origin list as a file recorded it.
type List struct {
	// Source is the file name given to [Parse], for messages.
	Source string
	// Server is the host the list belongs to, from the first line of the
	// file ("# server: cuic-sub.example.com" or "cuic-sub.example.com:"),
	// or "" when the file does not name it. A caller that knows the host
	// from elsewhere, such as the HOST=FILE form of [ParseSpec], sets it.
	Server string
	// Product is [ProductCUIC] or [ProductLiveData] when the heading or an
	// echoed command names the product, else "".
	Product string
	// Heading is the heading line of console output, such as
	// "cors_allowedorigins", or "" for a plain list.
	Heading string
	// Entries holds every origin line in file order, including those that
	// are not valid origins.
	Entries []Entry
}

// Entry is one line of the list that is meant to be an origin.
type Entry struct {
	// Raw is the origin text as written, without the list number and the
	// surrounding whitespace.
	Raw string
	// Line is the 1-based line number in the file.
	Line int
	// Origin is the origin the entry names. It is set whenever a scheme
	// (or, without one, a host) could be read, even when Err is set, so
	// that a near miss such as a trailing slash can still be compared.
	Origin analyzer.Origin
	// Err is the reason Raw is not a serialized origin that a server could
	// match against an Origin header. It is nil for a valid entry and "*".
	Err error

	// form records how Raw is written, for the comparison in Check.
	form entryForm
}

// entryForm is the spelling of an entry besides its origin, from a lenient reading.
type entryForm struct {
	wildcard      bool
	pattern       bool // a host with "*" in it, such as https://*.example.com
	schemeMissing bool
	portText      string // the port as written, "" when none
	path          string // anything after the authority, such as "/"
}

// IsWildcard reports whether the entry is "*", which admits every origin.
func (e Entry) IsWildcard() bool {
	return e.form.wildcard
}

// IsPattern reports whether the entry is a pattern such as
// "https://*.example.com": an origin whose host contains "*". A server
// that compares origins byte for byte never matches it; one that expands
// patterns matches the hosts it describes.
func (e Entry) IsPattern() bool {
	return e.form.pattern
}

// Valid reports whether the entry is "*" or a serialized origin. A pattern
// entry is valid only in the sense that it is well formed; see
// [Entry.IsPattern].
func (e Entry) Valid() bool {
	return e.Err == nil
}

var (
	// numberedLine matches "1. origin", "1) origin" and "1 origin". The
	// number must be followed by whitespace or the end of the line, so
	// that an IP address such as 10.0.0.1 is not read as a list number.
	numberedLine = regexp.MustCompile(`^\d+(?:[.)](?:\s+|$)|\s+)(.*)$`)
	// separatorLine matches a rule of "=" or "-" under a heading.
	separatorLine = regexp.MustCompile(`^[=\-]{3,}$`)
	// serverLine matches a first line that names the host, "cuic-sub.example.com:".
	serverLine = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9.\-]*|\[[0-9A-Fa-f:.]+\]):$`)
	// serverComment matches "# server: cuic-sub.example.com".
	serverComment = regexp.MustCompile(`(?i)^#\s*server\s*[:=]\s*(\S+)\s*$`)
)

// Parse reads an allowed-origin list from r. name is the file name used in
// messages and stored as [List.Source].
//
// The first non-blank line may name the server the list was taken from, as
// "# server: HOST" or as "HOST:" alone on the line. Blank lines, comments
// starting with "#", "admin:" prompt lines, the heading (a single word that
// contains "cors" or "origin") and "=" rules are skipped. Every other line
// is an entry, with its list number removed when it has one. Parse returns
// an error only when r cannot be read.
func Parse(r io.Reader, name string) (*List, error) {
	list := &List{Source: name}
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)

	lineNumber := 0
	seenContent := false
	for scanner.Scan() {
		lineNumber++
		line := strings.TrimSpace(strings.TrimPrefix(scanner.Text(), "\ufeff"))
		if line == "" {
			continue
		}
		first := !seenContent
		seenContent = true

		if first {
			if m := serverComment.FindStringSubmatch(line); m != nil {
				list.Server = strings.ToLower(m[1])
				continue
			}
			if m := serverLine.FindStringSubmatch(line); m != nil && !strings.EqualFold(m[1], "admin") {
				list.Server = strings.ToLower(m[1])
				continue
			}
		}

		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(strings.ToLower(line), "admin:"):
			if p := productOf(line); p != "" && list.Product == "" {
				list.Product = p
			}
			continue
		case separatorLine.MatchString(line):
			continue
		case isHeading(line):
			list.Heading = line
			if p := productOf(line); p != "" && list.Product == "" {
				list.Product = p
			}
			continue
		}

		if m := numberedLine.FindStringSubmatch(line); m != nil {
			line = strings.TrimSpace(m[1])
		}
		list.Entries = append(list.Entries, parseEntry(line, lineNumber))
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read allowed-origin list %s: %w", name, err)
	}
	return list, nil
}

// isHeading reports whether line is the heading of console output: one
// word without "://" that mentions CORS or origins, such as
// "cors_allowedorigins" or "cors_allowed_origin".
func isHeading(line string) bool {
	if strings.ContainsAny(line, " \t") || strings.Contains(line, "://") {
		return false
	}
	lower := strings.ToLower(line)
	return strings.Contains(lower, "cors") || strings.Contains(lower, "origin")
}

// productOf returns the product a heading or an echoed command names.
// NOTE: a heading names the product only when it contains "cuic" or
// "live". The plain headings cors_allowedorigins and cors_allowed_origin
// map to no product, because no source at hand ties them to one.
func productOf(line string) string {
	lower := strings.ToLower(line)
	switch {
	case strings.Contains(lower, "cuic"):
		return ProductCUIC
	case strings.Contains(lower, "live-data"), strings.Contains(lower, "livedata"), strings.Contains(lower, "live_data"):
		return ProductLiveData
	}
	return ""
}

// parseEntry reads one entry leniently: it records the origin it can make
// out and, in Err, why the text is not a serialized origin.
func parseEntry(raw string, line int) Entry {
	e := Entry{Raw: raw, Line: line}
	if raw == "" {
		e.Err = fmt.Errorf("empty entry: the line has a list number but no origin")
		return e
	}
	if raw == "*" {
		e.form.wildcard = true
		return e
	}
	if raw == "null" {
		e.Origin = analyzer.NullOrigin
		return e
	}

	text := raw
	if strings.ContainsAny(raw, " \t") || !strings.ContainsAny(raw, ".:[") && !strings.Contains(raw, "localhost") {
		// Words or a single label without a dot or port cannot be an
		// origin that a page runs on, so suggesting "https://" + raw would
		// only copy the mistake.
		e.Err = fmt.Errorf("%q is not an origin; remove it or write it as scheme://host[:port]", raw)
		return e
	}
	scheme, rest, ok := strings.Cut(text, "://")
	if !ok {
		e.form.schemeMissing = true
		scheme, rest = "", text
	}

	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, e.form.path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		e.form.portText = authority[i+1:]
	}

	host := authority
	if e.form.portText != "" {
		host = strings.TrimSuffix(authority, ":"+e.form.portText)
	}
	if strings.Contains(host, "*") {
		e.form.pattern = true
		e.Origin = analyzer.Origin{Scheme: strings.ToLower(scheme), Host: strings.ToLower(host)}
		if port, err := strconv.Atoi(e.form.portText); err == nil {
			e.Origin.Port = port
		}
		if e.form.schemeMissing || e.form.path != "" || scheme == "" {
			e.Err = fmt.Errorf("invalid pattern %q: write it as scheme://*.domain[:port], such as https://*.example.com:8445", raw)
		}
		return e
	}

	// Read the origin from the scheme and authority alone, so that an
	// entry with a path or without a scheme can still be compared.
	readScheme := scheme
	if e.form.schemeMissing {
		readScheme = "https"
	}
	o, err := analyzer.ParseOrigin(readScheme + "://" + authority)
	if err == nil {
		e.Origin = o
		if e.form.schemeMissing {
			e.Origin.Scheme = ""
		}
	}

	switch {
	case e.form.schemeMissing:
		e.Err = fmt.Errorf("invalid origin %q: the scheme is missing; write https://%s", raw, authority)
	case e.form.path != "":
		e.Err = fmt.Errorf("invalid origin %q: an origin has no path or trailing slash; write %s://%s", raw, scheme, authority)
	case err != nil:
		e.Err = err
	}
	return e
}

// Patterns returns the well-formed pattern entries, such as
// "https://*.example.com", in file order.
func (l *List) Patterns() []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if e.IsPattern() && e.Valid() {
			out = append(out, e)
		}
	}
	return out
}

// ParseSpec splits the CLI form HOST=FILE into the host and the file path.
// A spec without "=", or whose part before "=" is not a host name or IP
// literal (with an optional port), is a path alone and host is "".
func ParseSpec(spec string) (host, path string) {
	before, after, ok := strings.Cut(spec, "=")
	if !ok || before == "" || after == "" || !hostSpec.MatchString(before) {
		return "", spec
	}
	return strings.ToLower(before), after
}

// hostSpec matches a host name, IPv4 address or bracketed IPv6 address,
// optionally followed by ":port".
var hostSpec = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9.\-]*|\[[0-9A-Fa-f:.]+\])(:\d+)?$`)

// Origins returns the valid entries as written, in file order, "*"
// included.
func (l *List) Origins() []string {
	var out []string
	for _, e := range l.Entries {
		if e.Valid() {
			out = append(out, e.Raw)
		}
	}
	return out
}

// Invalid returns the entries that are not serialized origins.
func (l *List) Invalid() []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if !e.Valid() {
			out = append(out, e)
		}
	}
	return out
}

// Duplicates returns the entries whose text repeats an earlier entry.
func (l *List) Duplicates() []Entry {
	seen := map[string]bool{}
	var out []Entry
	for _, e := range l.Entries {
		if seen[e.Raw] {
			out = append(out, e)
			continue
		}
		seen[e.Raw] = true
	}
	return out
}

// Diff compares two lists entry by entry, as the servers compare origins:
// byte for byte. It returns the entries only l has and those only other
// has, each in file order, so that two nodes of a cluster can be compared.
func (l *List) Diff(other *List) (onlyHere, onlyThere []string) {
	here, there := l.rawSet(), other.rawSet()
	for _, e := range l.Entries {
		if !there[e.Raw] {
			onlyHere = append(onlyHere, e.Raw)
			there[e.Raw] = true
		}
	}
	for _, e := range other.Entries {
		if !here[e.Raw] {
			onlyThere = append(onlyThere, e.Raw)
			here[e.Raw] = true
		}
	}
	return onlyHere, onlyThere
}

func (l *List) rawSet() map[string]bool {
	set := make(map[string]bool, len(l.Entries))
	for _, e := range l.Entries {
		set[e.Raw] = true
	}
	return set
}
