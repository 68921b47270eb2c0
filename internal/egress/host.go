package egress

import (
	"fmt"
	"net/netip"
	"strings"
)

// host is a validated URL host: either a DNS name or an IP address.
type host struct {
	name string     // lower case, no trailing dot; empty for addresses
	addr netip.Addr // valid for IP literals and numeric hosts
	// legacy is set when addr was written in a form only inet_aton(3)
	// understands ("0177.0.0.1", "2130706433", "127.1", "0x7f.0.0.1").
	legacy bool
}

// String is the host as written in a normalised URL (IPv6 in brackets).
func (h host) String() string {
	switch {
	case h.name != "":
		return h.name
	case h.addr.Is6():
		return "[" + h.addr.String() + "]"
	}
	return h.addr.String()
}

// parseHost validates a URL host (brackets already removed). Hosts whose last
// label is numeric are read as IPv4 the way inet_aton(3) and browsers read
// them, never handed to a resolver, because some resolvers and HTTP stacks
// turn "2130706433" or "0177.0.0.1" into 127.0.0.1.
func parseHost(s string) (host, error) {
	if s == "" {
		return host{}, refuse("has no host")
	}
	if strings.ContainsAny(s, ":%") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return host{}, &Error{Message: fmt.Sprintf("host %q is not a valid IP address", s), Err: err}
		}
		if a.Zone() != "" {
			return host{}, refuse("must not use an IPv6 zone identifier")
		}
		return host{addr: a}, nil
	}
	trimmed := strings.TrimSuffix(s, ".")
	if looksNumeric(trimmed) {
		a, ok := parseInetAton(trimmed)
		if !ok {
			return host{}, refuse(fmt.Sprintf("host %q looks like an IPv4 address but is not a valid one", s))
		}
		return host{addr: a, legacy: s != a.String()}, nil
	}
	name := strings.ToLower(trimmed)
	if err := validateName(name); err != nil {
		return host{}, err
	}
	return host{name: name}, nil
}

// looksNumeric reports whether the last dot-separated label is a number
// (decimal, or hex with a 0x prefix), the WHATWG URL rule for "this host is
// an IPv4 address".
func looksNumeric(s string) bool {
	last := s[strings.LastIndexByte(s, '.')+1:]
	if last == "" {
		return false
	}
	if len(last) > 1 && (last[:2] == "0x" || last[:2] == "0X") {
		return strings.Trim(last[2:], "0123456789abcdefABCDEF") == ""
	}
	return strings.Trim(last, "0123456789") == ""
}

// parseInetAton parses an IPv4 address like inet_aton(3): one to four parts,
// each decimal, octal (leading 0) or hex (leading 0x); the last part fills all
// remaining bytes, so "127.1" is 127.0.0.1 and "2130706433" is 127.0.0.1.
func parseInetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var v uint64
	for i, part := range parts {
		n, ok := parseInetPart(part)
		if !ok {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if n > 0xff {
				return netip.Addr{}, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		remaining := 8 * (4 - i)
		if n >= 1<<remaining {
			return netip.Addr{}, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

func parseInetPart(s string) (uint64, bool) {
	base := uint64(10)
	switch {
	case len(s) > 1 && (s[:2] == "0x" || s[:2] == "0X"):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n uint64
	for _, c := range []byte(s) {
		var d uint64
		switch {
		case '0' <= c && c <= '9':
			d = uint64(c - '0')
		case 'a' <= c && c <= 'f':
			d = uint64(c-'a') + 10
		case 'A' <= c && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		n = n*base + d
		if n > 0xffffffff {
			return 0, false
		}
	}
	return n, true
}

// validateName accepts lower-case ASCII DNS names: labels of 1 to 63 letters,
// digits, hyphens or underscores, not starting or ending with a hyphen, 253
// characters in all.
func validateName(name string) error {
	if len(name) > 253 {
		return refuse("host name is too long")
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return refuse(fmt.Sprintf("host %q is not a valid host name", name))
		}
		for _, c := range []byte(label) {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			case c >= 0x80:
				return refuse(fmt.Sprintf("host %q must be ASCII (use its xn-- form)", name))
			default:
				return refuse(fmt.Sprintf("host %q is not a valid host name", name))
			}
		}
	}
	return nil
}

// isLoopbackName reports names that always mean this machine (RFC 6761),
// whatever a resolver says.
func isLoopbackName(name string) bool {
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}
