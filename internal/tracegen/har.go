// Package tracegen writes large, deterministic browser traces for
// benchmarks and tests: Chrome-style HAR files and SAML-tracer exports of
// a chosen size, with CORS defects planted at known places.
package tracegen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// HAROptions configures [WriteHAR].
type HAROptions struct {
	// Size is the approximate file size in bytes. The generator stops
	// adding entries once the file has reached it, so the result is at
	// most one entry (a few hundred KiB) larger.
	Size int64
	// Seed selects the pseudo-random sequence. The same Size and Seed
	// always give the same bytes.
	Seed uint64
}

// Stats counts what a generator wrote.
type Stats struct {
	Bytes   int64 // file size
	Entries int   // HAR entries or SAML-tracer requests
	// Preflights counts the OPTIONS preflights, each written next to its
	// actual request.
	Preflights int
	// Preflight403 counts preflights with status 403, whose actual request
	// was blocked (status 0, _error net::ERR_FAILED).
	Preflight403 int
	// MissingAllowOrigin counts CORS GET requests whose response lacks
	// Access-Control-Allow-Origin.
	MissingAllowOrigin int
	// BodyBytes counts the bytes of body text as written in the file.
	BodyBytes int64
}

// Origin is the page origin of the generated traces: a Cisco Finesse
// agent desktop, whose gadgets call other hosts.
const Origin = "https://finesse.example.com:8445"

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) WriteString(s string) {
	n, _ := c.w.WriteString(s)
	c.n += int64(n)
}

func (c *countingWriter) printf(format string, args ...any) {
	n, _ := fmt.Fprintf(c.w, format, args...)
	c.n += int64(n)
}

// harWriter holds the state of one HAR being written.
type harWriter struct {
	out   *countingWriter
	rng   *rand.Rand
	pool  *bodyPool
	stats Stats
	clock time.Time
	first bool
}

// WriteHAR writes a Chrome-style HAR of about opts.Size bytes to w, pretty
// printed with two spaces as Chrome DevTools exports it. About 75 % of the
// bytes are response and request bodies: JSON text with a backslash escape
// about every 35 bytes and base64 images. About 5 % of the entries are
// preflights, each listed after its actual request as current Chrome does.
// Some flows have defects: preflights with status 403 and a blocked actual
// request, and CORS responses without Access-Control-Allow-Origin.
func WriteHAR(w io.Writer, opts HAROptions) (Stats, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7472616365))
	h := &harWriter{
		out:   &countingWriter{w: bw},
		rng:   rng,
		pool:  newBodyPool(rng),
		clock: time.Date(2026, 5, 4, 8, 30, 0, 0, time.UTC),
		first: true,
	}
	h.out.WriteString("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\n      \"name\": \"WebInspector\",\n      \"version\": \"537.36\"\n    },\n" +
		"    \"pages\": [\n      {\n        \"startedDateTime\": \"2026-05-04T08:30:00.000Z\",\n        \"id\": \"page_1\",\n        \"title\": \"" + Origin + "/desktop/container/\",\n" +
		"        \"pageTimings\": {\n          \"onContentLoad\": 812.3,\n          \"onLoad\": 1403.9\n        }\n      }\n    ],\n    \"entries\": [")
	const tail = len("\n    ]\n  }\n}\n")
	for h.out.n+int64(tail) < opts.Size || h.stats.Entries == 0 {
		h.group()
	}
	h.out.WriteString("\n    ]\n  }\n}\n")
	h.stats.Bytes = h.out.n
	return h.stats, bw.Flush()
}

