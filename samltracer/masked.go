package samltracer

import (
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// isMasked reports whether s is one of the placeholders SAML-tracer's
// export filter writes in place of a value: "{hash:<hex>}" (profile "mask
// values", SHA-1 in the legacy format and SHA-256 later),
// "{obf:alternative_<n>}" (profile "remove values") or "{overwritten}"
// (postData under either profile).
func isMasked(s string) bool {
	if s == "{overwritten}" {
		return true
	}
	if rest, ok := strings.CutPrefix(s, "{hash:"); ok {
		hex, ok := strings.CutSuffix(rest, "}")
		return ok && hex != "" && strings.Trim(hex, "0123456789abcdefABCDEF") == ""
	}
	if rest, ok := strings.CutPrefix(s, "{obf:alternative_"); ok {
		n, ok := strings.CutSuffix(rest, "}")
		return ok && n != "" && strings.Trim(n, "0123456789") == ""
	}
	return false
}

// formMasked reports whether any field of form is masked. The filter
// replaces the name instead of the value when the value is empty, so both
// are checked.
func formMasked(form []analyzer.Field) bool {
	for _, f := range form {
		if isMasked(f.Value) || isMasked(f.Name) {
			return true
		}
	}
	return false
}
