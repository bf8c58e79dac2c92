package har

import (
	"strings"
	"testing"
)

// streamAll streams doc and returns its entries and trace.
func streamAll(t *testing.T, doc string, opts Options) ([]*Entry, []string) {
	t.Helper()
	var entries []*Entry
	tr, err := Stream(strings.NewReader(doc), "test.har", opts, func(e *Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		t.Fatalf("Stream = %v", err)
	}
	var warnings []string
	for _, w := range tr.Warnings {
		warnings = append(warnings, w.Message)
	}
	return entries, warnings
}

func TestBodies(t *testing.T) {
	tests := []struct {
		name, content string
		want          string
		wantNil       bool
		warning       string
	}{
		{"plain", `{"mimeType":"text/plain","text":"pong","size":4}`, "pong", false, ""},
		{"base64", `{"text":"cG9uZw==","encoding":"base64"}`, "pong", false, ""},
		{"encoding first", `{"encoding":"base64","text":"cG9uZw=="}`, "pong", false, ""},
		{"base64 wrapped", `{"text":"cG9u\nZw==","encoding":"base64"}`, "pong", false, ""},
		{"base64 unpadded", `{"text":"cG9uZw","encoding":"base64"}`, "pong", false, ""},
		{"base64 invalid", `{"text":"MANUALLY REMOVED","encoding":"base64"}`, "", true, "response.content.text: invalid base64"},
		{"no text", `{"size":0,"mimeType":"x-unknown"}`, "", true, ""},
		{"null text", `{"text":null}`, "", true, ""},
		{"empty object", `{}`, "", true, ""},
		{"unknown encoding", `{"text":"pong","encoding":"utf-8"}`, "pong", false, `unknown encoding "utf-8"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, warnings := streamAll(t, harWith(`{"response":{"status":200,"content":`+tt.content+`}}`), Options{Bodies: true})
			body := entries[0].ResponseBody
			if tt.wantNil != (body.Text == nil) || string(body.Text) != tt.want {
				t.Errorf("ResponseBody.Text = %q (nil %v), want %q (nil %v)", body.Text, body.Text == nil, tt.want, tt.wantNil)
			}
			if tt.warning == "" && len(warnings) != 0 || tt.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], tt.warning)) {
				t.Errorf("warnings = %q, want %q", warnings, tt.warning)
			}
		})
	}
}

func TestBodiesSkippedByDefault(t *testing.T) {
	doc := harWith(`{"request":{"postData":{"mimeType":"application/json","text":"{\"a\":1}"}},"response":{"content":{"size":4,"text":"MANUALLY REMOVED","encoding":"base64","_file":"abc.dat"}}}`)
	entries, warnings := streamAll(t, doc, Options{})
	e := entries[0]
	if e.RequestBody.Text != nil || e.ResponseBody.Text != nil {
		t.Errorf("bodies = %q, %q, want nil without Options.Bodies", e.RequestBody.Text, e.ResponseBody.Text)
	}
	if e.ResponseBody.Size != 4 || e.ResponseBody.Encoding != "base64" || e.ResponseBody.File != "abc.dat" || e.RequestBody.MimeType != "application/json" {
		t.Errorf("body metadata = %+v, %+v", e.RequestBody, e.ResponseBody)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %q, want none when bodies are skipped", warnings)
	}
}

func TestRequestBody(t *testing.T) {
	doc := harWith(`{"request":{"bodySize":7,"postData":{"mimeType":"application/json","text":"{\"a\":1}"}}}`)
	entries, _ := streamAll(t, doc, Options{Bodies: true})
	body := entries[0].RequestBody
	if string(body.Text) != `{"a":1}` || body.Size != 7 {
		t.Errorf("RequestBody = %+v, want the JSON text and size 7", body)
	}
}

func TestStreamStops(t *testing.T) {
	doc := harWith(`{}`, `{}`, `{}`)
	calls := 0
	errStop := errorString("stop")
	_, err := Stream(strings.NewReader(doc), "test.har", Options{}, func(*Entry) error {
		calls++
		if calls == 2 {
			return errStop
		}
		return nil
	})
	if err != errStop || calls != 2 {
		t.Errorf("Stream = %v after %d calls, want the callback's error after 2", err, calls)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
