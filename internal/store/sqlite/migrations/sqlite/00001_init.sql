-- +goose Up
-- Times are INTEGER unix microseconds, UTC (see dialect.go).
-- IF NOT EXISTS makes a race between two processes migrating a fresh file
-- harmless: SQLite has no advisory lock for goose to take.
CREATE TABLE IF NOT EXISTS accounts (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    plan        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS api_keys (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    mode          TEXT NOT NULL DEFAULT '',
    prefix        TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    expires_at    INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX IF NOT EXISTS api_keys_account_id ON api_keys (account_id);

CREATE TABLE IF NOT EXISTS templates (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL,
    fields      TEXT NOT NULL DEFAULT '[]',
    blob_key    TEXT NOT NULL DEFAULT '',
    size_bytes  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS templates_account_id ON templates (account_id);
CREATE INDEX IF NOT EXISTS templates_created_at ON templates (created_at);

-- template_id is deliberately not a foreign key: documents outlive deleted
-- templates and keep the copied template_name.
CREATE TABLE IF NOT EXISTS documents (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    template_id    TEXT NOT NULL DEFAULT '',
    template_name  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    content_type   TEXT NOT NULL DEFAULT '',
    blob_key       TEXT NOT NULL DEFAULT '',
    mode           TEXT NOT NULL DEFAULT '',
    size_bytes     INTEGER NOT NULL DEFAULT 0,
    pages          INTEGER,
    error_code     TEXT NOT NULL DEFAULT '',
    error_message  TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    expires_at     INTEGER
);
CREATE INDEX IF NOT EXISTS documents_account_created ON documents (account_id, created_at);
CREATE INDEX IF NOT EXISTS documents_account_status ON documents (account_id, status);
CREATE INDEX IF NOT EXISTS documents_account_template ON documents (account_id, template_id);
CREATE INDEX IF NOT EXISTS documents_expires_at ON documents (expires_at);

-- +goose Down
DROP TABLE documents;
DROP TABLE templates;
DROP TABLE api_keys;
DROP TABLE accounts;
