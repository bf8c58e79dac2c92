package har

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	mhar "github.com/google/martian/v3/har"
	"github.com/tracecheck/tracecheck/analyzer"
)

// FromMartian converts a HAR that a martian proxy's logger holds in memory
// (for example from [mhar.Logger.Export]) into a trace, so that a tool
// recording with martian can analyze its traffic without writing a file.
// name becomes Trace.Source.
//
// martian records no resource type, initiator, error text or server
// address, so those fields stay empty. Its header lists come from Go maps,
// so header order is not the order on the wire. An entry without a
// response (still pending when the log was exported) gets status 0. A nil
// entry or request is skipped with a warning.
func FromMartian(h *mhar.HAR, name string) (*analyzer.Trace, error) {
	if h == nil || h.Log == nil {
		return nil, &analyzer.DecodeError{File: name, Entry: -1, Offset: -1,
			Err: errors.New("martian HAR has no log; export it with Logger.Export")}
	}
	t := &analyzer.Trace{Source: name, Format: analyzer.FormatHAR}
	if c := h.Log.Creator; c != nil {
		t.Creator = strings.TrimSpace(c.Name + " " + c.Version)
	}
	t.Exchanges = make([]analyzer.Exchange, 0, len(h.Log.Entries))
	for i, me := range h.Log.Entries {
		if me == nil || me.Request == nil {
			t.Warnings = append(t.Warnings, analyzer.Warning{Entry: i, Offset: -1,
				Message: "martian entry has no request; entry skipped"})
			continue
		}
		t.Exchanges = append(t.Exchanges, fromMartianEntry(i, me))
	}
	return t, nil
}

func fromMartianEntry(i int, me *mhar.Entry) analyzer.Exchange {
	req := me.Request
	e := analyzer.Exchange{
		Index:          i,
		Method:         req.Method,
		URL:            req.URL,
		HTTPVersion:    req.HTTPVersion,
		RequestHeaders: fromMartianHeaders(req.Headers),
		Start:          me.StartedDateTime,
		Duration:       unknownDuration,
	}
	if req.PostData != nil {
		for _, p := range req.PostData.Params {
			e.Form = append(e.Form, analyzer.Field{Name: p.Name, Value: p.Value})
		}
	}
	if res := me.Response; res != nil {
		e.Status = res.Status
		e.StatusText = res.StatusText
		e.ResponseHeaders = fromMartianHeaders(res.Headers)
		e.RedirectURL = res.RedirectURL
		if res.HTTPVersion != "" {
			e.HTTPVersion = res.HTTPVersion
		}
		// martian sets Time only when the response arrives, in whole
		// milliseconds, so 0 is a real (fast) time here.
		e.Duration = time.Duration(me.Time) * time.Millisecond
	}
	return e
}

func fromMartianHeaders(hs []mhar.Header) analyzer.Headers {
	out := make(analyzer.Headers, 0, len(hs))
	for _, h := range hs {
		out = append(out, analyzer.Header{Name: h.Name, Value: h.Value})
	}
	return out
}

// ToMartian converts a trace into martian's HAR types, for tools that
// consume those. martian has no fields for the resource type, initiator,
// error text, server address or cache source, so they are lost. Times are
// rounded down to whole milliseconds, and an unknown duration becomes 0.
// Entry IDs are the exchange indexes. An exchange without a response
// (status 0 or below) gets no Response.
func ToMartian(t *analyzer.Trace) *mhar.HAR {
	log := &mhar.Log{
		Version: "1.2",
		Creator: &mhar.Creator{Name: "tracecheck"},
		Entries: make([]*mhar.Entry, 0, len(t.Exchanges)),
	}
	for _, e := range t.Exchanges {
		log.Entries = append(log.Entries, toMartianEntry(e))
	}
	return &mhar.HAR{Log: log}
}

func toMartianEntry(e analyzer.Exchange) *mhar.Entry {
	me := &mhar.Entry{
		ID:              fmt.Sprint(e.Index),
		StartedDateTime: e.Start,
		Request: &mhar.Request{
			Method:      e.Method,
			URL:         e.URL,
			HTTPVersion: e.HTTPVersion,
			Headers:     toMartianHeaders(e.RequestHeaders),
			Cookies:     []mhar.Cookie{},
			QueryString: queryOf(e.URL),
			HeadersSize: -1,
			BodySize:    -1,
		},
		Cache:   &mhar.Cache{},
		Timings: &mhar.Timings{},
	}
	if e.Duration > 0 {
		me.Time = e.Duration.Milliseconds()
	}
	if len(e.Form) > 0 {
		pd := &mhar.PostData{MimeType: "application/x-www-form-urlencoded"}
		for _, f := range e.Form {
			pd.Params = append(pd.Params, mhar.Param{Name: f.Name, Value: f.Value})
		}
		me.Request.PostData = pd
	}
	if e.HasResponse() {
		me.Response = &mhar.Response{
			Status:      e.Status,
			StatusText:  e.StatusText,
			HTTPVersion: e.HTTPVersion,
			Headers:     toMartianHeaders(e.ResponseHeaders),
			Cookies:     []mhar.Cookie{},
			Content:     &mhar.Content{MimeType: e.ResponseHeaders.Value("Content-Type")},
			RedirectURL: e.RedirectURL,
			HeadersSize: -1,
			BodySize:    -1,
		}
	}
	return me
}

func toMartianHeaders(hs analyzer.Headers) []mhar.Header {
	out := make([]mhar.Header, 0, len(hs))
	for _, h := range hs {
		out = append(out, mhar.Header{Name: h.Name, Value: h.Value})
	}
	return out
}

// queryOf lists the query parameters of rawURL in order; none when the URL
// does not parse.
func queryOf(rawURL string) []mhar.QueryString {
	out := []mhar.QueryString{}
	u, err := url.Parse(rawURL)
	if err != nil {
		return out
	}
	for _, pair := range strings.Split(u.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out = append(out, mhar.QueryString{Name: k, Value: v})
	}
	return out
}
