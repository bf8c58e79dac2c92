package traceio

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
)

func TestInternerSharesShortStrings(t *testing.T) {
	var in Interner
	first := in.Bytes([]byte("Content-Type"))
	second := in.Bytes([]byte("Content-Type"))
	if first != "Content-Type" {
		t.Fatalf("Bytes = %q, want %q", first, "Content-Type")
	}
	if unsafe.StringData(first) != unsafe.StringData(second) {
		t.Error("the second lookup returned a new copy, want the shared one")
	}
}

func TestInternerKeepsLongStringsOut(t *testing.T) {
	var in Interner
	long := strings.Repeat("x", MaxInternedLen+1)
	if got := in.Bytes([]byte(long)); got != long {
		t.Fatalf("Bytes changed a long string")
	}
	if len(in.table) != 0 {
		t.Errorf("table has %d strings after a long one, want 0", len(in.table))
	}
}

func TestInternerStopsGrowing(t *testing.T) {
	var in Interner
	for i := range MaxInterned + 10 {
		in.Bytes([]byte{byte(i), byte(i >> 8), byte(i >> 16)})
	}
	if len(in.table) != MaxInterned {
		t.Errorf("table has %d strings, want the maximum %d", len(in.table), MaxInterned)
	}
	if got := in.Bytes([]byte("late")); got != "late" {
		t.Errorf("Bytes after the table is full = %q, want %q", got, "late")
	}
}

// JSONString must give what the JSON decoder's own string tokens give,
// for plain text, escapes and invalid UTF-8.
func TestJSONStringMatchesToken(t *testing.T) {
	for _, raw := range []string{
		`""`,
		`"keep-alive"`,
		`"caf\u00e9 \"quoted\" \\ \/"`,
		`"\ud83d\ude00"`,
		"\"caf\xc3\xa9\"",
		"\"bad \xff byte\"",
	} {
		dec := jsontext.NewDecoder(strings.NewReader(raw), jsontext.AllowInvalidUTF8(true))
		tok, err := dec.ReadToken()
		if err != nil {
			t.Fatalf("ReadToken(%q): %v", raw, err)
		}
		var in Interner
		if got, want := JSONString(&in, []byte(raw)), tok.String(); got != want {
			t.Errorf("JSONString(%q) = %q, want %q", raw, got, want)
		}
	}
}
