package analyzer

import "strings"

// Header is one header line as a trace recorded it, with the name in its
// original case.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Headers is an ordered list of header lines. Repeated names stay as
// separate lines, so that a duplicate Access-Control-Allow-Origin is visible.
type Headers []Header

// Values returns every value recorded for name, compared case-insensitively,
// in order. A value that an exporter joined with a newline counts as several
// lines, because that is how CDP-based tools write repeated headers.
// HTTP/2 pseudo-headers are matched only when name starts with ':'.
func (h Headers) Values(name string) []string {
	var out []string
	for _, line := range h {
		if !sameName(line.Name, name) {
			continue
		}
		if !hasLineBreak(line.Value) {
			out = append(out, line.Value)
			continue
		}
		parts := strings.FieldsFunc(line.Value, isLineBreak)
		if len(parts) == 0 {
			// A value of line breaks only is one empty value: the header is
			// present, with nothing in it.
			parts = []string{""}
		}
		out = append(out, parts...)
	}
	return out
}

// Get returns the combined value of name as the Fetch standard defines it:
// the values of every line joined with ", ", with leading and trailing
// whitespace removed from each. The second result reports whether any line
// with that name exists.
func (h Headers) Get(name string) (string, bool) {
	// Fast path: one line without line breaks, the common case, needs no
	// allocation.
	found, count := -1, 0
	for i := range h {
		if sameName(h[i].Name, name) {
			found = i
			count++
		}
	}
	if count == 0 {
		return "", false
	}
	if count == 1 && !hasLineBreak(h[found].Value) {
		return trimOWS(h[found].Value), true
	}

	values := h.Values(name)
	if len(values) == 0 {
		return "", false
	}
	for i, v := range values {
		values[i] = trimOWS(v)
	}
	return strings.Join(values, ", "), true
}

// Value returns the combined value of name, or "" when it is absent.
func (h Headers) Value(name string) string {
	v, _ := h.Get(name)
	return v
}

// Has reports whether at least one line named name exists.
func (h Headers) Has(name string) bool {
	for _, line := range h {
		if sameName(line.Name, name) {
			return true
		}
	}
	return false
}

// sameName reports whether two header names are equal ignoring case. The
// length test first skips most names without a call.
func sameName(a, b string) bool {
	return len(a) == len(b) && strings.EqualFold(a, b)
}

// hasLineBreak reports whether s contains a carriage return or a line
// feed.
func hasLineBreak(s string) bool {
	return strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
}

// Lines returns the number of lines named name, counting newline-joined
// values as separate lines.
func (h Headers) Lines(name string) int {
	return len(h.Values(name))
}

func isLineBreak(r rune) bool { return r == '\n' || r == '\r' }

// trimOWS removes the optional whitespace (space and tab) that HTTP allows
// around a header value.
func trimOWS(s string) string {
	start, end := 0, len(s)
	for start < end && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return s[start:end]
}
