// Package egress decides which destinations Quire may send requests to
// (webhook deliveries) and provides an HTTP client that enforces it.
//
// Deny-lists written as URL regexes lose against uppercase schemes,
// "[::ffff:127.0.0.1]", octal IPv4, redirects and DNS rebinding. This package
// decides on IP addresses instead: once when a URL is registered
// (Policy.CheckURL) and again on the resolved IP of every connection
// (Policy.Client), which dials exactly the address it checked and never follows
// redirects.
//
// Only public unicast addresses are reachable by default. An operator can name
// internal destinations explicitly with an allow-list of host names, IPs and
// CIDRs (QUIRE_EGRESS_ALLOW), which also permits plain http to them.
package egress
