-- +goose Up
-- Finished deliveries are pruned by age.
CREATE INDEX webhook_deliveries_status_updated ON webhook_deliveries (status, updated_at);

-- +goose Down
DROP INDEX webhook_deliveries_status_updated;
