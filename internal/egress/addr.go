package egress

import (
	"fmt"
	"net/netip"
)

// block is a range of addresses that is not a public destination; what names
// it in messages ("resolves to a private address 10.0.0.5").
type block struct {
	prefix netip.Prefix
	what   string
}

func blocks(pairs ...string) []block {
	out := make([]block, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, block{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return out
}

// Special-purpose IPv4 blocks (IANA registry). Order matters: the first match
// names the address, so narrow blocks come before the ones containing them.
var nonPublicIPv4 = blocks(
	"0.0.0.0/32", "an unspecified",
	"0.0.0.0/8", `a "this network"`,
	"10.0.0.0/8", "a private",
	"100.64.0.0/10", "a shared (CGNAT)",
	"127.0.0.0/8", "a loopback",
	"169.254.169.254/32", "a cloud metadata",
	"169.254.0.0/16", "a link-local",
	"172.16.0.0/12", "a private",
	"192.0.0.0/24", "a reserved (IETF protocol)",
	"192.0.2.0/24", "a documentation",
	"192.88.99.0/24", "a reserved (6to4 relay)",
	"192.168.0.0/16", "a private",
	"198.18.0.0/15", "a benchmarking",
	"198.51.100.0/24", "a documentation",
	"203.0.113.0/24", "a documentation",
	"224.0.0.0/4", "a multicast",
	"255.255.255.255/32", "a broadcast",
	"240.0.0.0/4", "a reserved",
)

// Special-purpose IPv6 blocks inside or overlapping global unicast
// (2000::/3); everything outside 2000::/3 is non-public except NAT64 with an
// embedded public IPv4 address.
var nonPublicIPv6 = blocks(
	"::/128", "an unspecified",
	"::1/128", "a loopback",
	"64:ff9b:1::/48", "a local-use NAT64",
	"100::/64", "a discard-only",
	"2001::/32", "a Teredo tunnel",
	"2001::/23", "a reserved (IETF protocol)",
	"2001:db8::/32", "a documentation",
	"3fff::/20", "a documentation",
	"fc00::/7", "a private (unique local)",
	"fe80::/10", "a link-local",
	"fec0::/10", "a site-local",
	"ff00::/8", "a multicast",
)

var (
	globalUnicast = netip.MustParsePrefix("2000::/3")
	nat64         = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour     = netip.MustParsePrefix("2002::/16")
	ipv4Compat    = netip.MustParsePrefix("::/96")
)

// verdict says why an address is not public. A zero verdict means public.
type verdict struct {
	what     string     // "a private", "a loopback", ...
	embedded netip.Addr // the IPv4 address inside a NAT64/6to4/compatible address
}

func (v verdict) public() bool { return v.what == "" }

// classify decides whether a is a public unicast address. IPv4-mapped IPv6
// is judged as the IPv4 address it carries; NAT64, 6to4 and IPv4-compatible
// addresses by their embedded IPv4 address, since that is where packets to them
// end up.
func classify(a netip.Addr) verdict {
	a = a.WithZone("")
	if a.Is4In6() {
		return classify(a.Unmap())
	}
	if a.Is4() {
		for _, b := range nonPublicIPv4 {
			if b.prefix.Contains(a) {
				return verdict{what: b.what}
			}
		}
		return verdict{}
	}
	for _, b := range nonPublicIPv6 {
		if b.prefix.Contains(a) {
			return verdict{what: b.what}
		}
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return embeddedVerdict(netip.AddrFrom4([4]byte(b[12:16])), "")
	case sixToFour.Contains(a):
		return embeddedVerdict(netip.AddrFrom4([4]byte(b[2:6])), "")
	case ipv4Compat.Contains(a):
		// Deprecated (RFC 4291); refused even with a public IPv4 inside.
		return embeddedVerdict(netip.AddrFrom4([4]byte(b[12:16])), "an IPv4-compatible")
	case !globalUnicast.Contains(a):
		return verdict{what: "a reserved"}
	}
	return verdict{}
}

// embeddedVerdict judges an IPv6 address by the IPv4 address it embeds;
// ifPublic, when not empty, refuses it even if that address is public.
func embeddedVerdict(v4 netip.Addr, ifPublic string) verdict {
	v := classify(v4)
	if v.public() {
		v.what = ifPublic
	}
	if !v.public() {
		v.embedded = v4
	}
	return v
}

// CheckAddr returns nil if the policy lets Quire connect to a: it is a public
// unicast address or lies in an allowed IP or CIDR. Otherwise it returns an
// *Error naming the kind of address.
func (p *Policy) CheckAddr(a netip.Addr) error {
	if p.addrAllowed(a) {
		return nil
	}
	v := classify(a)
	if v.public() {
		return nil
	}
	msg := fmt.Sprintf("resolves to %s address %s", v.what, a)
	if v.embedded.IsValid() {
		msg += fmt.Sprintf(" (embedding %s)", v.embedded)
	}
	return refuse(msg)
}
