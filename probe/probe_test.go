package probe

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

const finesse = "https://finesse.example.com:8445"

// received records the requests a test server got.
type received struct {
	mu       sync.Mutex
	requests []*http.Request
}

func (r *received) add(req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, req)
}

func (r *received) all() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.requests...)
}

// corsHandler responds to the preflight and the actual request for finesse
// the way a correctly configured CUIC node does, naming allowOrigin in
// Access-Control-Allow-Origin.
func corsHandler(rec *received, allowOrigin string) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		rec.add(req)
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", allowOrigin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Vary", "Origin")
		if req.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, PUT")
			h.Set("Access-Control-Allow-Headers", "authorization, x-requested-with")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}
}

// credentialedGet is the request a Finesse gadget makes to CUIC.
func credentialedGet(url string) Request {
	return Request{
		URL:         url + "/cuic/rest/dashboards#top",
		Origin:      finesse,
		Method:      "get",
		Headers:     []string{"Authorization", "X-Requested-With: XMLHttpRequest"},
		Credentials: true,
		Actual:      true,
	}
}

func runProbe(t *testing.T, req Request, opts Options) *analyzer.Trace {
	t.Helper()
	trace, err := Run(context.Background(), req, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return trace
}

func analyze(t *testing.T, trace *analyzer.Trace) *analyzer.Report {
	t.Helper()
	rep, err := analyzer.Analyze(trace, analyzer.Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return rep
}

func ruleIDs(rep *analyzer.Report) map[string]bool {
	ids := map[string]bool{}
	for _, f := range rep.Findings {
		ids[f.Rule] = true
	}
	return ids
}

func assertRules(t *testing.T, rep *analyzer.Report, want ...string) {
	t.Helper()
	ids := ruleIDs(rep)
	for _, id := range want {
		if !ids[id] {
			t.Errorf("missing finding %s; findings: %v", id, ids)
		}
	}
}

func assertVerdict(t *testing.T, rep *analyzer.Report, want analyzer.Verdict, wantFirst string) {
	t.Helper()
	if len(rep.Flows) != 1 {
		t.Fatalf("got %d flows, want 1: %+v", len(rep.Flows), rep.Flows)
	}
	flow := rep.Flows[0]
	if flow.Verdict != want {
		t.Errorf("verdict = %s (%s), want %s", flow.Verdict, flow.Reason, want)
	}
	if flow.FirstFailure != wantFirst {
		t.Errorf("first failure = %q, want %q", flow.FirstFailure, wantFirst)
	}
}

// assertPreflightShape checks the preflight as Chromium sends it, and that
// it carries no credentials.
func assertPreflightShape(t *testing.T, pre analyzer.Exchange, url string) {
	t.Helper()
	if pre.Method != "OPTIONS" {
		t.Errorf("preflight method = %q", pre.Method)
	}
	if want := url + "/cuic/rest/dashboards"; pre.URL != want {
		t.Errorf("preflight URL = %q, want %q (fragment removed)", pre.URL, want)
	}
	want := map[string]string{
		"Origin":                         finesse,
		"Access-Control-Request-Method":  "GET",
		"Access-Control-Request-Headers": "authorization,x-requested-with",
		"Accept":                         "*/*",
		"Sec-Fetch-Mode":                 "cors",
		"Sec-Fetch-Site":                 "cross-site",
		"Sec-Fetch-Dest":                 "empty",
		"User-Agent":                     UserAgent,
	}
	for name, value := range want {
		if got := pre.RequestHeaders.Value(name); got != value {
			t.Errorf("preflight %s = %q, want %q", name, got, value)
		}
	}
	for _, name := range []string{"Cookie", "Authorization", "X-Requested-With"} {
		if pre.RequestHeaders.Has(name) {
			t.Errorf("preflight carries %s", name)
		}
	}
	if pre.ResourceType != "preflight" {
		t.Errorf("preflight ResourceType = %q", pre.ResourceType)
	}
}

func TestRunPreflightAllowed(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(corsHandler(rec, finesse))
	defer srv.Close()

	trace := runProbe(t, credentialedGet(srv.URL), Options{Timeout: 5 * time.Second})
	if trace.Format != Format || trace.Creator != Creator || trace.Source != srv.URL+"/cuic/rest/dashboards#top" {
		t.Errorf("trace header = %q %q %q", trace.Format, trace.Creator, trace.Source)
	}
	if len(trace.Exchanges) != 2 {
		t.Fatalf("got %d exchanges, want preflight and actual", len(trace.Exchanges))
	}

	pre, actual := trace.Exchanges[0], trace.Exchanges[1]
	assertPreflightShape(t, pre, srv.URL)
	if pre.Index != 0 || actual.Index != 1 {
		t.Errorf("indexes = %d, %d", pre.Index, actual.Index)
	}
	if pre.Status != 204 || pre.StatusText != "No Content" {
		t.Errorf("preflight status = %d %q", pre.Status, pre.StatusText)
	}
	if pre.HTTPVersion != "HTTP/1.1" {
		t.Errorf("preflight HTTPVersion = %q", pre.HTTPVersion)
	}
	if pre.ServerIP != "127.0.0.1" {
		t.Errorf("preflight ServerIP = %q", pre.ServerIP)
	}
	if pre.Start.IsZero() || pre.Duration <= 0 {
		t.Errorf("preflight timing = %v, %v", pre.Start, pre.Duration)
	}
	if got := pre.ResponseHeaders.Value("Access-Control-Allow-Origin"); got != finesse {
		t.Errorf("preflight ACAO = %q", got)
	}
	if first := pre.RequestHeaders[0].Name; first != "Host" {
		t.Errorf("first request header = %q, want Host as written on the wire", first)
	}

	if actual.Method != "GET" || actual.Status != 200 {
		t.Errorf("actual = %s %d", actual.Method, actual.Status)
	}
	for name, value := range map[string]string{
		"Origin":           finesse,
		"Authorization":    "Bearer placeholder",
		"X-Requested-With": "XMLHttpRequest",
		"Cookie":           credentialsCookie,
		"Sec-Fetch-Mode":   "cors",
	} {
		if got := actual.RequestHeaders.Value(name); got != value {
			t.Errorf("actual %s = %q, want %q", name, got, value)
		}
	}

	// The server saw the preflight without credentials too.
	got := rec.all()
	if len(got) != 2 {
		t.Fatalf("server got %d requests, want 2", len(got))
	}
	if got[0].Header.Get("Cookie") != "" || got[0].Header.Get("Authorization") != "" {
		t.Errorf("server saw credentials on the preflight: %v", got[0].Header)
	}

	rep := analyze(t, trace)
	assertVerdict(t, rep, analyzer.Allowed, "")
	if rep.Flows[0].Credentials != "include" {
		t.Errorf("credentials = %q, want include", rep.Flows[0].Credentials)
	}
	if max, ok := rep.MaxSeverity(); ok && max >= analyzer.SeverityError {
		t.Errorf("error findings on an allowed flow: %+v", rep.Findings)
	}
}

func TestRunPreflightForbidden(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.add(req)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html>Forbidden</html>"))
	}))
	defer srv.Close()

	trace := runProbe(t, credentialedGet(srv.URL), Options{Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
	}
	assertPreflightShape(t, trace.Exchanges[0], srv.URL)
	if trace.Exchanges[0].Status != 403 {
		t.Errorf("status = %d, want 403", trace.Exchanges[0].Status)
	}
	if len(rec.all()) != 1 {
		t.Errorf("server got %d requests, want the preflight only", len(rec.all()))
	}
	if !hasWarning(trace, "actual request was not sent") {
		t.Errorf("warnings = %+v, want one saying the actual request was not sent", trace.Warnings)
	}

	rep := analyze(t, trace)
	assertRules(t, rep, "preflight-missing-allow-origin", "preflight-status-not-ok")
	assertVerdict(t, rep, analyzer.Blocked, "preflight-missing-allow-origin")
}

