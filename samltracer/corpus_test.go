package samltracer_test

import (
	"path/filepath"
	"testing"

	"github.com/tracecheck/tracecheck/internal/testshared"
	"github.com/tracecheck/tracecheck/samltracer"
)

func TestDecodeSyntheticChromeExport(t *testing.T) {
	path := filepath.Join(testshared.Dir(t, "corpus", "samltracer"), "synthetic-chrome-1.9-mask.json")
	tr, err := samltracer.DecodeFile(path, samltracer.Options{})
	if err != nil {
		t.Fatalf("DecodeFile: %v", err)
	}

	if len(tr.Exchanges) != 7 {
		t.Fatalf("got %d exchanges, want 7", len(tr.Exchanges))
	}
	if len(tr.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", tr.Warnings)
	}
	if tr.Creator != "SAML-tracer (1.5 or later)" {
		t.Errorf("Creator = %q, want SAML-tracer (1.5 or later)", tr.Creator)
	}

	preflight := tr.Exchanges[4]
	if preflight.Index != 4 || preflight.Method != "OPTIONS" || preflight.Status != 204 {
		t.Errorf("Exchanges[4] = %d %s %d, want 4 OPTIONS 204", preflight.Index, preflight.Method, preflight.Status)
	}
	if got := preflight.RequestHeaders.Value("Access-Control-Request-Method"); got != "GET" {
		t.Errorf("preflight Access-Control-Request-Method = %q, want GET", got)
	}
	wantResponse := map[string]string{
		"Access-Control-Allow-Origin":      "https://desktop.cc.example.com",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Methods":     "GET, PUT, POST, DELETE, OPTIONS",
		"Access-Control-Allow-Headers":     "authorization, content-type",
		"Access-Control-Max-Age":           "600",
		"Vary":                             "Origin",
	}
	for name, want := range wantResponse {
		if got := preflight.ResponseHeaders.Value(name); got != want {
			t.Errorf("preflight %s = %q, want %q", name, got, want)
		}
	}
	if len(preflight.ResponseHeaders) != 7 {
		t.Errorf("preflight has %d response headers, want 7", len(preflight.ResponseHeaders))
	}

	post := tr.Exchanges[2]
	if post.Method != "POST" || !post.BodyMasked {
		t.Errorf("Exchanges[2] = %s, BodyMasked %v, want POST with BodyMasked", post.Method, post.BodyMasked)
	}
	if len(post.Form) != 2 || post.Form[0].Name != "SAMLResponse" {
		t.Errorf("POST Form = %q, want SAMLResponse and RelayState", post.Form)
	}
	for i, ex := range tr.Exchanges {
		if i != 2 && ex.BodyMasked {
			t.Errorf("Exchanges[%d].BodyMasked = true, want false", i)
		}
	}

	if got := tr.Exchanges[1].StatusText; got != "HTTP/1.1 200" {
		t.Errorf("Exchanges[1].StatusText = %q, want the status line without reason", got)
	}
	if last := tr.Exchanges[6]; last.ResponseHeaders.Has("Access-Control-Allow-Origin") {
		t.Error("Exchanges[6] has Access-Control-Allow-Origin, want none")
	}
}
