-- +goose Up
-- Accounts made before plans existed had no limits; "free" was only a
-- label. They keep no limits: the enterprise plan (unlimited documents;
-- retention from QUIRE_RETENTION as before). Operators move them to other
-- plans with `quire accounts set-plan` or through billing.
UPDATE accounts SET plan = 'enterprise' WHERE plan IN ('', 'free');

-- +goose Down
-- Nothing to undo: the old code ignored plans.
SELECT 1;
