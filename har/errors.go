package har

import (
	"errors"
	"io"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// syntaxError is a JSON syntax error restated for a person reading a HAR
// file: what was expected at the place and where in the HAR structure
// that place is. Unwrap returns the JSON decoder's own error.
type syntaxError struct {
	msg string
	err error
}

func (e *syntaxError) Error() string { return e.msg }
func (e *syntaxError) Unwrap() error { return e.err }

// describeSyntax words a syntactic error of the JSON decoder, for example
// "expected ',' or '}' after object value, found '\"' (in log)".
func describeSyntax(serr *jsontext.SyntacticError) string {
	var msg string
	switch {
	case errors.Is(serr.Err, io.ErrUnexpectedEOF):
		msg = "unexpected end of file; the file is truncated"
	case serr.Err != nil:
		msg = strings.Replace(traceio.RestateExpectation(serr.Err.Error()), ", found character ", ", found ", 1)
	default:
		msg = "invalid JSON"
	}
	if where := memberPath(serr.JSONPointer); where != "" {
		msg += " (in " + where + ")"
	}
	return msg
}

// memberPath writes a JSON pointer such as "/log/entries/3/request" as
// "log.entries[3].request".
func memberPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if tok != "" && strings.Trim(tok, "0123456789") == "" && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}
