package har

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/martian/v3"
	mhar "github.com/google/martian/v3/har"
	"github.com/tracecheck/tracecheck/analyzer"
)

// recordWithMartian sends a CORS preflight and the actual request through
// a martian proxy with a HAR logger, all on loopback, and returns the
// logger's in-memory HAR and the origin server's URL.
func recordWithMartian(t *testing.T) (*mhar.HAR, string) {
	t.Helper()
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://finesse.example.com:8445")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "PUT")
			w.Header().Set("Access-Control-Allow-Headers", "authorization, content-type")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	}))
	defer origin.Close()

	logger := mhar.NewLogger()
	proxy := martian.NewProxy()
	// Never forward to a proxy from the environment: everything stays on
	// loopback.
	proxy.SetRoundTripper(&http.Transport{Proxy: nil})
	proxy.SetRequestModifier(logger)
	proxy.SetResponseModifier(logger)
	proxy.SetTimeout(10 * time.Second)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go proxy.Serve(ln)
	defer proxy.Close()

	proxyURL := &url.URL{Scheme: "http", Host: ln.Addr().String()}
	client := &http.Client{
		Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)},
		Timeout:   10 * time.Second,
	}
	defer client.CloseIdleConnections()

	send := func(method string, headers map[string]string, body string) {
		t.Helper()
		req, err := http.NewRequest(method, origin.URL+"/cuic/rest/data?report=1", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s through the proxy: %v", method, err)
		}
		res.Body.Close()
	}
	send(http.MethodOptions, map[string]string{
		"Origin":                         "https://finesse.example.com:8445",
		"Access-Control-Request-Method":  "PUT",
		"Access-Control-Request-Headers": "authorization,content-type",
	}, "")
	send(http.MethodPut, map[string]string{
		"Origin":       "https://finesse.example.com:8445",
		"Content-Type": "application/json",
	}, `{"a":1}`)
	return logger.Export(), origin.URL
}

func TestFromMartianProxy(t *testing.T) {
	h, originURL := recordWithMartian(t)
	tr, err := FromMartian(h, "martian")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Exchanges) != 2 {
		t.Fatalf("FromMartian gave %d exchanges, want 2", len(tr.Exchanges))
	}
	if tr.Source != "martian" || tr.Format != analyzer.FormatHAR || !strings.HasPrefix(tr.Creator, "martian proxy") {
		t.Errorf("Source, Format, Creator = %q, %q, %q", tr.Source, tr.Format, tr.Creator)
	}

	pre := tr.Exchanges[0]
	if pre.Index != 0 || pre.Method != http.MethodOptions || pre.Status != http.StatusNoContent {
		t.Errorf("preflight Index, Method, Status = %d, %q, %d", pre.Index, pre.Method, pre.Status)
	}
	if pre.URL != originURL+"/cuic/rest/data?report=1" {
		t.Errorf("preflight URL = %q", pre.URL)
	}
	if got := pre.RequestHeaders.Value("Access-Control-Request-Method"); got != "PUT" {
		t.Errorf("preflight Access-Control-Request-Method = %q, want PUT", got)
	}
	if got := pre.RequestHeaders.Value("origin"); got != "https://finesse.example.com:8445" {
		t.Errorf("preflight Origin = %q", got)
	}
	if got := pre.ResponseHeaders.Value("Access-Control-Allow-Methods"); got != "PUT" {
		t.Errorf("preflight Access-Control-Allow-Methods = %q, want PUT", got)
	}
	if pre.Start.IsZero() || pre.Duration < 0 {
		t.Errorf("preflight Start, Duration = %v, %v, want both known", pre.Start, pre.Duration)
	}

	actual := tr.Exchanges[1]
	if actual.Method != http.MethodPut || actual.Status != http.StatusOK || actual.HTTPVersion != "HTTP/1.1" {
		t.Errorf("actual Method, Status, HTTPVersion = %q, %d, %q", actual.Method, actual.Status, actual.HTTPVersion)
	}
	if got := actual.ResponseHeaders.Value("access-control-allow-origin"); got != "https://finesse.example.com:8445" {
		t.Errorf("actual Access-Control-Allow-Origin = %q", got)
	}
	if !actual.Start.After(pre.Start) && !actual.Start.Equal(pre.Start) {
		t.Errorf("actual starts %v, before the preflight %v", actual.Start, pre.Start)
	}

	// Round trip: back to martian and again to a trace keeps what both
	// models share.
	again, err := FromMartian(ToMartian(tr), "again")
	if err != nil {
		t.Fatal(err)
	}
	for i := range tr.Exchanges {
		a, b := tr.Exchanges[i], again.Exchanges[i]
		if a.Method != b.Method || a.URL != b.URL || a.Status != b.Status || sprint(a.RequestHeaders) != sprint(b.RequestHeaders) ||
			sprint(a.ResponseHeaders) != sprint(b.ResponseHeaders) || !a.Start.Equal(b.Start) || a.Duration != b.Duration {
			t.Errorf("round trip of exchange %d:\ngot  %+v\nwant %+v", i, b, a)
		}
	}
}

func TestFromMartianEdgeCases(t *testing.T) {
	if _, err := FromMartian(nil, "x"); err == nil {
		t.Error("FromMartian(nil) = nil error")
	}
	if _, err := FromMartian(&mhar.HAR{}, "x"); err == nil {
		t.Error("FromMartian(no log) = nil error")
	}
	h := &mhar.HAR{Log: &mhar.Log{Entries: []*mhar.Entry{
		nil,
		{Request: &mhar.Request{Method: "GET", URL: "https://a.example/"}},
		{},
	}}}
	tr, err := FromMartian(h, "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Exchanges) != 1 || tr.Exchanges[0].Index != 1 || tr.Exchanges[0].Status != 0 || tr.Exchanges[0].Duration >= 0 {
		t.Errorf("exchanges = %+v, want entry 1 without a response and an unknown duration", tr.Exchanges)
	}
	if len(tr.Warnings) != 2 || tr.Warnings[0].Entry != 0 || tr.Warnings[1].Entry != 2 {
		t.Errorf("warnings = %+v, want entries 0 and 2", tr.Warnings)
	}
}

func TestToMartianNoResponse(t *testing.T) {
	tr := &analyzer.Trace{Exchanges: []analyzer.Exchange{{
		Index: 3, Method: "POST", URL: "https://sp.example/acs?a=1&b=x%20y", Status: 0, Duration: unknownDuration,
		Form: []analyzer.Field{{Name: "SAMLResponse", Value: "abc"}},
	}}}
	h := ToMartian(tr)
	me := h.Log.Entries[0]
	if me.ID != "3" || me.Response != nil || me.Time != 0 {
		t.Errorf("entry ID, Response, Time = %q, %v, %d, want 3, nil, 0", me.ID, me.Response, me.Time)
	}
	if len(me.Request.QueryString) != 2 || me.Request.QueryString[1].Value != "x y" {
		t.Errorf("QueryString = %+v", me.Request.QueryString)
	}
	if me.Request.PostData == nil || me.Request.PostData.Params[0].Name != "SAMLResponse" {
		t.Errorf("PostData = %+v", me.Request.PostData)
	}
}
