package errs

// Codes of customers and invoices.
const (
	CustomerNotFound    = "CUSTOMER_NOT_FOUND"    // 404
	CustomerHasInvoices = "CUSTOMER_HAS_INVOICES" // 409: invoices name the customer
	InvoiceNotFound     = "INVOICE_NOT_FOUND"     // 404
	InvoiceFrozen       = "INVOICE_FROZEN"        // 409: a finalized or cancelled invoice cannot change
	InvoiceNotFinalized = "INVOICE_NOT_FINALIZED" // 409: a draft has no number (no XML, no credit note)
)
