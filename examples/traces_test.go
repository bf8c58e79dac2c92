package examples_test

// These tests check the example traces with encoding/json alone, without the
// tracecheck decoders or the analyzer. So a bug in the engine cannot hide a
// broken example, and a broken example cannot hide a bug in the engine.

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/allowlist"
)

const (
	harPath        = "traces/finesse-cuic.har"
	samlTracerPath = "traces/finesse-cuic-samltracer.json"

	finesseOrigin = "https://finesse.example.com:8445"
	documentURL   = "https://finesse.example.com:8445/desktop/container/"
	publisherURL  = "https://cuic-pub.example.com/livedata/api/snapshotRequest/agentConfig?userId=agent1&ids=5001"
	subscriberURL = "https://cuic-sub.example.com/cuic/"

	// requestedHeaders is the Access-Control-Request-Headers value a browser
	// sends for the gadget's six headers: lower case, sorted, no spaces.
	requestedHeaders = "authorization,content-type,domain,ldauthheader,locale,peripheralid"
	// placeholderAuthorization is the only Authorization value the examples
	// may contain ("example:placeholder" in base64).
	placeholderAuthorization = "Basic ZXhhbXBsZTpwbGFjZWhvbGRlcg=="
)

// scriptHeaders are the request headers the Live Data gadget sets itself.
var scriptHeaders = []string{"authorization", "content-type", "domain", "ldauthheader", "locale", "peripheralid"}

type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type headers []header

