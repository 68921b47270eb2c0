-- +goose Up
-- One row per document made, counted for /v1/usage and the quotas.
-- document_id is not a foreign key: usage outlives deleted documents.
CREATE TABLE usage_events (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document_id  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,
    mode         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX usage_events_account_mode_created ON usage_events (account_id, mode, created_at);

-- A document being made holds one unit of its account's quota until it is
-- recorded (the hold becomes a usage event) or fails (the hold is dropped).
CREATE TABLE usage_holds (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mode        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX usage_holds_account_mode_created ON usage_holds (account_id, mode, created_at);

-- +goose Down
DROP TABLE usage_holds;
DROP TABLE usage_events;
