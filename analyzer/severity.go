package analyzer

import (
	"fmt"
	"strings"
)

// Severity ranks a finding. The zero value is [SeverityInfo].
type Severity int

// The severities, from least to most serious.
const (
	// Info explains what happened; no defect by itself.
	SeverityInfo Severity = iota
	// Warning marks something that works today but is fragile or risky.
	SeverityWarning
	// Error means that a browser blocks the request or the read of its
	// response.
	SeverityError
)

var severityNames = [...]string{SeverityInfo: "info", SeverityWarning: "warning", SeverityError: "error"}

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	if s < SeverityInfo || s > SeverityError {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity parses the lowercase name of a severity.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: want info, warning or error", name)
}

// MarshalText encodes s as its name, so JSON carries "error" not 2.
func (s Severity) MarshalText() ([]byte, error) {
	if s < SeverityInfo || s > SeverityError {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := ParseSeverity(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
