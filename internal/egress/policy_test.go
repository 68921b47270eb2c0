package egress

import (
	"net/netip"
	"strings"
	"testing"
)

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy(" Hooks.Internal. , 127.0.0.1,10.0.0.0/8,, fd00::1 ,192.168.1.7/16")
	if err != nil {
		t.Fatal(err)
	}
	if !p.hostAllowed("hooks.internal") || p.hostAllowed("internal") || p.hostAllowed("x.hooks.internal") {
		t.Errorf("host names: %v", p.hosts)
	}
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "127.0.0.2": false, "10.9.9.9": true, "::ffff:10.9.9.9": true,
		"fd00::1": true, "fd00::2": false, "192.168.200.1": true, "11.0.0.0": false,
	} {
		if got := p.addrAllowed(netip.MustParseAddr(addr)); got != want {
			t.Errorf("addrAllowed(%s) = %v, want %v", addr, got, want)
		}
	}

	empty, err := ParsePolicy("")
	if err != nil || len(empty.hosts) != 0 || len(empty.prefixes) != 0 {
		t.Errorf(`ParsePolicy("") = %+v, %v`, empty, err)
	}
}

func TestParsePolicyRejectsMalformedEntries(t *testing.T) {
	cases := map[string]string{
		"10.0.0.0/33":        "not a valid CIDR",
		"10.0.0.0/x":         "not a valid CIDR",
		"https://hooks.test": "not a URL",
		"hooks.test:8080":    "without scheme or port",
		"*.hooks.test":       "wildcards",
		"0177.0.0.1":         "dotted decimal",
		"fe80::1%eth0":       "zone",
		"hooks test":         "not a valid host name",
		"1.2.3.4.5":          "not a valid one",
		"good.test,bad name": `"bad name"`,
		"bücher.example":     "ASCII",
	}
	for allow, want := range cases {
		_, err := ParsePolicy(allow)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePolicy(%q) = %v, want an error containing %q", allow, err, want)
		}
	}
}