// values returns every value of the header name, compared case-insensitively.
func (hs headers) values(name string) []string {
	var out []string
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

// get returns the value of the single header name and whether it is present.
func (hs headers) get(name string) (string, bool) {
	v := hs.values(name)
	if len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// corsResponseHeaders returns the names of the Access-Control-* headers in hs.
func (hs headers) corsResponseHeaders() []string {
	var out []string
	for _, h := range hs {
		if strings.HasPrefix(strings.ToLower(h.Name), "access-control-") {
			out = append(out, h.Name)
		}
	}
	return out
}

// harFile is the part of a HAR 1.2 file (with Chrome's custom fields) that
// the tests check.
type harFile struct {
	Log struct {
		Version string `json:"version"`
		Creator struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"creator"`
		Pages []struct {
			ID              string `json:"id"`
			Title           string `json:"title"`
			StartedDateTime string `json:"startedDateTime"`
		} `json:"pages"`
		Entries []harEntry `json:"entries"`
	} `json:"log"`
}

type harEntry struct {
	Initiator *struct {
		Type      string `json:"type"`
		URL       string `json:"url"`
		RequestID string `json:"requestId"`
		Stack     *struct {
			CallFrames []json.RawMessage `json:"callFrames"`
		} `json:"stack"`
	} `json:"_initiator"`
	Priority        string   `json:"_priority"`
	ResourceType    string   `json:"_resourceType"`
	Connection      string   `json:"connection"`
	PageRef         string   `json:"pageref"`
	ServerIPAddress *string  `json:"serverIPAddress"`
	StartedDateTime string   `json:"startedDateTime"`
	Time            *float64 `json:"time"`
	Request         struct {
		Method      string  `json:"method"`
		URL         string  `json:"url"`
		HTTPVersion string  `json:"httpVersion"`
		Headers     headers `json:"headers"`
	} `json:"request"`
	Response struct {
		Status      int     `json:"status"`
		StatusText  string  `json:"statusText"`
		HTTPVersion string  `json:"httpVersion"`
		Headers     headers `json:"headers"`
		Content     struct {
			Size     *int   `json:"size"`
			MimeType string `json:"mimeType"`
		} `json:"content"`
		// Error stays raw so that a test can tell null from a missing field.
		Error json.RawMessage `json:"_error"`
	} `json:"response"`
	Timings map[string]float64 `json:"timings"`
}

// samlTracerFile is a SAML-tracer export (format of versions 1.5 to 1.9).
type samlTracerFile struct {
	Requests  []map[string]json.RawMessage `json:"requests"`
	Timestamp string                       `json:"timestamp"`
}

type samlTracerRequest struct {
	Method             string      `json:"method"`
	URL                string      `json:"url"`
	RequestID          string      `json:"requestId"`
	RequestHeaders     headers     `json:"requestHeaders"`
	Get                [][2]string `json:"get"`
	ResponseStatus     int         `json:"responseStatus"`
	ResponseStatusText string      `json:"responseStatusText"`
	ResponseHeaders    headers     `json:"responseHeaders"`
}

// readJSON reads path, checks that it is well-formed JSON indented with two
// spaces the way DevTools and JSON.stringify(obj, null, 2) write it, and
// decodes it into v with unknown fields allowed.
func readJSON(t *testing.T, path string, v any) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Fatalf("read example trace: %v", err)
	}
	if !json.Valid(data) {
		t.Fatalf("%s is not valid JSON", path)
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatalf("compact %s: %v", path, err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatalf("indent %s: %v", path, err)
	}
	if got, want := bytes.TrimRight(data, "\n"), indented.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("%s is not indented with two spaces per level like an exporter writes it", path)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return data
}

func loadHAR(t *testing.T) *harFile {
	t.Helper()
	var f harFile
	readJSON(t, harPath, &f)
	if len(f.Log.Entries) != 5 {
		t.Fatalf("HAR has %d entries, want 5 (document, publisher GET and preflight, subscriber GET and preflight)", len(f.Log.Entries))
	}
	return &f
}

func parseStart(t *testing.T, e *harEntry) time.Time {
	t.Helper()
	if !strings.HasSuffix(e.StartedDateTime, "Z") {
		t.Errorf("%s %s: startedDateTime %q is not UTC with Z, as Chrome writes it", e.Request.Method, e.Request.URL, e.StartedDateTime)
	}
	start, err := time.Parse(time.RFC3339Nano, e.StartedDateTime)
	if err != nil {
		t.Fatalf("%s %s: invalid startedDateTime: %v", e.Request.Method, e.Request.URL, err)
	}
	return start
}

func TestHARLog(t *testing.T) {
	f := loadHAR(t)

	if f.Log.Version != "1.2" {
		t.Errorf("log.version = %q, want 1.2", f.Log.Version)
	}
	if f.Log.Creator.Name != "WebInspector" || f.Log.Creator.Version != "537.36" {
		t.Errorf("creator = %s %s, want WebInspector 537.36", f.Log.Creator.Name, f.Log.Creator.Version)
	}
	if len(f.Log.Pages) != 1 {
		t.Fatalf("HAR has %d pages, want 1", len(f.Log.Pages))
	}
	if f.Log.Pages[0].Title != documentURL {
		t.Errorf("page title = %q, want %q", f.Log.Pages[0].Title, documentURL)
	}
}

func TestHAREntryOrder(t *testing.T) {
	f := loadHAR(t)

	want := []struct {
		method, url, resourceType string
		status                    int
	}{
		{"GET", documentURL, "document", 200},
		{"GET", publisherURL, "fetch", 200},
		{"OPTIONS", publisherURL, "preflight", 200},
		{"GET", subscriberURL, "fetch", 0},
		{"OPTIONS", subscriberURL, "preflight", 403},
	}
	var previous time.Time
	for i, w := range want {
		e := &f.Log.Entries[i]
		if e.Request.Method != w.method || e.Request.URL != w.url {
			t.Errorf("entry %d is %s %s, want %s %s", i, e.Request.Method, e.Request.URL, w.method, w.url)
		}
		if e.ResourceType != w.resourceType {
			t.Errorf("entry %d: _resourceType = %q, want %q", i, e.ResourceType, w.resourceType)
		}
		if e.Response.Status != w.status {
			t.Errorf("entry %d: status = %d, want %d", i, e.Response.Status, w.status)
		}
		if e.PageRef != f.Log.Pages[0].ID {
			t.Errorf("entry %d: pageref = %q, want %q", i, e.PageRef, f.Log.Pages[0].ID)
		}
		if e.Time == nil {
			t.Errorf("entry %d: time is missing", i)
		}
		if e.Initiator == nil || e.Initiator.Type == "" {
			t.Errorf("entry %d: _initiator has no type", i)
		}
		if e.Priority == "" {
			t.Errorf("entry %d: _priority is missing", i)
		}
		start := parseStart(t, e)
		if start.Before(previous) {
			t.Errorf("entry %d starts at %s, before the entry above it", i, e.StartedDateTime)
		}
		previous = start
	}
}

func TestHARPreflightPairs(t *testing.T) {
	f := loadHAR(t)

	// Chrome lists the actual request first and issues its preflight 0-3 ms later.
	for _, pair := range [][2]int{{1, 2}, {3, 4}} {
		actual, preflight := &f.Log.Entries[pair[0]], &f.Log.Entries[pair[1]]

		gap := parseStart(t, preflight).Sub(parseStart(t, actual))
		if gap < time.Millisecond || gap > 3*time.Millisecond {
			t.Errorf("entry %d: preflight starts %s after its actual request, want 1-3 ms", pair[1], gap)
		}
		if preflight.Initiator == nil {
			t.Fatalf("entry %d: preflight has no _initiator", pair[1])
		}
		if preflight.Initiator.Type != "preflight" || preflight.Initiator.URL != actual.Request.URL || preflight.Initiator.RequestID == "" {
			t.Errorf("entry %d: _initiator = %+v, want type preflight, url %s and a requestId", pair[1], *preflight.Initiator, actual.Request.URL)
		}
		if actual.Initiator == nil || actual.Initiator.Type != "script" || actual.Initiator.Stack == nil || len(actual.Initiator.Stack.CallFrames) == 0 {
			t.Errorf("entry %d: actual request's _initiator is not a script with a stack", pair[0])
		}

		reqHeaders := preflight.Request.Headers
		if got, _ := reqHeaders.get("Access-Control-Request-Method"); got != "GET" {
			t.Errorf("entry %d: Access-Control-Request-Method = %q, want GET", pair[1], got)
		}
		if got, _ := reqHeaders.get("Access-Control-Request-Headers"); got != requestedHeaders {
			t.Errorf("entry %d: Access-Control-Request-Headers = %q, want %q", pair[1], got, requestedHeaders)
		}
		if got, _ := reqHeaders.get("Origin"); got != finesseOrigin {
			t.Errorf("entry %d: Origin = %q, want %q", pair[1], got, finesseOrigin)
		}
		// A preflight never carries the script's headers or credentials.
		for _, name := range scriptHeaders {
			if _, ok := reqHeaders.get(name); ok {
				t.Errorf("entry %d: preflight carries the script header %s", pair[1], name)
			}
		}
	}
}

func TestHARSentRequestHeaders(t *testing.T) {
	f := loadHAR(t)

	for _, i := range []int{1, 2} {
		e := &f.Log.Entries[i]
		for name, want := range map[string]string{
			"Origin":         finesseOrigin,
			"Sec-Fetch-Mode": "cors",
			"Sec-Fetch-Site": "same-site",
			"Referer":        finesseOrigin + "/",
		} {
			if got, _ := e.Request.Headers.get(name); got != want {
				t.Errorf("entry %d: %s = %q, want %q", i, name, got, want)
			}
		}
		if _, ok := e.Request.Headers.get("Host"); !ok {
			t.Errorf("entry %d: a request that was sent has no Host header", i)
		}
	}
	for _, name := range scriptHeaders {
		if _, ok := f.Log.Entries[1].Request.Headers.get(name); !ok {
			t.Errorf("publisher GET lacks the script header %s", name)
		}
	}
}

func TestHARPublisherAllowed(t *testing.T) {
	f := loadHAR(t)
	preflight, actual := &f.Log.Entries[2], &f.Log.Entries[1]

	want := map[string]string{
		"Access-Control-Allow-Origin":      finesseOrigin,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Max-Age":           "600",
		"Access-Control-Allow-Methods":     "GET,POST,OPTIONS,PUT,DELETE",
		"Content-Length":                   "0",
		"Vary":                             "Origin",
	}
	for name, value := range want {
		if got, _ := preflight.Response.Headers.get(name); got != value {
			t.Errorf("publisher preflight: %s = %q, want %q", name, got, value)
		}
	}
	if _, ok := preflight.Response.Headers.get("Access-Control-Expose-Headers"); !ok {
		t.Error("publisher preflight has no Access-Control-Expose-Headers")
	}

	allowHeaders, _ := preflight.Response.Headers.get("Access-Control-Allow-Headers")
	allowed := map[string]bool{}
	for _, name := range strings.Split(allowHeaders, ",") {
		allowed[strings.ToLower(strings.TrimSpace(name))] = true
	}
	for _, name := range scriptHeaders {
		if !allowed[name] {
			t.Errorf("publisher Access-Control-Allow-Headers %q lacks %s", allowHeaders, name)
		}
	}

	if got, _ := actual.Response.Headers.get("Access-Control-Allow-Origin"); got != finesseOrigin {
		t.Errorf("publisher GET: Access-Control-Allow-Origin = %q, want %q", got, finesseOrigin)
	}
	if got, _ := actual.Response.Headers.get("Access-Control-Allow-Credentials"); got != "true" {
		t.Errorf("publisher GET: Access-Control-Allow-Credentials = %q, want true", got)
	}
	if actual.Response.Content.MimeType != "application/json" {
		t.Errorf("publisher GET: mimeType = %q, want application/json", actual.Response.Content.MimeType)
	}
}

func TestHARBlockedEntry(t *testing.T) {
	f := loadHAR(t)
	e := &f.Log.Entries[3]

	if e.Response.Status != 0 || e.Response.StatusText != "" || e.Response.HTTPVersion != "" {
		t.Errorf("blocked GET: status line = %d %q %q, want 0 with empty text and version", e.Response.Status, e.Response.StatusText, e.Response.HTTPVersion)
	}
	if len(e.Response.Headers) != 0 {
		t.Errorf("blocked GET has %d response headers, want none", len(e.Response.Headers))
	}
	if string(e.Response.Error) != `"net::ERR_FAILED"` {
		t.Errorf("blocked GET: _error = %s, want \"net::ERR_FAILED\"", e.Response.Error)
	}
	if e.ServerIPAddress == nil || *e.ServerIPAddress != "" {
		t.Error("blocked GET: serverIPAddress is not the empty string")
	}
	// Chrome records only the provisional headers of a request it never sent.
	for _, name := range []string{"Origin", "Host"} {
		if _, ok := e.Request.Headers.get(name); ok {
			t.Errorf("blocked GET carries %s, which Chrome adds only when it sends the request", name)
		}
	}
	for _, name := range append([]string{"User-Agent", "Referer", "sec-ch-ua"}, scriptHeaders...) {
		if _, ok := e.Request.Headers.get(name); !ok {
			t.Errorf("blocked GET lacks the provisional header %s", name)
		}
	}
}

func TestHARSubscriberPreflightRejected(t *testing.T) {
	f := loadHAR(t)
	e := &f.Log.Entries[4]

	if e.Response.Status != 403 {
		t.Errorf("subscriber preflight status = %d, want 403", e.Response.Status)
	}
	if got, _ := e.Response.Headers.get("Content-Type"); got != "text/html" {
		t.Errorf("subscriber preflight Content-Type = %q, want text/html", got)
	}
	if names := e.Response.Headers.corsResponseHeaders(); len(names) != 0 {
		t.Errorf("subscriber preflight has Access-Control headers %v, want none", names)
	}
}

func TestHARErrorNullOnCompletedEntries(t *testing.T) {
	f := loadHAR(t)

	for _, i := range []int{0, 1, 2, 4} {
		if got := string(f.Log.Entries[i].Response.Error); got != "null" {
			t.Errorf("entry %d: _error = %q, want null", i, got)
		}
	}
}

func TestSAMLTracerRequests(t *testing.T) {
	var raw samlTracerFile
	readJSON(t, samlTracerPath, &raw)

	if _, err := time.Parse(time.RFC3339Nano, raw.Timestamp); err != nil || !strings.HasSuffix(raw.Timestamp, "Z") {
		t.Errorf("timestamp %q is not an ISO string from Date.toISOString()", raw.Timestamp)
	}

	want := []struct {
		method, url, statusLine string
		status                  int
	}{
		{"GET", documentURL, "HTTP/1.1 200 OK", 200},
		{"OPTIONS", publisherURL, "HTTP/1.1 200 OK", 200},
		{"GET", publisherURL, "HTTP/1.1 200 OK", 200},
		{"OPTIONS", subscriberURL, "HTTP/1.1 403 Forbidden", 403},
	}
	if len(raw.Requests) != len(want) {
		t.Fatalf("export has %d requests, want %d", len(raw.Requests), len(want))
	}

	// SAML-tracer exports neither bodies nor times, so these keys must not appear.
	forbidden := []string{"time", "timings", "startedDateTime", "response", "responseBody", "postData", "post"}
	for i, w := range want {
		for _, key := range forbidden {
			if _, ok := raw.Requests[i][key]; ok {
				t.Errorf("request %d has the key %q, which SAML-tracer does not export", i, key)
			}
		}
		if id, ok := raw.Requests[i]["requestId"]; !ok || !bytes.HasPrefix(id, []byte(`"`)) {
			t.Errorf("request %d: requestId is missing or not a string", i)
		}

		var r samlTracerRequest
		encoded, err := json.Marshal(raw.Requests[i])
		if err != nil {
			t.Fatalf("request %d: re-encode: %v", i, err)
		}
		if err := json.Unmarshal(encoded, &r); err != nil {
			t.Fatalf("request %d: decode: %v", i, err)
		}

		if r.Method != w.method || r.URL != w.url {
			t.Errorf("request %d is %s %s, want %s %s", i, r.Method, r.URL, w.method, w.url)
		}
		if r.ResponseStatus != w.status || r.ResponseStatusText != w.statusLine {
			t.Errorf("request %d: response %d %q, want %d %q", i, r.ResponseStatus, r.ResponseStatusText, w.status, w.statusLine)
		}

		_, hasGet := raw.Requests[i]["get"]
		if hasGet != (r.Method == "GET") {
			t.Errorf("request %d (%s): get present = %v, want it on GET requests only", i, r.Method, hasGet)
		}
		if r.Method == "GET" {
			assertGetMatchesQuery(t, i, r)
		}

		// Chrome never shows Authorization, Host or Connection to extensions.
		for _, name := range []string{"Authorization", "Host", "Connection"} {
			if _, ok := r.RequestHeaders.get(name); ok {
				t.Errorf("request %d carries %s, which Chrome hides from extensions", i, name)
			}
		}
	}
}

func assertGetMatchesQuery(t *testing.T, i int, r samlTracerRequest) {
	t.Helper()
	u, err := url.Parse(r.URL)
	if err != nil {
		t.Fatalf("request %d: invalid URL: %v", i, err)
	}
	var want [][2]string
	for _, field := range strings.Split(u.RawQuery, "&") {
		if field == "" {
			continue
		}
		name, value, _ := strings.Cut(field, "=")
		want = append(want, [2]string{name, value})
	}
	if len(r.Get) != len(want) {
		t.Fatalf("request %d: get = %v, want %v", i, r.Get, want)
	}
	for j := range want {
		if r.Get[j] != want[j] {
			t.Errorf("request %d: get[%d] = %v, want %v", i, j, r.Get[j], want[j])
		}
	}
}

func TestSAMLTracerCORSFacts(t *testing.T) {
	var f struct {
		Requests []samlTracerRequest `json:"requests"`
	}
	readJSON(t, samlTracerPath, &f)
	if len(f.Requests) != 4 {
		t.Fatalf("export has %d requests, want 4", len(f.Requests))
	}

	// SAML-tracer does not export a request that never got a response.
	for i, r := range f.Requests {
		if r.Method == "GET" && r.URL == subscriberURL {
			t.Errorf("request %d is the blocked subscriber GET, which SAML-tracer cannot have recorded", i)
		}
	}

	for _, i := range []int{1, 3} {
		r := f.Requests[i]
		if got, _ := r.RequestHeaders.get("Access-Control-Request-Headers"); got != requestedHeaders {
			t.Errorf("request %d: Access-Control-Request-Headers = %q, want %q", i, got, requestedHeaders)
		}
		if got, _ := r.RequestHeaders.get("Origin"); got != finesseOrigin {
			t.Errorf("request %d: Origin = %q, want %q", i, got, finesseOrigin)
		}
	}
	if got, _ := f.Requests[1].ResponseHeaders.get("Access-Control-Allow-Origin"); got != finesseOrigin {
		t.Errorf("publisher preflight: Access-Control-Allow-Origin = %q, want %q", got, finesseOrigin)
	}
	if names := f.Requests[3].ResponseHeaders.corsResponseHeaders(); len(names) != 0 {
		t.Errorf("subscriber preflight has Access-Control headers %v, want none", names)
	}

	// The default "Mask values" profile replaces each cookie value with its
	// SHA-256 hash.
	masked := regexp.MustCompile(`^JSESSIONID=\{hash:[0-9a-f]{64}\}$`)
	if got, _ := f.Requests[0].RequestHeaders.get("Cookie"); !masked.MatchString(got) {
		t.Errorf("document Cookie = %q, want a masked JSESSIONID", got)
	}
}

// TestExampleHosts checks that the examples name only example.com hosts and
// carry no credential other than the documented placeholder.
func TestExampleHosts(t *testing.T) {
	urlPattern := regexp.MustCompile(`https?://[^"\s/]+`)
	for _, path := range []string{harPath, samlTracerPath} {
		data, err := os.ReadFile(filepath.FromSlash(path))
		if err != nil {
			t.Fatalf("read example trace: %v", err)
		}
		for _, match := range urlPattern.FindAllString(string(data), -1) {
			u, err := url.Parse(match)
			if err != nil {
				t.Errorf("%s: invalid URL %q: %v", path, match, err)
				continue
			}
			host := u.Hostname()
			if host != "example.com" && !strings.HasSuffix(host, ".example.com") {
				t.Errorf("%s names the host %q, outside example.com", path, host)
			}
		}

		var f harFile
		var s struct {
			Requests []samlTracerRequest `json:"requests"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("decode %s: %v", path, err)
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatalf("decode %s: %v", path, err)
		}
		var all []headers
		for _, e := range f.Log.Entries {
			all = append(all, e.Request.Headers)
		}
		for _, r := range s.Requests {
			all = append(all, r.RequestHeaders)
		}
		for _, hs := range all {
			for _, v := range hs.values("Authorization") {
				if v != placeholderAuthorization {
					t.Errorf("%s: Authorization %q is not the placeholder %q", path, v, placeholderAuthorization)
				}
			}
		}
	}
}

// TestExampleAllowlists checks that the example allowed-origin lists parse
// and tell the story of the example traces: the publisher's list admits the
// Finesse origin, the subscriber's has it without the port.
func TestExampleAllowlists(t *testing.T) {
	open := func(name string) *allowlist.List {
		t.Helper()
		f, err := os.Open(filepath.Join("allowlists", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		l, err := allowlist.Parse(f, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Invalid()) > 0 {
			t.Errorf("%s: invalid entries %+v", name, l.Invalid())
		}
		return l
	}
	const finesse = "https://finesse.example.com:8445"
	if v := open("cuic-pub.txt").Check(finesse); !v.Allowed {
		t.Errorf("publisher list: %v", v)
	}
	sub := open("cuic-sub.txt")
	if sub.Server != "cuic-sub.example.com" {
		t.Errorf("subscriber list names server %q", sub.Server)
	}
	if v := sub.Check(finesse); v.Allowed || !v.Has(allowlist.PortMissing) || v.Add != finesse {
		t.Errorf("subscriber list: %v; want the entry without port named and %s to add", v, finesse)
	}
}
