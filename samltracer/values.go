package samltracer

import "github.com/tracecheck/tracecheck/internal/traceio"

// readString reads a string value. null reads as "". Any other kind is a
// *fieldError that names want, the expected value.
func (d *decoder) readString(want string) (string, error) {
	switch d.dec.PeekKind() {
	case '"':
		tok, err := d.dec.ReadToken()
		if err != nil {
			return "", err
		}
		return tok.String(), nil
	case 'n':
		_, err := d.dec.ReadToken()
		return "", err
	case 0:
		_, err := d.dec.ReadToken()
		return "", err
	}
	return "", d.mismatch(want)
}

// readSharedString is readString for strings that repeat across
// requests, such as header names and values: the result is shared
// through d.shared.
func (d *decoder) readSharedString(want string) (string, error) {
	if d.dec.PeekKind() != '"' {
		return d.readString(want)
	}
	v, err := d.dec.ReadValue()
	if err != nil {
		return "", err
	}
	return traceio.JSONString(&d.shared, v), nil
}

// mismatch reads the next value, which is not what the format allows at
// its place, and returns a *fieldError saying that want was expected.
func (d *decoder) mismatch(want string) error {
	kind := d.dec.PeekKind()
	if kind == 0 {
		_, err := d.dec.ReadToken()
		return err
	}
	offset := d.valueOffset()
	if err := d.dec.SkipValue(); err != nil {
		return err
	}
	return &fieldError{
		pointer: d.dec.StackPointer(),
		offset:  offset,
		msg:     "expected " + want + ", found " + kindName(kind),
	}
}
