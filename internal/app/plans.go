package app

import (
	"fmt"

	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/plans"
	"github.com/quirehq/quire/internal/usage"
)

// openPlans builds the plan catalog, usage metering and billing, and hooks
// them into accounts and documents.
func (a *App) openPlans() error {
	catalog, err := plans.Parse(a.Config.Plans)
	if err != nil {
		return err
	}
	if _, ok := catalog.Get(a.Config.DefaultPlan); !ok {
		return fmt.Errorf("config: default-plan %q is not a plan (%v)", a.Config.DefaultPlan, catalog.Names())
	}
	a.Plans = &plans.Service{Store: a.Store, Catalog: catalog}
	a.Usage = &usage.Service{Store: a.Store, Plans: a.Plans, SandboxDaily: a.Config.SandboxDailyLimit}
	a.Billing = &billing.Service{Store: a.Store, Plans: a.Plans, Usage: a.Usage}
	a.Accounts.DefaultPlan = a.Config.DefaultPlan
	a.Documents.Meter = a.Usage
	return nil
}
