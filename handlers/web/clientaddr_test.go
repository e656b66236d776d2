package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddressBelievesForwardedForOnlyFromTrustedProxies(t *testing.T) {
	clients := ClientAddresses([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32")})
	cases := []struct{ peer, xff, want string }{
		{"198.51.100.7:5000", "203.0.113.9", "198.51.100.7"},      // untrusted peer: header ignored
		{"10.1.2.3:5000", "203.0.113.9", "203.0.113.9"},           // trusted proxy
		{"10.1.2.3:5000", "6.6.6.6, 203.0.113.9", "203.0.113.9"},  // a spoofed first hop is not believed
		{"10.1.2.3:5000", "203.0.113.9, 10.9.9.9", "203.0.113.9"}, // a chain of trusted proxies
		{"192.0.2.1:5000", "not-an-address", "192.0.2.1"},         // damaged header
		{"10.1.2.3:5000", "", "10.1.2.3"},                         // no header
		{"[::ffff:10.1.2.3]:5000", "2001:db8::1", "2001:db8::1"},  // IPv4-mapped peer
		{"127.0.0.1:5000", "203.0.113.9", "127.0.0.1"},            // loopback is not trusted unless named
		{"192.168.1.1:5000", "203.0.113.9", "192.168.1.1"},        // nor a private network
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.peer
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := clients(req); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

func TestAddressesAreCountedBySubscriber(t *testing.T) {
	for address, want := range map[string]string{
		"203.0.113.9":               "203.0.113.9",
		"::ffff:203.0.113.9":        "203.0.113.9",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff::9": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"fe80::1%eth0":              "fe80::/64",
	} {
		if got := subscriber(address); got != want {
			t.Errorf("%s counts as %s, want %s", address, got, want)
		}
	}
}
