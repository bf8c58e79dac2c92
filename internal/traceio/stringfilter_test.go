package traceio

import (
	"math/rand/v2"
	"testing"
)

// TestIndexSpecial compares the searches (SSE2 on amd64, words elsewhere)
// and the portable word search with a plain loop. The inputs are dense in
// the bytes searched for, their neighbours and bytes with the top bit set.
// Every length up to 72 bytes and every alignment is tested.
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
	raw := make([]byte, 88)
	for round := range 20000 {
		// Inputs are mostly letters; in some rounds a special byte is
		// rare enough that many 16-byte blocks have none.
		density := 2 + round%40
		for i := range raw {
			raw[i] = 'a' + byte(rng.IntN(26))
			if rng.IntN(density) == 0 {
				raw[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		buf := raw[round%16:]
		for n := range min(len(buf), 72) + 1 {
			b := buf[:n]
			w, wh := want(b, false), want(b, true)
			if got := indexSpecial(b); got != w {
				t.Fatalf("indexSpecial(%q) = %d, want %d", b, got, w)
			}
			if got := indexSpecialOrHigh(b); got != wh {
				t.Fatalf("indexSpecialOrHigh(%q) = %d, want %d", b, got, wh)
			}
			if got := indexSpecialSWAR(b, false); got != w {
				t.Fatalf("indexSpecialSWAR(%q, false) = %d, want %d", b, got, w)
			}
			if got := indexSpecialSWAR(b, true); got != wh {
				t.Fatalf("indexSpecialSWAR(%q, true) = %d, want %d", b, got, wh)
			}
		}
	}
}
