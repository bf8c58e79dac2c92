package traceio

import (
	"encoding/binary"
	"io"
	"math/bits"
	"unicode/utf8"
)

// StringFilter removes the contents of the strings that a decoder skips
// from the JSON text before the JSON decoder reads it. These are the
// string values of the members with the given names, such as "text",
// where HAR keeps postData and content bodies. Skipping such a string then costs a
// byte scan instead of a tokenizer pass, and no buffer ever holds all of
// it. The filter runs on its own goroutine and hands the shortened text to
// the decoder in chunks, so scanning and decoding use two cores.
//
// A removed string is validated as the JSON decoder validates it: no
// control characters, only valid escapes, and valid UTF-8 when the filter
// is strict about it. When the filter finds an invalid byte it stops
// removing and passes the rest of that string through, so the decoder
// reports the error itself at the same place in the file.
//
// The filter also enforces the depth and string limits on the shortened
// text, which it reads anyway, so that the decoder's input needs no second
// scan. It stops before the byte that exceeds a limit and ends the text
// with a [*LimitError] whose offset is a stream offset.
//
// Offsets that the decoder reports are offsets in the shortened text;
// RawOffset turns them back into offsets in the file.
type StringFilter struct {
	chunks chan *filterChunk
	free   chan *filterChunk
	done   chan struct{}

	// Decoder side.
	cur      *filterChunk
	pos      int
	lines    *LineCounter
	pending  []elision // removals not yet folded into removed, ascending
	removed  int64     // bytes removed before the first pending removal
	finalErr error
}

// elision records that removed bytes of the file were left out at
// filtered offset at.
type elision struct {
	at      int64
	removed int64
}

// filterChunk is one block of shortened text with the newlines and
// removals it contains.
type filterChunk struct {
	data     []byte
	newlines []int64 // stream offsets of '\n' in the file
	elisions []elision
	err      error // read error after data: io.EOF at the end
}

const filterBlock = 256 << 10

// eightSpaces is eight ASCII spaces read as a little-endian word.
const eightSpaces = 0x2020202020202020

// NewStringFilter starts a goroutine that reads r, whose first byte is at
// stream offset base, and removes the string values of the members called
// names, with the depth and string limits of limits. strictUTF8 makes it
// pass through a string with invalid UTF-8, for a decoder that rejects
// it. lines receives the newline offsets. Names longer than 16 bytes are
// never matched.
func NewStringFilter(r io.Reader, base int64, lines *LineCounter, limits Limits, strictUTF8 bool, names ...string) *StringFilter {
	f := &StringFilter{
		chunks: make(chan *filterChunk, 4),
		free:   make(chan *filterChunk, 6),
		done:   make(chan struct{}),
		lines:  lines,
	}
	for range 6 {
		f.free <- &filterChunk{data: make([]byte, 0, filterBlock)}
	}
	limits = limits.WithDefaults()
	go f.run(r, &filterState{raw: base, maxDepth: limits.MaxDepth, maxStr: limits.MaxString, names: names, strictUTF8: strictUTF8})
	return f
}

// Read returns shortened text. It is called by the JSON decoder only.
func (f *StringFilter) Read(p []byte) (int, error) {
	for f.cur == nil || f.pos == len(f.cur.data) {
		if f.cur != nil {
			if f.cur.err != nil {
				f.finalErr = f.cur.err
			}
			f.free <- f.cur
			f.cur = nil
		}
		if f.finalErr != nil {
			return 0, f.finalErr
		}
		c := <-f.chunks
		f.lines.Record(c.newlines)
		f.pending = append(f.pending, c.elisions...)
		f.cur, f.pos = c, 0
	}
	n := copy(p, f.cur.data[f.pos:])
	f.pos += n
	return n, nil
}

// Close stops the filter goroutine. The decoder must not read afterwards.
func (f *StringFilter) Close() {
	close(f.done)
}

// RawOffset returns the file offset (before the stream base is added) of
// the byte at filtered offset off.
func (f *StringFilter) RawOffset(off int64) int64 {
	raw := off + f.removed
	for _, e := range f.pending {
		if e.at > off {
			break
		}
		raw += e.removed
	}
	return raw
}

// Release folds the removals before filtered offset off into one count,
// because no offset before off will be asked for again.
func (f *StringFilter) Release(off int64) {
	n := 0
	for n < len(f.pending) && f.pending[n].at < off {
		f.removed += f.pending[n].removed
		n++
	}
	if n > 0 {
		f.pending = append(f.pending[:0], f.pending[n:]...)
	}
}

