package analyzer

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// parseIP is net.ParseIP with a shortcut for host names: a text that has
// no colon and a character other than a digit or a dot is no IP literal.
// net.ParseIP allocates an error value for each name it rejects.
func parseIP(s string) net.IP {
	if strings.IndexByte(s, ':') < 0 && strings.Trim(s, "0123456789.") != "" {
		return nil
	}
	return net.ParseIP(s)
}

// registrableDomain returns the registrable domain of host (example.com for
// api.example.com), by the Public Suffix List; an IP literal or a name
// without a registrable part is returned as it is.
func registrableDomain(host string) string {
	host = strings.Trim(strings.ToLower(host), "[]")
	if parseIP(host) != nil {
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
	if parseIP(host) != nil {
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
	if parseIP(host) != nil || host == "" {
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
