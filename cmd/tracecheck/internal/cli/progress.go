package cli

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tracecheck/tracecheck/analyzer/report"
)

// progressDelay is how long loading a file runs before progress is shown,
// so that small files load without any output.
const progressDelay = time.Second

// progressInterval is how often the progress line is redrawn.
const progressInterval = 200 * time.Millisecond

// countingReader counts the bytes read through it. The count is read by
// the progress goroutine while the decoder reads.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress draws "loading NAME: 12.3 MB of 80.0 MB (15%)" on one terminal
// line, redrawn in place, once loading has run for delay, and clears the
// line when stopped.
//
// NOTE: the decoders report no entry count while they run, so the line
// shows bytes only; the entry count appears in the report.
type progress struct {
	w     io.Writer
	name  string
	total int64 // file size in bytes; 0 when unknown, as for standard input
	read  *countingReader
	delay time.Duration

	stop chan struct{}
	done sync.WaitGroup
}

// startProgress starts drawing the progress of read on w.
func startProgress(w io.Writer, name string, total int64, read *countingReader, delay time.Duration) *progress {
	p := &progress{w: w, name: report.Sanitize(name), total: total, read: read, delay: delay, stop: make(chan struct{})}
	p.done.Add(1)
	go p.run()
	return p
}

func (p *progress) run() {
	defer p.done.Done()
	timer := time.NewTimer(p.delay)
	defer timer.Stop()
	select {
	case <-p.stop:
		return
	case <-timer.C:
	}
	ticker := time.NewTicker(progressInterval)
	defer ticker.Stop()
	for {
		p.draw()
		select {
		case <-p.stop:
			// Return to the start of the line and erase it.
			fmt.Fprint(p.w, "\r\x1b[K")
			return
		case <-ticker.C:
		}
	}
}

func (p *progress) draw() {
	n := p.read.n.Load()
	line := fmt.Sprintf("loading %s: %s", p.name, megabytes(n))
	if p.total > 0 {
		line += fmt.Sprintf(" of %s (%d%%)", megabytes(p.total), n*100/p.total)
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// Stop ends the progress display and waits until the line is cleared.
func (p *progress) Stop() {
	close(p.stop)
	p.done.Wait()
}

// megabytes writes n bytes in megabytes with one decimal.
func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
