package har

import (
	"math"
	"strings"
	"time"
)

// startLayouts are the startedDateTime spellings exporters write, tried in
// order. A fractional second of any length is accepted after the seconds
// by every layout, because time.Parse allows one even where the layout
// has none.
var startLayouts = []string{
	"2006-01-02T15:04:05Z07:00", // RFC 3339: Chrome, Firefox, Safari, mitmproxy
	"2006-01-02T15:04:05Z0700",  // offset without a colon: LoggerPlusPlus
	"2006-01-02T15:04:05Z07",    // offset in hours only
	"2006-01-02T15:04:05",       // no offset, read as UTC
	"2006-01-02T15:04Z07:00",    // no seconds
	"2006-01-02T15:04",          // no seconds and no offset, read as UTC
}

// parseStart parses a startedDateTime value. It accepts a space or a
// lower-case 't' between date and time and a lower-case 'z'. The zero time
// and true are returned for an empty value; false means the value could
// not be read.
func parseStart(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if len(s) > 10 && (s[10] == ' ' || s[10] == 't') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	for _, layout := range startLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// unknownDuration is the Exchange.Duration of an entry whose time is
// missing, null or negative (HAR writes -1 for "not available").
const unknownDuration = time.Duration(-1)

// durationOf converts a HAR time in fractional milliseconds.
func durationOf(ms float64) time.Duration {
	if ms < 0 || math.IsNaN(ms) {
		return unknownDuration
	}
	ns := ms * float64(time.Millisecond)
	if ns >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(math.Round(ns))
}
