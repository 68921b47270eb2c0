package egress

import "testing"

func TestParseInetAton(t *testing.T) {
	cases := map[string]string{
		"127.0.0.1":           "127.0.0.1",
		"2130706433":          "127.0.0.1",
		"0177.0.0.1":          "127.0.0.1",
		"0x7f.0.0.1":          "127.0.0.1",
		"0X7F.1":              "127.0.0.1",
		"127.1":               "127.0.0.1",
		"127.0.1":             "127.0.0.1",
		"0":                   "0.0.0.0",
		"00":                  "0.0.0.0",
		"0x0":                 "0.0.0.0",
		"017700000001":        "127.0.0.1",
		"0x7f000001":          "127.0.0.1",
		"10.0xffffff":         "10.255.255.255",
		"4294967295":          "255.255.255.255",
		"0251.0376.0251.0376": "169.254.169.254",
		"0xa9.0xfe.0xa9.0xfe": "169.254.169.254",
	}
	for in, want := range cases {
		a, ok := parseInetAton(in)
		if !ok || a.String() != want {
			t.Errorf("parseInetAton(%q) = %v, %v; want %s", in, a, ok, want)
		}
	}
	for _, bad := range []string{
		"", "4294967296", "256.0.0.1", "1.2.3.4.5", "1..2", "08.0.0.1", "0x", "0xg",
		"1.2.3.256", "1.2.65536", "1.16777216", "99999999999999999999", "1.2.3.",
	} {
		if a, ok := parseInetAton(bad); ok {
			t.Errorf("parseInetAton(%q) = %v, want failure", bad, a)
		}
	}
}

func TestParseHost(t *testing.T) {
	cases := []struct {
		in, want string
		legacy   bool
	}{
		{"Example.COM", "example.com", false},
		{"example.com.", "example.com", false},
		{"hooks_internal.test", "hooks_internal.test", false},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", false},
		{"123.example", "123.example", false},
		{"93.184.216.34", "93.184.216.34", false},
		{"93.184.216.34.", "93.184.216.34", true},
		{"0x5d.0xb8.0xd8.0x22", "93.184.216.34", true},
		{"2130706433", "127.0.0.1", true},
		{"::ffff:127.0.0.1", "[::ffff:127.0.0.1]", false},
		{"2001:DB8::1", "[2001:db8::1]", false},
	}
	for _, c := range cases {
		h, err := parseHost(c.in)
		if err != nil {
			t.Errorf("parseHost(%q): %v", c.in, err)
			continue
		}
		if h.String() != c.want || h.legacy != c.legacy {
			t.Errorf("parseHost(%q) = %s legacy=%v; want %s legacy=%v", c.in, h, h.legacy, c.want, c.legacy)
		}
	}
	for _, bad := range []string{
		"", "fe80::1%eth0", "1.2.3.4.5", "foo.123", "a..b", "exa mple.com", "bücher.example",
		"-", "foo.0x", ":::", "ex*ample.com", string(make([]byte, 300)),
	} {
		if h, err := parseHost(bad); err == nil {
			t.Errorf("parseHost(%q) = %s, want an error", bad, h)
		}
	}
}
