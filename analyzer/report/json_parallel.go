package report

import (
	"runtime"
	"sync"
)

// Several goroutines, each with its own renderer, build and encode the
// elements of a long array in batches of elementBatch, and the batches are
// written in order. An array shorter than parallelElements is written on
// one goroutine. Tests change both variables to force either path.
var (
	parallelElements = 512
	elementBatch     = 128
)

// writeElements writes n elements of the open array. elem(r, i) returns
// element i built with the renderer r, and writeElements encodes it before
// it calls elem again with r. Both paths write the same bytes.
func (j *jsonRender) writeElements(n int, elem func(r *jsonRender, i int) any) {
	out := j.out
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || n < parallelElements {
		for i := range n {
			out.writeElement(elem(j, i))
		}
		return
	}

	renderers := make([]*jsonRender, workers)
	for w := range renderers {
		renderers[w] = newJSONRender(j.Options, nil)
	}
	// One round builds 2*workers batches side by side, then writes them,
	// so memory is bounded by the round whatever n is.
	bufs := make([][]byte, 2*workers)
	errs := make([]error, len(bufs))
	base := out.elements
	for start := 0; start < n && out.err == nil; start += len(bufs) * elementBatch {
		var wg sync.WaitGroup
		for w, r := range renderers {
			wg.Go(func() {
				for b := w; b < len(bufs); b += workers {
					buf := bufs[b][:0]
					lo := start + b*elementBatch
					for i := lo; i < min(lo+elementBatch, n) && errs[b] == nil; i++ {
						buf, errs[b] = r.out.appendElement(buf, elem(r, i), base+i)
					}
					bufs[b] = buf
				}
			})
		}
		wg.Wait()
		for b := range bufs {
			if errs[b] != nil && out.err == nil {
				out.err = errs[b]
			}
			if out.err == nil && len(bufs[b]) > 0 {
				_, out.err = out.w.Write(bufs[b])
			}
		}
	}
	out.elements = base + n
}
