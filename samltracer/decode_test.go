package samltracer_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/samltracer"
)

// decodeString decodes input as a file named "test.json" and fails the
// test on error.
func decodeString(t *testing.T, input string, opts samltracer.Options) *analyzer.Trace {
	t.Helper()
	tr, err := samltracer.Decode(strings.NewReader(input), "test.json", opts)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return tr
}

// readFixture returns the content of testdata/name.
func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func checkHeaders(t *testing.T, what string, got analyzer.Headers, want ...analyzer.Header) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %q, want %q", what, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s[%d] = %q, want %q", what, i, got[i], want[i])
		}
	}
}

func TestDecodeEras(t *testing.T) {
	tests := []struct {
		file        string
		wantCreator string
		wantCount   int
	}{
		{"legacy-0.3.json", "SAML-tracer (0.3, legacy format)", 2},
		{"c1-1.4.json", "SAML-tracer (1.1 to 1.4)", 2},
		{"c2-preflight.json", "SAML-tracer (1.5 or later)", 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tr := decodeString(t, readFixture(t, tt.file), samltracer.Options{})
			if tr.Creator != tt.wantCreator {
				t.Errorf("Creator = %q, want %q", tr.Creator, tt.wantCreator)
			}
			if tr.Format != analyzer.FormatSAMLTracer {
				t.Errorf("Format = %q, want %q", tr.Format, analyzer.FormatSAMLTracer)
			}
			if tr.Source != "test.json" {
				t.Errorf("Source = %q, want test.json", tr.Source)
			}
			if len(tr.Exchanges) != tt.wantCount {
				t.Fatalf("got %d exchanges, want %d", len(tr.Exchanges), tt.wantCount)
			}
			if len(tr.Warnings) != 0 {
				t.Errorf("Warnings = %v, want none", tr.Warnings)
			}
			for i, ex := range tr.Exchanges {
				if ex.Index != i {
					t.Errorf("Exchanges[%d].Index = %d", i, ex.Index)
				}
				if ex.HasTime() || ex.Duration >= 0 {
					t.Errorf("Exchanges[%d]: Start = %v, Duration = %v, want zero and negative", i, ex.Start, ex.Duration)
				}
			}
		})
	}
}

func TestDecodeLegacy(t *testing.T) {
	tr := decodeString(t, readFixture(t, "legacy-0.3.json"), samltracer.Options{})
	get, post := tr.Exchanges[0], tr.Exchanges[1]

	checkHeaders(t, "RequestHeaders", get.RequestHeaders, analyzer.Header{Name: "Host", Value: "sp.example.test"})
	if get.Status != 200 || get.StatusText != "OK" || get.HTTPVersion != "" {
		t.Errorf("status = %d %q %q, want 200 \"OK\" \"\"", get.Status, get.StatusText, get.HTTPVersion)
	}
	if got := get.ResponseHeaders.Values("set-cookie"); len(got) != 2 {
		t.Errorf("Set-Cookie values = %q, want the two newline-joined lines", got)
	}
	if get.Form != nil || get.BodyMasked {
		t.Errorf("GET: Form = %q, BodyMasked = %v, want nil and false", get.Form, get.BodyMasked)
	}

	if !post.BodyMasked {
		t.Error("POST: BodyMasked = false, want true")
	}
	wantForm := analyzer.Field{Name: "SAMLResponse", Value: "{hash:da39a3ee5e6b4b0d3255bfef95601890afd80709}"}
	if len(post.Form) != 1 || post.Form[0] != wantForm {
		t.Errorf("POST: Form = %q, want [%q]", post.Form, wantForm)
	}
}