// filterState is the scanner state of the filter goroutine, kept across
// blocks.
type filterState struct {
	raw  int64 // stream offset of the next input byte
	out  int64 // filtered offset of the next output byte
	mode int   // outside, inString or inBody

	escape    int     // in a string: 0, or bytes of an escape still to come
	escaped   [6]byte // in a body: the escape read so far, not yet removed
	escapeLen int
	// In a body, for a strict filter: the start of a UTF-8 sequence that
	// the block end cut short, not yet removed.
	partial    [utf8.UTFMax]byte
	partialLen int

	names      []string // the member names whose string values are removed
	strictUTF8 bool     // invalid UTF-8 ends a removal
	key        [16]byte // the first bytes of the last string
	keyLen     int
	keyIsText  bool // the last string was one of names
	colon      bool // the last byte outside strings (not whitespace) was ':'
	textValue  bool // the member being read has one of names

	bodyStart int64 // filtered offset after the opening quote of a body
	bodyQuote int64 // stream offset of that quote
	bodySkip  int64 // bytes of the body removed so far

	tail    [utf8.UTFMax - 1]byte // the last bytes read
	tailLen int

	maxDepth int
	maxStr   int64
	depth    int
	strStart int64 // stream offset of the opening quote of a string
	strLen   int64 // bytes of that string passed so far
	err      error // a limit was exceeded; nothing more is passed
}

const (
	outside = iota
	inString
	inBody
)

