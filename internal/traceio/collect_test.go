package traceio

import "testing"

func TestCollector(t *testing.T) {
	for _, n := range []int{0, 1, firstBlock - 1, firstBlock, firstBlock + 1, 3*maxBlock + 17, 9*maxBlock + 5} {
		var c Collector[int]
		for i := range n {
			c.Add(&i)
		}
		if c.Len() != n {
			t.Fatalf("n=%d: Len = %d", n, c.Len())
		}
		got := c.Slice()
		if len(got) != n || cap(got) != n {
			t.Fatalf("n=%d: len, cap = %d, %d", n, len(got), cap(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("n=%d: element %d = %d", n, i, v)
			}
		}
		if n == 0 && got != nil {
			t.Errorf("empty collector returned %v, want nil", got)
		}
		if c.Len() != 0 || c.Slice() != nil {
			t.Errorf("n=%d: collector not emptied by Slice", n)
		}
	}
}
