-- +goose Up
-- Times are timestamptz (UTC, microseconds); Template.fields is jsonb.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    plan        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    mode          TEXT NOT NULL DEFAULT '',
    prefix        TEXT NOT NULL DEFAULT '',
    hash          TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_keys_account_id ON api_keys (account_id);

CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    type        TEXT NOT NULL,
    fields      JSONB NOT NULL DEFAULT '[]',
    blob_key    TEXT NOT NULL DEFAULT '',
    size_bytes  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX templates_account_id ON templates (account_id);
CREATE INDEX templates_created_at ON templates (created_at);

-- template_id is deliberately not a foreign key: documents outlive deleted
-- templates and keep the copied template_name.
CREATE TABLE documents (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    template_id    TEXT NOT NULL DEFAULT '',
    template_name  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    content_type   TEXT NOT NULL DEFAULT '',
    blob_key       TEXT NOT NULL DEFAULT '',
    mode           TEXT NOT NULL DEFAULT '',
    size_bytes     BIGINT NOT NULL DEFAULT 0,
    pages          INTEGER,
    error_code     TEXT NOT NULL DEFAULT '',
    error_message  TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ
);
CREATE INDEX documents_account_created ON documents (account_id, created_at);
CREATE INDEX documents_account_status ON documents (account_id, status);
CREATE INDEX documents_account_template ON documents (account_id, template_id);
CREATE INDEX documents_expires_at ON documents (expires_at);

-- +goose Down
DROP TABLE documents;
DROP TABLE templates;
DROP TABLE api_keys;
DROP TABLE accounts;
