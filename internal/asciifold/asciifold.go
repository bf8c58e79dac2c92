// Package asciifold finds lower-case ASCII words in text, comparing ASCII
// letters without regard to case. Its indexes are indexes in the text
// searched, which a search in the result of strings.ToLower does not give:
// lower-casing changes the length of some text that is not ASCII.
package asciifold

// Index returns the index of the first instance of lower, a lower-case
// ASCII word, in s, or -1 when there is none.
func Index(s, lower string) int {
	if lower == "" {
		return 0
	}
	first := lower[0]
	for i := 0; i+len(lower) <= len(s); i++ {
		if toLower(s[i]) == first && hasPrefix(s[i:], lower) {
			return i
		}
	}
	return -1
}

// Contains reports whether s contains lower, a lower-case ASCII word.
func Contains(s, lower string) bool {
	return Index(s, lower) >= 0
}

// hasPrefix reports whether s starts with lower, a lower-case ASCII word.
func hasPrefix(s, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		if toLower(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// toLower returns c in lower case when it is an ASCII capital letter.
func toLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
