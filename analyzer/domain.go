package analyzer

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// registrableDomain returns the registrable domain of host (example.com for
// api.example.com), by the Public Suffix List; an IP literal or a name
// without a registrable part is returned as it is.
func registrableDomain(host string) string {
	host = strings.Trim(strings.ToLower(host), "[]")
	if net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// isSharedHostingSuffix reports whether host sits under a suffix that many
// unrelated parties share, such as github.io or herokuapp.com: the private
// section of the Public Suffix List.
func isSharedHostingSuffix(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	if net.ParseIP(host) != nil {
		return false
	}
	suffix, icann := publicsuffix.PublicSuffix(host)
	return !icann && strings.Contains(suffix, ".")
}

// intranetSuffixes are host name endings used only inside private networks.
var intranetSuffixes = []string{".local", ".internal", ".intranet", ".corp", ".lan", ".home.arpa", ".localdomain"}

// isIntranetHost reports whether host is a name only a private network
// resolves: a single label, or a name under an intranet suffix.
func isIntranetHost(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	if net.ParseIP(host) != nil || host == "" {
		return false
	}
	if !strings.Contains(host, ".") {
		return host != "localhost"
	}
	for _, s := range intranetSuffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}
