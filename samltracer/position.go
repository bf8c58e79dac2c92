package samltracer

import (
	"bytes"
	"io"
	"sort"
)

// positionReader passes a stream through and keeps the offsets of the
// newlines it has seen, so that a byte offset reported by the JSON decoder
// can be turned into a line and column. Offsets before the last call to
// forget are dropped, which keeps memory proportional to the lines of the
// request being read rather than to the file.
type positionReader struct {
	r    io.Reader
	read int64 // bytes passed through so far

	newlines []int64 // offsets of '\n' at or after forgotten, ascending

	forgotten      int64 // offsets below this one can no longer be located
	forgottenLines int   // newlines before forgotten
	lastForgotten  int64 // offset of the last newline before forgotten, or -1
}

func newPositionReader(r io.Reader) *positionReader {
	return &positionReader{r: r, lastForgotten: -1}
}

func (p *positionReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	chunk := b[:n]
	offset := p.read
	for {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			break
		}
		p.newlines = append(p.newlines, offset+int64(i))
		offset += int64(i) + 1
		chunk = chunk[i+1:]
	}
	p.read += int64(n)
	return n, err
}

// forget drops the newlines before offset. position returns 0, 0 for any
// offset below it afterwards.
func (p *positionReader) forget(offset int64) {
	if offset <= p.forgotten {
		return
	}
	n := sort.Search(len(p.newlines), func(i int) bool { return p.newlines[i] >= offset })
	if n > 0 {
		p.lastForgotten = p.newlines[n-1]
		p.forgottenLines += n
		kept := copy(p.newlines, p.newlines[n:])
		p.newlines = p.newlines[:kept]
	}
	p.forgotten = offset
}

// position returns the 1-based line and column (counted in bytes) of
// offset, or 0, 0 when the offset is unknown or was forgotten.
func (p *positionReader) position(offset int64) (line, column int) {
	if offset < 0 || offset < p.forgotten {
		return 0, 0
	}
	n := sort.Search(len(p.newlines), func(i int) bool { return p.newlines[i] >= offset })
	last := p.lastForgotten
	if n > 0 {
		last = p.newlines[n-1]
	}
	return p.forgottenLines + n + 1, int(offset - last)
}
