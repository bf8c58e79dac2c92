package har

import (
	"math"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// members calls fn for each member of the object that starts at the
// current position. A null or a value of another kind is skipped (the
// latter with a warning naming field).
func (s *scanner) members(field string, fn func(name string) error) error {
	ok, err := s.object(field)
	if err != nil || !ok {
		return err
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
		if err := fn(string(name)); err != nil {
			return err
		}
	}
}

// elements calls fn for each element of the array that starts at the
// current position, with null and other kinds handled as in members.
func (s *scanner) elements(field string, fn func() error) error {
	ok, err := s.array(field)
	if err != nil || !ok {
		return err
	}
	for {
		more, err := s.more(']')
		if err != nil || !more {
			return err
		}
		if err := fn(); err != nil {
			return err
		}
	}
}

func (s *scanner) decodeRequest(e *Entry, x *entryExtras, bodies bool) error {
	return s.members("request", func(name string) error {
		var err error
		switch name {
		case "method":
			e.Method, err = s.sharedStr("request.method")
		case "url":
			e.URL, err = s.str("request.url")
		case "httpVersion":
			x.reqVersion, err = s.sharedStr("request.httpVersion")
		case "headers":
			e.RequestHeaders, err = s.headers(&requestHeaderFields)
		case "bodySize":
			e.RequestBody.Size, err = s.size("request.bodySize")
		case "postData":
			err = s.decodePostData(e, x, bodies)
		default:
			err = s.skip()
		}
		return err
	})
}

func (s *scanner) decodeResponse(e *Entry, x *entryExtras, bodies bool) error {
	return s.members("response", func(name string) error {
		var err error
		switch name {
		case "status":
			e.Status, err = s.status()
		case "statusText":
			e.StatusText, err = s.sharedStr("response.statusText")
		case "httpVersion":
			x.resVersion, err = s.sharedStr("response.httpVersion")
		case "headers":
			e.ResponseHeaders, err = s.headers(&responseHeaderFields)
		case "redirectURL":
			e.RedirectURL, err = s.str("response.redirectURL")
		case "content":
			err = s.decodeContent(e, x, bodies)
		case "_error":
			x.responseError, err = s.str("response._error")
		case "_failureText":
			x.failureText, err = s.str("response._failureText")
		default:
			err = s.skip()
		}
		return err
	})
}

// status reads response.status. Exporters write 0, -1 or -2 for "no
// response"; those values are kept as they are.
func (s *scanner) status() (int, error) {
	n, ok, err := s.number("response.status")
	if err != nil || !ok {
		return 0, err
	}
	if n != math.Trunc(n) || n < math.MinInt32 || n > math.MaxInt32 {
		s.warn("response.status", "%v is not a status code; status left 0", n)
		return 0, nil
	}
	return int(n), nil
}

// size reads a byte count such as content.size; -1 when unknown.
func (s *scanner) size(field string) (int64, error) {
	n, ok, err := s.number(field)
	if err != nil || !ok || n < 0 || n > math.MaxInt64/2 {
		return -1, err
	}
	return int64(n), nil
}

// headerFields are the field paths that warnings about one header list
// name, built once instead of for every header.
type headerFields struct {
	list, element, name, value string
}

func newHeaderFields(list string) headerFields {
	return headerFields{list: list, element: list + "[]", name: list + "[].name", value: list + "[].value"}
}

var (
	requestHeaderFields  = newHeaderFields("request.headers")
	responseHeaderFields = newHeaderFields("response.headers")
)

// headers reads a HAR header list, keeping order, case and duplicates.
// An element that is not an object is skipped with a warning. Names and
// values are shared through s.shared, and the list is returned at its
// exact length, because every exchange of the trace keeps it.
func (s *scanner) headers(f *headerFields) (analyzer.Headers, error) {
	list := s.headerBuf[:0]
	defer func() { s.headerBuf = list[:0] }()
	err := s.elements(f.list, func() error {
		if len(list) >= s.limits.MaxHeaders {
			return s.failf("%s: %w", f.list, traceio.NewLimitError("max-headers", "the list has more headers than", s.limits.MaxHeaders))
		}
		h, seen, err := s.header(f)
		if seen {
			list = append(list, h)
		}
		return err
	})
	if len(list) == 0 {
		return analyzer.Headers{}, err
	}
	return append(analyzer.Headers(nil), list...), err
}

// header reads one element of a header list. seen is false when the
// element has neither a name nor a value member.
func (s *scanner) header(f *headerFields) (h analyzer.Header, seen bool, err error) {
	ok, err := s.object(f.element)
	if err != nil || !ok {
		return h, false, err
	}
	for {
		more, err := s.more('}')
		if err != nil || !more {
			return h, seen, err
		}
		name, err := s.name()
		if err != nil {
			return h, seen, err
		}
		switch string(name) {
		case "name":
			h.Name, err = s.sharedStr(f.name)
			seen = true
		case "value":
			h.Value, err = s.sharedStr(f.value)
			seen = true
		default:
			err = s.skip()
		}
		if err != nil {
			return h, seen, err
		}
	}
}

func (s *scanner) decodePostData(e *Entry, x *entryExtras, bodies bool) error {
	return s.members("request.postData", func(name string) error {
		var err error
		switch name {
		case "mimeType":
			e.RequestBody.MimeType, err = s.sharedStr("request.postData.mimeType")
		case "encoding":
			e.RequestBody.Encoding, err = s.sharedStr("request.postData.encoding")
		case "params":
			e.Form, err = s.params()
		case "text":
			err = s.bodyText(&x.requestText, "request.postData.text", bodies)
		default:
			err = s.skip()
		}
		return err
	})
}

// params reads postData.params as form fields.
func (s *scanner) params() ([]analyzer.Field, error) {
	var form []analyzer.Field
	err := s.elements("request.postData.params", func() error {
		var f analyzer.Field
		seen := false
		err := s.members("request.postData.params[]", func(name string) error {
			var err error
			switch name {
			case "name":
				f.Name, err = s.sharedStr("request.postData.params[].name")
				seen = true
			case "value":
				f.Value, err = s.str("request.postData.params[].value")
				seen = true
			default:
				err = s.skip()
			}
			return err
		})
		if seen {
			form = append(form, f)
		}
		return err
	})
	return form, err
}

func (s *scanner) decodeContent(e *Entry, x *entryExtras, bodies bool) error {
	return s.members("response.content", func(name string) error {
		var err error
		switch name {
		case "mimeType":
			e.ResponseBody.MimeType, err = s.sharedStr("response.content.mimeType")
		case "encoding":
			e.ResponseBody.Encoding, err = s.sharedStr("response.content.encoding")
		case "size":
			e.ResponseBody.Size, err = s.size("response.content.size")
		case "_file":
			e.ResponseBody.File, err = s.str("response.content._file")
		case "text":
			err = s.bodyText(&x.responseText, "response.content.text", bodies)
		default:
			err = s.skip()
		}
		return err
	})
}

// bodyText reads a body string when bodies are wanted and skips it
// otherwise, without unescaping or keeping it.
func (s *scanner) bodyText(t *bodyText, field string, bodies bool) error {
	if !bodies {
		return s.skip()
	}
	if s.kind() == 'n' {
		return s.skip()
	}
	var err error
	t.text, err = s.str(field)
	t.present = err == nil
	return err
}
