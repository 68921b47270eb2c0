package httpapi

import (
	"context"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/invoices"
)

// Invoicing, on docs101's paths (/api/customers/, /api/invoices/): they are
// registered without the final slash and aliasRoutes takes the slashed
// form too. Invoices belong to the whole account and carry real numbers,
// so keys limited to projects and test keys may not use them.

type customerIDInput struct {
	ID string `path:"id" doc:"Customer id (cus_…)"`
}

type customerBodyInput struct {
	Body invoices.CustomerInput
}

type customerUpdateInput struct {
	ID   string `path:"id" doc:"Customer id (cus_…)"`
	Body invoices.CustomerInput
}

type invoiceIDInput struct {
	ID string `path:"id" doc:"Invoice id (inv_…)"`
}

type invoicePDFInput struct {
	ID     string `path:"id" doc:"Invoice id (inv_…)"`
	Format string `query:"format" enum:"pdf,facturx" doc:"facturx: a Factur-X PDF/A-3b with the CII XML inside (EN 16931 profile); default the account's setting (facturx_default), else pdf"`
}

// invoiceFile is an invoice's PDF or XML.
type invoiceFile struct {
	ContentType string `header:"Content-Type"`
	Disposition string `header:"Content-Disposition"`
	DocumentID  string `header:"X-Document-Id"`
	Body        []byte
}

type createInvoiceInput struct {
	Body invoices.NewInvoice
}

type sellerInput struct {
	Body invoices.Seller
}

var (
	invoicesRead  = needs(auth.PermDocumentsRead).accountWide().notSandbox()
	invoicesWrite = needs(auth.PermDocumentsWrite).accountWide().notSandbox()
)

func registerInvoices(api huma.API, svc *invoices.Service) {
	registerCustomers(api, svc)
	registerInvoiceOps(api, svc)
	registerSeller(api, svc)
}

// registerDecimals describes exact decimals as JSON numbers (they are read
// and written exactly, never as floats).
func registerDecimals(r huma.Registry) {
	r.RegisterTypeAlias(reflect.TypeFor[invoices.Decimal](), reflect.TypeFor[float64]())
	r.RegisterTypeAlias(reflect.TypeFor[invoices.Amount](), reflect.TypeFor[float64]())
}

