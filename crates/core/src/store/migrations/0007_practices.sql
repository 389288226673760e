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
