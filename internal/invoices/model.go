// Package invoices is invoicing as data: an account's customers, its
// invoices with positions and VAT, their EN 16931 totals, gap-free
// numbering, credit notes, and the Factur-X (CII) XML made from the same
// data as the PDF. It knows no HTTP; the PDF is rendered by the documents
// service through the Renderer it is given.
package invoices

import "github.com/quirehq/quire/internal/wire"

// Invoice statuses.
const (
	StatusDraft     = "draft"
	StatusFinalized = "finalized"
	StatusCancelled = "cancelled"
)

// UNTDID 1001 document type codes.
const (
	TypeInvoice    = "380"
	TypeCreditNote = "381"
)

// VAT categories (UNTDID 5305) an invoice line may have.
const (
	CategoryStandard      = "S"
	CategoryZero          = "Z"
	CategoryExempt        = "E"
	CategoryReverseCharge = "AE"
)

// Address is a postal address; Country is ISO 3166-1 alpha-2.
type Address struct {
	Line1      string `json:"address_line1" required:"false"`
	Line2      string `json:"address_line2" required:"false"`
	PostalCode string `json:"postal_code" required:"false"`
	City       string `json:"city" required:"false"`
	Country    string `json:"country" required:"false"`
}

// Customer is a buyer, as the API shows it.
type Customer struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Address
	VATID     string    `json:"vat_id"`
	Currency  string    `json:"currency"`
	Language  string    `json:"language"`
	CreatedAt wire.Time `json:"created_at"`
	UpdatedAt wire.Time `json:"updated_at"`
}

// Party is the seller or buyer printed on an invoice: frozen into it when
// it is finalized.
type Party struct {
	Name  string `json:"name" required:"false"`
	Email string `json:"email,omitempty" required:"false"`
	Address
	VATID     string `json:"vat_id,omitempty" required:"false"`
	TaxNumber string `json:"tax_number,omitempty" required:"false"`
	Phone     string `json:"phone,omitempty" required:"false"`
}

// Seller is the account's invoicing settings: who it is on its invoices
// and how it is paid.
type Seller struct {
	Party
	IBAN     string `json:"iban" required:"false"`
	BIC      string `json:"bic" required:"false"`
	BankName string `json:"bank_name" required:"false"`
	// Logo is a data: URL (PNG, JPEG or SVG) printed in the invoice's head.
	Logo             string `json:"logo" required:"false"`
	DefaultCurrency  string `json:"default_currency" required:"false"`
	DefaultLanguage  string `json:"default_language" required:"false"`
	PaymentTermsDays int    `json:"payment_terms_days" required:"false"`
	// TemplateID is the account's own HTML template invoices print with
	// (rendered with the same data as the built-in one); "": built-in.
	TemplateID string `json:"template_id" required:"false"`
	// FacturX makes the Factur-X PDF the default of GET …/pdf/.
	FacturX bool `json:"facturx_default" required:"false"`
}

// Position is one invoice line as given.
type Position struct {
	Description string  `json:"description"`
	Quantity    Decimal `json:"quantity"`
	// Unit is a UN/ECE Recommendation 20 code; "" means C62 (one).
	Unit            string  `json:"unit,omitempty"`
	UnitPrice       Decimal `json:"unit_price"`
	VATRate         Decimal `json:"vat_rate"`
	VATCategory     string  `json:"vat_category,omitempty"`
	ExemptionReason string  `json:"exemption_reason,omitempty"`
}

// Line is a position with its net amount, as the API shows it.
type Line struct {
	Position
	Unit      string `json:"unit"`
	NetAmount Amount `json:"net_amount"`
}

// VATGroup is one line of the VAT breakdown: the lines of one category
// and rate.
type VATGroup struct {
	Category        string  `json:"category"`
	Rate            Decimal `json:"rate"`
	TaxableAmount   Amount  `json:"taxable_amount"`
	TaxAmount       Amount  `json:"tax_amount"`
	ExemptionReason string  `json:"exemption_reason,omitempty"`
}

// Totals are an invoice's document totals (EN 16931 BG-22).
type Totals struct {
	Net   Amount `json:"total_net"`   // BT-106 = BT-109: sum of line net amounts
	VAT   Amount `json:"total_vat"`   // BT-110
	Gross Amount `json:"total_gross"` // BT-112
	Due   Amount `json:"amount_due"`  // BT-115
}

// Reference names another invoice: what a credit note cancels.
type Reference struct {
	ID     string `json:"id" required:"false"`
	Number string `json:"number"`
	Date   string `json:"invoice_date"`
}

// Invoice is an invoice or credit note as the API shows it.
type Invoice struct {
	ID             string     `json:"id"`
	Number         *string    `json:"number"`
	Type           string     `json:"type" enum:"invoice,credit_note"`
	TypeCode       string     `json:"type_code"`
	Status         string     `json:"status" enum:"draft,finalized,cancelled"`
	CustomerID     string     `json:"customer_id"`
	InvoiceDate    string     `json:"invoice_date"`
	DueDate        string     `json:"due_date"`
	Currency       string     `json:"currency"`
	Language       string     `json:"language"`
	BuyerReference string     `json:"buyer_reference,omitempty"`
	Notes          string     `json:"notes,omitempty"`
	TemplateID     string     `json:"template_id,omitempty"`
	Positions      []Line     `json:"positions"`
	VATBreakdown   []VATGroup `json:"vat_breakdown"`
	Totals
	Seller      Party      `json:"seller"`
	Buyer       Party      `json:"customer"`
	Corrects    *Reference `json:"corrects,omitempty"`
	CreditNote  *Reference `json:"credit_note,omitempty"`
	DocumentID  *string    `json:"document_id"`
	CreatedAt   wire.Time  `json:"created_at"`
	UpdatedAt   wire.Time  `json:"updated_at"`
	FinalizedAt *wire.Time `json:"finalized_at"`

	seller Seller // the full seller (bank details, logo) for the PDF and XML
}
