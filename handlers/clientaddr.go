package handlers

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddress is who sent a request, for rate limits only (never logged
// or kept, only an HMAC of it for minutes). X-Forwarded-For is believed only
// from a trusted proxy, and then only its last hop not itself trusted:
// anyone can write the header, so a spoofed one from elsewhere is ignored.
type clientAddress struct {
	trusted []netip.Prefix
}

func (ca clientAddress) of(req *http.Request) string {
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		host = req.RemoteAddr
	}
	if !ca.isTrusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(req.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a damaged header: trust nothing further back
		}
		if !ca.isTrusted(hop) {
			return hop
		}
	}
	return host
}

func (ca clientAddress) isTrusted(host string) bool {
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, p := range ca.trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
