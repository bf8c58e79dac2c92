package har

import (
	"strings"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// harWith returns a HAR document whose log.entries holds the given JSON
// texts.
func harWith(entries ...string) string {
	return `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[` +
		strings.Join(entries, ",") + `]}}`
}

// decodeString decodes doc and fails the test on an error.
func decodeString(t *testing.T, doc string, opts Options) *analyzer.Trace {
	t.Helper()
	tr, err := Decode(strings.NewReader(doc), "test.har", opts)
	if err != nil {
		t.Fatalf("Decode(%.200s) = %v", doc, err)
	}
	return tr
}

// only returns the single exchange of doc.
func only(t *testing.T, doc string) (analyzer.Exchange, []analyzer.Warning) {
	t.Helper()
	tr := decodeString(t, doc, Options{})
	if len(tr.Exchanges) != 1 {
		t.Fatalf("Decode gave %d exchanges, want 1", len(tr.Exchanges))
	}
	return tr.Exchanges[0], tr.Warnings
}

func TestStartedDateTime(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name, in string
		want     time.Time
	}{
		{"utc Z", `"2025-12-19T01:23:28.373Z"`, utc("2025-12-19T01:23:28.373Z")},
		{"local offset", `"2023-03-20T10:00:01.123-07:00"`, utc("2023-03-20T17:00:01.123Z")},
		{"offset without colon", `"1970-01-01T05:30:00.000+0530"`, utc("1970-01-01T00:00:00Z")},
		{"microseconds", `"2023-07-25T11:07:59.308541+00:00"`, utc("2023-07-25T11:07:59.308541Z")},
		{"no fraction", `"2023-07-25T11:07:59Z"`, utc("2023-07-25T11:07:59Z")},
		{"space for T", `"2023-07-25 11:07:59.5Z"`, utc("2023-07-25T11:07:59.5Z")},
		{"lower case t and z", `"2023-07-25t11:07:59z"`, utc("2023-07-25T11:07:59Z")},
		{"no offset read as UTC", `"2023-07-25T11:07:59.25"`, utc("2023-07-25T11:07:59.25Z")},
		{"hour offset", `"2023-07-25T13:07:59+02"`, utc("2023-07-25T11:07:59Z")},
		{"empty", `""`, time.Time{}},
		{"null", `null`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, warnings := only(t, harWith(`{"startedDateTime":`+tt.in+`}`))
			if !e.Start.Equal(tt.want) {
				t.Errorf("Start = %v, want %v", e.Start, tt.want)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings = %v, want none", warnings)
			}
		})
	}
}

func TestStartedDateTimeUnreadable(t *testing.T) {
	e, warnings := only(t, harWith(`{"startedDateTime":"yesterday"}`))
	if !e.Start.IsZero() {
		t.Errorf("Start = %v, want zero", e.Start)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, `"yesterday"`) || warnings[0].Entry != 0 {
		t.Errorf("warnings = %v, want one for entry 0 quoting the value", warnings)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		name, in string
		want     time.Duration
	}{
		{"fractional", `12.5`, 12500 * time.Microsecond},
		{"integer", `7`, 7 * time.Millisecond},
		{"minus one", `-1`, unknownDuration},
		{"null", `null`, unknownDuration},
		{"string", `"12"`, 12 * time.Millisecond},
		{"empty string", `""`, unknownDuration},
		{"zero", `0`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := only(t, harWith(`{"time":`+tt.in+`}`))
			if e.Duration != tt.want {
				t.Errorf("Duration = %v, want %v", e.Duration, tt.want)
			}
		})
	}
	e, _ := only(t, harWith(`{}`))
	if e.Duration >= 0 {
		t.Errorf("missing time: Duration = %v, want negative", e.Duration)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{`200`, 200}, {`0`, 0}, {`-1`, -1}, {`-2`, -2}, {`"204"`, 204}, {`null`, 0}, {`204.0`, 204},
	}
	for _, tt := range tests {
		e, warnings := only(t, harWith(`{"response":{"status":`+tt.in+`}}`))
		if e.Status != tt.want {
			t.Errorf("status %s: Status = %d, want %d", tt.in, e.Status, tt.want)
		}
		if len(warnings) != 0 {
			t.Errorf("status %s: warnings = %v, want none", tt.in, warnings)
		}
	}
}

func TestNullsAndMissingMembers(t *testing.T) {
	docs := map[string]string{
		"empty entry":      `{}`,
		"null members":     `{"startedDateTime":null,"time":null,"request":null,"response":null,"cache":null,"timings":null,"_initiator":null,"_priority":null,"_error":null,"serverIPAddress":null,"pageref":null}`,
		"null fields":      `{"request":{"method":null,"url":null,"httpVersion":null,"headers":null,"cookies":null,"queryString":null,"postData":null,"headersSize":null,"bodySize":null},"response":{"status":null,"statusText":null,"headers":null,"content":null,"redirectURL":null,"_error":null}}`,
		"empty objects":    `{"request":{},"response":{"content":{}},"timings":{},"cache":{}}`,
		"cache nulls":      `{"cache":{"beforeRequest":null,"afterRequest":null},"response":{"cookies":[{"name":"a","value":"b","expires":null}]}}`,
		"null header list": `{"request":{"headers":[{"name":null,"value":null}]}}`,
	}
	for name, entry := range docs {
		t.Run(name, func(t *testing.T) {
			e, warnings := only(t, harWith(entry))
			if len(warnings) != 0 {
				t.Errorf("warnings = %v, want none", warnings)
			}
			if e.Status != 0 || e.Method != "" || e.Error != "" || !e.Start.IsZero() || e.Duration >= 0 {
				t.Errorf("exchange = %+v, want zero fields and a negative duration", e)
			}
		})
	}
}