func (f *StringFilter) run(r io.Reader, st *filterState) {
	in := make([]byte, filterBlock)
	for {
		var c *filterChunk
		select {
		case c = <-f.free:
		case <-f.done:
			return
		}
		c.data, c.newlines, c.elisions, c.err = c.data[:0], c.newlines[:0], c.elisions[:0], nil
		n, err := readSome(r, in)
		st.filter(in[:n], c)
		st.keepTail(in[:n])
		if st.err != nil {
			err = st.err
			c.err = err
		} else if err != nil {
			tail := st.incompleteRune()
			st.bodySkip -= int64(len(tail))
			st.flushBody(c)
			if st.mode == inBody {
				// Let the decoder see an escape or a UTF-8 sequence that
				// the end cut short, so that it reports the end of the
				// file at the same place as without the filter.
				st.emit(c, st.escaped[:st.escapeLen])
				st.emit(c, st.partial[:st.partialLen])
				st.emit(c, tail)
			}
			c.err = err
		}
		select {
		case f.chunks <- c:
		case <-f.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// filter appends the shortened text of in to c.
func (st *filterState) filter(in []byte, c *filterChunk) {
	for i := 0; i < len(in) && st.err == nil; {
		switch st.mode {
		case outside:
			i = st.outside(in, i, c)
		case inString:
			i = st.string(in, i, c)
		case inBody:
			i = st.body(in, i, c)
		}
	}
}

func (st *filterState) emit(c *filterChunk, b []byte) {
	c.data = append(c.data, b...)
	st.out += int64(len(b))
}

func (st *filterState) outside(in []byte, i int, c *filterChunk) int {
	start := i
	for ; i < len(in); i++ {
		b := in[i]
		if b == ' ' {
			// Indentation comes in runs: move to the last space of the
			// run, testing eight bytes at a time.
			for i+9 <= len(in) {
				if x := binary.LittleEndian.Uint64(in[i+1:]) ^ eightSpaces; x != 0 {
					i += bits.TrailingZeros64(x) / 8
					break
				}
				i += 8
			}
			continue
		}
		switch b {
		case '\t', '\r':
		case '\n':
			c.newlines = append(c.newlines, st.raw+int64(i-start))
		case ':':
			st.colon = true
			st.textValue = st.keyIsText
		case '{', '[':
			st.colon = false
			if st.depth++; st.depth > st.maxDepth {
				st.emit(c, in[start:i])
				st.err = DepthError(st.maxDepth, st.raw+int64(i-start))
				st.raw += int64(i - start)
				return len(in)
			}
		case '}', ']':
			st.colon = false
			st.depth--
		case '"':
			quote := st.raw + int64(i-start)
			i++
			st.emit(c, in[start:i])
			st.raw += int64(i - start)
			if st.colon && st.textValue {
				st.mode = inBody
				st.bodyStart, st.bodyQuote, st.bodySkip = st.out, quote, 0
			} else {
				st.mode = inString
				st.keyLen, st.keyIsText = 0, false
				st.strStart, st.strLen = quote, 0
			}
			st.colon = false
			return i
		default:
			st.colon = false
		}
	}
	st.emit(c, in[start:i])
	st.raw += int64(i - start)
	return i
}

func (st *filterState) string(in []byte, i int, c *filterChunk) int {
	start := i
	for i < len(in) {
		if st.escape > 0 {
			st.escape--
			st.keyLen = len(st.key) + 1 // a name with escapes is never removed
			i++
			continue
		}
		j := indexSpecial(in[i:])
		if j < 0 {
			st.addKey(in[i:])
			i = len(in)
			break
		}
		st.addKey(in[i : i+j])
		i += j
		switch in[i] {
		case '"':
			if st.strLen+int64(i-start) > st.maxStr {
				return st.stringTooLong(in, start, i, c)
			}
			i++
			st.keyIsText = st.isRemovedName()
			st.mode = outside
			st.emit(c, in[start:i])
			st.raw += int64(i - start)
			return i
		case '\\':
			st.escape = 1
		case '\n':
			c.newlines = append(c.newlines, st.raw+int64(i-start))
		}
		st.keyLen = len(st.key) + 1
		i++
	}
	if st.strLen+int64(i-start) > st.maxStr {
		return st.stringTooLong(in, start, i, c)
	}
	st.strLen += int64(i - start)
	st.emit(c, in[start:i])
	st.raw += int64(i - start)
	return i
}

// stringTooLong records the error for a string longer than the limit and
// passes in[start:end], its last bytes before the closing quote. Without
// the quote the decoder never completes the string.
func (st *filterState) stringTooLong(in []byte, start, end int, c *filterChunk) int {
	st.emit(c, in[start:end])
	st.raw += int64(end - start)
	st.err = StringError(st.maxStr, st.strStart)
	return len(in)
}

// isRemovedName reports whether the string just read is one of the
// names whose values are removed.
func (st *filterState) isRemovedName() bool {
	if st.keyLen > len(st.key) {
		return false
	}
	for _, name := range st.names {
		if string(st.key[:st.keyLen]) == name {
			return true
		}
	}
	return false
}

func (st *filterState) addKey(b []byte) {
	if st.keyLen+len(b) > len(st.key) {
		st.keyLen = len(st.key) + 1
		return
	}
	st.keyLen += copy(st.key[st.keyLen:], b)
}

// body skips the contents of a body string up to its closing quote.
func (st *filterState) body(in []byte, i int, c *filterChunk) int {
	if st.escapeLen > 0 {
		if i = st.finishEscape(in, i, c); st.mode != inBody || st.escapeLen > 0 {
			return i
		}
	}
	if st.partialLen > 0 {
		if i = st.finishRune(in, i, c); st.mode != inBody || st.partialLen > 0 {
			return i
		}
	}

	// Complete escapes are skipped here; one that the block end cuts
	// short, or an invalid one, goes to finishEscape byte by byte.
	start := i
	for {
		var j int
		if st.strictUTF8 {
			j = indexSpecialOrHigh(in[i:])
		} else {
			j = indexSpecial(in[i:])
		}
		if j < 0 {
			st.skipBody(len(in) - start)
			return len(in)
		}
		i += j
		if in[i] >= utf8.RuneSelf {
			// Only a strict filter stops here. An invalid sequence goes
			// to the decoder with the rest of the string. A sequence
			// that the block end cuts short is completed in the next
			// block.
			if r, size := utf8.DecodeRune(in[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
			st.skipBody(i - start)
			if !utf8.FullRune(in[i:]) {
				st.partialLen = copy(st.partial[:], in[i:])
				st.raw += int64(st.partialLen)
				return len(in)
			}
			st.passBody(c)
			return i
		}
		switch in[i] {
		case '"':
			st.skipBody(i - start)
			st.flushBody(c)
			st.emit(c, in[i:i+1])
			st.raw++
			st.mode = outside
			st.keyIsText = false
			return i + 1
		case '\\':
			if n := completeEscape(in[i:]); n > 0 {
				i += n
				continue
			}
			st.skipBody(i - start)
			st.escaped[0] = '\\'
			st.escapeLen = 1
			st.raw++
			return st.finishEscape(in, i+1, c)
		default:
			// A control character: the decoder reports it.
			st.skipBody(i - start)
			st.passBody(c)
			return i
		}
	}
}

// skipBody records that n bytes of the body were removed.
func (st *filterState) skipBody(n int) {
	st.raw += int64(n)
	st.bodySkip += int64(n)
}

// passBody stops removing the current body: the rest of the string goes
// to the decoder, which reports the invalid byte in it.
func (st *filterState) passBody(c *filterChunk) {
	st.flushBody(c)
	st.mode, st.keyLen = inString, len(st.key)+1
	st.strStart, st.strLen = st.bodyQuote, 0
}

// finishEscape reads the escape begun in st.escaped one byte at a time.
func (st *filterState) finishEscape(in []byte, i int, c *filterChunk) int {
	for ; i < len(in) && st.escapeLen > 0; i++ {
		b := in[i]
		if !validEscapeByte(st.escaped[:st.escapeLen], b) {
			// Pass the escape and the rest of the string through, so
			// the decoder reports the invalid escape.
			st.passBody(c)
			st.emit(c, st.escaped[:st.escapeLen])
			st.strLen = int64(st.escapeLen)
			st.escapeLen = 0
			return i
		}
		st.escaped[st.escapeLen] = b
		st.escapeLen++
		st.raw++
		if st.escapeLen == 2 && b != 'u' || st.escapeLen == 6 {
			st.bodySkip += int64(st.escapeLen)
			st.escapeLen = 0
		}
	}
	return i
}

// finishRune completes the UTF-8 sequence begun in st.partial. It takes
// continuation bytes only, so that a quote or a backslash after a
// sequence cut short stays for the string's own handling.
func (st *filterState) finishRune(in []byte, i int, c *filterChunk) int {
	invalid := false
	for !utf8.FullRune(st.partial[:st.partialLen]) {
		if i == len(in) {
			return i // the block ended again
		}
		if in[i]&0xC0 != 0x80 {
			invalid = true
			break
		}
		st.partial[st.partialLen] = in[i]
		st.partialLen++
		st.raw++
		i++
	}

	seq := st.partial[:st.partialLen]
	if r, size := utf8.DecodeRune(seq); !invalid && size == len(seq) && (r != utf8.RuneError || size > 1) {
		st.bodySkip += int64(len(seq))
		st.partialLen = 0
		return i
	}
	// Pass the sequence and the rest of the string through, so the
	// decoder reports the invalid UTF-8.
	st.passBody(c)
	st.emit(c, seq)
	st.strLen = int64(len(seq))
	st.partialLen = 0
	return i
}

// completeEscape returns the length of the valid escape at the start of
// b, or 0 when it is invalid or b ends inside it.
func completeEscape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) >= 6 && isHex(b[2]) && isHex(b[3]) && isHex(b[4]) && isHex(b[5]) {
			return 6
		}
	}
	return 0
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// keepTail keeps the last bytes of the input read so far.
func (st *filterState) keepTail(in []byte) {
	if len(in) >= len(st.tail) {
		st.tailLen = copy(st.tail[:], in[len(in)-len(st.tail):])
		return
	}
	keep := min(st.tailLen, len(st.tail)-len(in))
	copy(st.tail[:], st.tail[st.tailLen-keep:st.tailLen])
	st.tailLen = keep + copy(st.tail[keep:], in)
}

// incompleteRune returns the end of the input when it is the start of a
// UTF-8 sequence that the input cut short inside a body, and nil
// otherwise.
func (st *filterState) incompleteRune() []byte {
	if st.mode != inBody || st.escapeLen > 0 || st.partialLen > 0 {
		return nil
	}
	in := st.tail[:st.tailLen]
	for k := 1; k <= len(in) && int64(k) <= st.bodySkip; k++ {
		if tail := in[len(in)-k:]; utf8.RuneStart(tail[0]) {
			if tail[0] >= utf8.RuneSelf && !utf8.FullRune(tail) {
				return tail
			}
			return nil
		}
	}
	return nil
}

// flushBody records the bytes of the current body removed so far. The
// bytes of an escape not yet complete stay unrecorded.
func (st *filterState) flushBody(c *filterChunk) {
	if st.mode != inBody || st.bodySkip == 0 {
		return
	}
	c.elisions = append(c.elisions, elision{at: st.bodyStart, removed: st.bodySkip})
	st.bodySkip = 0
}

// validEscapeByte reports whether b may follow the partial escape seq
// (which starts with a backslash) in a JSON string.
func validEscapeByte(seq []byte, b byte) bool {
	if len(seq) == 1 {
		switch b {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u':
			return true
		}
		return false
	}
	return isHex(b)
}

// readSome calls r.Read until it returns data or an error, keeping an
// error that comes with data.
func readSome(r io.Reader, p []byte) (int, error) {
	for {
		n, err := r.Read(p)
		if n > 0 || err != nil {
			return n, err
		}
	}
}
