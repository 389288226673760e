-- How a sync conflict was resolved, as a synced record whose id is the conflict's: one
-- laptop's choice closes the conflict on every laptop (the conflicts table itself is each
-- device's copy of what the server reported).

CREATE TABLE conflict_resolutions (
    id             TEXT PRIMARY KEY NOT NULL,    -- the conflict's id
    choice         TEXT NOT NULL,                -- kept (the current value) | restored (the overwritten one)
    sort_key       TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
