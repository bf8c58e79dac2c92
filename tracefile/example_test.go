package tracefile_test

import (
	"fmt"
	"strings"

	"github.com/tracecheck/tracecheck/tracefile"
)

func ExampleDecode() {
	// A SAML-tracer export: the "requests" array decides the format.
	input := `{"requests":[{"method":"GET","url":"https://idp.example.test/","responseStatus":200}],"timestamp":"2025-11-03T14:20:31.517Z"}`

	// Decode it without saying which format it is.
	trace, err := tracefile.Decode(strings.NewReader(input), "export.json", tracefile.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(trace.Format, len(trace.Exchanges))
	// Output:
	// saml-tracer 1
}

func ExampleDecode_unknownFormat() {
	// An object with neither "log" nor "requests".
	_, err := tracefile.Decode(strings.NewReader(`{"entries":[]}`), "capture.json", tracefile.Options{})
	fmt.Println(err)
	// Output:
	// capture.json (line 1, column 1, byte 0): unrecognized trace format: found a JSON object with keys entries; expected HAR 1.2 (a JSON object with a top-level "log" object) or a SAML-tracer JSON export (a JSON object with a "requests" array)
}
