-- +goose Up
-- The retention sweep looks for completed documents past their expiry.
CREATE INDEX documents_status_expires ON documents (status, expires_at);

-- First answers to requests sent with an Idempotency-Key, per account.
-- status 0 means the first request is still running.
CREATE TABLE idempotency_keys (
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    status        INTEGER NOT NULL DEFAULT 0,
    content_type  TEXT NOT NULL DEFAULT '',
    body          BYTEA NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP INDEX documents_status_expires;
