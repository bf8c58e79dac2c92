package allowlist

import (
	"strings"
	"testing"
)

func parseText(t *testing.T, text string) *List {
	t.Helper()
	l, err := Parse(strings.NewReader(text), "list.txt")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestCheckPrefersCaseOnlyEntry(t *testing.T) {
	l := parseText(t, "finesse.example.com:8445\nhttps://finesse.example.com:8445/\nHTTPS://FINESSE.EXAMPLE.COM:8445\n")
	v := l.Check("https://finesse.example.com:8445")
	if v.Allowed || v.Nearest == nil {
		t.Fatalf("verdict = %+v, want a miss with a nearest entry", v)
	}
	if v.Nearest.Line != 3 {
		t.Errorf("nearest is line %d (%s), want line 3, which differs only in case", v.Nearest.Line, v.Nearest.Raw)
	}
	if len(v.Differences) != 1 || v.Differences[0].Kind != Case {
		t.Fatalf("differences = %+v, want one of kind case", v.Differences)
	}
	if !strings.Contains(v.Differences[0].Detail, "only in letter case") || !strings.Contains(v.Differences[0].Detail, "add https://finesse.example.com:8445") {
		t.Errorf("detail = %q, want it to say only the case differs and give the entry to add", v.Differences[0].Detail)
	}
}

func TestPatternEntry(t *testing.T) {
	l := parseText(t, "https://*.example.com\nhttps://*.example.com:8445\nhttp://*.example.com:8445\n")
	if got := len(l.Patterns()); got != 3 {
		t.Fatalf("Patterns() has %d entries, want 3", got)
	}
	if got := len(l.Invalid()); got != 0 {
		t.Errorf("Invalid() has %d entries, want 0", got)
	}
	v := l.Check("https://finesse.example.com:8445")
	if v.Allowed {
		t.Fatalf("a pattern admits the origin; a server that compares exactly does not")
	}
	want := []bool{false, true, false}
	if len(v.Patterns) != len(want) {
		t.Fatalf("verdict has %d pattern checks, want %d", len(v.Patterns), len(want))
	}
	for i, p := range v.Patterns {
		if p.Matches != want[i] {
			t.Errorf("pattern %s: matches = %v, want %v (%s)", p.Entry.Raw, p.Matches, want[i], p.Detail)
		}
	}
	if !strings.Contains(v.String(), "the trace cannot show whether it does") {
		t.Errorf("String() = %q, want it to say the trace cannot show pattern support", v.String())
	}
	if got := l.Check("https://example.com:8445"); got.Patterns[1].Matches {
		t.Errorf("*.example.com matches the bare domain")
	}
}

func TestInvalidLineFix(t *testing.T) {
	l := parseText(t, "garbage line\nfinesse.example.com:8445\n")
	invalid := l.Invalid()
	if len(invalid) != 2 {
		t.Fatalf("Invalid() = %+v, want 2 entries", invalid)
	}
	if got, want := invalid[0].Err.Error(), `"garbage line" is not an origin; remove it or write it as scheme://host[:port]`; got != want {
		t.Errorf("garbage line: error = %q, want %q", got, want)
	}
	if got := invalid[1].Err.Error(); !strings.Contains(got, "write https://finesse.example.com:8445") {
		t.Errorf("host without scheme: error = %q, want the fix with https://", got)
	}
}
