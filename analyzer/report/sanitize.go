package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize returns s made safe to print on a terminal, on one line, with
// every character that a terminal would act on or hide shown as an escape,
// so that two values that differ only in such characters look different:
//
//   - C0 controls (tab, CR and LF included), DEL and the bytes of
//     invalid UTF-8 become \xHH, for example \x1b for ESC;
//   - C1 controls and the Unicode bidirectional embeddings, overrides,
//     isolates and marks become \uHHHH, for example \u202e.
//
// The printable characters of an escape sequence stay as they are, so
// "\x1b]0;title\a" is shown as `\x1b]0;title\x07`. The result never
// contains a raw control byte.
//
// NOTE: a backslash is not escaped, so a trace value that contains the
// text `\x1b` looks the same as one that contains ESC.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isControl(r) || isBidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case that needs
// no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f
}

// isBidiControl reports whether r is one of the Unicode characters that
// change the display order of text: embeddings and overrides (U+202A to
// U+202E), isolates (U+2066 to U+2069) and the marks LRM, RLM and ALM.
func isBidiControl(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}
