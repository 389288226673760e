-- Sync with the central server: the server version each record was last seen at (what
-- local edits are based on, so the server can tell a stale edit), how far this device has
-- pulled (per scope), the conflicts the server recorded, and a log of sync runs.

ALTER TABLE organisations ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN synced_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_cursors (
    scope            TEXT PRIMARY KEY NOT NULL,   -- 'all' until scopes split the pull
    cursor           INTEGER NOT NULL,
    last_mutation_id INTEGER NOT NULL DEFAULT 0,  -- the server's ack of this device's mutations
    synced_at        TEXT NOT NULL
);

-- A value overwritten on the server by a write that had not seen it; the secretariat
-- resolves it (keep mine, keep theirs, edit) on the Conflicts screen.
CREATE TABLE conflicts (
    id             TEXT PRIMARY KEY NOT NULL,     -- the server's id: each conflict is stored once
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    field          TEXT NOT NULL,
    overwritten    TEXT NOT NULL,                 -- JSON
    overwritten_by TEXT NOT NULL,
    value          TEXT NOT NULL,                 -- JSON
    by             TEXT NOT NULL,
    at             TEXT NOT NULL,
    resolved_at    TEXT
);
CREATE INDEX conflicts_open ON conflicts (resolved_at, at);

CREATE TABLE sync_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    level   TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
    message TEXT NOT NULL
);
