-- +goose Up
-- Batches: many documents of one template in one request, run as chunk
-- jobs. An item turns completed (with its document) or failed in the
-- transaction that stores its document, so a retried chunk skips it.
CREATE TABLE batches (
    id                  TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    project_id          TEXT NOT NULL DEFAULT '',
    template_id         TEXT NOT NULL,
    template_name       TEXT NOT NULL DEFAULT '',
    mode                TEXT NOT NULL,
    key_id              TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    output              TEXT NOT NULL,
    total               INTEGER NOT NULL,
    spec                TEXT NOT NULL,
    render_path         TEXT NOT NULL DEFAULT '',
    prints              INTEGER NOT NULL DEFAULT 0,
    result_document_id  TEXT NOT NULL DEFAULT '',
    error_code          TEXT NOT NULL DEFAULT '',
    error_message       TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    completed_at        TIMESTAMPTZ
);
CREATE INDEX batches_account ON batches (account_id, created_at);

CREATE TABLE batch_items (
    batch_id       TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    status         TEXT NOT NULL,
    data           TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    document_id    TEXT NOT NULL DEFAULT '',
    pages          INTEGER,
    error_code     TEXT NOT NULL DEFAULT '',
    error_message  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (batch_id, idx)
);

-- +goose Down
DROP TABLE batch_items;
DROP TABLE batches;
