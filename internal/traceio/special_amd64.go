package traceio

// indexSpecial returns the index of the first byte of b that is '"', '\\'
// or a control character (below 0x20), or -1. These are the bytes that
// end a run of plain string content in JSON text.
func indexSpecial(b []byte) int {
	return indexSpecialSSE2(b, false)
}

// indexSpecialOrHigh is indexSpecial that also stops at a byte of 0x80 or
// above, where a multi-byte UTF-8 sequence starts or continues.
func indexSpecialOrHigh(b []byte) int {
	return indexSpecialSSE2(b, true)
}

// indexSpecialSSE2 is indexSpecial, and with high indexSpecialOrHigh,
// with the SSE2 instructions of every amd64 processor.
//
//go:noescape
func indexSpecialSSE2(b []byte, high bool) int
