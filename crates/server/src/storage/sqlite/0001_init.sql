-- The server store: accounts, tokens, sync clients, current records, the applied-mutation
-- log (its seq is the server commit order that pull cursors count) and conflict records.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('secretariat', 'committee', 'organiser')),
    password_hash TEXT NOT NULL,                -- argon2id PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,   -- in a row; reset by a good login
    locked_until  TEXT,
    created_at    TEXT NOT NULL
);

CREATE TABLE tokens (
    digest     TEXT PRIMARY KEY NOT NULL,       -- SHA-256 of the token: the token itself is never stored
    user_id    INTEGER NOT NULL REFERENCES users (id),
    device_id  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE clients (
    client_id        TEXT PRIMARY KEY NOT NULL,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    last_mutation_id INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid      TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    changes   TEXT NOT NULL,                    -- JSON [{field, before, after}]
    actor     TEXT NOT NULL,
    device    TEXT NOT NULL,
    at        TEXT NOT NULL,                    -- as the device said: shown, never ordered on
    received  TEXT NOT NULL
);
CREATE INDEX log_entity ON log (entity, entity_id, seq);

CREATE TABLE records (
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    fields     TEXT NOT NULL,                   -- JSON object of every field
    field_meta TEXT NOT NULL,                   -- JSON {field: {v, by, client}}: who wrote each field last, at which version
    version    INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    seq        INTEGER NOT NULL,                -- log seq of the last change: pull pages by it
    PRIMARY KEY (entity, id)
);
CREATE INDEX records_seq ON records (seq);

CREATE TABLE conflicts (
    id             TEXT PRIMARY KEY NOT NULL,
    seq            INTEGER NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    field          TEXT NOT NULL,
    overwritten    TEXT NOT NULL,               -- JSON
    overwritten_by TEXT NOT NULL,
    value          TEXT NOT NULL,               -- JSON
    by             TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX conflicts_entity ON conflicts (entity, entity_id, seq);
