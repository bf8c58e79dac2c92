package har

import (
	"strings"
	"testing"
)

// TestWrongTypes checks that a member of the wrong JSON type inside an
// entry is tolerated with a warning that names the entry and the member,
// and that the rest of the entry is still read.
func TestWrongTypes(t *testing.T) {
	tests := []struct {
		name, entry, warning string
		check                func(t *testing.T, e *Entry)
	}{
		{"method number", `{"request":{"method":5,"url":"https://a.example/"}}`, "request.method: want a string, got number 5",
			func(t *testing.T, e *Entry) {
				if e.Method != "5" || e.URL != "https://a.example/" {
					t.Errorf("Method, URL = %q, %q, want 5 and the URL", e.Method, e.URL)
				}
			}},
		{"headers string", `{"request":{"headers":"x","url":"https://a.example/"}}`, "request.headers: want an array, got string",
			func(t *testing.T, e *Entry) {
				if len(e.RequestHeaders) != 0 || e.URL != "https://a.example/" {
					t.Errorf("headers, URL = %v, %q", e.RequestHeaders, e.URL)
				}
			}},
		{"header element number", `{"response":{"headers":[5,{"name":"A","value":"b"}]}}`, "response.headers[]: want an object, got number",
			func(t *testing.T, e *Entry) {
				if e.ResponseHeaders.Value("a") != "b" {
					t.Errorf("ResponseHeaders = %v, want the valid line kept", e.ResponseHeaders)
				}
			}},
		{"header value object", `{"response":{"headers":[{"name":"A","value":{"x":1}}]}}`, "response.headers[].value: want a string, got object",
			func(t *testing.T, e *Entry) {
				if len(e.ResponseHeaders) != 1 || e.ResponseHeaders[0].Name != "A" {
					t.Errorf("ResponseHeaders = %v, want A with an empty value", e.ResponseHeaders)
				}
			}},
		{"status word", `{"response":{"status":"OK","statusText":"OK"}}`, `response.status: want a number, got string "OK"`,
			func(t *testing.T, e *Entry) {
				if e.Status != 0 || e.StatusText != "OK" {
					t.Errorf("Status, StatusText = %d, %q", e.Status, e.StatusText)
				}
			}},
		{"status fraction", `{"response":{"status":200.5}}`, "response.status: 200.5 is not a status code", nil},
		{"status boolean", `{"response":{"status":true}}`, "response.status: want a number, got boolean", nil},
		{"request array", `{"request":[1,2],"response":{"status":200}}`, "request: want an object, got array",
			func(t *testing.T, e *Entry) {
				if e.Status != 200 {
					t.Errorf("Status = %d, want 200", e.Status)
				}
			}},
		{"time object", `{"time":{"ms":1}}`, "time: want a number, got object", nil},
		{"initiator number", `{"_initiator":7}`, "_initiator: want an object, got number", nil},
		{"params string", `{"request":{"postData":{"params":"a=b"}}}`, "request.postData.params: want an array, got string", nil},
		{"boolean url", `{"request":{"url":true}}`, "request.url: want a string, got boolean true", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := harWith(`{}`, tt.entry)
			var entries []*Entry
			tr, err := Stream(strings.NewReader(doc), "test.har", Options{}, func(e *Entry) error {
				entries = append(entries, e)
				return nil
			})
			if err != nil {
				t.Fatalf("Stream = %v, want a warning, not an error", err)
			}
			if len(entries) != 2 {
				t.Fatalf("Stream gave %d entries, want 2", len(entries))
			}
			if len(tr.Warnings) != 1 {
				t.Fatalf("warnings = %v, want exactly one", tr.Warnings)
			}
			w := tr.Warnings[0]
			if w.Entry != 1 || !strings.Contains(w.Message, tt.warning) {
				t.Errorf("warning = %+v, want entry 1 and %q", w, tt.warning)
			}
			if w.Offset <= 0 || w.Offset >= int64(len(doc)) {
				t.Errorf("warning offset %d outside the document", w.Offset)
			}
			if tt.check != nil {
				tt.check(t, entries[1])
			}
		})
	}
}

func TestEntryNotObject(t *testing.T) {
	tr := decodeString(t, harWith(`5`, `{"request":{"method":"GET"}}`, `"x"`, `null`), Options{})
	if len(tr.Exchanges) != 1 || tr.Exchanges[0].Index != 1 || tr.Exchanges[0].Method != "GET" {
		t.Fatalf("exchanges = %+v, want only entry 1 with its index", tr.Exchanges)
	}
	want := []struct {
		entry int
		text  string
	}{{0, "want an object, got number; entry skipped"}, {2, "got string"}, {3, "got null"}}
	if len(tr.Warnings) != len(want) {
		t.Fatalf("warnings = %v, want %d", tr.Warnings, len(want))
	}
	for i, w := range want {
		if tr.Warnings[i].Entry != w.entry || !strings.Contains(tr.Warnings[i].Message, w.text) {
			t.Errorf("warning %d = %+v, want entry %d with %q", i, tr.Warnings[i], w.entry, w.text)
		}
	}
}

func TestMaxWarnings(t *testing.T) {
	var entries []string
	for range 5 {
		entries = append(entries, `{"request":{"method":1}}`)
	}
	doc := harWith(entries...)
	tr := decodeString(t, doc, Options{MaxWarnings: 2})
	if len(tr.Warnings) != 3 || !strings.Contains(tr.Warnings[2].Message, "3 more warnings") {
		t.Errorf("warnings = %v, want 2 and a count of 3 more", tr.Warnings)
	}
	tr = decodeString(t, doc, Options{MaxWarnings: -1})
	if len(tr.Warnings) != 5 {
		t.Errorf("MaxWarnings -1 kept %d warnings, want 5", len(tr.Warnings))
	}
}
