package har

import (
	"encoding/binary"
	"github.com/tracecheck/tracecheck/internal/traceio"
	"io"
	"math/bits"
)

// bodyFilter removes the contents of body strings (the string value of
// every member named "text", which is where HAR keeps postData and content
// bodies) from the JSON text before the JSON decoder sees it, so that
// skipping a body costs a byte scan instead of a tokenizer pass, and no
// buffer ever holds a whole body. The filter runs on its own goroutine and
// hands the shortened text to the decoder in chunks, so scanning bodies
// and decoding the rest use two cores.
//
// A removed string is validated as the JSON decoder would validate it
// (no control characters, only valid escapes; invalid UTF-8 is allowed,
// as the decoder is configured to allow it). When the filter finds an
// invalid byte it stops removing and passes the rest of that string
// through, so the decoder reports the error itself at the same place in
// the file.
//
// Offsets that the decoder reports are offsets in the shortened text;
// rawOffset turns them back into offsets in the file.
type bodyFilter struct {
	chunks chan *filterChunk
	free   chan *filterChunk
	done   chan struct{}

	// Decoder side.
	cur      *filterChunk
	pos      int
	lines    *traceio.LineCounter
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

// newBodyFilter starts a goroutine that reads r, whose first byte is at
// stream offset base, and filters it. lines receives the newline offsets.
func newBodyFilter(r io.Reader, base int64, lines *traceio.LineCounter) *bodyFilter {
	f := &bodyFilter{
		chunks: make(chan *filterChunk, 4),
		free:   make(chan *filterChunk, 6),
		done:   make(chan struct{}),
		lines:  lines,
	}
	for range 6 {
		f.free <- &filterChunk{data: make([]byte, 0, filterBlock)}
	}
	go f.run(r, base)
	return f
}

// Read returns shortened text. It is called by the JSON decoder only.
func (f *bodyFilter) Read(p []byte) (int, error) {
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
func (f *bodyFilter) Close() {
	close(f.done)
}

// rawOffset returns the file offset (before the stream base is added) of
// the byte at filtered offset off.
func (f *bodyFilter) rawOffset(off int64) int64 {
	raw := off + f.removed
	for _, e := range f.pending {
		if e.at > off {
			break
		}
		raw += e.removed
	}
	return raw
}

// release folds the removals before filtered offset off into one count,
// because no offset before off will be asked for again.
func (f *bodyFilter) release(off int64) {
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

	key       [4]byte // the first bytes of the last string
	keyLen    int
	keyIsText bool // the last string was exactly "text"
	colon     bool // the last byte outside strings (not whitespace) was ':'
	textValue bool // the member being read is named "text"

	bodyStart int64 // filtered offset after the opening quote of a body
	bodySkip  int64 // bytes of the body removed so far
}

const (
	outside = iota
	inString
	inBody
)

func (f *bodyFilter) run(r io.Reader, base int64) {
	st := &filterState{raw: base}
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
		if err != nil {
			st.flushBody(c)
			if st.mode == inBody {
				// Let the decoder see an escape that the end cut short.
				st.emit(c, st.escaped[:st.escapeLen])
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
	for i := 0; i < len(in); {
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
		switch b := in[i]; b {
		case ' ', '\t', '\r':
		case '\n':
			c.newlines = append(c.newlines, st.raw+int64(i-start))
		case ':':
			st.colon = true
			st.textValue = st.keyIsText
		case '"':
			i++
			st.emit(c, in[start:i])
			st.raw += int64(i - start)
			if st.colon && st.textValue {
				st.mode = inBody
				st.bodyStart, st.bodySkip = st.out, 0
			} else {
				st.mode = inString
				st.keyLen, st.keyIsText = 0, false
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
			st.keyLen = len(st.key) + 1 // a name with escapes is never "text"
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
			i++
			st.keyIsText = st.keyLen == 4 && string(st.key[:]) == "text"
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
	st.emit(c, in[start:i])
	st.raw += int64(i - start)
	return i
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
	for i < len(in) {
		if st.escapeLen > 0 {
			b := in[i]
			if !validEscapeByte(st.escaped[:st.escapeLen], b) {
				// Pass the escape and the rest of the string through, so
				// the decoder reports the invalid escape.
				st.flushBody(c)
				st.emit(c, st.escaped[:st.escapeLen])
				st.escapeLen = 0
				st.mode, st.keyLen = inString, len(st.key)+1
				return i
			}
			st.escaped[st.escapeLen] = b
			st.escapeLen++
			i++
			st.raw++
			if st.escapeLen == 2 && b != 'u' || st.escapeLen == 6 {
				st.bodySkip += int64(st.escapeLen)
				st.escapeLen = 0
			}
			continue
		}
		j := indexSpecial(in[i:])
		if j < 0 {
			st.bodySkip += int64(len(in) - i)
			st.raw += int64(len(in) - i)
			return len(in)
		}
		st.bodySkip += int64(j)
		st.raw += int64(j)
		i += j
		switch in[i] {
		case '"':
			st.flushBody(c)
			st.emit(c, in[i:i+1])
			st.raw++
			st.mode = outside
			st.keyIsText = false
			return i + 1
		case '\\':
			st.escaped[0] = '\\'
			st.escapeLen = 1
			i++
			st.raw++
		default:
			// A control character: the decoder reports it.
			st.flushBody(c)
			st.mode, st.keyLen = inString, len(st.key)+1
			return i
		}
	}
	return i
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
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// indexSpecial returns the index of the first byte of b that is '"', '\\'
// or a control character (below 0x20), or -1. It tests eight bytes at a
// time with the "has zero byte" and "has byte less than n" word tricks;
// the lowest flagged byte of a word is always a true match.
func indexSpecial(b []byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (lo * '"')
		s := x ^ (lo * '\\')
		t := ((q - lo) &^ q) | ((s - lo) &^ s) | ((x - lo*0x20) &^ x)
		if t &= hi; t != 0 {
			return i + bits.TrailingZeros64(t)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return -1
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
