package egress

import (
	"context"
	"strings"
	"testing"
)

// publicResolver knows a few names; public.test resolves to a public address.
func publicResolver() *fakeResolver {
	return newResolver(
		"public.test", "93.184.216.34",
		"dual.test", "93.184.216.34 2606:2800:220:1:248:1893:25c8:1946",
		"loop.test", "127.0.0.1",
		"mixed.test", "93.184.216.34 10.0.0.1",
		"metadata.test", "169.254.169.254",
		"mapped.test", "::ffff:192.168.0.1",
		"internal.test", "10.1.2.3",
	)
}

func TestCheckURLRefuses(t *testing.T) {
	cases := []struct{ url, reason string }{
		{"HTTP://127.0.0.1/", "resolves to a loopback address 127.0.0.1"},
		{"HtTpS://127.0.0.1/", "resolves to a loopback address 127.0.0.1"},
		{"http://[::ffff:127.0.0.1]/", "resolves to a loopback address ::ffff:127.0.0.1"},
		{"https://[::ffff:7f00:1]/", "loopback address ::ffff:127.0.0.1"},
		{"https://[0:0:0:0:0:ffff:a9fe:a9fe]/", "cloud metadata address"},
		{"http://2130706433/", "resolves to a loopback address 127.0.0.1"},
		{"http://0177.0.0.1/", "resolves to a loopback address 127.0.0.1"},
		{"http://0x7f.0.0.1/", "resolves to a loopback address 127.0.0.1"},
		{"http://0x7f000001/", "resolves to a loopback address 127.0.0.1"},
		{"http://127.1/", "resolves to a loopback address 127.0.0.1"},
		{"https://127.0.0.1./", "resolves to a loopback address 127.0.0.1"},
		{"http://0/", "resolves to an unspecified address 0.0.0.0"},
		{"http://0.0.0.0:8080/", "resolves to an unspecified address 0.0.0.0"},
		{"https://[::]/", "resolves to an unspecified address ::"},
		{"http://localhost/", "host localhost is a loopback name"},
		{"http://localhost./", "host localhost is a loopback name"},
		{"https://LOCALHOST:443/", "host localhost is a loopback name"},
		{"https://api.localhost/", "host api.localhost is a loopback name"},
		{"https://loop.test/hook", "resolves to a loopback address 127.0.0.1"},
		{"https://mixed.test/", "resolves to a private address 10.0.0.1"},
		{"https://mapped.test/", "resolves to a private address ::ffff:192.168.0.1"},
		{"https://metadata.test/", "resolves to a cloud metadata address 169.254.169.254"},
		{"http://169.254.169.254/latest/meta-data/", "cloud metadata address 169.254.169.254"},
		{"https://0251.0376.0251.0376/", "cloud metadata address 169.254.169.254"},
		{"https://10.0.0.5/", "resolves to a private address 10.0.0.5"},
		{"https://172.16.0.1/", "resolves to a private address 172.16.0.1"},
		{"https://192.168.1.1/", "resolves to a private address 192.168.1.1"},
		{"https://100.64.0.1/", "resolves to a shared (CGNAT) address 100.64.0.1"},
		{"https://169.254.1.1/", "resolves to a link-local address 169.254.1.1"},
		{"https://224.0.0.1/", "multicast address"},
		{"https://255.255.255.255/", "broadcast address"},
		{"https://198.18.0.1/", "benchmarking address"},
		{"https://192.0.2.1/", "documentation address"},
		{"https://240.0.0.1/", "reserved address"},
		{"https://[::1]:8443/", "resolves to a loopback address ::1"},
		{"https://[fc00::1]/", "private (unique local) address fc00::1"},
		{"https://[fe80::1]/", "link-local address fe80::1"},
		{"https://[ff02::1]/", "multicast address ff02::1"},
		{"https://[::127.0.0.1]/", "loopback address ::7f00:1 (embedding 127.0.0.1)"},
		{"https://[64:ff9b::a00:1]/", "private address 64:ff9b::a00:1 (embedding 10.0.0.1)"},
		{"https://[2002:7f00:1::1]/", "loopback address 2002:7f00:1::1 (embedding 127.0.0.1)"},
		{"https://[2001:db8::1]/", "documentation address"},
		{"http://[fe80::1%25eth0]/", "must not use an IPv6 zone identifier"},
		{"https://%31%32%37.0.0.1/", "is not a valid URL"}, // Go refuses escapes in hosts
		{"https://good.com@127.0.0.1/", "must not contain credentials"},
		{"https://user:pass@public.test/", "must not contain credentials"},
		{`https://127.0.0.1\@public.test/`, "must not contain backslashes"},
		{`https:\\public.test\hook`, "must not contain backslashes"},
		{"file:///etc/passwd", "must use https, not file:"},
		{"gopher://127.0.0.1:70/_GET", "must use https, not gopher:"},
		{"ftp://public.test/", "must use https, not ftp:"},
		{"javascript:alert(1)", "must use https, not javascript:"},
		{"data:text/plain,hi", "must use https, not data:"},
		{"http:///hook", "has no host"},
		{"https://", "has no host"},
		{"https:public.test", "must be an absolute URL"},
		{"//public.test/hook", "must be an absolute URL"},
		{"public.test/hook", "must be an absolute URL"},
		{"", "is empty"},
		{"http://public.test/", "must use https"},
		{"https://0x5d.0xb8.0xd8.0x22/", "dotted decimal (93.184.216.34)"},
		{"https://1572395042/", "dotted decimal (93.184.216.34)"},
		{"https://1.2.3.4.5/", "looks like an IPv4 address but is not a valid one"},
		{"https://public.999/", "looks like an IPv4 address"},
		{"https://１２７.０.０.１/", "must be ASCII"},
		{"https://unknown.test/", "host unknown.test could not be resolved"},
		{"https://public.test:0/", `invalid port "0"`},
		{"https://public.test:99999/", `invalid port "99999"`},
		{"https://exa mple.com/", "is not a valid URL"},
		{"https://public.test/" + strings.Repeat("a", 2100), "longer than 2048"},
	}
	p, d := testPolicy(t, "", publicResolver())
	for _, c := range cases {
		u, err := p.CheckURL(context.Background(), c.url)
		if err == nil {
			t.Errorf("CheckURL(%q) = %s, want refused (%s)", c.url, u, c.reason)
			continue
		}
		if msg := refusal(t, err); !strings.Contains(msg, c.reason) {
			t.Errorf("CheckURL(%q) refused with %q, want %q", c.url, msg, c.reason)
		}
	}
	if len(cases) < 20 {
		t.Fatalf("only %d refused forms", len(cases))
	}
	if a := d.Attempts(); len(a) != 0 {
		t.Errorf("CheckURL dialed %v", a)
	}
}

