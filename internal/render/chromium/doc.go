// Package chromium renders HTML to PDF with a headless Chromium that it keeps
// warm. It is pure: HTML and options in, PDF bytes out; it knows no tenant,
// database or HTTP.
//
// How it works:
//   - New starts one browser and opens Options.Tabs tabs at once. A render
//     takes an idle tab, sets the HTML with Page.setDocumentContent, waits for
//     the load event and document.fonts.ready (not for network idle: there is
//     no network), prints with Page.printToPDF, and hands the tab back, which
//     then navigates to about:blank so the next document starts with a fresh
//     window (no globals, timers or storage from the previous one). Each tab
//     has its own browser context, so tabs share no cookies or storage.
//   - A render that times out or fails gets its tab closed and replaced, so a
//     runaway script cannot block the next render.
//   - If a page's renderer process crashes (Inspector.targetCrashed), the
//     render ends at once and is tried once more on a fresh tab (its own
//     renderer process); when that one crashes too, it fails with
//     ErrUnavailable, not retried further. Each page's
//     JavaScript heap is capped (1 GiB), so a script that allocates without
//     end crashes its page instead of exhausting the machine.
//   - If the browser dies, the engine starts another; renders wait for it
//     (bounded by QueueTimeout and their context) or fail with
//     ErrUnavailable. After RestartAfter renders a new browser is started,
//     new renders go to it, and the old one closes when its renders finish.
//   - Memory: a tab is closed with its browser context (its renderer process
//     exits) and replaced by a fresh one after a document of FreshTabPages
//     pages or FreshTabBytes bytes, whose heaps a warm tab would keep, and
//     after RecycleAfter renders, one tab at a time (upkeep.go).
//   - Close kills the browsers; chromedp reaps them, kills leftover child
//     processes and removes the temporary profiles.
//   - With Options.RemoteURL the browser runs elsewhere and is never
//     started, killed or closed by the engine: an instance is a connection
//     with its tabs, recycling renews the connection and the browser
//     contexts, a lost connection is reconnected, and while it cannot be,
//     renders fail at once with ErrUnavailable (remote.go).
//
// Templates reach nothing outside the document: only inline content and
// data: URIs load. Three independent defences, each tested alone: the Fetch
// domain fails every request that is not data:, Network.setBlockedURLs blocks
// the network and file schemes (WebSockets included), and the browser runs
// with a dead proxy that also takes loopback traffic and with no DNS. Popups
// are refused and JavaScript dialogs are closed at once. WebRTC, which sends
// UDP outside all of that, is gone from documents and held to the proxy by
// launch flags; features that multicast (mDNS, Cast, DIAL) are off.
// Navigations away from the document are aborted, so it prints as sent
// (navigation.go).
//
// Errors wrap one of ErrInvalidOptions, ErrTimeout, ErrUnavailable and
// ErrRender; use errors.Is, or errors.As with *Error.
package chromium
