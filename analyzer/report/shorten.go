package report

import (
	"strings"
	"unicode/utf8"
)

// ellipsis marks text left out of a shortened value.
const ellipsis = "…"

// shortenURL returns u shortened to at most max runes by replacing the
// middle of its path with an ellipsis. It keeps the scheme and host whole,
// because they decide the origin, and the end of the path and query, which
// usually name the resource. When the scheme and host leave less than
// minTail runes for the path, the path keeps minTail runes and the result
// is longer than max.
func shortenURL(u string, max int) string {
	if utf8.RuneCountInString(u) <= max {
		return u
	}
	prefix, rest := splitURL(u)
	budget := max - utf8.RuneCountInString(prefix)
	if budget < minTail {
		budget = minTail
	}
	return prefix + shortenPath(rest, budget)
}

// minTail is the number of runes of a path that shortenURL keeps at least.
const minTail = 16

// shortenPath returns the path and query of a URL shortened to at most max
// runes: an ellipsis followed by the end of it. The kept end starts at a
// "/" where that loses less than half of it.
func shortenPath(p string, max int) string {
	if utf8.RuneCountInString(p) <= max {
		return p
	}
	budget := max - 1
	tail := lastRunes(p, budget)
	if i := strings.IndexByte(tail, '/'); i > 0 && utf8.RuneCountInString(tail[i:]) >= budget/2 {
		tail = tail[i:]
	}
	return ellipsis + tail
}

// splitURL splits u after its scheme and authority.
func splitURL(u string) (prefix, rest string) {
	start := 0
	if i := strings.Index(u, "://"); i >= 0 {
		start = i + len("://")
	}
	if i := strings.IndexAny(u[start:], "/?#"); i >= 0 {
		return u[:start+i], u[start+i:]
	}
	return u, ""
}

// elideMiddle returns s shortened to at most max runes (max >= 3) by
// replacing its middle with an ellipsis.
func elideMiddle(s string, max int) string {
	n := utf8.RuneCountInString(s)
	if n <= max {
		return s
	}
	if max < 3 {
		max = 3
	}
	head := (max - 1) / 2
	tail := max - 1 - head
	r := []rune(s)
	return string(r[:head]) + ellipsis + string(r[n-tail:])
}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[len(r)-n:])
}

// wrapToken splits s into lines of at most width runes, breaking after any
// of the bytes in breakAfter where it can and inside a piece only when the
// piece alone is wider than width. It is for values without spaces, such
// as origins, URLs and rule ids.
func wrapToken(s string, width int, breakAfter string) string {
	var pieces []string
	start := 0
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(breakAfter, s[i]) >= 0 {
			pieces = append(pieces, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		pieces = append(pieces, s[start:])
	}

	var lines []string
	var line string
	for _, p := range pieces {
		if line != "" && utf8.RuneCountInString(line)+utf8.RuneCountInString(p) > width {
			lines = append(lines, line)
			line = ""
		}
		line += p
		for utf8.RuneCountInString(line) > width {
			r := []rune(line)
			lines = append(lines, string(r[:width]))
			line = string(r[width:])
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// wrapWords splits text into lines of at most width runes at spaces. A word
// wider than width gets a line of its own.
func wrapWords(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && utf8.RuneCountInString(line.String())+1+utf8.RuneCountInString(word) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
