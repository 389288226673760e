-- The member directory: organisations (with their membership), people, the mutation log,
-- the outbox that sync pushes from, local settings and the full-text search index.

CREATE TABLE organisations (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    sort_key          TEXT NOT NULL,            -- folded name: sorts "Á Coruña" with the A's
    kind              TEXT NOT NULL,
    country           TEXT NOT NULL,
    subdivision       TEXT NOT NULL DEFAULT '',
    population        INTEGER CHECK (population IS NULL OR population >= 0),
    population_year   INTEGER,
    population_source TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    website           TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    languages         TEXT NOT NULL DEFAULT '[]', -- JSON array of ISO 639-1 codes
    notes             TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL,            -- membership: full | associate | none
    status            TEXT NOT NULL,            -- membership: applicant | active | lapsed | suspended | resigned
    joined_on         TEXT,
    left_on           TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT                      -- tombstone: soft delete, so deletes sync
);
CREATE INDEX organisations_live_sort ON organisations (deleted_at, sort_key);
CREATE INDEX organisations_country ON organisations (country, sort_key);

CREATE TABLE people (
    id              TEXT PRIMARY KEY NOT NULL,
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    sort_key        TEXT NOT NULL,              -- folded "last first"
    function        TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    emails          TEXT NOT NULL DEFAULT '[]',
    phones          TEXT NOT NULL DEFAULT '[]',
    languages       TEXT NOT NULL DEFAULT '[]',
    notes           TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX people_live_sort ON people (deleted_at, sort_key);
CREATE INDEX people_organisation ON people (organisation_id);

-- Every write, local or (later) pulled from the server: the audit trail and history.
CREATE TABLE mutations (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    id        TEXT NOT NULL UNIQUE,             -- UUIDv7 made on the device
    name      TEXT NOT NULL,                    -- e.g. UpdateOrganisation
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    args      TEXT NOT NULL,                    -- JSON arguments, as pushed to the server
    changes   TEXT NOT NULL,                    -- JSON [{field, before, after}]
    undoes    TEXT,                             -- id of the mutation this one takes back
    actor     TEXT NOT NULL,
    device    TEXT NOT NULL,
    at        TEXT NOT NULL,
    origin    TEXT NOT NULL CHECK (origin IN ('local', 'remote'))
);
CREATE INDEX mutations_entity ON mutations (entity, entity_id, seq);

-- Local mutations not yet acknowledged by the server, in push order.
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY,          -- mutations.seq: increasing per device
    mutation_id   TEXT NOT NULL UNIQUE REFERENCES mutations (id),
    base_versions TEXT NOT NULL                 -- JSON {field: row version the edit was based on}
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Text is folded in Rust (case, accents, ligatures) before it is indexed or searched.
-- `search_rows` maps an FTS rowid to its record, so a record's entry is replaced by key.
CREATE TABLE search_rows (
    rowid     INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    UNIQUE (entity, entity_id)
);
CREATE VIRTUAL TABLE search_index USING fts5 (
    text,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
