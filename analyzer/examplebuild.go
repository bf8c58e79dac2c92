package analyzer

import (
	"strings"
	"time"
)

// exampleStart is the start time given to the first exchange of a rule
// example; later exchanges follow it by exampleStep each.
var exampleStart = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

const exampleStep = 40 * time.Millisecond

// exchange builds one exchange for a rule example. Headers are written as
// "Name: value" lines; status 0 means no response.
func exchange(method, url string, status int, request, response []string) Exchange {
	return Exchange{
		Method:          method,
		URL:             url,
		HTTPVersion:     "HTTP/1.1",
		RequestHeaders:  headerLines(request),
		Status:          status,
		ResponseHeaders: headerLines(response),
		Duration:        -1,
	}
}

// exampleOf numbers the exchanges and gives them start times.
func exampleOf(description string, exchanges ...Exchange) Example {
	for i := range exchanges {
		exchanges[i].Index = i
		exchanges[i].Start = exampleStart.Add(time.Duration(i) * exampleStep)
	}
	return Example{Description: description, Exchanges: exchanges}
}

// blockedByBrowser marks an exchange the way Chrome records a request that
// the CORS check stopped before it was sent.
func blockedByBrowser(e Exchange) Exchange {
	e.Status = 0
	e.ResponseHeaders = nil
	e.Error = "net::ERR_FAILED"
	return e
}

// withError sets the exporter's error text of an exchange.
func withError(e Exchange, text string) Exchange {
	e.Error = text
	return e
}

// headerLines parses "Name: value" strings into header lines.
func headerLines(lines []string) Headers {
	h := make(Headers, 0, len(lines))
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		h = append(h, Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return h
}

// h is shorthand for a list of header lines in rule examples.
func h(lines ...string) []string { return lines }

// Hosts and header sets shared by the rule examples.
const (
	exApp    = "https://app.example.com"
	exAPI    = "https://api.example.com/v1/orders"
	exOrigin = "Origin: " + exApp
)

// exPreflightReq returns the request headers of a preflight from exApp.
func exPreflightReq(method string, headers string) []string {
	lines := h(exOrigin, "Access-Control-Request-Method: "+method, "Sec-Fetch-Mode: cors", "Accept: */*")
	if headers != "" {
		lines = append(lines, "Access-Control-Request-Headers: "+headers)
	}
	return lines
}
