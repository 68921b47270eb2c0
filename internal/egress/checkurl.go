package egress

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// maxURLLength bounds registered URLs; longer ones are refused, not truncated.
const maxURLLength = 2048

// CheckURL validates a destination at registration time and returns it
// normalised (lower-case scheme and host, canonical IP literals, no trailing
// dot). It must be an absolute http(s) URL without credentials or backslashes;
// its host must resolve only to public addresses unless it is on the
// allow-list; plain http is accepted only for allowed destinations. IPv4 hosts
// written in octal, hex, decimal or short forms are refused, naming the address
// they stand for. Errors are *Error.
//
// Passing CheckURL does not make later requests safe by itself (DNS answers
// change): send them with Client, which checks again on every connection.
func (p *Policy) CheckURL(ctx context.Context, raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return nil, refuse("is empty")
	case len(raw) > maxURLLength:
		return nil, refuse(fmt.Sprintf("is longer than %d characters", maxURLLength))
	case strings.ContainsRune(raw, '\\'):
		// WHATWG parsers read "\" as "/", Go's does not: the two disagree on the host.
		return nil, refuse("must not contain backslashes")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &Error{Message: "is not a valid URL", Err: err}
	}
	if err := checkShape(u); err != nil {
		return nil, err
	}
	h, err := parseHost(u.Hostname())
	if err != nil {
		return nil, err
	}
	port, err := checkPort(u.Port())
	if err != nil {
		return nil, err
	}
	plainHTTPOK := p.hostAllowed(h.name)
	if !plainHTTPOK {
		addrs, err := p.destinations(ctx, "ip", h)
		if err != nil {
			return nil, err
		}
		plainHTTPOK = p.plainHTTPAllowed(h, addrs)
	}
	if h.legacy {
		return nil, refuse(fmt.Sprintf("must write the IPv4 address in dotted decimal (%s)", h.addr))
	}
	if u.Scheme == "http" && !plainHTTPOK {
		return nil, refuse("must use https")
	}
	u.Host = h.String()
	if port != "" {
		u.Host = net.JoinHostPort(strings.Trim(u.Host, "[]"), port)
	}
	return u, nil
}

// checkShape refuses URLs that are not absolute http(s) URLs with a host and
// no credentials. url.Parse has already lower-cased the scheme.
func checkShape(u *url.URL) error {
	switch {
	case u.Scheme == "":
		return refuse("must be an absolute URL starting with https://")
	case u.Scheme != "http" && u.Scheme != "https":
		return refuse(fmt.Sprintf("must use https, not %s:", u.Scheme))
	case u.Opaque != "":
		return refuse("must be an absolute URL starting with https://")
	case u.User != nil:
		return refuse("must not contain credentials (user@host)")
	case u.Host == "":
		return refuse("has no host")
	}
	return nil
}

func checkPort(port string) (string, error) {
	if port == "" {
		return "", nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", refuse(fmt.Sprintf("has an invalid port %q", port))
	}
	return strconv.Itoa(n), nil
}
