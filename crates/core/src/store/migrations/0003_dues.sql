-- Dues: the fee schedule per year (bands by category and population), one invoice per member
-- per year, and payments against invoices. All three sync like organisations: same
-- bookkeeping columns (version, synced_version, tombstone). No foreign keys: a pull may bring
-- a payment before the invoice it pays when pages split, and the server is the referee.

CREATE TABLE fee_bands (
    id              TEXT PRIMARY KEY NOT NULL,
    year            INTEGER NOT NULL,
    category        TEXT NOT NULL,              -- full | associate
    population_from INTEGER NOT NULL,           -- inclusive
    population_to   INTEGER,                    -- exclusive; NULL = no upper bound
    fee_cents       INTEGER NOT NULL,
    sort_key        TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    synced_version  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX fee_bands_year ON fee_bands (year, category, population_from);

CREATE TABLE invoices (
    id                 TEXT PRIMARY KEY NOT NULL,
    organisation_id    TEXT NOT NULL,
    year               INTEGER NOT NULL,
    provisional_number TEXT NOT NULL,            -- 2027-P-0007: made on a laptop, may repeat across laptops
    number             TEXT,                     -- 2027-0007: final, gapless per year; NULL until assigned
    issued_on          TEXT NOT NULL,
    due_on             TEXT NOT NULL,
    amount_cents       INTEGER NOT NULL,
    band_label         TEXT NOT NULL DEFAULT '',
    why                TEXT NOT NULL DEFAULT '',   -- how the fee was found, as quoted when issued
    sort_key           TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    synced_version     INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX invoices_member_year ON invoices (organisation_id, year);
CREATE INDEX invoices_year_number ON invoices (year, number);

CREATE TABLE payments (
    id             TEXT PRIMARY KEY NOT NULL,
    invoice_id     TEXT NOT NULL,
    paid_on        TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL,
    method         TEXT NOT NULL DEFAULT '',   -- e.g. bank transfer
    reference      TEXT NOT NULL DEFAULT '',   -- e.g. the bank statement line
    sort_key       TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX payments_invoice ON payments (invoice_id);
