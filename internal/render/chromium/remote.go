package chromium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// A remote browser (Options.RemoteURL) is a Chromium that runs elsewhere
// and that the engine reaches over the DevTools protocol, so rendering can
// scale apart from Quire. The engine does not own that process: it never
// starts, kills or closes it. An instance of a remote browser is one
// websocket connection with its tabs, each in a browser context of its own;
// recycling opens a new connection with fresh contexts and closes the old
// contexts, and a lost connection is reconnected (with a back-off) instead
// of a process being restarted. Every tab gets the same lockdown as on a
// local browser; the launch flags cannot be set from here, so the dead proxy
// is set on each tab's browser context instead (see openTab).

// remoteDialTimeout limits the discovery request and the websocket dial.
const remoteDialTimeout = 10 * time.Second

// checkRemoteURL accepts ws://, wss://, http:// and https:// URLs with a host.
func checkRemoteURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return newError(ErrInvalidOptions, err, "the remote browser URL is not a URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "wss", "http", "https":
	default:
		return newError(ErrInvalidOptions, nil, "the remote browser URL must be ws://host:port/devtools/browser/… or http://host:port, got scheme %q", u.Scheme)
	}
	if u.Host == "" {
		return newError(ErrInvalidOptions, nil, "the remote browser URL has no host")
	}
	return nil
}

// redactURL is the URL's scheme, host and port, for logs and messages: a
// hosted browser's URL may carry a token in its path, query or user info.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Scheme + "://" + u.Host
}

// webSocketURL returns the DevTools websocket URL of the browser at raw.
// An http(s) URL is asked at /json/version. A ws(s) URL is used as given
// unless retry is set: a browser restarted on the same port has a new id in
// its URL, so a reconnect asks /json/version on the same host and port.
func webSocketURL(ctx context.Context, raw string, retry bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme == "ws" || scheme == "wss") && !retry {
		if err := forceIPHost(ctx, u); err != nil {
			return "", err
		}
		return u.String(), nil
	}
	base := *u
	base.Scheme = map[string]string{"ws": "http", "wss": "https"}[scheme]
	if base.Scheme == "" {
		base.Scheme = scheme
	}
	base.Path, base.RawPath, base.RawQuery, base.Fragment = "/json/version", "", "", ""
	if err := forceIPHost(ctx, &base); err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.String(), nil)
	if err != nil {
		return "", err
	}
	client := http.Client{Timeout: remoteDialTimeout}
	res, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("asking %s for its websocket URL: %w", redactURL(base.String()), errors.Unwrap(err))
	}
	defer res.Body.Close()
	var v struct {
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s/json/version answered %s", redactURL(base.String()), res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil || v.WebSocketDebuggerURL == "" {
		return "", fmt.Errorf("%s/json/version has no webSocketDebuggerUrl", redactURL(base.String()))
	}
	ws, err := url.Parse(v.WebSocketDebuggerURL)
	if err != nil {
		return "", err
	}
	// The browser names itself as it sees itself (often 127.0.0.1 in a
	// container): keep the host and port the operator gave, and the
	// operator's user info and query (a hosted browser's token).
	ws.Host, ws.User, ws.RawQuery = base.Host, u.User, u.RawQuery
	if base.Scheme == "https" {
		ws.Scheme = "wss"
	}
	return ws.String(), nil
}

// forceIPHost replaces a host name by its address: Chromium answers its
// DevTools endpoint (HTTP and websocket) only to a Host header that is an IP
// address or "localhost" (a defence against DNS rebinding).
func forceIPHost(ctx context.Context, u *url.URL) error {
	host, port := u.Hostname(), u.Port()
	if host == "localhost" || net.ParseIP(host) != nil {
		return nil
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil || len(addrs) == 0 {
		return fmt.Errorf("resolving the remote browser's host %q: %w", host, err)
	}
	if port == "" {
		u.Host = addrs[0].IP.String()
		if addrs[0].IP.To4() == nil {
			u.Host = "[" + u.Host + "]"
		}
		return nil
	}
	u.Host = net.JoinHostPort(addrs[0].IP.String(), port)
	return nil
}

// remoteAllocator connects to the browser at wsURL. It never closes that
// browser: the engine's contexts over it are not the browser's first one.
func remoteAllocator(root context.Context, wsURL string) (context.Context, context.CancelFunc) {
	return remote.NewAllocator(root, wsURL, remote.NoModifyURL, remote.WithDialTimeout(remoteDialTimeout))
}

// connectRemote opens the connection of a new instance: it asks the browser
// its version, which dials the websocket but opens no page (a page of the
// instance's own would land in the browser's default context).
func (inst *instance) connectRemote() error {
	if _, err := browserVersion(inst); err != nil {
		return err
	}
	if c := chromedp.FromContext(inst.ctx); c == nil || c.Browser == nil {
		return errors.New("no connection to the remote browser")
	}
	return nil
}

// isWebSocketURL reports whether raw is a ws:// or wss:// URL.
func isWebSocketURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (strings.EqualFold(u.Scheme, "ws") || strings.EqualFold(u.Scheme, "wss"))
}

// anyURL matches a URL in an error message: scheme, optional user info,
// host and port, then the rest.
var anyURL = regexp.MustCompile(`(?i)\b(wss?|https?)://(?:[^@/\s"]*@)?([^/\s"?#]+)[^\s"]*`)

// redactedError is err with every URL in it cut to its scheme, host and
// port: chromedp names the URL it could not dial, and a hosted browser's
// URL may carry a token.
func redactedError(err error) error {
	return errors.New(anyURL.ReplaceAllString(err.Error(), "$1://$2"))
}
