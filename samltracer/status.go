package samltracer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/tracecheck/tracecheck/analyzer"
)

// statusLinePattern matches the whole HTTP status line that SAML-tracer
// 1.1 and later store in responseStatusText, for example
// "HTTP/1.1 302 Found" or "HTTP/1.1 200" (Chrome omits the reason phrase).
var statusLinePattern = regexp.MustCompile(`^(HTTP/\S+)\s+(\d{3})(?:\s+(.*))?$`)

// readStatus reads "responseStatus": a number, or "" when SAML-tracer
// listed the request before its response arrived. A string of digits is
// accepted as the number it spells.
func (rr *requestReader) readStatus() error {
	d := rr.d
	rr.statusOffset = d.valueOffset()
	switch d.dec.PeekKind() {
	case 'n':
		_, err := d.dec.ReadToken()
		return err
	case '0':
		tok, err := d.dec.ReadToken()
		if err != nil {
			return err
		}
		f, _ := tok.Float() // out of range gives ±Inf, which the range check rejects
		if f != math.Trunc(f) || f < 0 || f > 999 {
			return &fieldError{
				pointer: d.dec.StackPointer(),
				offset:  rr.statusOffset,
				msg:     fmt.Sprintf("expected an HTTP status code from 0 to 999, found %v", f),
			}
		}
		rr.status, rr.hasStatus = int(f), true
		return nil
	case '"':
		tok, err := d.dec.ReadToken()
		if err != nil {
			return err
		}
		s := tok.String()
		if s == "" {
			return nil
		}
		code, err := strconv.Atoi(s)
		if err != nil || code < 0 || code > 999 {
			return &fieldError{
				pointer: d.dec.StackPointer(),
				offset:  rr.statusOffset,
				msg:     fmt.Sprintf("expected an HTTP status code or \"\", found %q", s),
			}
		}
		rr.status, rr.hasStatus = code, true
		return nil
	}
	return d.mismatch("an HTTP status code as a number")
}

// finishStatus sets Status, StatusText and HTTPVersion from the status
// number and the status line. The line fills in a missing or empty
// number. When both are present and disagree, the number wins and a
// warning records the difference.
func (rr *requestReader) finishStatus() {
	rr.ex.StatusText = rr.statusLine
	if rr.hasStatus {
		rr.ex.Status = rr.status
	}
	m := statusLinePattern.FindStringSubmatch(rr.statusLine)
	if m == nil {
		// The legacy format stores only the reason phrase ("OK").
		return
	}
	rr.ex.HTTPVersion = m[1]
	code, _ := strconv.Atoi(m[2])
	switch {
	case !rr.hasStatus:
		rr.ex.Status = code
	case code != rr.status:
		rr.warnings = append(rr.warnings, analyzer.Warning{
			Entry:  rr.index,
			Offset: rr.statusOffset,
			Message: fmt.Sprintf("request %d: responseStatus %d disagrees with the status line %q; using %d",
				rr.index, rr.status, rr.statusLine, rr.status),
		})
	}
}