// group writes the next few entries: a CORS flow or same-origin loads.
func (h *harWriter) group() {
	api := fmt.Sprintf("https://cuic-%d.example.com:8444/cuic/rest/reports/%d", h.rng.IntN(3)+1, h.rng.IntN(5000))
	switch r := h.rng.IntN(100); {
	case r < 5: // A preflighted POST that succeeds.
		h.actual("POST", api, 200, true, true)
		h.preflight("POST", api, 204)
	case r < 6: // A preflight the server rejects: the gadget stays empty.
		h.actual("PUT", api, 0, false, true)
		h.preflight("PUT", api, 403)
		h.stats.Preflight403++
	case r < 8: // A CORS GET whose response lacks Access-Control-Allow-Origin.
		h.simpleCORS(api, false)
		h.stats.MissingAllowOrigin++
	case r < 30:
		h.simpleCORS(api, true)
	case r < 45:
		h.image()
	default:
		h.sameOrigin()
	}
}

// entryStart writes the members before "request".
func (h *harWriter) entryStart(resourceType string) {
	if !h.first {
		h.out.WriteString(",")
	}
	h.first = false
	h.stats.Entries++
	h.out.printf("\n      {\n        \"_connectionId\": \"%d\",\n        \"_initiator\": {\n          \"type\": \"script\",\n"+
		"          \"stack\": {\n            \"callFrames\": [\n              {\n                \"functionName\": \"loadReport\",\n"+
		"                \"scriptId\": \"%d\",\n                \"url\": \"%s/desktop/js/gadgets.js\",\n                \"lineNumber\": %d,\n"+
		"                \"columnNumber\": %d\n              }\n            ]\n          }\n        },\n"+
		"        \"_priority\": \"High\",\n        \"_resourceType\": \"%s\",\n        \"cache\": {},\n        \"connection\": \"%d\",\n        \"pageref\": \"page_1\",\n",
		h.rng.IntN(90000)+100, h.rng.IntN(400)+10, Origin, h.rng.IntN(9000), h.rng.IntN(200), resourceType, h.rng.IntN(900)+100)
}

// entryEnd writes the members after "response" and closes the entry.
func (h *harWriter) entryEnd() {
	ms := 2 + h.rng.Float64()*300
	h.clock = h.clock.Add(time.Duration(h.rng.IntN(40_000)) * time.Microsecond)
	h.out.printf("        \"serverIPAddress\": \"10.10.%d.%d\",\n        \"startedDateTime\": \"%s\",\n        \"time\": %.3f,\n"+
		"        \"timings\": {\n          \"blocked\": %.3f,\n          \"dns\": -1,\n          \"ssl\": -1,\n          \"connect\": -1,\n"+
		"          \"send\": 0.081,\n          \"wait\": %.3f,\n          \"receive\": 0.442,\n          \"_blocked_queueing\": 0.513\n        }\n      }",
		h.rng.IntN(250), h.rng.IntN(250), h.clock.Format("2006-01-02T15:04:05.000Z"), ms, ms/10, ms*0.8)
}

// header is one header line to write.
type header struct{ name, value string }

func (h *harWriter) headers(list []header) {
	h.out.WriteString("[")
	for i, hd := range list {
		if i > 0 {
			h.out.WriteString(",")
		}
		h.out.printf("\n            {\n              \"name\": \"%s\",\n              \"value\": \"%s\"\n            }", hd.name, hd.value)
	}
	if len(list) > 0 {
		h.out.WriteString("\n          ")
	}
	h.out.WriteString("]")
}

// requestHeaders returns Chrome's request headers: HTTP/2 lowercase with
// pseudo-headers when h2 is true, HTTP/1.1 Title-Case otherwise.
func requestHeaders(h2 bool, method, url string, extra ...header) []header {
	host, path := splitURL(url)
	var list []header
	if h2 {
		list = append(list, header{":authority", host}, header{":method", method}, header{":path", path}, header{":scheme", "https"})
	}
	common := []header{
		{"Accept", "application/json, text/plain, */*"},
		{"Accept-Encoding", "gzip, deflate, br, zstd"},
		{"Accept-Language", "en-US,en;q=0.9"},
		{"Sec-Ch-Ua", `\"Chromium\";v=\"146\", \"Not-A.Brand\";v=\"24\"`},
		{"Sec-Ch-Ua-Platform", `\"Windows\"`},
		{"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36"},
	}
	if !h2 {
		list = append(list, header{"Host", host}, header{"Connection", "keep-alive"})
	}
	list = append(list, common...)
	list = append(list, extra...)
	if h2 {
		for i := range list {
			list[i].name = strings.ToLower(list[i].name)
		}
	}
	return list
}

