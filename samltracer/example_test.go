package samltracer_test

import (
	"fmt"
	"strings"

	"github.com/tracecheck/tracecheck/samltracer"
)

func ExampleDecode() {
	// A SAML-tracer 1.5+ export with one CORS preflight.
	export := `{
  "requests": [
    {
      "method": "OPTIONS",
      "url": "https://api.example.test/data",
      "requestId": "201",
      "requestHeaders": [
        {"name": "Origin", "value": "https://app.example.test"},
        {"name": "Access-Control-Request-Method", "value": "PUT"}
      ],
      "responseStatus": 204,
      "responseStatusText": "HTTP/1.1 204 No Content",
      "responseHeaders": [
        {"name": "Access-Control-Allow-Origin", "value": "https://app.example.test"}
      ]
    }
  ],
  "timestamp": "2025-11-03T14:20:31.517Z"
}`

	// Decode it.
	trace, err := samltracer.Decode(strings.NewReader(export), "export.json", samltracer.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Print what each exchange recorded.
	fmt.Println(trace.Creator)
	for _, ex := range trace.Exchanges {
		fmt.Println(ex.Index, ex.Method, ex.URL, ex.Status)
		fmt.Println("allowed origin:", ex.ResponseHeaders.Value("access-control-allow-origin"))
	}
	// Output:
	// SAML-tracer (1.5 or later)
	// 0 OPTIONS https://api.example.test/data 204
	// allowed origin: https://app.example.test
}

func ExampleDecode_nullExport() {
	// SAML-tracer 1.1 to 1.9.2 writes null when its export fails.
	_, err := samltracer.Decode(strings.NewReader("null"), "SAML-tracer-export-no-timestamp.json", samltracer.Options{})
	fmt.Println(err)
	// Output:
	// SAML-tracer-export-no-timestamp.json (line 1, column 1, byte 0): the export is empty because the file contains only null, which SAML-tracer 1.1 to 1.9.2 writes when its export fails; update SAML-tracer to 1.9.3 or later and export again with File > Export
}
