package cli

import (
	"errors"
	"fmt"
	"github.com/tracecheck/tracecheck/analyzer"
	"io"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"2GiB", 2 << 30}, {"64 MiB", 64 << 20}, {"500MB", 500e6}, {"1048576", 1 << 20}, {"16kib", 16 << 10}, {"7B", 7},
		{"10M", 10 << 20}, {"10m", 10 << 20}, {"10MiB", 10 << 20}, {"10MB", 10e6}, {"10mb", 10e6}, {"1.5GiB", 3 << 29},
		{"1.5gib", 3 << 29}, {"0.5K", 512}, {"2g", 2 << 30}, {"3Mi", 3 << 20}, {"100 bytes", 100}, {"1.9", 1},
	}
	for _, tt := range tests {
		if got, err := parseByteSize(tt.in); err != nil || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	bad := map[string]string{
		"":                        `invalid size "": expected a number with an optional unit, such as 64MiB, 1.5GiB, 500MB, 10M or 1048576`,
		"2XB":                     `invalid size "2XB": expected a number with an optional unit, such as 64MiB, 1.5GiB, 500MB, 10M or 1048576`,
		"-1":                      `invalid size "-1": expected a number with an optional unit, such as 64MiB, 1.5GiB, 500MB, 10M or 1048576`,
		"1.2.3MB":                 `invalid size "1.2.3MB": "1.2.3" is not a number`,
		"0":                       `invalid size "0": expected a size of at least 1 byte`,
		"0.1B":                    `invalid size "0.1B": expected a size of at least 1 byte`,
		"99999999999999999999TiB": `invalid size "99999999999999999999TiB": too large; the maximum is 9223372036854775807`,
	}
	for in, want := range bad {
		if _, err := parseByteSize(in); err == nil || err.Error() != want {
			t.Errorf("parseByteSize(%q) error = %v, want %q", in, err, want)
		}
	}
}

// TestLimitSuggestionIsAccepted checks that the value a limit error
// suggests is one the flag accepts, and larger than the limit.
func TestLimitSuggestionIsAccepted(t *testing.T) {
	for _, limit := range []int64{1, 1000, 10e6, 10 << 20, 40000000, 1<<30 + 7, 8 << 30, 1 << 61} {
		e := &traceio.LimitError{Flag: "max-decompressed", What: "the decompressed data is larger than", Limit: limit, Bytes: true, Offset: -1}
		suggestion := e.Suggestion()
		got, err := parseByteSize(suggestion)
		if err != nil {
			t.Errorf("limit %d: suggestion %q is rejected: %v", limit, suggestion, err)
			continue
		}
		if got <= limit {
			t.Errorf("limit %d: suggestion %q = %d bytes, want more than the limit", limit, suggestion, got)
		}
		if !strings.HasSuffix(e.Error(), "raise it with --max-decompressed "+suggestion) {
			t.Errorf("limit %d: message %q does not end with the suggestion %q", limit, e.Error(), suggestion)
		}
	}
	needed := &traceio.LimitError{Flag: "max-string", What: "a JSON string is longer than", Limit: 1 << 20, Needed: 300 << 20, Bytes: true}
	if got := needed.Suggestion(); got != "512MiB" {
		t.Errorf("suggestion with 300 MiB needed = %q, want 512MiB", got)
	}
	count := &traceio.LimitError{Flag: "max-entries", What: "the file has more entries than", Limit: 2500}
	if got := count.Suggestion(); got != "10000" {
		t.Errorf("count suggestion = %q, want 10000", got)
	}
}

// limitsCmd embeds LimitFlags the way a command does.
type limitsCmd struct {
	Limits LimitFlags `embed:""`
}

func TestLimitFlagsParse(t *testing.T) {
	var cmd limitsCmd
	parser, err := kong.New(&cmd)
	if err != nil {
		t.Fatal(err)
	}
	_, err = parser.Parse([]string{"--max-depth", "50", "--max-string", "1MiB", "--max-headers", "7",
		"--max-entries", "9", "--max-decompressed", "2GiB"})
	if err != nil {
		t.Fatal(err)
	}
	got := cmd.Limits.limits()
	want := traceio.Limits{MaxDepth: 50, MaxString: 1 << 20, MaxHeaders: 7, MaxEntries: 9, MaxDecompressed: 2 << 30}
	if got != want {
		t.Errorf("limits = %+v, want %+v", got, want)
	}

	_, err = parser.Parse([]string{"--max-string", "lots"})
	if wantErr := `--max-string: invalid size "lots"`; err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Errorf("Parse(--max-string lots) error = %v, want it to contain %q", err, wantErr)
	}
	_, err = parser.Parse([]string{"--max-depth=-3"})
	if wantErr := "invalid --max-depth -3: expected a positive number"; err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Errorf("Parse(--max-depth -3) error = %v, want it to contain %q", err, wantErr)
	}
}

// TestLimitFlagDefaults keeps the defaults written in the help texts
// equal to the decoders' defaults.
func TestLimitFlagDefaults(t *testing.T) {
	var cmd limitsCmd
	parser, err := kong.New(&cmd)
	if err != nil {
		t.Fatal(err)
	}
	help := map[string]string{}
	for _, flag := range parser.Model.Node.Flags {
		help[flag.Name] = flag.Help
	}
	for flag, want := range map[string]string{
		"max-depth":        "(default 1000; 0 means the default)",
		"max-string":       "(default " + strings.ReplaceAll(traceio.FormatSize(traceio.DefaultMaxString), " ", "") + ")",
		"max-headers":      "(default 10000; 0 means the default)",
		"max-entries":      "(default 1000000; 0 means the default)",
		"max-decompressed": "(default " + strings.ReplaceAll(traceio.FormatSize(traceio.DefaultMaxDecompressed), " ", "") + ")",
	} {
		if !strings.HasSuffix(help[flag], want+".") {
			t.Errorf("--%s help = %q, want it to end with %q", flag, help[flag], want)
		}
	}
	if traceio.DefaultMaxDepth != 1000 || traceio.DefaultMaxHeaders != 10000 || traceio.DefaultMaxEntries != 1000000 {
		t.Error("a count default changed; update the help texts of LimitFlags")
	}
}

func TestPartialWarning(t *testing.T) {
	truncated := &analyzer.DecodeError{File: "cut.har", Entry: 3, Offset: 4321, Line: 12, Column: 5,
		Err: fmt.Errorf("unexpected end of file: %w", io.ErrUnexpectedEOF)}
	if got, want := partialWarning(truncated, 3).Message,
		"the file is truncated at byte 4321 (line 12, column 5); 3 entries were read and are analyzed"; got != want {
		t.Errorf("partialWarning(truncated) = %q, want %q", got, want)
	}
	garbage := &analyzer.DecodeError{File: "tail.har", Entry: -1, Offset: 900, Err: errors.New("invalid character '<' at start of value")}
	if got, want := partialWarning(garbage, 1).Message,
		"the file could not be read past byte 900 (invalid character '<' at start of value); 1 entry was read and is analyzed"; got != want {
		t.Errorf("partialWarning(garbage) = %q, want %q", got, want)
	}
}
