package sqlstore

import (
	"context"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func (s *Store) SetAccountPlan(ctx context.Context, accountID, plan string) error {
	return s.execOne(ctx, `UPDATE accounts SET plan = $2 WHERE id = $1`, accountID, plan)
}

// DeactivateAPIKeys records the reason first, for exactly the keys it then
// revokes, in one transaction.
func (s *Store) DeactivateAPIKeys(ctx context.Context, accountID, reason string, at time.Time) (int, error) {
	var n int64
	err := s.InTx(ctx, func(txs store.Store) error {
		tx := txs.(*Store)
		if _, err := tx.q.Exec(ctx,
			`INSERT INTO api_key_deactivations (key_id, account_id, reason, created_at)
			 SELECT id, account_id, $2, $3 FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL
			 ON CONFLICT (key_id) DO NOTHING`,
			accountID, reason, tx.timeArg(at)); err != nil {
			return tx.mapErr(err)
		}
		var err error
		n, err = tx.q.Exec(ctx, `UPDATE api_keys SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
			accountID, tx.timeArg(at))
		return tx.mapErr(err)
	})
	return int(n), err
}

func (s *Store) APIKeyDeactivation(ctx context.Context, keyID string) (string, error) {
	var reason string
	err := s.q.QueryRow(ctx, `SELECT reason FROM api_key_deactivations WHERE key_id = $1`, keyID).Scan(&reason)
	return reason, s.mapErr(err)
}

const billingColumns = `account_id, stripe_customer_id, stripe_subscription_id, subscription_status, period_end, updated_at`

func (s *Store) AccountBilling(ctx context.Context, accountID string) (*store.AccountBilling, error) {
	var b store.AccountBilling
	var end optTime
	err := s.q.QueryRow(ctx, `SELECT `+billingColumns+` FROM account_billing WHERE account_id = $1`, accountID).
		Scan(&b.AccountID, &b.StripeCustomerID, &b.StripeSubscriptionID, &b.SubscriptionStatus, end.dest(), scanTime(&b.UpdatedAt))
	if err != nil {
		return nil, s.mapErr(err)
	}
	b.PeriodEnd = end.ptr()
	return &b, nil
}

func (s *Store) SaveAccountBilling(ctx context.Context, b *store.AccountBilling) error {
	if b.UpdatedAt.IsZero() {
		b.UpdatedAt = nowUTC()
	}
	b.UpdatedAt = normTime(b.UpdatedAt)
	_, err := s.q.Exec(ctx,
		`INSERT INTO account_billing (`+billingColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
		 ON CONFLICT (account_id) DO UPDATE SET stripe_customer_id = excluded.stripe_customer_id,
		   stripe_subscription_id = excluded.stripe_subscription_id, subscription_status = excluded.subscription_status,
		   period_end = excluded.period_end, updated_at = excluded.updated_at`,
		b.AccountID, b.StripeCustomerID, b.StripeSubscriptionID, b.SubscriptionStatus, s.optTimeArg(b.PeriodEnd), s.timeArg(b.UpdatedAt))
	return s.mapErr(err)
}

func (s *Store) AccountByStripeCustomer(ctx context.Context, customerID string) (*store.Account, error) {
	if customerID == "" {
		return nil, store.ErrNotFound
	}
	return s.oneAccount(ctx,
		`SELECT `+accountColumns+` FROM accounts
		 WHERE id = (SELECT account_id FROM account_billing WHERE stripe_customer_id = $1)`, customerID)
}
