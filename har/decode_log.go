package har

import (
	"errors"
	"io"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
	"github.com/tracecheck/tracecheck/internal/traceio"
)

// decodeFile reads the top-level object and its "log" member.
func (s *scanner) decodeFile(t *analyzer.Trace, opts Options, fn func(*Entry) error) error {
	k := s.kind()
	if k == 0 {
		_, err := s.dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return s.fail(s.valueOffset(), errors.New("empty file; want a HAR JSON object such as {\"log\": {...}}"))
		}
		return s.wrap(err)
	}
	if k != '{' {
		return s.shapeError(s.failf("want a JSON object with a \"log\" member at top level, got %s", kindName(k)))
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return s.wrap(err)
	}
	sawLog := false
	for {
		more, err := s.more('}')
		if err != nil {
			return err
		}
		if !more {
			break
		}
		name, err := s.name()
		if err != nil {
			return err
		}
		if string(name) != "log" {
			if err := s.skip(); err != nil {
				return err
			}
			continue
		}
		if sawLog {
			return s.failf("second \"log\" member; a HAR file has one")
		}
		sawLog = true
		if err := s.decodeLog(t, opts, fn); err != nil {
			return err
		}
	}
	if !sawLog {
		return s.shapeError(s.failf("missing \"log\" object; this is JSON but not a HAR file"))
	}
	return s.trailing()
}

// trailing reads what follows the top-level object. Further JSON values
// are ignored with a warning; anything else is a syntax error.
func (s *scanner) trailing() error {
	for {
		k := s.kind()
		if k == 0 || k == ']' || k == '}' {
			_, err := s.dec.ReadToken()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return s.wrap(err)
		}
		s.warn("", "ignored %s after the top-level object", kindName(k))
		if err := s.skip(); err != nil {
			return err
		}
	}
}

// decodeLog reads the "log" object and streams its entries.
func (s *scanner) decodeLog(t *analyzer.Trace, opts Options, fn func(*Entry) error) error {
	if k := s.kind(); k != '{' {
		return s.shapeError(s.failf("log: want an object, got %s", kindName(k)))
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return s.wrap(err)
	}
	sawEntries := false
	for {
		more, err := s.more('}')
		if err != nil {
			return err
		}
		if !more {
			break
		}
		name, err := s.name()
		if err != nil {
			return err
		}
		switch string(name) {
		case "creator":
			t.Creator, err = s.nameVersion("log.creator")
		case "browser":
			t.Browser, err = s.nameVersion("log.browser")
		case "entries":
			if sawEntries {
				return s.failf("log: second \"entries\" member; a HAR log has one")
			}
			sawEntries = true
			err = s.decodeEntries(opts, fn)
		default:
			err = s.skip()
		}
		if err != nil {
			return err
		}
	}
	if !sawEntries {
		return s.shapeError(s.failf("log.entries: missing; a HAR log needs an entries array (it may be empty)"))
	}
	return nil
}

// decodeEntries reads log.entries and calls fn for each entry.
func (s *scanner) decodeEntries(opts Options, fn func(*Entry) error) error {
	if k := s.kind(); k != '[' {
		return s.shapeError(s.failf("log.entries: want an array, got %s", kindName(k)))
	}
	if _, err := s.dec.ReadToken(); err != nil {
		return s.wrap(err)
	}
	for i := 0; ; i++ {
		s.entry = -1
		more, err := s.more(']')
		if err != nil || !more {
			return err
		}
		s.entry = i
		if i >= s.limits.MaxEntries {
			return s.failf("%w", traceio.NewLimitError("max-entries", "the file has more entries than", s.limits.MaxEntries))
		}
		s.release()
		e, ok, err := s.decodeEntry(i, opts.Bodies)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}

// nameVersion reads log.creator or log.browser as "name version".
func (s *scanner) nameVersion(field string) (string, error) {
	var name, version string
	err := s.members(field, func(member string) error {
		var err error
		switch member {
		case "name":
			name, err = s.str(field + ".name")
		case "version":
			version, err = s.str(field + ".version")
		default:
			err = s.skip()
		}
		return err
	})
	return strings.TrimSpace(name + " " + version), err
}

// shapeError returns err, a HAR structure error, unless the rest of the
// file is not valid JSON: then the syntax error is returned instead,
// because "this is not JSON" is the more useful thing to learn about a
// broken file. It reads the rest of the file to find out.
func (s *scanner) shapeError(err error) error {
	for {
		_, rerr := s.dec.ReadToken()
		if errors.Is(rerr, io.EOF) {
			return err
		}
		if rerr != nil {
			return s.wrap(rerr)
		}
	}
}
