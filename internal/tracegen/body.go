package tracegen

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
)

// bodyPool holds body text, already escaped for a JSON string, from which
// bodies are cut.
type bodyPool struct {
	// units are pieces of escaped JSON text of about 35 bytes, each with
	// one backslash escape, so that a body never ends inside an escape.
	units []string
	// b64 is base64 text of random bytes.
	b64 string
}

func newBodyPool(rng *rand.Rand) *bodyPool {
	p := &bodyPool{}
	words := []string{"agent", "queue", "skill", "report", "interval", "state", "ready", "talking", "wrapup", "team", "calls", "handled", "abandoned", "service", "level"}
	escapes := []string{`\"`, `\n`, `\/`, `\u00e9`, `\t`, `\\`}
	for i := 0; i < 4096; i++ {
		var b strings.Builder
		for b.Len() < 28+rng.IntN(10) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(" :,-"[rng.IntN(4)])
			fmt.Fprintf(&b, "%d", rng.IntN(1000))
		}
		b.WriteString(escapes[rng.IntN(len(escapes))])
		p.units = append(p.units, b.String())
	}
	raw := make([]byte, 96<<10)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	p.b64 = base64.StdEncoding.EncodeToString(raw)
	return p
}

// json returns escaped text of at least n bytes.
func (p *bodyPool) json(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.Grow(n + 64)
	i := rng.IntN(len(p.units))
	for b.Len() < n {
		b.WriteString(p.units[i])
		i = (i + 1) % len(p.units)
	}
	return b.String()
}

// base64 returns valid base64 text of about n bytes (a multiple of 4).
func (p *bodyPool) base64(rng *rand.Rand, n int) string {
	n = min(n, len(p.b64)) &^ 3
	start := rng.IntN((len(p.b64)-n)/4+1) * 4
	return p.b64[start : start+n]
}
