package billing

// Stripe is the Stripe side of billing (see stripe_*.go).
type Stripe struct{}