func TestRunAllowOriginWithoutPort(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(corsHandler(rec, "https://finesse.example.com"))
	defer srv.Close()

	trace := runProbe(t, credentialedGet(srv.URL), Options{Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
	}

	rep := analyze(t, trace)
	assertRules(t, rep, "preflight-allow-origin-mismatch")
	assertVerdict(t, rep, analyzer.Blocked, "preflight-allow-origin-mismatch")
	for _, f := range rep.Findings {
		if f.Rule == "preflight-allow-origin-mismatch" && !strings.Contains(f.Message, "port is missing") {
			t.Errorf("message = %q, want it to say the port is missing", f.Message)
		}
	}
}

func TestRunPreflightRedirect(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.add(req)
		http.Redirect(w, req, req.URL.Path+"/", http.StatusMovedPermanently)
	}))
	defer srv.Close()

	trace := runProbe(t, credentialedGet(srv.URL), Options{Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
	}
	pre := trace.Exchanges[0]
	if pre.Status != 301 {
		t.Errorf("status = %d, want 301", pre.Status)
	}
	if pre.RedirectURL != "/cuic/rest/dashboards/" {
		t.Errorf("RedirectURL = %q", pre.RedirectURL)
	}
	if n := len(rec.all()); n != 1 {
		t.Errorf("server got %d requests, want 1 (the redirect must not be followed)", n)
	}

	rep := analyze(t, trace)
	assertRules(t, rep, "preflight-redirect")
	assertVerdict(t, rep, analyzer.Blocked, "preflight-redirect")
}

func TestRunTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // hold the connection open, never answer
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()

	trace := runProbe(t, credentialedGet("http://"+ln.Addr().String()), Options{Timeout: 200 * time.Millisecond})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
	}
	pre := trace.Exchanges[0]
	if pre.Status != 0 || !strings.HasPrefix(pre.Error, "net::ERR_TIMED_OUT") {
		t.Errorf("preflight = status %d, error %q; want net::ERR_TIMED_OUT", pre.Status, pre.Error)
	}
	if pre.ServerIP != "127.0.0.1" {
		t.Errorf("ServerIP = %q", pre.ServerIP)
	}
	assertPreflightShape(t, pre, "http://"+ln.Addr().String())

	rep := analyze(t, trace)
	assertRules(t, rep, "preflight-network-error")
	assertVerdict(t, rep, analyzer.Blocked, "preflight-network-error")
}

func TestRunConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	trace := runProbe(t, credentialedGet("http://"+addr), Options{Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
	}
	pre := trace.Exchanges[0]
	if pre.Status != 0 || !strings.HasPrefix(pre.Error, "net::ERR_CONNECTION_REFUSED (") {
		t.Errorf("preflight = status %d, error %q; want net::ERR_CONNECTION_REFUSED", pre.Status, pre.Error)
	}
	assertPreflightShape(t, pre, "http://"+addr)

	rep := analyze(t, trace)
	assertRules(t, rep, "preflight-network-error")
	assertVerdict(t, rep, analyzer.Blocked, "preflight-network-error")
}

