package egress

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClassifyNonPublic(t *testing.T) {
	cases := map[string]string{
		"0.0.0.0":                  "an unspecified",
		"0.1.2.3":                  `a "this network"`,
		"10.0.0.5":                 "a private",
		"172.16.0.1":               "a private",
		"172.31.255.255":           "a private",
		"192.168.1.1":              "a private",
		"100.64.0.1":               "a shared (CGNAT)",
		"100.100.100.200":          "a shared (CGNAT)",
		"127.0.0.1":                "a loopback",
		"127.255.255.254":          "a loopback",
		"169.254.169.254":          "a cloud metadata",
		"169.254.1.1":              "a link-local",
		"192.0.0.8":                "a reserved (IETF protocol)",
		"192.0.2.1":                "a documentation",
		"198.18.0.1":               "a benchmarking",
		"198.19.255.255":           "a benchmarking",
		"198.51.100.7":             "a documentation",
		"203.0.113.9":              "a documentation",
		"224.0.0.1":                "a multicast",
		"239.255.255.250":          "a multicast",
		"240.0.0.1":                "a reserved",
		"255.255.255.255":          "a broadcast",
		"::":                       "an unspecified",
		"::1":                      "a loopback",
		"::ffff:127.0.0.1":         "a loopback",
		"::ffff:10.1.2.3":          "a private",
		"::ffff:169.254.169.254":   "a cloud metadata",
		"::127.0.0.1":              "a loopback",
		"::8.8.8.8":                "an IPv4-compatible",
		"64:ff9b::7f00:1":          "a loopback",
		"64:ff9b::a00:1":           "a private",
		"64:ff9b:1::1":             "a local-use NAT64",
		"2002:7f00:1::":            "a loopback",
		"2002:a9fe:a9fe::1":        "a cloud metadata",
		"2001:0:4136:e378::1":      "a Teredo tunnel",
		"2001:db8::1":              "a documentation",
		"3fff::1":                  "a documentation",
		"fc00::1":                  "a private (unique local)",
		"fd00:ec2::254":            "a private (unique local)",
		"fe80::1":                  "a link-local",
		"fec0::1":                  "a site-local",
		"ff02::1":                  "a multicast",
		"100::1":                   "a discard-only",
		"5f00::1":                  "a reserved",
		"4000::1":                  "a reserved",
		"::ffff:0:0":               "an unspecified",
		"0:0:0:0:0:ffff:7f00:0001": "a loopback",
	}
	for in, want := range cases {
		v := classify(netip.MustParseAddr(in))
		if v.what != want {
			t.Errorf("classify(%s) = %q, want %q", in, v.what, want)
		}
	}
}

func TestClassifyPublic(t *testing.T) {
	for _, in := range []string{
		"93.184.216.34", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0",
		"172.15.255.255", "172.32.0.0", "169.253.0.1", "198.20.0.1", "223.255.255.255",
		"::ffff:93.184.216.34", "64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111",
		"2a00:1450:4001:80b::200e",
	} {
		if v := classify(netip.MustParseAddr(in)); !v.public() {
			t.Errorf("classify(%s) = %q, want public", in, v.what)
		}
	}
}

func TestCheckAddr(t *testing.T) {
	p, _ := testPolicy(t, "10.0.0.0/8,fd00::/8,::ffff:192.168.0.0/112", nil)
	for _, ok := range []string{"10.1.2.3", "::ffff:10.1.2.3", "fd00::5", "93.184.216.34", "192.168.3.4"} {
		if err := p.CheckAddr(netip.MustParseAddr(ok)); err != nil {
			t.Errorf("CheckAddr(%s) = %v, want allowed", ok, err)
		}
	}
	err := p.CheckAddr(netip.MustParseAddr("64:ff9b::7f00:1"))
	if msg := refusal(t, err); !strings.Contains(msg, "loopback address 64:ff9b::7f00:1 (embedding 127.0.0.1)") {
		t.Errorf("message %q does not name the embedded address", msg)
	}
	err = p.CheckAddr(netip.MustParseAddr("172.16.0.1"))
	if msg := refusal(t, err); msg != "resolves to a private address 172.16.0.1" {
		t.Errorf("message = %q", msg)
	}
}
