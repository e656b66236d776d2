package web

import (
	"net"
	"net/netip"

	"github.com/labstack/echo/v4"
)

// ClientAddresses finds who sent a request, for rate limits only (never
// logged or kept; only an HMAC of it, for minutes). It is Echo's
// X-Forwarded-For extractor, which reads the header from the right and
// stops at the first address that is not a trusted proxy: anyone can write
// the header, so it is believed only from HEARD_TRUSTED_PROXIES. Echo's
// default of trusting every loopback, link-local and private address is
// turned off: only the proxies named are trusted.
func ClientAddresses(trusted []netip.Prefix) echo.IPExtractor {
	options := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		options = append(options, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(options...)
}

// subscriber is the part of an address that names one subscriber: all of
// an IPv4 address, the /64 of an IPv6 one (a home or phone is given a whole
// /64, so counting its addresses apart would give it billions of limits).
func subscriber(address string) string {
	addr, err := netip.ParseAddr(address)
	if err != nil {
		return address
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr.WithZone(""), 64).Masked().String()
}
