package office

import (
	"os"
	"path/filepath"
	"strings"
)

// lockdown is the LibreOffice configuration every conversion runs with,
// one layer of the no-egress defence (see docs/security.md):
//   - BlockUntrustedRefererLinks: LibreOffice loads no linked picture or
//     other linked content from outside the document (http, https, file);
//   - Writer never updates links (0 = never, sw's UpdateLinks), nor Calc
//     for embedded sheets (1 = never, ScLkUpdMode);
//   - every http, https and ftp request goes through a proxy at
//     127.0.0.1:1, where nothing listens, so a fetch that slips through the
//     rest is refused even without a network namespace;
//   - macros never run.
var lockdown = []struct{ path, name, value string }{
	{"/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"},
	{"/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"},
	{"/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"},
	{"/org.openoffice.Office.Writer/Content/Update", "Link", "0"},
	{"/org.openoffice.Office.Calc/Content/Update", "Link", "1"},
	{"/org.openoffice.Inet/Settings", "ooInetProxyType", "1"},
	{"/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", deadProxyHost},
	{"/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", deadProxyPort},
	{"/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", deadProxyHost},
	{"/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", deadProxyPort},
	{"/org.openoffice.Inet/Settings", "ooInetFTPProxyName", deadProxyHost},
	{"/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", deadProxyPort},
	{"/org.openoffice.Inet/Settings", "ooInetNoProxy", ""},
}

// The proxy LibreOffice is told to use: a port nothing listens on.
const (
	deadProxyHost = "127.0.0.1"
	deadProxyPort = "1"
)

// writeLockdown writes the settings into a new profile directory, before
// LibreOffice first starts on it (it keeps them when it saves its own).
func writeLockdown(profile string) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` + "\n")
	for _, s := range lockdown {
		b.WriteString(`<item oor:path="` + s.path + `"><prop oor:name="` + s.name + `" oor:op="fuse"><value>` + s.value + "</value></prop></item>\n")
	}
	b.WriteString("</oor:items>\n")
	dir := filepath.Join(profile, "user")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "registrymodifications.xcu"), []byte(b.String()), 0o600)
}
