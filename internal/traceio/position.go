package traceio

import (
	"bytes"
	"io"
	"sort"
)

// LineCounter passes a stream through and records where its newlines are,
// so that a byte offset can be turned into a line and column after the
// bytes themselves are gone. It keeps the offsets of the newlines that are
// not yet released, so memory grows with the lines of the entry being
// read, not with the file.
type LineCounter struct {
	r    io.Reader
	read int64 // bytes passed through so far

	newlines []int64 // offsets of '\n' not yet released, ascending
	head     int     // index of the first unreleased offset in newlines

	released     int   // number of released newlines
	lastReleased int64 // offset of the last released newline, or -1
	releasedTo   int64 // every offset below this one has been released
}

// NewLineCounter returns a LineCounter that reads from r.
func NewLineCounter(r io.Reader) *LineCounter {
	return &LineCounter{r: r, lastReleased: -1}
}

func (c *LineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	chunk := p[:n]
	base := c.read
	for {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			break
		}
		c.newlines = append(c.newlines, base+int64(i))
		base += int64(i) + 1
		chunk = chunk[i+1:]
	}
	c.read += int64(n)
	return n, err
}

// Release drops the recorded newlines before offset. Positions before offset can
// no longer be computed afterwards.
func (c *LineCounter) Release(offset int64) {
	if offset <= c.releasedTo {
		return
	}
	c.releasedTo = offset
	for c.head < len(c.newlines) && c.newlines[c.head] < offset {
		c.lastReleased = c.newlines[c.head]
		c.released++
		c.head++
	}
	if c.head > 1024 && c.head*2 > len(c.newlines) {
		n := copy(c.newlines, c.newlines[c.head:])
		c.newlines = c.newlines[:n]
		c.head = 0
	}
}

// Position returns the 1-based line and column (counted in bytes) of
// offset, or 0, 0 when offset lies in the released part of the stream.
func (c *LineCounter) Position(offset int64) (line, column int) {
	if offset < c.releasedTo || offset < 0 {
		return 0, 0
	}
	kept := c.newlines[c.head:]
	n := sort.Search(len(kept), func(i int) bool { return kept[i] >= offset })
	last := c.lastReleased
	if n > 0 {
		last = kept[n-1]
	}
	return c.released + n + 1, int(offset - last)
}

// Record adds the offsets of newlines that another reader found, in
// ascending order after those recorded before.
func (c *LineCounter) Record(newlines []int64) {
	c.newlines = append(c.newlines, newlines...)
}
