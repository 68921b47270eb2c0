package office

// Network says what keeps LibreOffice off the network. The Converter picks
// the strongest one that works on this machine when it is made.
type Network string

const (
	// NetNamespace runs soffice in a network namespace of its own, whose
	// only interface is a loopback that is down: every connection fails,
	// to the internet, the local network and this host alike. Needs root
	// or CAP_SYS_ADMIN.
	NetNamespace Network = "own network namespace"
	// UserNetNamespace does the same inside a user namespace of its own,
	// for servers that are not root but allow unprivileged user namespaces.
	UserNetNamespace Network = "own user and network namespace"
	// ProfileOnly is the fallback without namespaces: LibreOffice's own
	// settings (no linked content, every http/https/ftp request sent to a
	// proxy where nothing listens) and the DOCX clean-up still apply.
	ProfileOnly Network = "LibreOffice settings only (no namespace available)"
)
