package har

import (
	"encoding/base64"
	"strings"
)

// bodyText is a body string as read, before its encoding is applied.
type bodyText struct {
	text    string
	present bool
}

// setText stores the decoded text of b from raw. Base64 text wrapped in
// lines or without padding is accepted; text that is still invalid leaves
// the body unavailable and records a warning.
func (s *scanner) setText(b *Body, raw bodyText, field string) {
	if !raw.present {
		return
	}
	switch strings.ToLower(b.Encoding) {
	case "":
		b.Text = []byte(raw.text)
	case "base64":
		data, err := decodeBase64(raw.text)
		if err != nil {
			s.warn(field, "invalid base64 (%v); body unavailable", err)
			return
		}
		b.Text = data
	default:
		s.warn(field, "unknown encoding %q; body kept as written", truncate(b.Encoding, 40))
		b.Text = []byte(raw.text)
	}
}

func decodeBase64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	}
	enc := base64.StdEncoding
	if len(s)%4 != 0 {
		enc = base64.RawStdEncoding
		s = strings.TrimRight(s, "=")
	}
	return enc.DecodeString(s)
}