func splitURL(url string) (host, path string) {
	rest := strings.TrimPrefix(url, "https://")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i], rest[i:]
	}
	return rest, "/"
}

// request writes the "request" member.
func (h *harWriter) request(method, url string, h2 bool, headers []header, body string) {
	version := "HTTP/1.1"
	if h2 {
		version = "http/2.0"
	}
	h.out.printf("        \"request\": {\n          \"method\": \"%s\",\n          \"url\": \"%s\",\n          \"httpVersion\": \"%s\",\n          \"headers\": ",
		method, url, version)
	h.headers(headers)
	h.out.printf(",\n          \"queryString\": [],\n          \"cookies\": [],\n          \"headersSize\": -1,\n          \"bodySize\": %d", len(body))
	if body != "" {
		h.out.WriteString(",\n          \"postData\": {\n            \"mimeType\": \"application/json\",\n            \"text\": \"")
		h.out.WriteString(body)
		h.out.WriteString("\"\n          }")
		h.stats.BodyBytes += int64(len(body))
	}
	h.out.WriteString("\n        },\n")
}

// response writes the "response" member. status 0 writes a blocked
// response as Chrome records it: no headers and _error net::ERR_FAILED.
func (h *harWriter) response(status int, h2 bool, headers []header, mimeType, body, encoding string) {
	version, text := "HTTP/1.1", statusText(status)
	if h2 {
		version, text = "http/2.0", ""
	}
	if status == 0 {
		version, text = "", ""
	}
	h.out.printf("        \"response\": {\n          \"status\": %d,\n          \"statusText\": \"%s\",\n          \"httpVersion\": \"%s\",\n          \"headers\": ",
		status, text, version)
	h.headers(headers)
	h.out.printf(",\n          \"cookies\": [],\n          \"content\": {\n            \"size\": %d,\n            \"mimeType\": \"%s\"", len(body), mimeType)
	if body != "" {
		h.out.WriteString(",\n            \"text\": \"")
		h.out.WriteString(body)
		h.out.WriteString("\"")
		if encoding != "" {
			h.out.printf(",\n            \"encoding\": \"%s\"", encoding)
		}
		h.stats.BodyBytes += int64(len(body))
	}
	errorText := "null"
	if status == 0 {
		errorText = `"net::ERR_FAILED"`
	}
	h.out.printf("\n          },\n          \"redirectURL\": \"\",\n          \"headersSize\": -1,\n          \"bodySize\": %d,\n"+
		"          \"_transferSize\": %d,\n          \"_error\": %s,\n          \"_fetchedViaServiceWorker\": false\n        },\n",
		len(body), len(body)/3+300, errorText)
}

func statusText(status int) string {
	switch status {
	case 200:
		return "OK"
	case 204:
		return "No Content"
	case 403:
		return "Forbidden"
	}
	return ""
}

func corsResponseHeaders(h2 bool, allowOrigin bool) []header {
	list := []header{{"Content-Type", "application/json;charset=UTF-8"}, {"Date", "Mon, 04 May 2026 08:31:07 GMT"}, {"Server", "CUIC"}}
	if allowOrigin {
		list = append(list, header{"Access-Control-Allow-Origin", Origin}, header{"Access-Control-Allow-Credentials", "true"}, header{"Vary", "Origin"})
	}
	return lower(h2, list)
}

func lower(h2 bool, list []header) []header {
	if h2 {
		for i := range list {
			list[i].name = strings.ToLower(list[i].name)
		}
	}
	return list
}

