package asciifold

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// lowerASCII returns s with its ASCII capital letters in lower case and
// every other byte unchanged, so indexes in it are indexes in s.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = toLower(c)
	}
	return string(b)
}

// TestIndexMatchesLowerCasedSearch compares Index with strings.Index on an
// ASCII-lower-cased copy, on random text of letters of both cases, the
// word's other bytes and bytes that are not ASCII.
func TestIndexMatchesLowerCasedSearch(t *testing.T) {
	alphabet := []byte(";jsessionid=JSESSIONID/livedata/LIVEDATAno-storeNO-STORE\xd3\xff\xc4\xb0é")
	words := []string{";jsessionid=", "/livedata/", "no-store", "a", ""}
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 40)
	for range 20000 {
		n := rng.IntN(len(buf) + 1)
		for i := range n {
			buf[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(buf[:n])
		for _, w := range words {
			want := strings.Index(lowerASCII(s), w)
			if got := Index(s, w); got != want {
				t.Fatalf("Index(%q, %q) = %d, want %d", s, w, got, want)
			}
			if got := Contains(s, w); got != (want >= 0) {
				t.Fatalf("Contains(%q, %q) = %v, want %v", s, w, got, want >= 0)
			}
		}
	}
}

// TestIndexInvalidUTF8 checks the case that lower-casing gets wrong:
// strings.ToLower turns the invalid byte into the three bytes of U+FFFD.
func TestIndexInvalidUTF8(t *testing.T) {
	s := "A://\xd3;JSessionID=x"
	if got := Index(s, ";jsessionid="); got != 5 {
		t.Errorf("Index(%q) = %d, want 5", s, got)
	}
	if got := strings.Index(strings.ToLower(s), ";jsessionid="); got == 5 {
		t.Errorf("strings.ToLower kept the length of %q; this test no longer covers a length change", s)
	}
}
