package report

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://a.example/x?y=1", "https://a.example/x?y=1"},
		{"csi colour", "red\x1b[31mtext\x1b[0m", `red\x1b[31mtext\x1b[0m`},
		{"csi cursor", "a\x1b[2J\x1b[1;1Hb", `a\x1b[2J\x1b[1;1Hb`},
		{"osc title bel", "a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`},
		{"osc hyperlink st", "a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", `a\x1b]8;;https://evil.example\x1b\link\x1b]8;;\x1b\b`},
		{"lone esc at end", "ab\x1b", `ab\x1b`},
		{"c1 csi", "a\u009b31mb", `a\u009b31mb`},
		{"c1 other", "a\u0085b", `a\u0085b`},
		{"c0 and del", "a\x00\x07\x08\x7fb", `a\x00\x07\x08\x7fb`},
		{"whitespace", "a\tb\r\nc", `a\x09b\x0d\x0ac`},
		{"bidi override", "abc\u202edcba\u202c", `abc\u202edcba\u202c`},
		{"bidi isolate and marks", "\u2066x\u2069\u200ey\u200f\u061c", `\u2066x\u2069\u200ey\u200f\u061c`},
		{"invalid utf8", "a\xffb", `a\xffb`},
		{"unicode kept", "Grüße…", "Grüße…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeTellsValuesApart(t *testing.T) {
	clean := "https://finesse.example.com:8445"
	hostile := clean + "\x1b]0;pwned\a"
	if Sanitize(clean) == Sanitize(hostile) {
		t.Errorf("Sanitize(%q) equals Sanitize(%q)", hostile, clean)
	}
}

func TestSanitizeEmitsNoControlByte(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0xa0; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\u202a\u202e\u2066\u2069\u200e\u200f\u061c\xff\xfe")
	for _, r := range Sanitize(all.String()) {
		if isControl(r) || isBidiControl(r) || r == '\ufffd' {
			t.Errorf("Sanitize output contains %U", r)
		}
	}
}

func TestEscapeInvisible(t *testing.T) {
	in := "{\"a\": \"x\u202ey\u009bz\x7f\"}\n"
	want := `{"a": "x\u202ey\u009bz\u007f"}` + "\n"
	if got := string(escapeInvisible([]byte(in))); got != want {
		t.Errorf("escapeInvisible(%q) = %q, want %q", in, got, want)
	}
}