func TestLogVariants(t *testing.T) {
	tests := map[string]string{
		"pages absent":   `{"log":{"version":"1.2","creator":{"name":"Charles Proxy","version":"4.6.3"},"entries":[{}]}}`,
		"pages empty":    `{"log":{"version":"1.2","creator":{"name":"Charles Proxy","version":"4.6.3"},"pages":[],"entries":[{}]}}`,
		"pages after":    `{"log":{"entries":[{}],"pages":[{"id":"page_1","pageTimings":{"onLoad":-1}}],"creator":{"name":"Charles Proxy","version":"4.6.3"}}}`,
		"version 1.1":    `{"log":{"version":"1.1","creator":{"name":"Charles Proxy","version":"4.6.3","comment":"x"},"entries":[{}],"comment":""}}`,
		"bom":            "\ufeff" + `{"log":{"creator":{"name":"Charles Proxy","version":"4.6.3"},"entries":[{}]}}`,
		"unknown top":    `{"_meta":{"a":[1,2,{"b":null}]},"log":{"creator":{"name":"Charles Proxy","version":"4.6.3"},"entries":[{}]}}`,
		"duplicate keys": `{"log":{"creator":{"name":"x","version":"0"},"creator":{"name":"Charles Proxy","version":"4.6.3"},"entries":[{}]}}`,
	}
	for name, doc := range tests {
		t.Run(name, func(t *testing.T) {
			tr := decodeString(t, doc, Options{})
			if len(tr.Exchanges) != 1 || tr.Creator != "Charles Proxy 4.6.3" {
				t.Errorf("exchanges, Creator = %d, %q, want 1, Charles Proxy 4.6.3", len(tr.Exchanges), tr.Creator)
			}
			if tr.Source != "test.har" || tr.Format != analyzer.FormatHAR {
				t.Errorf("Source, Format = %q, %q", tr.Source, tr.Format)
			}
			if len(tr.Warnings) != 0 {
				t.Errorf("warnings = %v, want none", tr.Warnings)
			}
		})
	}
}

func TestEmptyEntries(t *testing.T) {
	tr := decodeString(t, `{"log":{"entries":[]}}`, Options{})
	if len(tr.Exchanges) != 0 || len(tr.Warnings) != 0 {
		t.Errorf("exchanges, warnings = %d, %v, want 0, none", len(tr.Exchanges), tr.Warnings)
	}
}

func TestExchangeFields(t *testing.T) {
	entry := `{
		"_initiator": {"type":"preflight","url":"https://app.example/api","requestId":"41649.22","stack":{"callFrames":[]}},
		"_priority": "High",
		"_resourceType": "preflight",
		"_fromCache": "disk",
		"_webSocketMessages": [{"type":"send","time":1.5,"opcode":1,"data":"x"}],
		"startedDateTime": "2025-12-19T01:23:28.373Z",
		"time": 1.919,
		"request": {
			"method": "OPTIONS",
			"url": "https://api.example/data",
			"httpVersion": "h2",
			"headers": [
				{"name":":authority","value":"api.example"},
				{"name":"Origin","value":"https://app.example"},
				{"name":"Access-Control-Request-Method","value":"PUT"},
				{"name":"X-Dup","value":"1"},
				{"name":"x-dup","value":"2"}
			],
			"queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0,
			"postData": {"mimeType":"application/x-www-form-urlencoded","params":[{"name":"SAMLResponse","value":"PHNhbWw+"},{"name":"RelayState","value":"r"}]}
		},
		"response": {
			"status": 204, "statusText": "No Content", "httpVersion": "h3",
			"headers": [{"name":"access-control-allow-origin","value":"*\n*"}],
			"cookies": [], "content": {"size":0,"mimeType":"x-unknown"},
			"redirectURL": "", "headersSize": -1, "bodySize": 0, "_transferSize": 0, "_error": null
		},
		"serverIPAddress": "[2001:db8::1]",
		"_connectionId": "123",
		"cache": {}, "timings": {"blocked":0.5,"dns":-1,"send":0.1,"wait":1.2,"receive":0.1}
	}`
	e, warnings := only(t, harWith(entry))
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	want := analyzer.Exchange{
		Index:       0,
		Method:      "OPTIONS",
		URL:         "https://api.example/data",
		HTTPVersion: "h3",
		RequestHeaders: analyzer.Headers{
			{Name: ":authority", Value: "api.example"},
			{Name: "Origin", Value: "https://app.example"},
			{Name: "Access-Control-Request-Method", Value: "PUT"},
			{Name: "X-Dup", Value: "1"},
			{Name: "x-dup", Value: "2"},
		},
		Status:          204,
		StatusText:      "No Content",
		ResponseHeaders: analyzer.Headers{{Name: "access-control-allow-origin", Value: "*\n*"}},
		Start:           time.Date(2025, 12, 19, 1, 23, 28, 373e6, time.UTC),
		Duration:        1919 * time.Microsecond,
		ResourceType:    "preflight",
		Initiator:       analyzer.Initiator{Type: "preflight", URL: "https://app.example/api", RequestID: "41649.22"},
		ServerIP:        "2001:db8::1",
		FromCache:       "disk",
		Form:            []analyzer.Field{{Name: "SAMLResponse", Value: "PHNhbWw+"}, {Name: "RelayState", Value: "r"}},
	}
	checkExchange(t, e, want)
	if got := e.ResponseHeaders.Lines("Access-Control-Allow-Origin"); got != 2 {
		t.Errorf("newline-joined header counts %d lines, want 2", got)
	}
}

