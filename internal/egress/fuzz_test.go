package egress

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

// everythingPublic resolves every name to a public address, so that what
// decides a fuzzed URL's fate is its parsing, never DNS.
type everythingPublic struct{}

func (everythingPublic) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
}

func FuzzCheckURL(f *testing.F) {
	for _, seed := range []string{
		"https://public.test/hook", "HTTP://127.0.0.1/", "http://[::ffff:127.0.0.1]/",
		"http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.1/",
		"http://0/", "http://0.0.0.0/", "http://localhost./", "https://good.com@127.0.0.1/",
		`https://127.0.0.1\@good.com/`, "http://[fe80::1%25eth0]/", "file:///etc/passwd",
		"gopher://x:70/", "https://[64:ff9b::a00:1]/", "https://[2002:7f00:1::]/",
		"https://127.0.0.1./", "https://0x5d.0xb8.0xd8.0x22/", "https://[::]:1/",
		"https://169.254.169.254/latest/", "https://example.com:8443/a?b=c#d",
		"https://[2606:4700::1111]/", "https://%31%32%37.0.0.1/", "https://a.b.c.1/",
	} {
		f.Add(seed)
	}
	p := &Policy{Resolver: everythingPublic{}}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := p.CheckURL(context.Background(), raw)
		if err != nil {
			refusal(t, err)
			return
		}
		if u.Scheme != "https" || u.User != nil || strings.Contains(u.String(), `\`) {
			t.Fatalf("CheckURL(%q) accepted %s", raw, u)
		}
		host := u.Hostname()
		if a, err := netip.ParseAddr(host); err == nil {
			if !independentlyPublic(a) {
				t.Fatalf("CheckURL(%q) accepted non-public %s", raw, a)
			}
		} else if numericLastLabel(host) {
			t.Fatalf("CheckURL(%q) accepted numeric-looking host %q", raw, host)
		}
		again, err := p.CheckURL(context.Background(), u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("CheckURL(%q) = %s, which does not check again: %v, %v", raw, u, again, err)
		}
	})
}

// independentlyPublic is a coarse second opinion using netip's own predicates
// plus the ranges it has none for.
func independentlyPublic(a netip.Addr) bool {
	if a.Zone() != "" {
		return false
	}
	a = a.Unmap()
	if a.IsLoopback() || a.IsPrivate() || a.IsUnspecified() || a.IsMulticast() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() {
		return false
	}
	for _, s := range []string{"0.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "240.0.0.0/4", "::/96", "64:ff9b:1::/48", "fec0::/10"} {
		if netip.MustParsePrefix(s).Contains(a) {
			return false
		}
	}
	return true
}

// numericLastLabel reports hosts that inet_aton-style parsers would read as
// an IPv4 address: the last label is all digits or 0x-hex.
func numericLastLabel(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(last, "0x") {
		last = strings.Trim(last[2:], "0123456789abcdef")
		return last == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}