func TestRunSimpleRequestWithoutPreflight(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(corsHandler(rec, "https://finesse.example.com"))
	defer srv.Close()

	trace := runProbe(t, Request{URL: srv.URL + "/livedata/", Origin: finesse}, Options{Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want only the actual request", len(trace.Exchanges))
	}
	actual := trace.Exchanges[0]
	if actual.Method != "GET" || actual.RequestHeaders.Has("Access-Control-Request-Method") {
		t.Errorf("actual = %s with headers %v", actual.Method, actual.RequestHeaders)
	}
	if actual.RequestHeaders.Has("Cookie") {
		t.Error("a request without credentials carries a Cookie")
	}

	rep := analyze(t, trace)
	assertRules(t, rep, "allow-origin-mismatch", "allow-origin-port-mismatch")
	assertVerdict(t, rep, analyzer.Blocked, "allow-origin-mismatch")
}

// writeServerCert writes the certificate of srv to a PEM file.
func writeServerCert(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunTLS(t *testing.T) {
	rec := &received{}
	srv := httptest.NewUnstartedServer(corsHandler(rec, finesse))
	// The untrusted case ends in a handshake error the server would log.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()

	t.Run("untrusted certificate", func(t *testing.T) {
		trace := runProbe(t, credentialedGet(srv.URL), Options{Timeout: 5 * time.Second})
		if len(trace.Exchanges) != 1 {
			t.Fatalf("got %d exchanges, want only the preflight", len(trace.Exchanges))
		}
		pre := trace.Exchanges[0]
		if pre.Status != 0 || !strings.HasPrefix(pre.Error, "net::ERR_CERT_AUTHORITY_INVALID (") {
			t.Errorf("preflight = status %d, error %q; want net::ERR_CERT_AUTHORITY_INVALID", pre.Status, pre.Error)
		}
		if hasWarning(trace, InsecureWarning) {
			t.Error("insecure warning without Insecure")
		}

		rep := analyze(t, trace)
		assertRules(t, rep, "preflight-network-error")
		assertVerdict(t, rep, analyzer.Blocked, "preflight-network-error")
	})

	t.Run("trusted with CACert", func(t *testing.T) {
		trace := runProbe(t, credentialedGet(srv.URL), Options{CACert: writeServerCert(t, srv), Timeout: 5 * time.Second})
		if len(trace.Exchanges) != 2 {
			t.Fatalf("got %d exchanges, want preflight and actual", len(trace.Exchanges))
		}
		if trace.Exchanges[0].Status != 204 || trace.Exchanges[1].Status != 200 {
			t.Errorf("statuses = %d, %d", trace.Exchanges[0].Status, trace.Exchanges[1].Status)
		}
		if v := trace.Exchanges[0].HTTPVersion; v != "HTTP/2.0" && v != "HTTP/1.1" {
			t.Errorf("HTTPVersion = %q", v)
		}
		assertPreflightShape(t, trace.Exchanges[0], srv.URL)

		rep := analyze(t, trace)
		assertVerdict(t, rep, analyzer.Allowed, "")
	})

	t.Run("insecure", func(t *testing.T) {
		trace := runProbe(t, credentialedGet(srv.URL), Options{Insecure: true, Timeout: 5 * time.Second})
		if len(trace.Exchanges) != 2 {
			t.Fatalf("got %d exchanges, want preflight and actual", len(trace.Exchanges))
		}
		if !hasWarning(trace, InsecureWarning) {
			t.Errorf("warnings = %+v, want %q", trace.Warnings, InsecureWarning)
		}

		rep := analyze(t, trace)
		assertVerdict(t, rep, analyzer.Allowed, "")
	})

	// Every request any subtest sent reached the server without
	// credentials on the preflight.
	for _, req := range rec.all() {
		if req.Method == http.MethodOptions && (req.Header.Get("Cookie") != "" || req.Header.Get("Authorization") != "") {
			t.Errorf("server saw credentials on a preflight: %v", req.Header)
		}
	}
}

func TestRunWithGivenClient(t *testing.T) {
	rec := &received{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec.add(req)
		http.Redirect(w, req, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()

	// The client would follow redirects; Run must not.
	trace := runProbe(t, credentialedGet(srv.URL), Options{Client: srv.Client(), Timeout: 5 * time.Second})
	if len(trace.Exchanges) != 1 || trace.Exchanges[0].Status != 302 {
		t.Fatalf("exchanges = %+v, want one 302", trace.Exchanges)
	}
	if n := len(rec.all()); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

func TestRunRejectsInvalidInput(t *testing.T) {
	tests := []struct {
		name    string
		req     Request
		opts    Options
		wantErr string
	}{
		{"relative URL", Request{URL: "/cuic/", Origin: finesse}, Options{}, "invalid URL"},
		{"ftp URL", Request{URL: "ftp://127.0.0.1/", Origin: finesse}, Options{}, "http or https"},
		{"URL with password", Request{URL: "http://user:pw@127.0.0.1/", Origin: finesse}, Options{}, "user name or password"},
		{"missing origin", Request{URL: "http://127.0.0.1/"}, Options{}, "missing origin"},
		{"origin without scheme", Request{URL: "http://127.0.0.1/", Origin: "finesse.example.com:8445"}, Options{}, "invalid origin"},
		{"origin with path", Request{URL: "http://127.0.0.1/", Origin: finesse + "/desktop"}, Options{}, "invalid origin"},
		{"same origin", Request{URL: "http://127.0.0.1:8080/x", Origin: "http://127.0.0.1:8080"}, Options{}, "same origin"},
		{"bad method", Request{URL: "http://127.0.0.1/", Origin: finesse, Method: "GE T"}, Options{}, "invalid method"},
		{"forbidden method", Request{URL: "http://127.0.0.1/", Origin: finesse, Method: "TRACE"}, Options{}, "invalid method"},
		{"bad header name", Request{URL: "http://127.0.0.1/", Origin: finesse, Headers: []string{"X Bad: 1"}}, Options{}, "invalid header"},
		{"forbidden header", Request{URL: "http://127.0.0.1/", Origin: finesse, Headers: []string{"Cookie: a=b"}}, Options{}, "forbidden request header"},
		{"missing CA file", Request{URL: "http://127.0.0.1/", Origin: finesse}, Options{CACert: filepath.Join(t.TempDir(), "none.pem")}, "read CA certificate file"},
	}
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests = append(tests, struct {
		name    string
		req     Request
		opts    Options
		wantErr string
	}{"CA file without PEM", Request{URL: "http://127.0.0.1/", Origin: finesse}, Options{CACert: notPEM}, "no PEM certificate"})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trace, err := Run(context.Background(), tt.req, tt.opts)
			if err == nil {
				t.Fatalf("Run succeeded with %d exchanges, want an error", len(trace.Exchanges))
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestRunMixedContentSendsNothing(t *testing.T) {
	// A client whose dialer fails the test proves that nothing is sent.
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			t.Error("the probe dialed for a mixed-content request")
			return nil, errors.New("dial refused by test")
		},
	}}
	trace := runProbe(t, Request{URL: "http://cuic.invalid/cuic/", Origin: finesse}, Options{Client: client, Timeout: time.Second})
	if len(trace.Exchanges) != 1 {
		t.Fatalf("got %d exchanges, want 1", len(trace.Exchanges))
	}
	if e := trace.Exchanges[0]; e.Error != "blocked:mixed-content" || e.ServerIP != "" {
		t.Errorf("exchange = error %q, server %q", e.Error, e.ServerIP)
	}

	rep := analyze(t, trace)
	assertRules(t, rep, "mixed-content-blocked")
	assertVerdict(t, rep, analyzer.Blocked, "mixed-content-blocked")
}

func hasWarning(trace *analyzer.Trace, text string) bool {
	for _, w := range trace.Warnings {
		if strings.Contains(w.Message, text) {
			return true
		}
	}
	return false
}
