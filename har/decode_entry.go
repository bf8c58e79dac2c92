package har

import (
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// entryExtras holds what an entry states in several places, to be merged
// once the whole entry is read, because exporters write members in any
// order.
type entryExtras struct {
	entryError    string // entry-level "_error"
	responseError string // response "_error"
	failureText   string // response "_failureText" (Playwright)
	initiatorType string // "_initiator_type", next to a string "_initiator"
	requestText   bodyText
	responseText  bodyText
	reqVersion    string
	resVersion    string
}

// decodeEntry reads one element of log.entries. It returns false when the
// element is not an object; the element is then skipped with a warning.
func (s *scanner) decodeEntry(index int, bodies bool) (*Entry, bool, error) {
	if k := s.kind(); k != '{' {
		if k != 0 {
			s.warn("", "want an object, got %s; entry skipped", kindName(k))
		}
		return nil, false, s.skip()
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return nil, false, s.wrap(err)
	}
	e := &Entry{}
	e.Index = index
	e.Duration = unknownDuration
	e.RequestBody.Size = -1
	e.ResponseBody.Size = -1
	var x entryExtras
	for {
		more, err := s.more('}')
		if err != nil || !more {
			s.finishEntry(e, &x, bodies)
			return e, true, err
		}
		name, err := s.name()
		if err != nil {
			return nil, false, err
		}
		if err := s.entryMember(string(name), e, &x, bodies); err != nil {
			return nil, false, err
		}
	}
}

func (s *scanner) entryMember(name string, e *Entry, x *entryExtras, bodies bool) error {
	var err error
	switch name {
	case "startedDateTime":
		var v string
		if v, err = s.str(name); err == nil {
			t, ok := parseStart(v)
			if !ok {
				s.warn(name, "unrecognized time %q; start time left unknown", truncate(v, 40))
			}
			e.Start = t
		}
	case "time":
		var ms float64
		var ok bool
		if ms, ok, err = s.number(name); ok {
			e.Duration = durationOf(ms)
		}
	case "request":
		err = s.decodeRequest(e, x, bodies)
	case "response":
		err = s.decodeResponse(e, x, bodies)
	case "serverIPAddress":
		var ip string
		if ip, err = s.sharedStr(name); err == nil {
			e.ServerIP = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ip), "["), "]")
		}
	case "_resourceType":
		e.ResourceType, err = s.sharedStr(name)
	case "_initiator":
		err = s.decodeInitiator(&e.Initiator)
	case "_initiator_type":
		x.initiatorType, err = s.sharedStr(name)
	case "_error":
		x.entryError, err = s.str(name)
	case "_fromCache":
		e.FromCache, err = s.sharedStr(name)
	default:
		err = s.skip()
	}
	return err
}

// finishEntry merges the members that depend on each other.
func (s *scanner) finishEntry(e *Entry, x *entryExtras, bodies bool) {
	switch {
	case x.responseError != "":
		e.Error = x.responseError
	case x.failureText != "":
		e.Error = x.failureText
	default:
		e.Error = x.entryError
	}
	if e.Initiator.Type == "" {
		e.Initiator.Type = x.initiatorType
	}
	e.HTTPVersion = x.resVersion
	if e.HTTPVersion == "" {
		e.HTTPVersion = x.reqVersion
	}
	if bodies {
		s.setText(&e.RequestBody, x.requestText, "request.postData.text")
		s.setText(&e.ResponseBody, x.responseText, "response.content.text")
	}
}

// decodeInitiator reads "_initiator": an object with type, url and
// requestId (DevTools, chrome-har-capturer) or a URL string (sitespeed.io
// chrome-har, WebPagetest), whose type is then in "_initiator_type".
func (s *scanner) decodeInitiator(in *analyzer.Initiator) error {
	switch s.kind() {
	case '"':
		var err error
		in.URL, err = s.str("_initiator")
		return err
	case '{':
	default:
		_, err := s.object("_initiator")
		return err
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return s.wrap(err)
	}
	for {
		more, err := s.more('}')
		if err != nil || !more {
			return err
		}
		name, err := s.name()
		if err != nil {
			return err
		}
		switch string(name) {
		case "type":
			in.Type, err = s.sharedStr("_initiator.type")
		case "url":
			in.URL, err = s.str("_initiator.url")
		case "requestId":
			in.RequestID, err = s.str("_initiator.requestId")
		default:
			err = s.skip()
		}
		if err != nil {
			return err
		}
	}
}
