-- The knowledge area (migration 0007): best practices, the e-bulletin list (consent on each
-- person), e-bulletin sending (issues and their per-recipient delivery rows), publications and grants.

-- Best practices: the association's database of cultural-cooperation and territorial-development
-- practices. Syncs like the other tables: same bookkeeping columns, no foreign keys (a pull may
-- bring a practice before its organisation; the server is the referee).

CREATE TABLE best_practices (
    id               TEXT PRIMARY KEY NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',   -- Markdown, rendered and sanitised in Rust
    place            TEXT NOT NULL DEFAULT '',   -- the city or region
    country          TEXT NOT NULL,              -- ISO 3166-1 alpha-2
    organisation_id  TEXT,                       -- the member or partner it comes from, if any
    themes           TEXT NOT NULL DEFAULT '[]', -- JSON array of theme codes (the vocabulary)
    tags             TEXT NOT NULL DEFAULT '[]', -- JSON array of free tags
    period_start     INTEGER,                    -- first year
    period_end       INTEGER,                    -- last year; NULL = still running
    links            TEXT NOT NULL DEFAULT '[]', -- JSON array of http(s) addresses
    event            TEXT NOT NULL DEFAULT '',   -- where it was presented (free text or an event id)
    sort_key         TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    synced_version   INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX best_practices_sort ON best_practices (sort_key);
CREATE INDEX best_practices_country ON best_practices (country);
CREATE INDEX best_practices_organisation ON best_practices (organisation_id);

-- E-bulletin consent, kept on the person so it syncs with the contact (an update writes only
-- the fields it names, so editing a contact never touches these). A person is subscribed
-- when consent was recorded and no unsubscribe came after it.
ALTER TABLE people ADD COLUMN bulletin_consent_at TEXT;       -- ISO 8601 UTC, when consent was given
ALTER TABLE people ADD COLUMN bulletin_consent_how TEXT;      -- how: "form at the Porto conference", "reply to an e-mail"…
ALTER TABLE people ADD COLUMN bulletin_unsubscribed_at TEXT;  -- ISO 8601 UTC; NULL while subscribed
ALTER TABLE people ADD COLUMN bulletin_token TEXT;            -- random, unguessable: names the person in unsubscribe links

-- E-bulletin issues and their sending. Local to the laptop that sends (not synced): the
-- delivery rows are the memory that keeps a resumed send from mailing anyone twice.
CREATE TABLE bulletin_issues (
    id          TEXT PRIMARY KEY NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',           -- Markdown
    state       TEXT NOT NULL DEFAULT 'draft',      -- draft | queued | sent
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    queued_at   TEXT,
    finished_at TEXT
);

CREATE TABLE bulletin_deliveries (
    issue_id    TEXT NOT NULL REFERENCES bulletin_issues (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,                      -- lower case: one message per address
    person_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    token       TEXT NOT NULL,
    position    INTEGER NOT NULL,                   -- sending order
    status      TEXT NOT NULL DEFAULT 'pending',    -- pending | sending | sent | failed | uncertain | skipped
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     TEXT,
    PRIMARY KEY (issue_id, email)
);
CREATE INDEX bulletin_deliveries_status ON bulletin_deliveries (issue_id, status, position);

-- Publications: conference reports (linked to their event), position papers, e-bulletin
-- issues. Synced; `files` lists the attached files by the name they are kept under in the
-- `attachments` folder beside the store (the files themselves stay on the laptop that
-- attached them: files do not sync yet).
CREATE TABLE publications (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL,              -- conference_report | position_paper | bulletin_issue | other
    title            TEXT NOT NULL,
    published_on     TEXT,                       -- YYYY-MM-DD
    event            TEXT NOT NULL DEFAULT '',   -- the event it reports on (free text or an event id)
    summary          TEXT NOT NULL DEFAULT '',
    files            TEXT NOT NULL DEFAULT '[]', -- JSON array of stored file names
    sort_key         TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    synced_version   INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX publications_sort ON publications (sort_key);

-- Grants from funders (the European Commission, ministries, arts councils): money in euro
-- cents, the reporting deadline and when the report went in. Synced.
CREATE TABLE grants (
    id                  TEXT PRIMARY KEY NOT NULL,
    funder_id           TEXT,                    -- an organisation (kind funder), if recorded
    funder_name         TEXT NOT NULL,
    year                INTEGER NOT NULL,
    amount_cents        INTEGER,
    programme           TEXT NOT NULL DEFAULT '',
    purpose             TEXT NOT NULL DEFAULT '',
    reporting_deadline  TEXT,                    -- YYYY-MM-DD
    reported_on         TEXT,                    -- YYYY-MM-DD; NULL while the report is due
    notes               TEXT NOT NULL DEFAULT '',
    sort_key            TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    synced_version      INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
);
CREATE INDEX grants_deadline ON grants (reporting_deadline);
