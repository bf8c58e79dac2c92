package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tracecheck/tracecheck/analyzer"
)

// maxDrainBytes is how much of a response body is read and discarded so
// that the connection can be reused; the body is never recorded.
const maxDrainBytes = 64 << 10

// newClient returns the client Run sends with and a function that closes
// its idle connections. Redirects are never followed and no cookie jar is
// used, whichever client is given.
func newClient(opts Options) (*http.Client, func(), error) {
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if opts.Client != nil {
		c := *opts.Client
		c.CheckRedirect = noRedirect
		c.Jar = nil
		return &c, c.CloseIdleConnections, nil
	}

	tlsConfig := &tls.Config{InsecureSkipVerify: opts.Insecure}
	if opts.CACert != "" {
		pool, err := loadCACert(opts.CACert)
		if err != nil {
			return nil, nil, err
		}
		tlsConfig.RootCAs = pool
	}
	transport := &http.Transport{
		// Browsers use the system's proxy settings; the environment
		// variables are the closest a command-line tool has.
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:     tlsConfig,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 1,
		DisableCompression:  true,
	}
	client := &http.Client{Transport: transport, CheckRedirect: noRedirect}
	return client, transport.CloseIdleConnections, nil
}

// loadCACert returns the system's certificate pool with the certificates
// of the PEM file at path added.
func loadCACert(path string) (*x509.CertPool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read CA certificate file: %w; give the path of a PEM file with the CA certificate that issued the server's certificate", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("invalid CA certificate file %s: it contains no PEM certificate (-----BEGIN CERTIFICATE-----); export the CA certificate in PEM format", path)
	}
	return pool, nil
}

// wireRecorder collects what httptrace reports about one request: the
// header lines in the order the transport wrote them and the address it
// connected to. The transport may call it from several goroutines.
type wireRecorder struct {
	mu      sync.Mutex
	headers analyzer.Headers
	dialed  string
	remote  string
}

func (w *wireRecorder) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		ConnectStart: func(_, addr string) {
			w.mu.Lock()
			w.dialed = addr
			w.mu.Unlock()
		},
		GotConn: func(info httptrace.GotConnInfo) {
			w.mu.Lock()
			w.remote = info.Conn.RemoteAddr().String()
			w.headers = nil // a retry on a new connection writes the headers again
			w.mu.Unlock()
		},
		WroteHeaderField: func(key string, values []string) {
			w.mu.Lock()
			for _, v := range values {
				w.headers = append(w.headers, analyzer.Header{Name: key, Value: v})
			}
			w.mu.Unlock()
		},
	}
}

// serverIP returns the IP address of the connection, or of the last
// connection attempt when none was made, without port and brackets.
func (w *wireRecorder) serverIP() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	addr := w.remote
	if addr == "" {
		addr = w.dialed
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	return host
}

// sentHeaders returns the header lines the transport wrote, or, when the
// request failed before any was written, the lines it would have written
// for HTTP/1.1: Host, User-Agent, then the rest sorted by name.
func (w *wireRecorder) sentHeaders(req *http.Request) analyzer.Headers {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.headers) > 0 {
		return w.headers
	}
	h := analyzer.Headers{{Name: "Host", Value: req.URL.Host}}
	for _, v := range req.Header.Values("User-Agent") {
		h = append(h, analyzer.Header{Name: "User-Agent", Value: v})
	}
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		if name != "User-Agent" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range req.Header[name] {
			h = append(h, analyzer.Header{Name: name, Value: v})
		}
	}
	return h
}

// send sends out and returns it with its response as an exchange. A
// failure below HTTP becomes status 0 with a Chromium-style Error.
func send(ctx context.Context, client *http.Client, timeout time.Duration, out outgoing) analyzer.Exchange {
	ex := analyzer.Exchange{Method: out.method, URL: out.url, Duration: -1}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	recorder := &wireRecorder{}
	ctx = httptrace.WithClientTrace(ctx, recorder.clientTrace())

	req, err := http.NewRequestWithContext(ctx, out.method, out.url, nil)
	if err != nil {
		ex.RequestHeaders = out.headers
		ex.Error = chromiumError(err)
		return ex
	}
	for _, line := range out.headers {
		req.Header.Add(line.Name, line.Value)
	}

	ex.Start = time.Now()
	resp, err := client.Do(req)
	ex.Duration = time.Since(ex.Start)
	ex.RequestHeaders = recorder.sentHeaders(req)
	ex.ServerIP = recorder.serverIP()
	if err != nil {
		ex.Error = chromiumError(unwrapURLError(err))
		return ex
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrainBytes))

	ex.HTTPVersion = resp.Proto
	ex.Status = resp.StatusCode
	ex.StatusText = strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)+" ")
	ex.ResponseHeaders = responseHeaders(resp.Header)
	ex.RedirectURL = resp.Header.Get("Location")
	return ex
}

// unwrapURLError removes the *url.Error wrapper, whose text repeats the
// method and URL that the exchange already records.
func unwrapURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Err != nil {
		return urlErr.Err
	}
	return err
}

// responseHeaders converts h to header lines, one per value.
// NOTE: net/http stores response headers in a map, so the original order
// of the names and their case are lost: the lines are sorted by canonical
// name. Repeated lines of one name keep their order.
func responseHeaders(h http.Header) analyzer.Headers {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var out analyzer.Headers
	for _, name := range names {
		for _, v := range h[name] {
			out = append(out, analyzer.Header{Name: name, Value: v})
		}
	}
	return out
}