func registerCustomers(api huma.API, svc *invoices.Service) {
	tags := []string{"Invoicing"}
	register(api, invoicesRead, huma.Operation{
		OperationID: "list-customers", Method: http.MethodGet, Path: "/api/customers", Tags: tags,
		Summary: "List customers", Description: "A JSON array, oldest first (docs101: `GET /api/customers/`).",
	}, func(ctx context.Context, _ *struct{}) (*body[[]invoices.Customer], error) {
		return reply(svc.Customers(ctx, principal(ctx).AccountID))
	})
	register(api, invoicesWrite, huma.Operation{
		OperationID: "create-customer", Method: http.MethodPost, Path: "/api/customers", Tags: tags,
		Summary: "Create a customer", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *customerBodyInput) (*body[*invoices.Customer], error) {
		return reply(svc.CreateCustomer(ctx, principal(ctx).AccountID, in.Body))
	})
	register(api, invoicesRead, huma.Operation{
		OperationID: "get-customer", Method: http.MethodGet, Path: "/api/customers/{id}", Tags: tags,
		Summary: "Get a customer", Description: "404 CUSTOMER_NOT_FOUND for another account's customer.",
	}, func(ctx context.Context, in *customerIDInput) (*body[*invoices.Customer], error) {
		return reply(svc.Customer(ctx, principal(ctx).AccountID, in.ID))
	})
	for _, m := range []struct {
		method, id, summary string
		replace             bool
	}{
		{http.MethodPut, "replace-customer", "Replace a customer (fields left out become empty)", true},
		{http.MethodPatch, "update-customer", "Change some fields of a customer", false},
	} {
		register(api, invoicesWrite, huma.Operation{
			OperationID: m.id, Method: m.method, Path: "/api/customers/{id}", Tags: tags, Summary: m.summary,
			Description: "Finalized invoices keep the customer as it was when they were finalized.",
		}, func(ctx context.Context, in *customerUpdateInput) (*body[*invoices.Customer], error) {
			return reply(svc.UpdateCustomer(ctx, principal(ctx).AccountID, in.ID, in.Body, m.replace))
		})
	}
	register(api, invoicesWrite, huma.Operation{
		OperationID: "delete-customer", Method: http.MethodDelete, Path: "/api/customers/{id}", Tags: tags,
		Summary: "Delete a customer", Description: "409 CUSTOMER_HAS_INVOICES while invoices name it.",
	}, func(ctx context.Context, in *customerIDInput) (*body[deleted], error) {
		if err := svc.DeleteCustomer(ctx, principal(ctx).AccountID, in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return &body[deleted]{Body: deleted{Deleted: true}}, nil
	})
}

func registerInvoiceOps(api huma.API, svc *invoices.Service) {
	tags := []string{"Invoicing"}
	register(api, invoicesRead, huma.Operation{
		OperationID: "list-invoices", Method: http.MethodGet, Path: "/api/invoices", Tags: tags,
		Summary: "List invoices and credit notes", Description: "A JSON array, newest first.",
	}, func(ctx context.Context, _ *struct{}) (*body[[]invoices.Invoice], error) {
		return reply(svc.Invoices(ctx, principal(ctx).AccountID))
	})
	register(api, invoicesWrite, huma.Operation{
		OperationID: "create-invoice", Method: http.MethodPost, Path: "/api/invoices", Tags: tags,
		Summary: "Create a draft invoice", DefaultStatus: http.StatusCreated,
		Description: "docs101's `customer_id`, `invoice_date` and `positions` (`description`, `quantity`, `unit_price`, `vat_rate`). " +
			"Totals follow EN 16931: a line's net is quantity × unit price rounded to cents, VAT per rate over the sum of its lines. " +
			"Invalid data is 400 VALIDATION_ERROR naming the field.",
	}, func(ctx context.Context, in *createInvoiceInput) (*body[*invoices.Invoice], error) {
		return reply(svc.CreateInvoice(ctx, principal(ctx).AccountID, in.Body))
	})
	register(api, invoicesRead, huma.Operation{
		OperationID: "get-invoice", Method: http.MethodGet, Path: "/api/invoices/{id}", Tags: tags,
		Summary: "Get an invoice", Description: "404 INVOICE_NOT_FOUND for another account's invoice.",
	}, func(ctx context.Context, in *invoiceIDInput) (*body[*invoices.Invoice], error) {
		return reply(svc.Invoice(ctx, principal(ctx).AccountID, in.ID))
	})
	register(api, invoicesWrite, huma.Operation{
		OperationID: "finalize-invoice", Method: http.MethodPost, Path: "/api/invoices/{id}/finalize", Tags: tags,
		Summary: "Finalize an invoice",
		Description: "Gives the draft the next number of the account's sequence of its year (2026-0001, …; no gaps, no duplicates) " +
			"and freezes it with the seller and customer as they are now. 409 INVOICE_FROZEN when it is not a draft.",
	}, func(ctx context.Context, in *invoiceIDInput) (*body[*invoices.Invoice], error) {
		return reply(svc.Finalize(ctx, principal(ctx).AccountID, in.ID))
	})
	register(api, invoicesWrite, huma.Operation{
		OperationID: "get-invoice-pdf", Method: http.MethodGet, Path: "/api/invoices/{id}/pdf", Tags: tags,
		Summary: "Get an invoice as PDF",
		Description: "Printed from the built-in template (in the invoice's language: en, de, fr) through the HTML renderer: the PDF is a normal document " +
			"of the account (listed, kept, announced by webhooks, counted; its id in X-Document-Id). A finalized invoice's document is served again while it is kept. " +
			"`?format=facturx` makes it a Factur-X PDF/A-3b carrying factur-x.xml (finalized invoices only).",
		Responses: map[string]*huma.Response{"200": {Description: "The PDF", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}},
	}, func(ctx context.Context, in *invoicePDFInput) (*invoiceFile, error) {
		var fx *bool
		if in.Format != "" {
			v := in.Format == "facturx"
			fx = &v
		}
		pdf, err := svc.PDF(ctx, principal(ctx), in.ID, fx)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &invoiceFile{ContentType: "application/pdf", Disposition: `attachment; filename="` + pdf.Filename + `"`, DocumentID: pdf.DocumentID, Body: pdf.Data}, nil
	})
	register(api, invoicesRead, huma.Operation{
		OperationID: "get-invoice-xml", Method: http.MethodGet, Path: "/api/invoices/{id}/xml", Tags: tags,
		Summary:     "Get an invoice as Factur-X / ZUGFeRD XML",
		Description: "UN/CEFACT CII XML of the Factur-X EN 16931 profile, from the same data as the PDF. 409 INVOICE_NOT_FINALIZED for a draft.",
		Responses: map[string]*huma.Response{"200": {Description: "The XML", Content: map[string]*huma.MediaType{
			"application/xml": {Schema: &huma.Schema{Type: "string"}}}}},
	}, func(ctx context.Context, in *invoiceIDInput) (*invoiceFile, error) {
		xml, name, err := svc.XML(ctx, principal(ctx).AccountID, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &invoiceFile{ContentType: "application/xml; charset=utf-8", Disposition: `attachment; filename="` + name + `"`, Body: xml}, nil
	})
	register(api, invoicesWrite, huma.Operation{
		OperationID: "cancel-invoice", Method: http.MethodPost, Path: "/api/invoices/{id}/cancel", Tags: tags,
		Summary: "Cancel an invoice with a credit note", DefaultStatus: http.StatusCreated,
		Description: "Creates and answers the credit note (type code 381) of the same lines, numbered in the same sequence and referencing the invoice, " +
			"which becomes cancelled. 409 INVOICE_NOT_FINALIZED for a draft.",
	}, func(ctx context.Context, in *invoiceIDInput) (*body[*invoices.Invoice], error) {
		return reply(svc.Cancel(ctx, principal(ctx).AccountID, in.ID))
	})
}

func registerSeller(api huma.API, svc *invoices.Service) {
	tags := []string{"Invoicing"}
	register(api, anyCaller, huma.Operation{
		OperationID: "get-invoicing-settings", Method: http.MethodGet, Path: "/v1/account/invoicing", Tags: tags,
		Summary: "Get the seller details printed on invoices",
	}, func(ctx context.Context, _ *struct{}) (*body[*invoices.Seller], error) {
		return reply(svc.Seller(ctx, principal(ctx).AccountID))
	})
	register(api, personOnly, huma.Operation{
		OperationID: "put-invoicing-settings", Method: http.MethodPut, Path: "/v1/account/invoicing", Tags: tags,
		Summary:     "Set the seller details printed on invoices",
		Description: "Name, address, VAT id, IBAN, logo (a data: URL), default currency and language, payment terms. Needs a signed-in person (access JWT).",
	}, func(ctx context.Context, in *sellerInput) (*body[*invoices.Seller], error) {
		return reply(svc.PutSeller(ctx, principal(ctx).AccountID, in.Body))
	})
}

// facturXOption is options.facturx of POST /v1/documents/generate.
type facturXOption struct {
	Invoice invoices.EInvoice `json:"invoice" doc:"The invoice the PDF shows, as data: totals are computed (EN 16931) and written as CII XML"`
}

// eInvoice is the e-invoice a generate request asks for; nil for none.
func eInvoice(o *facturXOption) (*documents.EInvoice, error) {
	if o == nil {
		return nil, nil
	}
	xml, title, err := o.Invoice.CII("options.facturx.invoice.")
	if err != nil {
		return nil, err
	}
	return &documents.EInvoice{XML: xml, Title: title}, nil
}
