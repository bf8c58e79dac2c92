package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// nested returns depth arrays nested in each other around a string.
func nested(depth int) any {
	var v any = "innermost"
	for range depth {
		v = []any{v}
	}
	return v
}

// TestAppendIndentedMatchesIndent compares appendIndented with
// json.Indent followed by escapeInvisible, which is how the JSON reporter
// wrote its output before it streamed.
func TestAppendIndentedMatchesIndent(t *testing.T) {
	values := []any{
		"plain",
		"",
		`quote " and backslash \ and slash /`,
		"controls \x00\x01\b\f\n\r\t\x1f",
		"DEL \x7f, C1 \u0085\u009f, bidi \u202e\u2066\u200f\u061c, separators \u2028\u2029",
		"invalid UTF-8 \xff\xfe and a split rune \xe2\x80",
		"not escaped: <>& é 日本 😀 \u00a0",
		`{"looks":["like",json]}, [1,2]`,
		[]string{},
		[]string{"a", "b,c", "d:e"},
		map[string]any{"z": 1, "a": []any{}, "m": map[string]int{}, "n": nil},
		struct {
			Name    string    `json:"name"`
			List    []int     `json:"list"`
			Empty   []int     `json:"empty"`
			Nested  [][]int   `json:"nested"`
			Float   float64   `json:"float"`
			Small   float64   `json:"small"`
			Pointer *struct{} `json:"pointer"`
			Object  struct{}  `json:"object"`
		}{Name: "x\u202ey", List: []int{1, 2}, Empty: []int{}, Nested: [][]int{{}, {3}}, Float: 12.5, Small: 1e-9},
		-1.25,
		true,
		nil,
		// Long strings with a byte to escape or to stop at in several
		// places, and nesting deeper than a report has.
		strings.Repeat("abcdefghij", 3) + "\x7f" + strings.Repeat("k", 20),
		strings.Repeat("abcdefghij", 3) + `"` + strings.Repeat("k", 17) + `\`,
		strings.Repeat("abcdefghij", 5) + "é\u0085" + strings.Repeat("z", 15),
		strings.Repeat("/path/segment", 10),
		nested(40),
	}
	for _, v := range values {
		for _, depth := range []int{0, 1, 2, 31, 33} {
			var compact bytes.Buffer
			enc := json.NewEncoder(&compact)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatalf("encode %#v: %v", v, err)
			}
			compactBytes := bytes.TrimSuffix(compact.Bytes(), []byte("\n"))

			var indented bytes.Buffer
			prefix := string(bytes.Repeat([]byte("  "), depth))
			if err := json.Indent(&indented, compactBytes, prefix, "  "); err != nil {
				t.Fatalf("indent %s: %v", compactBytes, err)
			}
			want := string(escapeInvisible(indented.Bytes()))

			got := string(appendIndented(nil, compactBytes, depth))
			if got != want {
				t.Errorf("appendIndented(%s, %d) =\n%s\nwant\n%s", compactBytes, depth, got, want)
			}
		}
	}
}
