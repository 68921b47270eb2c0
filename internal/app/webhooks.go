package app

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/egress"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/webhooks"
)

// webhookWorkers is how many deliveries one process sends at once, on their
// own River queue so that they never wait behind renders.
const webhookWorkers = 10

// webhooksAllowed refuses webhooks to an account whose plan has none.
func (a *App) webhooksAllowed(ctx context.Context, accountID string) error {
	p, err := a.Plans.Of(ctx, accountID)
	if err != nil {
		return err
	}
	if !p.Webhooks {
		return errs.New(errs.Forbidden, "webhooks are not available on the %s plan: upgrade to a plan with webhooks (pro and above by default)", p.Name)
	}
	return nil
}

// openWebhooks builds the webhooks service (the documents' event listener)
// and registers its workers on the job queue (call after openJobs and
// openPlans, before the queue is first used).
func (a *App) openWebhooks() error {
	policy, err := egress.ParsePolicy(a.Config.EgressAllow)
	if err != nil {
		return fmt.Errorf("config: egress-allow: %w", err)
	}
	a.Webhooks = webhooks.New(webhooks.Deps{
		Store: a.Store, Egress: policy, Queue: a.Jobs,
		Link: func(d *store.Document) string {
			link, _ := a.Signer.URL(d.BlobKey, d.Filename)
			return link
		},
		Schedule: a.Config.WebhookRetrySchedule, DisableAfter: a.Config.WebhookDisableAfter,
		Timeout: a.Config.WebhookTimeout, Logger: a.Logger, Metrics: a.Metrics,
		SignatureHeader: a.Config.WebhookSignatureHeader,
		Allowed:         a.webhooksAllowed,
	})
	if err := a.Jobs.Register(a.Webhooks.Register); err != nil {
		return err
	}
	if err := a.Jobs.AddQueue(webhooks.QueueName, webhookWorkers); err != nil {
		return err
	}
	return a.Jobs.AddPeriodic("webhook_prune", time.Hour, func() river.JobArgs { return webhooks.PruneArgs{} })
}