func TestDecodeQuirks(t *testing.T) {
	tests := []struct {
		name  string
		input string
		check func(t *testing.T, tr *analyzer.Trace)
	}{
		{
			name: "header shapes mixed in one array",
			input: `{"requests":[{"method":"GET","url":"https://a.test/","requestId":"1","requestHeaders":[
				{"name":"A","value":"1"},["B","2"],{"name":"C","binaryValue":[104,105]},{"name":"D","value":"x","binaryValue":[1]}]}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				checkHeaders(t, "RequestHeaders", tr.Exchanges[0].RequestHeaders,
					analyzer.Header{Name: "A", Value: "1"}, analyzer.Header{Name: "B", Value: "2"},
					analyzer.Header{Name: "C", Value: "hi"}, analyzer.Header{Name: "D", Value: "x"})
				if len(tr.Warnings) != 0 {
					t.Errorf("Warnings = %v, want none", tr.Warnings)
				}
			},
		},
		{
			name:  "binaryValue not UTF-8 read as Latin-1",
			input: `{"requests":[{"method":"GET","url":"https://a.test/","responseStatus":200,"responseHeaders":[{"name":"X-Name","binaryValue":[74,233,114,244,109,101]}]}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				checkHeaders(t, "ResponseHeaders", tr.Exchanges[0].ResponseHeaders, analyzer.Header{Name: "X-Name", Value: "Jérôme"})
				if len(tr.Warnings) != 1 {
					t.Fatalf("Warnings = %v, want one", tr.Warnings)
				}
				w := tr.Warnings[0]
				want := `request 0: header "X-Name" has bytes that are not UTF-8; read them as ISO-8859-1 (Latin-1)`
				if w.Entry != 0 || w.Message != want {
					t.Errorf("Warnings[0] = %+v, want entry 0 and %q", w, want)
				}
			},
		},
		{
			name: "requestId as number, missing and repeated",
			input: `{"requests":[
				{"method":"GET","url":"https://a.test/1","requestId":7},
				{"method":"GET","url":"https://a.test/2"},
				{"method":"GET","url":"https://a.test/3","requestId":"9"},
				{"method":"GET","url":"https://a.test/4","requestId":"9"}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if len(tr.Exchanges) != 4 {
					t.Fatalf("got %d exchanges, want 4", len(tr.Exchanges))
				}
				for i, ex := range tr.Exchanges {
					if ex.Index != i {
						t.Errorf("Exchanges[%d].Index = %d, want %d", i, ex.Index, i)
					}
				}
			},
		},
		{
			name: "status from the status line",
			input: `{"requests":[
				{"method":"GET","url":"https://a.test/1","responseStatus":"","responseStatusText":"HTTP/1.1 302 Found"},
				{"method":"GET","url":"https://a.test/2","responseStatusText":"HTTP/1.1 200"},
				{"method":"GET","url":"https://a.test/3","responseStatus":null,"responseStatusText":"HTTP/2.0 404 Not Found"},
				{"method":"GET","url":"https://a.test/4","responseStatus":"204"},
				{"method":"GET","url":"https://a.test/5"}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				want := []struct {
					status        int
					text, version string
				}{
					{302, "HTTP/1.1 302 Found", "HTTP/1.1"},
					{200, "HTTP/1.1 200", "HTTP/1.1"},
					{404, "HTTP/2.0 404 Not Found", "HTTP/2.0"},
					{204, "", ""},
					{0, "", ""},
				}
				for i, w := range want {
					ex := tr.Exchanges[i]
					if ex.Status != w.status || ex.StatusText != w.text || ex.HTTPVersion != w.version {
						t.Errorf("Exchanges[%d] = %d %q %q, want %d %q %q", i, ex.Status, ex.StatusText, ex.HTTPVersion, w.status, w.text, w.version)
					}
				}
				if tr.Exchanges[4].HasResponse() {
					t.Error("exchange without status: HasResponse() = true, want false")
				}
			},
		},
		{
			name:  "status number and line disagree",
			input: `{"requests":[{"method":"GET","url":"https://a.test/","responseStatus":200,"responseStatusText":"HTTP/1.1 304 Not Modified"}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if got := tr.Exchanges[0].Status; got != 200 {
					t.Errorf("Status = %d, want 200", got)
				}
				want := `request 0: responseStatus 200 disagrees with the status line "HTTP/1.1 304 Not Modified"; using 200`
				if len(tr.Warnings) != 1 || tr.Warnings[0].Message != want {
					t.Errorf("Warnings = %v, want [%q]", tr.Warnings, want)
				}
			},
		},
		{
			name: "masked values",
			input: `{"requests":[
				{"method":"POST","url":"https://a.test/1","post":[["SAMLResponse","{obf:alternative_3}"]]},
				{"method":"POST","url":"https://a.test/2","post":[["{hash:0a1b}",""]]},
				{"method":"POST","url":"https://a.test/3","postData":"{overwritten}"},
				{"method":"POST","url":"https://a.test/4","post":[["RelayState","abc"]]},
				{"method":"POST","url":"https://a.test/5","post":[["x","{hash:not-hex}"]]}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				for i, want := range []bool{true, true, true, false, false} {
					if got := tr.Exchanges[i].BodyMasked; got != want {
						t.Errorf("Exchanges[%d].BodyMasked = %v, want %v", i, got, want)
					}
				}
				if got := tr.Exchanges[0].Form[0].Value; got != "{obf:alternative_3}" {
					t.Errorf("masked value = %q, want it kept as it is", got)
				}
			},
		},
		{
			name:  "postData object without post",
			input: `{"requests":[{"method":"POST","url":"https://a.test/","postData":{"SAMLResponse":["PHNhbWw+"],"RelayState":["r1","r2"]}}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				want := []analyzer.Field{{Name: "SAMLResponse", Value: "PHNhbWw+"}, {Name: "RelayState", Value: "r1"}, {Name: "RelayState", Value: "r2"}}
				got := tr.Exchanges[0].Form
				if len(got) != len(want) {
					t.Fatalf("Form = %q, want %q", got, want)
				}
				for i := range want {
					if got[i] != want[i] {
						t.Errorf("Form[%d] = %q, want %q", i, got[i], want[i])
					}
				}
			},
		},
		{
			name:  "post wins over postData object",
			input: `{"requests":[{"method":"POST","url":"https://a.test/","postData":{"a":["1"]},"post":[["b","2"]]}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				got := tr.Exchanges[0].Form
				if len(got) != 1 || got[0] != (analyzer.Field{Name: "b", Value: "2"}) {
					t.Errorf("Form = %q, want [{b 2}]", got)
				}
			},
		},
		{
			name: "per-request timestamps",
			input: `{"requests":[
				{"method":"GET","url":"https://a.test/1","timestamp":1762179602123},
				{"method":"GET","url":"https://a.test/2","timestamp":"2025-11-03T14:20:03.5Z"},
				{"method":"GET","url":"https://a.test/3","timestamp":"yesterday"},
				{"method":"GET","url":"https://a.test/4","timestamp":{"ms":1}}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if want := time.UnixMilli(1762179602123).UTC(); !tr.Exchanges[0].Start.Equal(want) {
					t.Errorf("Exchanges[0].Start = %v, want %v", tr.Exchanges[0].Start, want)
				}
				if want := time.Date(2025, 11, 3, 14, 20, 3, 5e8, time.UTC); !tr.Exchanges[1].Start.Equal(want) {
					t.Errorf("Exchanges[1].Start = %v, want %v", tr.Exchanges[1].Start, want)
				}
				if tr.Exchanges[2].HasTime() || tr.Exchanges[3].HasTime() {
					t.Error("unreadable timestamps gave a start time")
				}
				if len(tr.Warnings) != 2 {
					t.Fatalf("Warnings = %v, want two", tr.Warnings)
				}
				want := `request 2: ignored its "timestamp" "yesterday": expected milliseconds since the Unix epoch or an RFC 3339 time`
				if tr.Warnings[0].Message != want {
					t.Errorf("Warnings[0] = %q, want %q", tr.Warnings[0].Message, want)
				}
				if !strings.HasPrefix(tr.Creator, "SAML-tracer-compatible exporter") {
					t.Errorf("Creator = %q, want a SAML-tracer-compatible exporter", tr.Creator)
				}
			},
		},
		{
			name: "unknown members skipped",
			input: `{"version":{"deep":[1,{"x":null}]},"requests":[{"type":"xhr","res":{"body":"…"},"method":"GET",
				"url":"https://a.test/","get":[["q","1"]],"saml":null,"samlart":null,"protocol":"SAML-P","extra":[[]]}],"timestamp":"2025-01-01T00:00:00Z","more":true}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if len(tr.Exchanges) != 1 || tr.Exchanges[0].URL != "https://a.test/" {
					t.Errorf("Exchanges = %+v, want the one request", tr.Exchanges)
				}
				if len(tr.Warnings) != 0 {
					t.Errorf("Warnings = %v, want none", tr.Warnings)
				}
			},
		},
		{
			name:  "repeated member takes the last value",
			input: `{"requests":[{"method":"GET","method":"PUT","url":"https://a.test/"}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if got := tr.Exchanges[0].Method; got != "PUT" {
					t.Errorf("Method = %q, want PUT", got)
				}
			},
		},
		{
			name:  "no requests",
			input: `{"requests":[],"timestamp":"2025-01-01T00:00:00Z"}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if len(tr.Exchanges) != 0 {
					t.Errorf("got %d exchanges, want 0", len(tr.Exchanges))
				}
				if len(tr.Warnings) != 1 || tr.Warnings[0].Entry != -1 || tr.Warnings[0].Offset != 12 {
					t.Fatalf("Warnings = %+v, want one for the file at byte 12", tr.Warnings)
				}
				if !strings.HasPrefix(tr.Warnings[0].Message, "the export contains no requests") {
					t.Errorf("Warnings[0].Message = %q", tr.Warnings[0].Message)
				}
				if tr.Creator != "SAML-tracer (1.1 or later)" {
					t.Errorf("Creator = %q, want SAML-tracer (1.1 or later)", tr.Creator)
				}
			},
		},
		{
			name:  "byte order mark",
			input: "\xEF\xBB\xBF" + `{"requests":[{"method":"GET","url":"https://a.test/"}]}`,
			check: func(t *testing.T, tr *analyzer.Trace) {
				if len(tr.Exchanges) != 1 {
					t.Errorf("got %d exchanges, want 1", len(tr.Exchanges))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, decodeString(t, tt.input, samltracer.Options{}))
		})
	}
}

func TestDecodeGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(readFixture(t, "c2-preflight.json"))); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.json.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	tr, err := samltracer.DecodeFile(path, samltracer.Options{})
	if err != nil {
		t.Fatalf("DecodeFile: %v", err)
	}
	if len(tr.Exchanges) != 2 || tr.Exchanges[1].Method != "PUT" {
		t.Errorf("Exchanges = %+v, want OPTIONS and PUT", tr.Exchanges)
	}
	if tr.Source != path {
		t.Errorf("Source = %q, want %q", tr.Source, path)
	}
}

