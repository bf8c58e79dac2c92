package allowlist

import (
	"strings"
	"testing"
)

const finesse = "https://finesse.example.com:8445"

func mustParse(t *testing.T, text string) *List {
	t.Helper()
	list, err := Parse(strings.NewReader(text), "list.txt")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return list
}

func TestCheckAllowed(t *testing.T) {
	tests := []struct {
		name     string
		list     string
		origin   string
		wantLine int
	}{
		{"exact entry", "https://other.example.com\n" + finesse + "\n", finesse, 2},
		{"wildcard", "*\n", finesse, 1},
		{"exact entry before wildcard", "*\n" + finesse + "\n", finesse, 2},
		{"origin serialized first", finesse + "\n", "HTTPS://Finesse.example.com:8445", 1},
		{"default port dropped from origin", "https://finesse.example.com\n", "https://finesse.example.com:443", 1},
		{"null entry", "null\n", "null", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mustParse(t, tt.list).Check(tt.origin)
			if v.Err != nil {
				t.Fatalf("Err = %v", v.Err)
			}
			if !v.Allowed {
				t.Fatalf("not allowed: %s", v)
			}
			if v.Match == nil || v.Match.Line != tt.wantLine {
				t.Errorf("Match = %+v, want line %d", v.Match, tt.wantLine)
			}
			if v.Add != "" {
				t.Errorf("Add = %q, want empty", v.Add)
			}
		})
	}
}

func TestCheckNearMisses(t *testing.T) {
	tests := []struct {
		name         string
		entry        string
		origin       string
		wantKinds    []Kind
		wantDistance int
	}{
		{"port missing", "https://finesse.example.com", finesse, []Kind{PortMissing}, 0},
		{"port extra", "https://finesse.example.com:8445", "https://finesse.example.com", []Kind{PortExtra}, 0},
		{"default port spelled out", "https://finesse.example.com:443", "https://finesse.example.com", []Kind{PortExtra}, 0},
		{"port different", "https://finesse.example.com:8443", finesse, []Kind{PortDifferent}, 0},
		{"scheme differs", "http://finesse.example.com:8445", finesse, []Kind{SchemeDiffers}, 0},
		{"scheme missing", "finesse.example.com:8445", finesse, []Kind{SchemeMissing}, 0},
		{"one-letter typo", "https://finese.example.com:8445", finesse, []Kind{HostTypo}, 1},
		{"swapped letters", "https://fniesse.example.com:8445", finesse, []Kind{HostTypo}, 1},
		{"two-letter typo", "https://fnesse.exmaple.com:8445", finesse, []Kind{HostTypo}, 2},
		{"trailing slash", finesse + "/", finesse, []Kind{Path}, 0},
		{"path", finesse + "/desktop", finesse, []Kind{Path}, 0},
		{"case", "https://Finesse.Example.com:8445", finesse, []Kind{Case}, 0},
		{"typo and port missing", "https://finese.example.com", finesse, []Kind{HostTypo, PortMissing}, 1},
		{"scheme, port and slash", "http://finesse.example.com/", finesse, []Kind{SchemeDiffers, PortMissing, Path}, 0},
		{"case and trailing slash", "HTTPS://FINESSE.example.com:8445/", finesse, []Kind{Path, Case}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := mustParse(t, "https://unrelated.example.org\n"+tt.entry+"\n")
			v := list.Check(tt.origin)
			if v.Err != nil {
				t.Fatalf("Err = %v", v.Err)
			}
			if v.Allowed {
				t.Fatalf("allowed, want a near miss")
			}
			if v.Nearest == nil || v.Nearest.Line != 2 {
				t.Fatalf("Nearest = %+v, want the entry on line 2", v.Nearest)
			}
			if len(v.Differences) != len(tt.wantKinds) {
				t.Fatalf("Differences = %+v, want kinds %v", v.Differences, tt.wantKinds)
			}
			for i, d := range v.Differences {
				if d.Kind != tt.wantKinds[i] {
					t.Errorf("difference %d Kind = %q, want %q", i, d.Kind, tt.wantKinds[i])
				}
				if d.Detail == "" {
					t.Errorf("difference %d has no Detail", i)
				}
			}
			if got := hostDistanceOf(v.Differences); got != tt.wantDistance {
				t.Errorf("host distance = %d, want %d", got, tt.wantDistance)
			}
			wantAdd := strings.ToLower(tt.origin)
			if v.Add != wantAdd {
				t.Errorf("Add = %q, want %q", v.Add, wantAdd)
			}
		})
	}
}

func TestCheckPicksNearestEntry(t *testing.T) {
	list := mustParse(t, "https://finese.example.com\nhttps://finesse.example.com\nhttps://finesse.example.com:8443\n")
	v := list.Check(finesse)
	if v.Allowed {
		t.Fatal("allowed, want a near miss")
	}
	if v.Nearest == nil || v.Nearest.Line != 2 {
		t.Fatalf("Nearest = %+v, want line 2 (one difference, no typo)", v.Nearest)
	}
	if !v.Has(PortMissing) {
		t.Errorf("Differences = %+v, want port-missing", v.Differences)
	}
}

func TestCheckNoNearEntry(t *testing.T) {
	v := mustParse(t, "https://cuic.example.net\n").Check(finesse)
	if v.Allowed {
		t.Fatal("allowed, want not allowed")
	}
	if v.Nearest != nil {
		t.Errorf("Nearest = %+v, want nil for a host three or more edits away", v.Nearest)
	}
	if v.Add != finesse {
		t.Errorf("Add = %q, want %q", v.Add, finesse)
	}
	if !strings.Contains(v.String(), "add "+finesse) {
		t.Errorf("String() = %q, want it to name the entry to add", v.String())
	}
}

func TestCheckInvalidOrigin(t *testing.T) {
	v := mustParse(t, finesse+"\n").Check("finesse.example.com:8445")
	if v.Err == nil {
		t.Fatal("Err = nil, want an error for an origin without scheme")
	}
	if !strings.Contains(v.Err.Error(), "scheme://host[:port]") {
		t.Errorf("Err = %v, want it to show the expected form", v.Err)
	}
	if v.Allowed {
		t.Error("Allowed = true for an invalid origin")
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"finesse", "finesse", 0},
		{"finesse", "finese", 1},
		{"finesse", "fniesse", 1},
		{"finesse", "finessee", 1},
		{"finesse", "fimesse", 1},
		{"finesse", "fniese", 2},
		{"", "abc", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
