-- +goose Up
-- Invoicing: an account's customers, its invoices and credit notes (their
-- positions and parties are a JSON body owned by the invoices service), the
-- per-account, per-year numbering with no gaps, and the seller settings.
CREATE TABLE customers (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    address_line1  TEXT NOT NULL DEFAULT '',
    address_line2  TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    vat_id         TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX customers_account ON customers (account_id, created_at);

CREATE TABLE invoices (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    type_code     TEXT NOT NULL,
    status        TEXT NOT NULL,
    number        TEXT NOT NULL DEFAULT '',
    invoice_date  TEXT NOT NULL,
    currency      TEXT NOT NULL,
    body          TEXT NOT NULL,
    preceding_id  TEXT NOT NULL DEFAULT '',
    document_id   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    finalized_at  TIMESTAMPTZ
);
CREATE INDEX invoices_account ON invoices (account_id, created_at);
CREATE UNIQUE INDEX invoices_number ON invoices (account_id, number) WHERE number <> '';

CREATE TABLE invoice_sequences (
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    last_number  INTEGER NOT NULL,
    PRIMARY KEY (account_id, year)
);

CREATE TABLE invoice_sellers (
    account_id  TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE invoice_sellers;
DROP TABLE invoice_sequences;
DROP TABLE invoices;
DROP TABLE customers;