func TestCheckURLAcceptsAndNormalises(t *testing.T) {
	cases := map[string]string{
		"https://public.test/hook?x=1":            "https://public.test/hook?x=1",
		"HTTPS://Public.TEST./hook":               "https://public.test/hook",
		"  https://public.test:8443/a%20b#frag  ": "https://public.test:8443/a%20b#frag",
		"https://public.test:/":                   "https://public.test/",
		"https://dual.test/":                      "https://dual.test/",
		"https://93.184.216.34/":                  "https://93.184.216.34/",
		"https://[2606:4700:4700::1111]:443/x":    "https://[2606:4700:4700::1111]:443/x",
		"https://[::ffff:93.184.216.34]/":         "https://[::ffff:93.184.216.34]/",
	}
	p, d := testPolicy(t, "", publicResolver())
	for in, want := range cases {
		u, err := p.CheckURL(context.Background(), in)
		if err != nil {
			t.Errorf("CheckURL(%q): %v", in, err)
			continue
		}
		if u.String() != want {
			t.Errorf("CheckURL(%q) = %s, want %s", in, u, want)
		}
	}
	if a := d.Attempts(); len(a) != 0 {
		t.Errorf("CheckURL dialed %v", a)
	}
}

func TestCheckURLAllowList(t *testing.T) {
	p, _ := testPolicy(t, "internal.test,hooks.internal,127.0.0.1,10.0.0.0/8", publicResolver())
	for _, ok := range []string{
		"http://127.0.0.1:8080/hook",
		"http://internal.test/",
		"http://loop.test/",      // resolves to the allowed 127.0.0.1
		"http://hooks.internal/", // allowed by name: not even resolved
		"HTTP://HOOKS.INTERNAL./",
		"https://10.200.0.1/",
		"http://10.200.0.1/",
		"http://[::ffff:10.0.0.1]/",
		"https://public.test/",
	} {
		if _, err := p.CheckURL(context.Background(), ok); err != nil {
			t.Errorf("CheckURL(%q): %v", ok, err)
		}
	}
	for bad, reason := range map[string]string{
		"http://127.0.0.2/":           "loopback address 127.0.0.2",
		"http://public.test/":         "must use https",
		"http://2130706433/":          "dotted decimal (127.0.0.1)",
		"https://user@hooks.internal": "credentials",
		"http://192.168.0.1/":         "private address",
	} {
		_, err := p.CheckURL(context.Background(), bad)
		if err == nil {
			t.Errorf("CheckURL(%q) accepted, want %q", bad, reason)
			continue
		}
		if msg := refusal(t, err); !strings.Contains(msg, reason) {
			t.Errorf("CheckURL(%q) = %q, want %q", bad, msg, reason)
		}
	}
}
