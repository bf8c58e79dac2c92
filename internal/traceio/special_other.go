//go:build !amd64

package traceio

// indexSpecial returns the index of the first byte of b that is '"', '\\'
// or a control character (below 0x20), or -1. These are the bytes that
// end a run of plain string content in JSON text.
func indexSpecial(b []byte) int {
	return indexSpecialSWAR(b, false)
}

// indexSpecialOrHigh is indexSpecial that also stops at a byte of 0x80 or
// above, where a multi-byte UTF-8 sequence starts or continues.
func indexSpecialOrHigh(b []byte) int {
	return indexSpecialSWAR(b, true)
}
