-- +goose Up
-- Why keys were deactivated by a plan change (they are revoked too), so
-- that a request with one is told why.
CREATE TABLE IF NOT EXISTS api_key_deactivations (
    key_id      TEXT PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The Stripe side of an account, when billing is on.
CREATE TABLE IF NOT EXISTS account_billing (
    account_id              TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    stripe_customer_id      TEXT NOT NULL DEFAULT '',
    stripe_subscription_id  TEXT NOT NULL DEFAULT '',
    subscription_status     TEXT NOT NULL DEFAULT '',
    period_end              INTEGER,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS account_billing_customer ON account_billing (stripe_customer_id);

-- +goose Down
DROP TABLE account_billing;
DROP TABLE api_key_deactivations;
