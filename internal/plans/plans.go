// Package plans defines what each plan allows — documents per month,
// retention, requests per minute, API access — and moves accounts between
// plans. The catalog comes from configuration (QUIRE_PLANS) over built-in
// defaults; it knows no HTTP and no billing provider.
package plans

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// Names of the built-in plans.
const (
	Free       = "free"
	Starter    = "starter"
	Pro        = "pro"
	Business   = "business"
	Enterprise = "enterprise"
)

// Plan is what an account on it may do. Zero limits mean unlimited.
type Plan struct {
	Name             string `json:"-"`
	MonthlyDocuments int    `json:"monthly_documents"` // live documents per calendar month (UTC); 0 = unlimited
	RetentionDays    int    `json:"retention_days"`    // how long documents are kept; 0 = unlimited (QUIRE_RETENTION caps it when set)
	RateLimit        int    `json:"rate_limit"`        // requests per minute per API key; 0 = unlimited
	APIAccess        bool   `json:"api_access"`        // false: the account's API keys are deactivated
	Webhooks         bool   `json:"webhooks"`          // webhook endpoints and per-request webhook_url (Pro and above, as the reference)
	StripePrice      string `json:"stripe_price"`      // Stripe price id that checkout subscribes to; "" = not for sale
}

// Unlimited reports whether the plan has no monthly document limit.
func (p Plan) Unlimited() bool { return p.MonthlyDocuments <= 0 }

// Retention is how long documents are kept; 0 = unlimited.
func (p Plan) Retention() time.Duration {
	return time.Duration(p.RetentionDays) * 24 * time.Hour
}

// defaults follow the reference API: its retention table, its Pro limit of
// 2,500 documents a month, and DokJet's 50 free documents.
func defaults() map[string]Plan {
	return map[string]Plan{
		Free:       {MonthlyDocuments: 50, RetentionDays: 7, RateLimit: 60, APIAccess: true},
		Starter:    {MonthlyDocuments: 500, RetentionDays: 30, RateLimit: 120, APIAccess: true},
		Pro:        {MonthlyDocuments: 2500, RetentionDays: 90, RateLimit: 300, APIAccess: true, Webhooks: true},
		Business:   {MonthlyDocuments: 10000, RetentionDays: 365, RateLimit: 600, APIAccess: true, Webhooks: true},
		Enterprise: {MonthlyDocuments: 0, RetentionDays: 0, RateLimit: 6000, APIAccess: true, Webhooks: true},
	}
}

// Catalog is the set of plans accounts can be on.
type Catalog struct {
	byName map[string]Plan
}

// Defaults returns the built-in catalog.
func Defaults() *Catalog {
	c, _ := Parse("")
	return c
}

// Parse builds the catalog from the built-in plans overridden by spec: a
// JSON object of plan name → fields, given inline or as "@/path/to/file".
// Fields left out keep their default; new names add plans (with API access
// unless they say otherwise). For example:
//
//	{"free": {"monthly_documents": 100}, "team": {"monthly_documents": 5000, "retention_days": 60, "rate_limit": 300}}
func Parse(spec string) (*Catalog, error) {
	byName := defaults()
	spec = strings.TrimSpace(spec)
	if path, ok := strings.CutPrefix(spec, "@"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("plans: %w", err)
		}
		spec = string(b)
	}
	if spec != "" {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(spec), &raw); err != nil {
			return nil, fmt.Errorf("plans: not a JSON object of plans: %w", err)
		}
		for name, fields := range raw {
			key := strings.ToLower(strings.TrimSpace(name))
			p, ok := byName[key]
			if !ok {
				p = Plan{APIAccess: true}
			}
			dec := json.NewDecoder(strings.NewReader(string(fields)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&p); err != nil {
				return nil, fmt.Errorf("plans: plan %q: %w", name, err)
			}
			if key == "" || p.MonthlyDocuments < 0 || p.RetentionDays < 0 || p.RateLimit < 0 {
				return nil, fmt.Errorf("plans: plan %q: a name is required and limits must not be negative", name)
			}
			byName[key] = p
		}
	}
	for name, p := range byName {
		p.Name = name
		byName[name] = p
	}
	return &Catalog{byName: byName}, nil
}

// Get returns the named plan.
func (c *Catalog) Get(name string) (Plan, bool) {
	p, ok := c.byName[strings.ToLower(name)]
	return p, ok
}

// Names lists the plans, sorted.
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.byName))
	for n := range c.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ByStripePrice finds the plan a Stripe price subscribes to.
func (c *Catalog) ByStripePrice(price string) (Plan, bool) {
	if price == "" {
		return Plan{}, false
	}
	for _, p := range c.byName {
		if p.StripePrice == price {
			return p, true
		}
	}
	return Plan{}, false
}