func checkExchange(t *testing.T, got, want analyzer.Exchange) {
	t.Helper()
	if !got.Start.Equal(want.Start) {
		t.Errorf("Start = %v, want %v", got.Start, want.Start)
	}
	got.Start, want.Start = time.Time{}, time.Time{}
	if g, w := strings.ReplaceAll(sprint(got), ", ", ",\n"), strings.ReplaceAll(sprint(want), ", ", ",\n"); g != w {
		t.Errorf("exchange differs:\ngot  %s\nwant %s", sprint(got), sprint(want))
	}
}

func TestInitiatorString(t *testing.T) {
	for _, entry := range []string{
		`{"_initiator":"https://www.example/app.js","_initiator_type":"script"}`,
		`{"_initiator_type":"script","_initiator":"https://www.example/app.js"}`,
	} {
		e, _ := only(t, harWith(entry))
		want := analyzer.Initiator{Type: "script", URL: "https://www.example/app.js"}
		if e.Initiator != want {
			t.Errorf("%s: Initiator = %+v, want %+v", entry, e.Initiator, want)
		}
	}
}

func TestErrorSources(t *testing.T) {
	tests := []struct {
		name, entry, want string
	}{
		{"response _error", `{"response":{"status":0,"_error":"net::ERR_FAILED"}}`, "net::ERR_FAILED"},
		{"playwright _failureText", `{"response":{"status":-1,"_failureText":"net::ERR_CONNECTION_REFUSED"}}`, "net::ERR_CONNECTION_REFUSED"},
		{"entry _error", `{"_error":"net::ERR_ABORTED","response":{"status":0,"_error":null}}`, "net::ERR_ABORTED"},
		{"response wins", `{"_error":"entry","response":{"_error":"response","_failureText":"failure"}}`, "response"},
		{"failure text before entry", `{"_error":"entry","response":{"_failureText":"failure"}}`, "failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := only(t, harWith(tt.entry))
			if e.Error != tt.want {
				t.Errorf("Error = %q, want %q", e.Error, tt.want)
			}
		})
	}
}

func TestHTTPVersionFallback(t *testing.T) {
	e, _ := only(t, harWith(`{"request":{"httpVersion":"http/2.0"},"response":{"httpVersion":""}}`))
	if e.HTTPVersion != "http/2.0" {
		t.Errorf("HTTPVersion = %q, want the request's http/2.0 when the response has none", e.HTTPVersion)
	}
}

func TestWebPagetestOddities(t *testing.T) {
	entry := `{"request":{"method":"GET","httpVersion":"me:","headers":[{"name":"GET /x HTTP/1.1","value":""},{"name":"Host","value":"a.example"}]},
		"response":{"status":-2,"httpVersion":"od:","headers":[{"name":"HTTP/1.1 200 OK","value":""}]},"_full_url":"http://a.example/x","_index":3}`
	e, warnings := only(t, harWith(entry))
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	if e.Status != -2 || e.HTTPVersion != "od:" || len(e.RequestHeaders) != 2 || e.RequestHeaders.Value("host") != "a.example" {
		t.Errorf("exchange = %+v", e)
	}
}

func TestInvalidUTF8AndEscapes(t *testing.T) {
	doc := harWith(`{"request":{"\u006dethod":"GET","url":"https:\/\/a.example\/","httpVersion":"HTTP/1.1` + "\xff\xfe" + `"}}`)
	e, warnings := only(t, doc)
	if e.Method != "GET" || e.URL != "https://a.example/" {
		t.Errorf("Method, URL = %q, %q, want GET, https://a.example/", e.Method, e.URL)
	}
	if e.HTTPVersion != "HTTP/1.1\uFFFD\uFFFD" {
		t.Errorf("HTTPVersion = %q, want it kept with the bad bytes replaced", e.HTTPVersion)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
}
