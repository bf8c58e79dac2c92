package report

import "testing"

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://a.example/x?y=1", "https://a.example/x?y=1"},
		{"csi colour", "red\x1b[31mtext\x1b[0m", "redtext"},
		{"csi cursor", "a\x1b[2J\x1b[1;1Hb", "ab"},
		{"osc title bel", "a\x1b]0;pwned\x07b", "ab"},
		{"osc hyperlink st", "a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"two byte escape", "a\x1bcb", "ab"},
		{"charset escape", "a\x1b(Bb", "ab"},
		{"lone esc at end", "ab\x1b", "ab"},
		{"c1 csi", "a\u009b31mb", "ab"},
		{"c1 osc", "a\u009d0;x\u009cb", "ab"},
		{"c1 other", "a\u0085b", "ab"},
		{"c0 and del", "a\x00\x07\x08\x7fb", "ab"},
		{"whitespace", "a\tb\r\nc", "a b  c"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolate and marks", "\u2066x\u2069\u200ey\u200f\u061c", "xy"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
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

func TestEscapeInvisible(t *testing.T) {
	in := "{\"a\": \"x\u202ey\u009bz\x7f\"}\n"
	want := `{"a": "x\u202ey\u009bz\u007f"}` + "\n"
	if got := string(escapeInvisible([]byte(in))); got != want {
		t.Errorf("escapeInvisible(%q) = %q, want %q", in, got, want)
	}
}
