// Package readahead runs a reader on its own goroutine, so that producing
// the bytes (decompressing a gzip stream) and consuming them (parsing)
// use two cores.
package readahead

import "io"

// blockSize is the size of each buffer handed from the goroutine to the
// reader; with blocks in flight the memory used is about 1 MiB.
const blockSize = 256 << 10

// Reader reads ahead of its caller from another reader on a goroutine.
// Close it to stop the goroutine when the caller stops reading before the
// end.
type Reader struct {
	full chan *block
	free chan *block
	done chan struct{}
	cur  *block
	pos  int
	err  error
}

type block struct {
	data []byte
	err  error
}

// New starts reading r on a new goroutine.
func New(r io.Reader) *Reader {
	ra := &Reader{
		full: make(chan *block, 2),
		free: make(chan *block, 4),
		done: make(chan struct{}),
	}
	for range 4 {
		ra.free <- &block{data: make([]byte, blockSize)}
	}
	go ra.run(r)
	return ra
}

func (ra *Reader) run(r io.Reader) {
	for {
		var b *block
		select {
		case b = <-ra.free:
		case <-ra.done:
			return
		}
		n, err := readFull(r, b.data[:cap(b.data)])
		b.data, b.err = b.data[:n], err
		select {
		case ra.full <- b:
		case <-ra.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read returns bytes read ahead, then the error that ended the input.
func (ra *Reader) Read(p []byte) (int, error) {
	for ra.cur == nil || ra.pos == len(ra.cur.data) {
		if ra.cur != nil {
			if ra.cur.err != nil {
				ra.err = ra.cur.err
			}
			ra.free <- ra.cur
			ra.cur = nil
		}
		if ra.err != nil {
			return 0, ra.err
		}
		ra.cur, ra.pos = <-ra.full, 0
	}
	n := copy(p, ra.cur.data[ra.pos:])
	ra.pos += n
	return n, nil
}

// Close stops the goroutine. Read must not be called afterwards.
func (ra *Reader) Close() error {
	close(ra.done)
	return nil
}

// readFull calls r.Read until p is full or r returns an error. The gzip
// reader returns at most 32 KiB per call, so handing over each call's data
// would wake the reading goroutine about 30,000 times per decompressed
// gigabyte. Unlike io.ReadFull, readFull keeps an error that comes with
// data.
func readFull(r io.Reader, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
