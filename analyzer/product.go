package analyzer

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/tracecheck/tracecheck/internal/asciifold"
)

// Contact-center products the analyzer recognises, to say in a fix which
// product's configuration must change.
const (
	ProductFinesse  = "Cisco Finesse"
	ProductCUIC     = "Cisco Unified Intelligence Center (CUIC)"
	ProductLiveData = "Cisco Live Data"
)

// finessePort is the https port of the Finesse agent desktop.
const finessePort = 8445

// pageProduct names the product that served a page origin: an https
// origin on port 8445 is a Finesse desktop.
func pageProduct(origin string) string {
	o, err := ParseOrigin(origin)
	if err != nil || o.Opaque || o.Scheme != "https" || o.Port != finessePort {
		return ""
	}
	return ProductFinesse
}

// serverProduct names the product behind a request URL by its path:
// /cuic/ is CUIC, /livedata/ is Live Data.
//
// NOTE: Live Data's own socket ports are not recognised by number, because
// no vendor document confirming them was found. A socket.io request counts
// as Live Data only on a host the trace shows serving /livedata/.
func serverProduct(rawURL string, liveDataHosts map[string]bool) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	path := strings.ToLower(u.Path)
	switch {
	case strings.HasPrefix(path, "/cuic/") || path == "/cuic":
		return ProductCUIC
	case strings.HasPrefix(path, "/livedata/") || path == "/livedata":
		return ProductLiveData
	case strings.HasPrefix(path, "/socket.io/") && liveDataHosts[strings.ToLower(u.Hostname())]:
		return ProductLiveData
	}
	return ""
}

// liveDataHosts returns the hosts that the trace shows serving Live Data.
func liveDataHosts(t *Trace) map[string]bool {
	hosts := map[string]bool{}
	for i := range t.Exchanges {
		raw := t.Exchanges[i].URL
		if !asciifold.Contains(raw, "/livedata/") {
			continue // most URLs; skip parsing them
		}
		u, err := url.Parse(raw)
		if err == nil && strings.HasPrefix(strings.ToLower(u.Path), "/livedata/") {
			hosts[strings.ToLower(u.Hostname())] = true
		}
	}
	return hosts
}

// nodeTokens are parts of a host's first label that name a node's role in
// a cluster rather than the application.
var nodeTokens = map[string]bool{
	"pub": true, "sub": true, "publisher": true, "subscriber": true,
	"pri": true, "sec": true, "primary": true, "secondary": true,
	"node": true, "a": true, "b": true, "side": true,
}

// clusterKey returns a name shared by the nodes of one cluster: the host
// with node-role tokens and trailing digits removed from its first label,
// so that cuic-pub.example.com and cuic-sub.example.com give the same key.
func clusterKey(host string) string {
	host = strings.ToLower(strings.Trim(host, "[]"))
	first, rest, _ := strings.Cut(host, ".")
	var kept []string
	for _, part := range strings.Split(first, "-") {
		part = strings.TrimRight(part, "0123456789")
		if part == "" || nodeTokens[part] {
			continue
		}
		kept = append(kept, part)
	}
	return strings.Join(kept, "-") + "." + rest
}

// addProductHint extends the fix of a finding about a rejected origin with
// which product's allowed-origin list must change on which node, when the
// flow's server is a recognised contact-center product. It names no console
// command: the fix states what to change, not how, since the commands differ
// between releases.
func addProductHint(fd *finding) {
	f := fd.flow
	if f == nil || f.product == "" || !(originRejections[fd.Rule] || fd.Rule == "allowed-origin-differs-between-servers") {
		return
	}
	u, err := url.Parse(f.url)
	if err != nil {
		return
	}
	hint := fmt.Sprintf(" The server %s is a %s node: add %s, exactly as written here", u.Hostname(), f.product, f.origin)
	if f.pageProduct == ProductFinesse {
		hint += fmt.Sprintf(" (the %s desktop's origin, port %d included)", ProductFinesse, finessePort)
	}
	hint += fmt.Sprintf(", to the %s allowed-origin list on that node, and keep the list the same on every node of the cluster.", shortProduct(f.product))
	fd.Fix += hint
}

// shortProduct returns the short name of a product for running text.
func shortProduct(product string) string {
	switch product {
	case ProductCUIC:
		return "CUIC"
	case ProductLiveData:
		return "Live Data"
	}
	return product
}
