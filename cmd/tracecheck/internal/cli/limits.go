package cli

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/tracecheck/tracecheck/internal/traceio"
	"github.com/tracecheck/tracecheck/tracefile"
)

// LimitFlags are the flags that raise the limits against resource
// exhaustion by a crafted or damaged trace. Embed it in a command with
// `embed:""`. A zero value means the decoders' default, which no real
// trace comes near (see [tracefile.Limits]). The defaults in the help
// texts repeat the traceio constants; TestLimitFlagDefaults keeps them
// equal.
type LimitFlags struct {
	MaxDepth        int      `name:"max-depth" placeholder:"N" help:"Maximum nesting depth of JSON objects and arrays in a trace file (default 1000; 0 means the default)."`
	MaxString       byteSize `name:"max-string" placeholder:"SIZE" help:"Maximum length of one JSON string outside a HAR body or a SAML message, such as a URL or a header value, as a size like 64MiB (default 64MiB)."`
	MaxHeaders      int      `name:"max-headers" placeholder:"N" help:"Maximum number of headers in one request or response (default 10000; 0 means the default)."`
	MaxEntries      int      `name:"max-entries" placeholder:"N" help:"Maximum number of entries (HAR) or requests (SAML-tracer) in one file (default 1000000; 0 means the default)."`
	MaxDecompressed byteSize `name:"max-decompressed" placeholder:"SIZE" help:"Maximum decompressed size of a gzip stream or zip member, and of a zip archive read from standard input, as a size like 2GiB (default 8GiB)."`
}

// Validate rejects negative counts; kong calls it after parsing.
func (f *LimitFlags) Validate() error {
	for _, c := range []struct {
		flag  string
		value int
	}{{"--max-depth", f.MaxDepth}, {"--max-headers", f.MaxHeaders}, {"--max-entries", f.MaxEntries}} {
		if c.value < 0 {
			return fmt.Errorf("invalid %s %d: expected a positive number", c.flag, c.value)
		}
	}
	return nil
}

// limits returns the decoder limits the flags set.
func (f LimitFlags) limits() tracefile.Limits {
	return tracefile.Limits{
		MaxDepth:        f.MaxDepth,
		MaxString:       int64(f.MaxString),
		MaxHeaders:      f.MaxHeaders,
		MaxEntries:      f.MaxEntries,
		MaxDecompressed: int64(f.MaxDecompressed),
	}
}

// byteSize is a flag value in bytes, written as a number with an optional
// unit; see parseByteSize.
type byteSize int64

// Decode parses the flag's value for kong. kong leads the error with the
// flag's name, so the message does not repeat it.
func (b *byteSize) Decode(ctx *kong.DecodeContext) error {
	var text string
	if err := ctx.Scan.PopValueInto("size", &text); err != nil {
		return err
	}
	n, err := parseByteSize(text)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// byteUnits maps the accepted units, in lower case, to their size. KB, MB,
// GB, TB, PB and EB are powers of 1000; KiB to EiB, and the single
// letters K, M, G and T as GNU tools read them, are powers of 1024.
var byteUnits = map[string]int64{
	"": 1, "b": 1, "byte": 1, "bytes": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40, "pib": 1 << 50, "eib": 1 << 60,
	"pb": 1e15, "eb": 1e18,
	"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
	"ki": 1 << 10, "mi": 1 << 20, "gi": 1 << 30, "ti": 1 << 40,
}

// parseByteSize parses a size such as "2GiB", "1.5 GiB", "64M", "500mb"
// or "1048576", in any letter case. A fraction is allowed with a unit and
// is rounded down to whole bytes.
func parseByteSize(text string) (int64, error) {
	s := strings.TrimSpace(text)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	number := s[:end]
	unit, ok := byteUnits[strings.ToLower(strings.TrimSpace(s[end:]))]
	if number == "" || !ok {
		return 0, fmt.Errorf("invalid size %q: expected a number with an optional unit, such as 64MiB, 1.5GiB, 500MB, 10M or 1048576", text)
	}
	value, ok := new(big.Rat).SetString(number)
	if !ok || strings.Count(number, ".") > 1 {
		return 0, fmt.Errorf("invalid size %q: %q is not a number", text, number)
	}
	value.Mul(value, new(big.Rat).SetInt64(unit))
	bytes := new(big.Int).Quo(value.Num(), value.Denom())
	if !bytes.IsInt64() {
		return 0, fmt.Errorf("invalid size %q: too large; the maximum is %s", text, traceio.FormatFlagSize(math.MaxInt64))
	}
	if bytes.Sign() <= 0 {
		return 0, fmt.Errorf("invalid size %q: expected a size of at least 1 byte", text)
	}
	return bytes.Int64(), nil
}
