package har

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/internal/tracegen"
)

// syntheticHAR builds a Chrome-style HAR of n entries: every tenth a
// preflight, every response with a base64 body of bodySize bytes.
func syntheticHAR(n, bodySize int) []byte {
	body := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("{\"k\":\"v\\n\"}"), bodySize/11+1)[:bodySize])
	var b bytes.Buffer
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		method, rtype := "GET", "fetch"
		if i%10 == 0 {
			method, rtype = "OPTIONS", "preflight"
		}
		fmt.Fprintf(&b, `{"_initiator":{"type":"script","url":"https://app.example/main.js","stack":{"callFrames":[{"functionName":"f","lineNumber":1}]}},`+
			`"_priority":"High","_resourceType":%q,"cache":{},"connection":"443",`+
			`"request":{"method":%q,"url":"https://api.example/v1/items/%d","httpVersion":"http/2.0","headers":[`+
			`{"name":":authority","value":"api.example"},{"name":"origin","value":"https://app.example"},{"name":"accept","value":"*/*"},`+
			`{"name":"user-agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},`+
			`"response":{"status":200,"statusText":"","httpVersion":"http/2.0","headers":[{"name":"access-control-allow-origin","value":"https://app.example"},`+
			`{"name":"content-type","value":"application/json"},{"name":"vary","value":"Origin"}],"cookies":[],`+
			`"content":{"size":%d,"mimeType":"application/json","text":%q,"encoding":"base64"},"redirectURL":"","headersSize":-1,"bodySize":%d,"_transferSize":%d,"_error":null},`+
			`"serverIPAddress":"[2001:db8::1]","startedDateTime":"2025-12-19T01:23:28.373Z","time":12.345,`+
			`"timings":{"blocked":0.5,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":11.2,"receive":0.5,"_blocked_queueing":0.3}}`,
			rtype, method, i, bodySize, body, bodySize, bodySize)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

func BenchmarkDecode(b *testing.B) {
	data := syntheticHAR(2000, 4096)
	b.Run("skip-bodies", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			tr, err := Decode(bytes.NewReader(data), "bench.har", Options{})
			if err != nil || len(tr.Exchanges) != 2000 {
				b.Fatalf("Decode = %d exchanges, %v", len(tr.Exchanges), err)
			}
		}
	})
	b.Run("skip-bodies-sequential", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := stream(bytes.NewReader(data), "bench.har", Options{}, func(*Entry) error { return nil }, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bodies", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Stream(bytes.NewReader(data), "bench.har", Options{Bodies: true}, func(*Entry) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The floor: validating the same bytes with the JSON tokenizer alone.
	b.Run("scan-only", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			dec := jsontext.NewDecoder(bytes.NewReader(data))
			for {
				if err := dec.SkipValue(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// BenchmarkDecodeGenerated decodes a 32 MB Chrome-style HAR from tracegen,
// whose bodies have a backslash escape about every 35 bytes, on both
// decode paths and with the validity scan as the floor.
func BenchmarkDecodeGenerated(b *testing.B) {
	var buf bytes.Buffer
	if _, err := tracegen.WriteHAR(&buf, tracegen.HAROptions{Size: 32 << 20, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, path := range []struct {
		name     string
		filtered bool
	}{{"filtered", true}, {"sequential", false}} {
		b.Run(path.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := stream(bytes.NewReader(data), "bench.har", Options{}, func(*Entry) error { return nil }, path.filtered); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("scan-only", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := jsontext.NewDecoder(bytes.NewReader(data)).SkipValue(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