// badMiddleRequest has a readable request on each side of one whose
// method is a number.
const badMiddleRequest = `{"requests":[
{"method":"GET","url":"https://a.test/1"},
{"url":"https://a.test/2","requestHeaders":[{"name":"A","value":"1"}],"method":5,"saml":{"nested":[1,2]}},
{"method":"GET","url":"https://a.test/3"}
]}`

func TestDecodeSkipsUnreadableRequest(t *testing.T) {
	tr := decodeString(t, badMiddleRequest, samltracer.Options{})
	if len(tr.Exchanges) != 2 {
		t.Fatalf("got %d exchanges, want 2", len(tr.Exchanges))
	}
	if tr.Exchanges[0].Index != 0 || tr.Exchanges[1].Index != 2 {
		t.Errorf("Index = %d, %d, want 0, 2", tr.Exchanges[0].Index, tr.Exchanges[1].Index)
	}
	if len(tr.Warnings) != 1 {
		t.Fatalf("Warnings = %v, want one", tr.Warnings)
	}
	w := tr.Warnings[0]
	want := analyzer.Warning{
		Entry:   1,
		Offset:  57,
		Message: "skipped request 1 (line 3, column 1): /requests/1/method: expected the request method as a string, found a number",
	}
	if w != want {
		t.Errorf("Warnings[0] = %+v, want %+v", w, want)
	}
}

func TestDecodeStrictFailsOnUnreadableRequest(t *testing.T) {
	_, err := samltracer.Decode(strings.NewReader(badMiddleRequest), "test.json", samltracer.Options{Strict: true})
	var derr *analyzer.DecodeError
	if !errors.As(err, &derr) {
		t.Fatalf("Decode error = %v, want *analyzer.DecodeError", err)
	}
	want := "test.json: entry 1 (line 3, column 80, byte 136): /requests/1/method: expected the request method as a string, found a number"
	if err.Error() != want {
		t.Errorf("Decode error = %q, want %q", err, want)
	}
}

func TestDecodeMaxWarnings(t *testing.T) {
	input := `{"requests":[` + strings.Repeat(`{"method":1,"url":"u"},`, 4) + `{"method":"GET","url":"u"}]}`
	tr := decodeString(t, input, samltracer.Options{MaxWarnings: 2})
	if len(tr.Warnings) != 3 {
		t.Fatalf("Warnings = %v, want two and a summary", tr.Warnings)
	}
	want := "2 more warnings left out; raise Options.MaxWarnings to see them"
	if got := tr.Warnings[2].Message; got != want {
		t.Errorf("last warning = %q, want %q", got, want)
	}
}
