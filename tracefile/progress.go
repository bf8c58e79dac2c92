package tracefile

import (
	"io"
	"sync/atomic"
	"time"
)

// progressInterval is the shortest time between two calls of
// Options.Progress.
const progressInterval = 100 * time.Millisecond

// progressReporter calls Options.Progress. A nil *progressReporter does
// nothing, so that callers need not check for one.
type progressReporter struct {
	fn   func(bytesRead int64, entries int)
	read atomic.Int64 // written by the goroutine that reads the input
	last time.Time
}

func newProgressReporter(fn func(int64, int)) *progressReporter {
	return &progressReporter{fn: fn, last: time.Now()}
}

// count returns r with its bytes counted.
func (p *progressReporter) count(r io.Reader) io.Reader {
	return &countingReader{r: r, n: &p.read}
}

// entries reports n entries decoded, unless the last call is less than
// progressInterval ago.
func (p *progressReporter) entries(n int) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	p.fn(p.read.Load(), n)
}

// countingReader adds the bytes read to n. A gzip stream is read ahead
// on another goroutine, so n is atomic.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
