package cli

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that the progress goroutine and the test
// can use at the same time.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProgressShowsAndClears(t *testing.T) {
	var out lockedBuffer
	counter := &countingReader{r: strings.NewReader(strings.Repeat("x", 2_500_000))}
	if _, err := io.CopyN(io.Discard, counter, 1_000_000); err != nil {
		t.Fatal(err)
	}
	p := startProgress(&out, "big.har", 2_500_000, counter, 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "loading big.har") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.Stop()
	got := out.String()
	if !strings.Contains(got, "loading big.har: 1.0 MB of 2.5 MB (40%)") {
		t.Errorf("progress output %q lacks the bytes read and the total", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress output %q does not end by clearing the line", got)
	}
}

func TestProgressSilentWhenFast(t *testing.T) {
	var out lockedBuffer
	p := startProgress(&out, "small.har", 10, &countingReader{r: strings.NewReader("")}, time.Hour)
	p.Stop()
	if out.String() != "" {
		t.Errorf("progress printed %q for a load shorter than the delay", out.String())
	}
}
