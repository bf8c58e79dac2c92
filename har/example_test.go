package har_test

import (
	"fmt"
	"strings"

	"github.com/tracecheck/tracecheck/har"
)

func ExampleDecode() {
	const trace = `{"log": {"version": "1.2",
	  "creator": {"name": "WebInspector", "version": "537.36"},
	  "entries": [{
	    "startedDateTime": "2025-12-19T01:23:28.373Z", "time": 1.9,
	    "_resourceType": "preflight",
	    "request": {"method": "OPTIONS", "url": "https://cuic.example.com:8444/api",
	      "headers": [{"name": "Origin", "value": "https://finesse.example.com:8445"}]},
	    "response": {"status": 403, "statusText": "Forbidden", "headers": [],
	      "content": {"text": "<html>...</html>"}}
	  }]}}`

	// Decode the trace; a real program would call har.DecodeFile.
	t, err := har.Decode(strings.NewReader(trace), "example.har", har.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Print what the first exchange recorded.
	e := t.Exchanges[0]
	fmt.Println(t.Creator, "-", len(t.Exchanges), "exchange")
	fmt.Println(e.Method, e.URL, e.Status, e.ResourceType)
	fmt.Println("Origin:", e.RequestHeaders.Value("origin"))
	// Output:
	// WebInspector 537.36 - 1 exchange
	// OPTIONS https://cuic.example.com:8444/api 403 preflight
	// Origin: https://finesse.example.com:8445
}

func ExampleDecode_error() {
	_, err := har.Decode(strings.NewReader("{\"log\": {\"entries\": [\n  {\"request\": {}}\n  {}\n]}}"), "broken.har", har.Options{})
	fmt.Println(err)
	// Output:
	// broken.har (line 3, column 3, byte 42): expected ',' or ']' after array element, found '{' (in log.entries)
}

func ExampleStream() {
	const trace = `{"log": {"entries": [
	  {"request": {"method": "GET", "url": "https://a.example/"}, "response": {"status": 200}},
	  {"request": {"method": "GET", "url": "https://b.example/"}, "response": {"status": 0, "_error": "net::ERR_FAILED"}}
	]}}`

	// Handle each entry as it is read instead of keeping them all.
	_, err := har.Stream(strings.NewReader(trace), "stream.har", har.Options{}, func(e *har.Entry) error {
		if !e.HasResponse() {
			fmt.Println("failed:", e.URL, e.Error)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// failed: https://b.example/ net::ERR_FAILED
}
