package traceio

import (
	"math/rand/v2"
	"testing"
)

// TestIndexSpecial compares the word-at-a-time searches with a plain loop
// on inputs dense in the bytes it looks for and in their neighbours,
// including bytes with the top bit set, at every length and offset up to
// 40 bytes.
func TestIndexSpecial(t *testing.T) {
	alphabet := []byte{'"', '\\', 0x00, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 'a', 'z'}
	want := func(b []byte, high bool) int {
		for i, c := range b {
			if c == '"' || c == '\\' || c < 0x20 || high && c >= 0x80 {
				return i
			}
		}
		return -1
	}
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 40)
	for range 20000 {
		for i := range buf {
			buf[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(4) > 0 {
				buf[i] = 'a' + byte(rng.IntN(26))
			}
		}
		for n := range len(buf) + 1 {
			if got, w := indexSpecial(buf[:n]), want(buf[:n], false); got != w {
				t.Fatalf("indexSpecial(%q) = %d, want %d", buf[:n], got, w)
			}
			if got, w := indexSpecialOrHigh(buf[:n]), want(buf[:n], true); got != w {
				t.Fatalf("indexSpecialOrHigh(%q) = %d, want %d", buf[:n], got, w)
			}
		}
	}
}
