package tracegen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// SAMLTracerOptions configures [WriteSAMLTracer].
type SAMLTracerOptions struct {
	// Size is the approximate file size in bytes; the result is at most
	// one request larger.
	Size int64
	// Seed selects the pseudo-random sequence.
	Seed uint64
}

// WriteSAMLTracer writes a SAML-tracer 1.9 export of about opts.Size bytes
// to w: an agent desktop's requests with their headers, and every tenth
// request a SAML exchange whose SAMLResponse form field (base64) and
// decoded "saml" XML make up most of the bytes. About 5 % of the requests
// are preflights next to their actual requests, and some preflights are
// answered 403. SAML-tracer records no response bodies.
func WriteSAMLTracer(w io.Writer, opts SAMLTracerOptions) (Stats, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	out := &countingWriter{w: bw}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x73616d6c))
	pool := newBodyPool(rng)
	var stats Stats
	out.WriteString("{\n  \"requests\": [")
	const tail = len("\n  ],\n  \"timestamp\": \"2026-05-04T08:30:00.000Z\"\n}\n")
	first := true
	id := 1000
	write := func(method, url string, reqHeaders, resHeaders []header, status int, post string) {
		if !first {
			out.WriteString(",")
		}
		first = false
		id++
		stats.Entries++
		out.printf("\n    {\n      \"method\": \"%s\",\n      \"url\": \"%s\",\n      \"requestId\": \"%d\",\n      \"requestHeaders\": ", method, url, id)
		writeSAMLHeaders(out, reqHeaders)
		out.WriteString(",\n      \"responseHeaders\": ")
		writeSAMLHeaders(out, resHeaders)
		out.printf(",\n      \"responseStatus\": %d,\n      \"responseStatusText\": \"HTTP/1.1 %d %s\"", status, status, statusText(status))
		if post != "" {
			xml := fmt.Sprintf(`<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r%d\" Version=\"2.0\">`, id) + pool.json(rng, len(post)*3/4) + `<\/samlp:Response>`
			out.printf(",\n      \"post\": [\n        [\n          \"SAMLResponse\",\n          \"%s\"\n        ],\n        [\n          \"RelayState\",\n          \"%s\"\n        ]\n      ],", post, "ss:mem:"+fmt.Sprint(id))
			out.printf("\n      \"protocol\": \"SAML-P\",\n      \"saml\": \"%s\"", xml)
			stats.BodyBytes += int64(len(post) + len(xml))
		}
		out.WriteString("\n    }")
	}
	for out.n+int64(tail) < opts.Size || stats.Entries == 0 {
		api := fmt.Sprintf("https://cuic-%d.example.com:8444/cuic/rest/reports/%d", rng.IntN(3)+1, rng.IntN(5000))
		switch r := rng.IntN(100); {
		case r < 10:
			post := pool.base64(rng, 8000+rng.IntN(16000))
			write("POST", "https://finesse.example.com:8445/desktop/saml/SSO", requestHeaders(false, "POST", "https://finesse.example.com:8445/desktop/saml/SSO",
				header{"Origin", "https://idp.example.com"}, header{"Content-Type", "application/x-www-form-urlencoded"}, header{"Sec-Fetch-Mode", "navigate"}),
				[]header{{"Location", Origin + "/desktop/container/"}}, 302, post)
		case r < 13:
			write("PUT", api, requestHeaders(false, "PUT", api, header{"Content-Type", "application/json"}),
				corsResponseHeaders(false, true), 200, "")
			write("OPTIONS", api, requestHeaders(false, "OPTIONS", api, header{"Access-Control-Request-Method", "PUT"},
				header{"Access-Control-Request-Headers", "content-type"}, header{"Origin", Origin}),
				[]header{{"Access-Control-Allow-Origin", Origin}, {"Access-Control-Allow-Methods", "GET, PUT"}, {"Access-Control-Allow-Headers", "content-type"}}, 200, "")
			stats.Preflights++
		case r < 14:
			write("PUT", api, requestHeaders(false, "PUT", api, header{"Content-Type", "application/json"}), nil, 0, "")
			write("OPTIONS", api, requestHeaders(false, "OPTIONS", api, header{"Access-Control-Request-Method", "PUT"},
				header{"Access-Control-Request-Headers", "content-type"}, header{"Origin", Origin}),
				[]header{{"Content-Type", "text/html"}}, 403, "")
			stats.Preflights++
			stats.Preflight403++
		default:
			url := fmt.Sprintf("%s/desktop/js/module-%d.js", Origin, rng.IntN(2000))
			write("GET", url, requestHeaders(false, "GET", url, header{"Sec-Fetch-Mode", "no-cors"}),
				[]header{{"Content-Type", "text/javascript"}, {"Cache-Control", "no-cache"}}, 200, "")
		}
	}
	out.WriteString("\n  ],\n  \"timestamp\": \"2026-05-04T08:30:00.000Z\"\n}\n")
	stats.Bytes = out.n
	return stats, bw.Flush()
}

func writeSAMLHeaders(out *countingWriter, list []header) {
	out.WriteString("[")
	for i, h := range list {
		if i > 0 {
			out.WriteString(",")
		}
		out.printf("\n        {\n          \"name\": \"%s\",\n          \"value\": \"%s\"\n        }", h.name, h.value)
	}
	if len(list) > 0 {
		out.WriteString("\n      ")
	}
	out.WriteString("]")
}
