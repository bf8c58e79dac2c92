package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"syscall"
)

// chromiumError returns the Chromium net error name closest to err (the
// text Chrome's console shows for the same failure), followed by the Go
// error in brackets. A failure without a closer name becomes
// net::ERR_CONNECTION_FAILED, never net::ERR_FAILED, because the analyzer
// reads net::ERR_FAILED as a CORS block.
func chromiumError(err error) string {
	return chromiumName(err) + " (" + err.Error() + ")"
}

func chromiumName(err error) string {
	var dnsErr *net.DNSError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var recordHeader tls.RecordHeaderError
	var alert tls.AlertError
	var netErr net.Error

	switch {
	case errors.Is(err, context.Canceled):
		return "net::ERR_ABORTED"
	case errors.Is(err, context.DeadlineExceeded):
		return "net::ERR_TIMED_OUT"
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return "net::ERR_NAME_RESOLUTION_FAILED"
		}
		return "net::ERR_NAME_NOT_RESOLVED"
	case errors.As(err, &unknownAuthority):
		return "net::ERR_CERT_AUTHORITY_INVALID"
	case errors.As(err, &hostname):
		return "net::ERR_CERT_COMMON_NAME_INVALID"
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			return "net::ERR_CERT_DATE_INVALID"
		}
		return "net::ERR_CERT_INVALID"
	case errors.As(err, &verify):
		return "net::ERR_CERT_INVALID"
	case errors.As(err, &recordHeader), errors.As(err, &alert):
		return "net::ERR_SSL_PROTOCOL_ERROR"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "net::ERR_CONNECTION_REFUSED"
	case errors.Is(err, syscall.ECONNRESET):
		return "net::ERR_CONNECTION_RESET"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "net::ERR_ADDRESS_UNREACHABLE"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "net::ERR_EMPTY_RESPONSE"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "net::ERR_TIMED_OUT"
	}
	return "net::ERR_CONNECTION_FAILED"
}
