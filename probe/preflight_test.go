package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/tracecheck/tracecheck/analyzer"
)

func TestNeedsPreflight(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		headers    []string
		wantNeeded bool
		wantUnsafe string
	}{
		{"simple GET", "GET", nil, false, ""},
		{"form POST", "POST", []string{"Content-Type: application/x-www-form-urlencoded"}, false, ""},
		{"JSON POST", "POST", []string{"Content-Type: application/json"}, true, "content-type"},
		{"content type by name", "POST", []string{"Content-Type"}, true, "content-type"},
		{"PUT", "PUT", nil, true, ""},
		{"lower-case patch", "patch", nil, true, ""},
		{"custom headers sorted", "GET", []string{"X-Requested-With: XMLHttpRequest", "Authorization: Basic x"}, true, "authorization,x-requested-with"},
		{"safelisted accept", "GET", []string{"Accept: application/json", "Accept-Language: de-DE"}, false, ""},
		{"unsafe accept byte", "GET", []string{"Accept: a(b)"}, true, "accept"},
		{"simple range", "GET", []string{"Range: bytes=0-99"}, false, ""},
		{"multi range", "GET", []string{"Range: bytes=0-1,5-6"}, true, "range"},
		{"long value", "GET", []string{"Accept: " + strings.Repeat("a", 129)}, true, "accept"},
		{"total over 1024", "GET", []string{
			"Accept: " + strings.Repeat("a", 128), "Accept-Language: " + strings.Repeat("b", 128),
			"Content-Language: " + strings.Repeat("c", 128), "Content-Type: text/plain;x=" + strings.Repeat("d", 100),
			"Range: bytes=0-" + strings.Repeat("1", 100),
		}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers, err := parseHeaders(tt.headers)
			if err != nil {
				t.Fatal(err)
			}
			needed, unsafe := NeedsPreflight(NormalizeMethod(tt.method), headers)
			if needed != tt.wantNeeded {
				t.Errorf("needed = %v, want %v", needed, tt.wantNeeded)
			}
			if got := strings.Join(unsafe, ","); got != tt.wantUnsafe {
				t.Errorf("unsafe = %q, want %q", got, tt.wantUnsafe)
			}
		})
	}
}

func TestUnsafeHeaderNamesTotalLimit(t *testing.T) {
	var h analyzer.Headers
	for _, name := range []string{"Accept", "Accept-Language", "Content-Language"} {
		h = append(h, analyzer.Header{Name: name, Value: strings.Repeat("a", 128)})
	}
	for i := 0; i < 7; i++ {
		h = append(h, analyzer.Header{Name: "Accept", Value: strings.Repeat("a", 128)})
	}
	got := UnsafeHeaderNames(h)
	if strings.Join(got, ",") != "accept,accept-language,content-language" {
		t.Errorf("UnsafeHeaderNames = %q, want the safelisted names once the total exceeds 1024 bytes", got)
	}
}

func TestNormalizeMethod(t *testing.T) {
	for in, want := range map[string]string{"get": "GET", "Put": "PUT", "patch": "patch", "PATCH": "PATCH", "options": "OPTIONS"} {
		if got := NormalizeMethod(in); got != want {
			t.Errorf("NormalizeMethod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFetchSite(t *testing.T) {
	tests := []struct {
		page, target, want string
	}{
		{finesse, "https://cuic.example.com:8444/cuic/", "same-site"},
		{finesse, "http://cuic.example.com:8444/cuic/", "cross-site"},
		{finesse, "https://cuic.example.net/", "cross-site"},
		{finesse, "https://finesse.example.com:8445/x", "same-origin"},
		{"https://a.github.io", "https://b.github.io/", "cross-site"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:9090/", "same-site"},
		{"null", "https://cuic.example.com/", "cross-site"},
	}
	for _, tt := range tests {
		page, err := analyzer.ParseOrigin(tt.page)
		if err != nil {
			t.Fatal(err)
		}
		target, err := analyzer.OriginOf(tt.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := fetchSite(page, target); got != tt.want {
			t.Errorf("fetchSite(%s, %s) = %s, want %s", tt.page, tt.target, got, tt.want)
		}
	}
}

func TestChromiumName(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"name not resolved", &net.DNSError{Err: "no such host", Name: "cuic.example.com", IsNotFound: true}, "net::ERR_NAME_NOT_RESOLVED"},
		{"refused", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "net::ERR_CONNECTION_REFUSED"},
		{"reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "net::ERR_CONNECTION_RESET"},
		{"deadline", fmt.Errorf("wrapped: %w", context.DeadlineExceeded), "net::ERR_TIMED_OUT"},
		{"cancelled", context.Canceled, "net::ERR_ABORTED"},
		{"unknown authority", x509.UnknownAuthorityError{}, "net::ERR_CERT_AUTHORITY_INVALID"},
		{"wrong host", x509.HostnameError{Host: "cuic.example.com", Certificate: &x509.Certificate{}}, "net::ERR_CERT_COMMON_NAME_INVALID"},
		{"expired", x509.CertificateInvalidError{Reason: x509.Expired}, "net::ERR_CERT_DATE_INVALID"},
		{"other", errors.New("something else"), "net::ERR_CONNECTION_FAILED"},
	}
	for _, tt := range tests {
		if got := chromiumName(tt.err); got != tt.want {
			t.Errorf("%s: chromiumName = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestPreflightFailure(t *testing.T) {
	base := func() *analyzer.Exchange {
		return &analyzer.Exchange{Status: 204, ResponseHeaders: analyzer.Headers{
			{Name: "Access-Control-Allow-Origin", Value: finesse},
			{Name: "Access-Control-Allow-Credentials", Value: "true"},
			{Name: "Access-Control-Allow-Methods", Value: "PUT"},
			{Name: "Access-Control-Allow-Headers", Value: "Authorization, Content-Type"},
		}}
	}
	p := &plan{origin: finesse, method: "PUT", unsafe: []string{"authorization", "content-type"}, credentials: true}
	if reason := p.preflightFailure(base()); reason != "" {
		t.Errorf("a passing preflight fails: %s", reason)
	}

	tests := []struct {
		name   string
		change func(e *analyzer.Exchange)
		want   string
	}{
		{"no response", func(e *analyzer.Exchange) { e.Status, e.Error = 0, "net::ERR_TIMED_OUT" }, "no HTTP response"},
		{"redirect", func(e *analyzer.Exchange) { e.Status = 302 }, "redirect"},
		{"no origin", func(e *analyzer.Exchange) { e.ResponseHeaders = e.ResponseHeaders[1:] }, "no Access-Control-Allow-Origin"},
		{"wildcard with credentials", func(e *analyzer.Exchange) { e.ResponseHeaders[0].Value = "*" }, "is *"},
		{"other origin", func(e *analyzer.Exchange) { e.ResponseHeaders[0].Value = "https://finesse.example.com" }, "instead of"},
		{"credentials", func(e *analyzer.Exchange) { e.ResponseHeaders[1].Value = "True" }, "Allow-Credentials"},
		{"status", func(e *analyzer.Exchange) { e.Status = 403 }, "403"},
		{"method", func(e *analyzer.Exchange) { e.ResponseHeaders[2].Value = "GET, POST" }, "does not list PUT"},
		{"header", func(e *analyzer.Exchange) { e.ResponseHeaders[3].Value = "content-type" }, "does not list authorization"},
	}
	for _, tt := range tests {
		e := base()
		tt.change(e)
		if reason := p.preflightFailure(e); !strings.Contains(reason, tt.want) {
			t.Errorf("%s: reason = %q, want it to contain %q", tt.name, reason, tt.want)
		}
	}
}
