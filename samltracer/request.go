package samltracer

import (
	"fmt"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/analyzer"
)

// requestReader reads one request object into an exchange.
type requestReader struct {
	d     *decoder
	index int

	ex       analyzer.Exchange
	warnings []analyzer.Warning
	evidence requestEvidence

	hasMethod, hasURL bool
	status            int  // from responseStatus; valid when hasStatus
	hasStatus         bool //
	statusOffset      int64
	statusLine        string // responseStatusText
	hasPost           bool
	postDataForm      []analyzer.Field // fields of a C-era postData object
}

// read reads the request object whose '{' is the next token. It returns a
// *fieldError, after reading the offending value, for a member of the
// wrong type, and the JSON decoder's error for invalid JSON.
func (rr *requestReader) read() error {
	dec := rr.d.dec
	offset := rr.d.valueOffset()
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	pointer := dec.StackPointer()
	rr.ex = analyzer.Exchange{Index: rr.index, Duration: -1}

	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := rr.readMember(name.String()); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}

	switch {
	case !rr.hasMethod:
		return &fieldError{pointer: pointer, offset: offset, msg: "missing \"method\": expected the request method as a string"}
	case !rr.hasURL:
		return &fieldError{pointer: pointer, offset: offset, msg: "missing \"url\": expected the request URL as a string"}
	}
	rr.finishStatus()
	if !rr.hasPost && rr.postDataForm != nil {
		rr.ex.Form = rr.postDataForm
		rr.ex.BodyMasked = rr.ex.BodyMasked || formMasked(rr.postDataForm)
	}
	if len(rr.ex.Form) == 0 {
		// The legacy format writes "post": [] on every request.
		rr.ex.Form = nil
	}
	return nil
}

// readMember reads the value of the member called name.
func (rr *requestReader) readMember(name string) error {
	d := rr.d
	var err error
	switch name {
	case "method":
		rr.hasMethod = true
		rr.ex.Method, err = d.readSharedString("the request method as a string")
	case "url":
		rr.hasURL = true
		rr.ex.URL, err = d.readString("the request URL as a string")
	case "requestId":
		rr.evidence.requestID = true
		err = d.dec.SkipValue()
	case "id":
		rr.evidence.legacyID = d.dec.PeekKind() == '0'
		err = d.dec.SkipValue()
	case "requestHeaders":
		rr.ex.RequestHeaders, err = rr.readHeaders()
	case "responseHeaders":
		rr.ex.ResponseHeaders, err = rr.readHeaders()
	case "responseStatus":
		err = rr.readStatus()
	case "responseStatusText":
		rr.statusLine, err = d.readString("the status line as a string")
	case "post":
		rr.hasPost = true
		rr.ex.Form, err = rr.readPost()
		rr.ex.BodyMasked = rr.ex.BodyMasked || formMasked(rr.ex.Form)
	case "postData":
		err = rr.readPostData()
	case "timestamp":
		err = rr.readTimestamp()
	case "protocol":
		rr.evidence.protocol = true
		err = d.dec.SkipValue()
	case "saml", "samlart":
		rr.evidence.samlMember = true
		err = d.dec.SkipValue()
	default:
		// "get" is derived from the URL by every SAML-tracer version and
		// is less accurate than the URL before 1.8, so it is not read.
		// Unknown members come from other exporters and are skipped.
		err = d.dec.SkipValue()
	}
	return err
}

// readPostData reads "postData": a raw body string in the legacy format,
// a {name: [values]} object in later ones, or the placeholder
// "{overwritten}" when the export masked it.
func (rr *requestReader) readPostData() error {
	d := rr.d
	switch d.dec.PeekKind() {
	case '"':
		tok, err := d.dec.ReadToken()
		if err != nil {
			return err
		}
		if isMasked(tok.String()) {
			rr.ex.BodyMasked = true
		}
		return nil
	case '{':
		form, err := rr.readPostDataObject()
		rr.postDataForm = form
		return err
	}
	// Other kinds carry nothing the exchange keeps.
	return d.dec.SkipValue()
}

// readPostDataObject reads a webRequest formData object, whose members
// map a field name to an array of values.
func (rr *requestReader) readPostDataObject() ([]analyzer.Field, error) {
	dec := rr.d.dec
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	form := []analyzer.Field{}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		field := name.String()
		switch dec.PeekKind() {
		case '"':
			value, err := rr.d.readString("a form value as a string")
			if err != nil {
				return nil, err
			}
			form = append(form, analyzer.Field{Name: field, Value: value})
		case '[':
			if _, err := dec.ReadToken(); err != nil {
				return nil, err
			}
			for dec.PeekKind() != ']' {
				value, err := rr.d.readString("a form value as a string")
				if err != nil {
					return nil, err
				}
				form = append(form, analyzer.Field{Name: field, Value: value})
			}
			if _, err := dec.ReadToken(); err != nil {
				return nil, err
			}
		default:
			return nil, rr.d.mismatch("an array of form values")
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	return form, nil
}

// readPost reads "post": an array of [name, value] pairs. Objects with
// name and value members are accepted as well.
func (rr *requestReader) readPost() ([]analyzer.Field, error) {
	d := rr.d
	switch kind := d.dec.PeekKind(); kind {
	case 'n':
		_, err := d.dec.ReadToken()
		return nil, err
	case '[':
	default:
		return nil, d.mismatch("an array of [name, value] pairs")
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	form := []analyzer.Field{}
	for d.dec.PeekKind() != ']' {
		pair, err := rr.readNameValue("a form field as [name, value]", false)
		if err != nil {
			return nil, err
		}
		form = append(form, analyzer.Field{Name: pair.Name, Value: pair.Value})
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return nil, err
	}
	return form, nil
}

// readTimestamp reads a per-request "timestamp", which SAML-tracer never
// writes but compatible exporters do: milliseconds since the Unix epoch,
// or an RFC 3339 string. A value of another type is reported in a warning
// and leaves Start zero, because the rest of the request is still usable.
func (rr *requestReader) readTimestamp() error {
	d := rr.d
	offset := d.valueOffset()
	kind := d.dec.PeekKind()
	if kind == 0 {
		_, err := d.dec.ReadToken()
		return err
	}
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	rr.evidence.requestTimestamp = true
	switch kind {
	case '0':
		// Accept times from 1970 up to the year 5138; anything else is
		// not a millisecond timestamp.
		if ms, _ := tok.Float(); ms >= 0 && ms < 1e14 {
			rr.ex.Start = time.UnixMicro(int64(ms * 1000)).UTC()
			return nil
		}
	case '"':
		if t, err := time.Parse(time.RFC3339Nano, tok.String()); err == nil {
			rr.ex.Start = t
			return nil
		}
	}
	if kind == '{' || kind == '[' {
		if err := d.skipTo(d.dec.StackDepth() - 1); err != nil {
			return err
		}
	}
	rr.warnings = append(rr.warnings, analyzer.Warning{
		Entry:  rr.index,
		Offset: offset,
		Message: fmt.Sprintf("request %d: ignored its \"timestamp\" %s: expected milliseconds since the Unix epoch or an RFC 3339 time",
			rr.index, describeToken(kind, tok)),
	})
	return nil
}

// describeToken names a token for a message: a string or number as it
// is, anything else by its kind.
func describeToken(kind jsontext.Kind, tok jsontext.Token) string {
	if kind == '"' {
		return fmt.Sprintf("%q", tok.String())
	}
	if kind == '0' {
		return tok.String()
	}
	return kindName(kind)
}
