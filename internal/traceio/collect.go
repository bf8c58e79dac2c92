package traceio

import (
	"runtime"
	"sync"
)

// Collector gathers a sequence of values of unknown length in blocks and
// returns them as one slice of the exact length. Values are copied once,
// at the end. Appending to one slice copies each value about twice as the
// slice grows, which took 0.2 s of a 1.3 s decode of a 58,562-entry HAR.
// The zero value is ready to use.
type Collector[T any] struct {
	full [][]T
	cur  []T
	n    int
}

// Block sizes: the first block is small, for small traces; each next one
// doubles, up to the largest.
const (
	firstBlock = 64
	maxBlock   = 4096
)

// Add appends a copy of *v.
func (c *Collector[T]) Add(v *T) {
	if len(c.cur) == cap(c.cur) {
		size := firstBlock
		if c.cur != nil {
			c.full = append(c.full, c.cur)
			size = min(2*cap(c.cur), maxBlock)
		}
		c.cur = make([]T, 0, size)
	}
	c.cur = append(c.cur, *v)
	c.n++
}

// Len returns the number of values added.
func (c *Collector[T]) Len() int {
	return c.n
}

// Slice returns the values added, in order, in a new slice of the exact
// length (nil when there are none), and empties c.
//
// While the garbage collector is marking, copying values that contain
// pointers goes through its write barrier, which made copying 58,562
// exchanges take 0.17 s instead of 0.01 s. A long copy is therefore split
// between two goroutines.
func (c *Collector[T]) Slice() []T {
	if c.n == 0 {
		return nil
	}
	blocks := append(c.full, c.cur)
	out := make([]T, c.n)
	half := len(blocks) / 2
	if c.n < 4*maxBlock || runtime.GOMAXPROCS(0) < 2 {
		half = 0
	}

	// Where the second half of the blocks starts in out.
	at := 0
	for _, b := range blocks[:half] {
		at += len(b)
	}
	var wg sync.WaitGroup
	if half > 0 {
		wg.Go(func() { copyBlocks(out[at:], blocks[half:]) })
		copyBlocks(out, blocks[:half])
	} else {
		copyBlocks(out, blocks)
	}
	wg.Wait()

	*c = Collector[T]{}
	return out
}

// copyBlocks copies the blocks one after the other to the start of dst.
func copyBlocks[T any](dst []T, blocks [][]T) {
	for _, b := range blocks {
		dst = dst[copy(dst, b):]
	}
}