// actual writes the actual request of a preflighted flow. status 0 writes
// it blocked, without an Origin header, as Chrome records it.
func (h *harWriter) actual(method, url string, status int, allowOrigin, h2 bool) {
	h.entryStart("fetch")
	body := h.pool.json(h.rng, 200+h.rng.IntN(600))
	extra := []header{{"Content-Type", "application/json"}, {"Authorization", "Basic cmVkYWN0ZWQ6cmVkYWN0ZWQ="}}
	if status != 0 {
		extra = append(extra, header{"Origin", Origin}, header{"Sec-Fetch-Mode", "cors"})
	}
	h.request(method, url, h2, requestHeaders(h2, method, url, extra...), body)
	if status == 0 {
		h.response(0, h2, nil, "x-unknown", "", "")
	} else {
		h.response(status, h2, corsResponseHeaders(h2, allowOrigin), "application/json", h.pool.json(h.rng, 2000+h.rng.IntN(30000)), "")
	}
	h.entryEnd()
}

// preflight writes the OPTIONS preflight for an actual request.
func (h *harWriter) preflight(method, url string, status int) {
	h.entryStart("preflight")
	h.stats.Preflights++
	reqHeaders := requestHeaders(true, "OPTIONS", url,
		header{"Access-Control-Request-Headers", "authorization,content-type"},
		header{"Access-Control-Request-Method", method},
		header{"Origin", Origin},
		header{"Sec-Fetch-Mode", "cors"})
	var resHeaders []header
	if status < 300 {
		resHeaders = []header{
			{"access-control-allow-origin", Origin},
			{"access-control-allow-credentials", "true"},
			{"access-control-allow-methods", "GET, POST, PUT, DELETE"},
			{"access-control-allow-headers", "authorization, content-type"},
			{"access-control-max-age", "600"},
			{"vary", "Origin"},
		}
	} else {
		resHeaders = []header{{"content-type", "text/html"}, {"content-length", "0"}}
	}
	h.request("OPTIONS", url, true, reqHeaders, "")
	h.response(status, true, resHeaders, "x-unknown", "", "")
	h.entryEnd()
}

// simpleCORS writes a cross-origin GET in CORS mode.
func (h *harWriter) simpleCORS(url string, allowOrigin bool) {
	h2 := h.rng.IntN(2) == 0
	h.entryStart("xhr")
	h.request("GET", url, h2, requestHeaders(h2, "GET", url, header{"Origin", Origin}, header{"Sec-Fetch-Mode", "cors"}, header{"Sec-Fetch-Site", "same-site"}), "")
	h.response(200, h2, corsResponseHeaders(h2, allowOrigin), "application/json", h.pool.json(h.rng, 2000+h.rng.IntN(40000)), "")
	h.entryEnd()
}

// image writes a same-origin image load with a base64 body.
func (h *harWriter) image() {
	h2 := h.rng.IntN(2) == 0
	url := fmt.Sprintf("%s/desktop/theme/img/icon-%d.png", Origin, h.rng.IntN(900))
	h.entryStart("image")
	h.request("GET", url, h2, requestHeaders(h2, "GET", url, header{"Sec-Fetch-Mode", "no-cors"}, header{"Sec-Fetch-Site", "same-origin"}), "")
	h.response(200, h2, lower(h2, []header{{"Content-Type", "image/png"}, {"Cache-Control", "max-age=86400"}}), "image/png", h.pool.base64(h.rng, 1000+h.rng.IntN(30000)), "base64")
	h.entryEnd()
}

// sameOrigin writes a same-origin script or JSON load.
func (h *harWriter) sameOrigin() {
	h2 := h.rng.IntN(2) == 0
	url := fmt.Sprintf("%s/desktop/js/module-%d.js?v=%d", Origin, h.rng.IntN(2000), h.rng.IntN(99))
	h.entryStart("script")
	h.request("GET", url, h2, requestHeaders(h2, "GET", url, header{"Sec-Fetch-Mode", "no-cors"}, header{"Sec-Fetch-Site", "same-origin"}), "")
	h.response(200, h2, lower(h2, []header{{"Content-Type", "text/javascript"}, {"Cache-Control", "no-cache"}}), "text/javascript", h.pool.json(h.rng, 500+h.rng.IntN(20000)), "")
	h.entryEnd()
}
