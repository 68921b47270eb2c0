package egress

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Resolver looks up the addresses of a host name; *net.Resolver implements it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Policy decides which destinations Quire may send requests to (webhooks).
// The zero value allows public destinations only, over https.
type Policy struct {
	hosts    map[string]bool // allowed names: lower case, no trailing dot
	prefixes []netip.Prefix  // allowed IPs (as /32, /128) and CIDRs, IPv4 unmapped

	// Resolver looks up host names; nil means net.DefaultResolver.
	Resolver Resolver
	// DialContext opens connections for Client, always to an "ip:port" that
	// the policy has already checked. Nil means a net.Dialer. Tests replace it
	// to record or fake connections.
	DialContext func(ctx context.Context, network, address string) (net.Conn, error)
}

// ParsePolicy reads an allow-list such as "hooks.internal,127.0.0.1,10.0.0.0/8":
// comma-separated host names (exact, case-insensitive), IP addresses and CIDRs.
// Allowed destinations may be non-public and may use plain http. An empty list
// allows public destinations only.
func ParsePolicy(allow string) (*Policy, error) {
	p := &Policy{}
	for _, entry := range strings.Split(allow, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if err := p.allow(entry); err != nil {
			return nil, fmt.Errorf("egress allow-list entry %q: %w", entry, err)
		}
	}
	return p, nil
}

func (p *Policy) allow(entry string) error {
	if strings.Contains(entry, "://") {
		return fmt.Errorf("give a host name, IP address or CIDR, not a URL")
	}
	if strings.Contains(entry, "/") {
		prefix, err := netip.ParsePrefix(entry)
		if err != nil {
			return fmt.Errorf("not a valid CIDR (want e.g. 10.0.0.0/8): %w", err)
		}
		p.prefixes = append(p.prefixes, unmapPrefix(prefix.Masked()))
		return nil
	}
	if strings.Contains(entry, "*") {
		return fmt.Errorf("wildcards are not supported; list each host name")
	}
	if strings.Contains(entry, ":") && !strings.Contains(entry, "::") && strings.Count(entry, ":") == 1 {
		return fmt.Errorf("give a host name, IP address or CIDR, without scheme or port")
	}
	h, err := parseHost(entry)
	if err != nil {
		return err
	}
	switch {
	case h.legacy:
		return fmt.Errorf("write IPv4 addresses in dotted decimal (%s)", h.addr)
	case h.addr.IsValid():
		a := h.addr.Unmap()
		p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
	default:
		if p.hosts == nil {
			p.hosts = map[string]bool{}
		}
		p.hosts[h.name] = true
	}
	return nil
}

// unmapPrefix turns ::ffff:10.0.0.0/104 into 10.0.0.0/8, so that it matches
// the unmapped addresses the policy compares against.
func unmapPrefix(prefix netip.Prefix) netip.Prefix {
	if a := prefix.Addr(); a.Is4In6() && prefix.Bits() >= 96 {
		return netip.PrefixFrom(a.Unmap(), prefix.Bits()-96)
	}
	return prefix
}

func (p *Policy) hostAllowed(name string) bool {
	return name != "" && p.hosts[name]
}

func (p *Policy) addrAllowed(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	for _, prefix := range p.prefixes {
		if prefix.Contains(a) {
			return true
		}
	}
	return false
}

func (p *Policy) resolver() Resolver {
	if p.Resolver != nil {
		return p.Resolver
	}
	return net.DefaultResolver
}

// destinations returns the addresses h stands for, refusing them all if any
// is not allowed. network is "ip", "ip4" or "ip6". Names on the allow-list are
// resolved but not checked: the operator vouched for them.
func (p *Policy) destinations(ctx context.Context, network string, h host) ([]netip.Addr, error) {
	if h.addr.IsValid() {
		if err := p.CheckAddr(h.addr); err != nil {
			return nil, err
		}
		return []netip.Addr{h.addr}, nil
	}
	allowed := p.hostAllowed(h.name)
	if !allowed && isLoopbackName(h.name) {
		return nil, refuse(fmt.Sprintf("host %s is a loopback name", h.name))
	}
	addrs, err := p.resolver().LookupNetIP(ctx, network, h.name)
	if err != nil || len(addrs) == 0 {
		return nil, &Error{Message: fmt.Sprintf("host %s could not be resolved", h.name), Err: err}
	}
	if allowed {
		return addrs, nil
	}
	for _, a := range addrs {
		if err := p.CheckAddr(a); err != nil {
			return nil, err
		}
	}
	return addrs, nil
}

// plainHTTPAllowed reports whether http (not https) may be used for h, whose
// addresses are addrs: only for destinations on the allow-list.
func (p *Policy) plainHTTPAllowed(h host, addrs []netip.Addr) bool {
	if p.hostAllowed(h.name) {
		return true
	}
	for _, a := range addrs {
		if !p.addrAllowed(a) {
			return false
		}
	}
	return len(addrs) > 0
}
