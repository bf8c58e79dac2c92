package traceio

import (
	"encoding/binary"
	"math/bits"
)

// indexSpecialSWAR is indexSpecial in portable Go, or indexSpecialOrHigh
// when high is true. It tests sixteen bytes per step as two words, with the
// "has zero byte" and "has byte less than n" word tricks.
//
// The lowest flagged byte of a word is always a true match, because a
// false flag comes only from a borrow out of a lower match.
func indexSpecialSWAR(b []byte, high bool) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	var highMask uint64
	if high {
		highMask = hi
	}

	i := 0
	for ; i+16 <= len(b); i += 16 {
		x := binary.LittleEndian.Uint64(b[i:])
		y := binary.LittleEndian.Uint64(b[i+8:])
		// A byte of x^c is zero where x has c, and subtracting lo sets
		// its top bit. &^x drops bytes of 0x80 and above, and x&highMask
		// adds them back for indexSpecialOrHigh.
		t := ((((x ^ lo*'"') - lo) | ((x ^ lo*'\\') - lo) | (x - lo*0x20)) &^ x & hi) | x&highMask
		u := ((((y ^ lo*'"') - lo) | ((y ^ lo*'\\') - lo) | (y - lo*0x20)) &^ y & hi) | y&highMask
		if t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
		if u != 0 {
			return i + 8 + bits.TrailingZeros64(u)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 || high && c >= 0x80 {
			return i
		}
	}
	return -1
}
