package errs

// Codes of templates and data past their limits (docs/security.md).
const (
	TemplateTooLarge   = "TEMPLATE_TOO_LARGE"   // 400: an HTML template over QUIRE_MAX_TEMPLATE_BYTES
	TemplateTooComplex = "TEMPLATE_TOO_COMPLEX" // 400: nesting, path length or field count over its limit
	DataTooComplex     = "DATA_TOO_COMPLEX"     // 400: request data nested too deep or an array too long
	HTMLTooLarge       = "HTML_TOO_LARGE"       // 422: the template and data make more HTML than QUIRE_MAX_HTML_BYTES
)
