-- Events: the events themselves, their programme sessions, price tiers, registrations and
-- door check-ins. All five sync like the dues tables: same bookkeeping columns (version,
-- synced_version, tombstone) and no foreign keys (a pull may bring a registration before its
-- event when pages split; the server is the referee). Flags are INTEGER 0/1 because the wire
-- schema carries integers, not booleans.

CREATE TABLE events (
    id             TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL,              -- general_assembly | national | thematic | regional
    title          TEXT NOT NULL,
    city           TEXT NOT NULL,
    country        TEXT NOT NULL,              -- ISO 3166-1 alpha-2
    venue          TEXT NOT NULL,
    starts_on      TEXT NOT NULL,              -- YYYY-MM-DD
    ends_on        TEXT NOT NULL,              -- YYYY-MM-DD, inclusive
    capacity       INTEGER,                    -- NULL = no limit
    status         TEXT NOT NULL,              -- draft | open | closed | held | cancelled
    organisers     TEXT NOT NULL DEFAULT '[]', -- JSON list of server usernames
    notes          TEXT NOT NULL DEFAULT '',
    sort_key       TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX events_starts ON events (starts_on);

CREATE TABLE event_sessions (
    id             TEXT PRIMARY KEY NOT NULL,
    event_id       TEXT NOT NULL,
    title          TEXT NOT NULL,
    starts_at      TEXT NOT NULL,              -- YYYY-MM-DDTHH:MM, local time of the venue
    ends_at        TEXT NOT NULL,
    room           TEXT NOT NULL,
    speakers       TEXT NOT NULL DEFAULT '[]', -- JSON list of names
    sort_key       TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    synced_version INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

CREATE TABLE price_tiers (
    id                TEXT PRIMARY KEY NOT NULL,
    event_id          TEXT NOT NULL,
    tier              TEXT NOT NULL,           -- member | associate | non_member | speaker
    price_cents       INTEGER NOT NULL,
    early_price_cents INTEGER,                 -- NULL = no early-bird price
    early_until       TEXT,                    -- YYYY-MM-DD, last day of the early-bird price
    sort_key          TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    synced_version    INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
);
CREATE INDEX price_tiers_event ON price_tiers (event_id, tier);

CREATE TABLE registrations (
    id                TEXT PRIMARY KEY NOT NULL,
    event_id          TEXT NOT NULL,
    person_id         TEXT,                    -- the contact, when known
    first_name        TEXT NOT NULL,           -- snapshot at registration (badge and door)
    last_name         TEXT NOT NULL,
    function          TEXT NOT NULL,
    organisation_id   TEXT,
    organisation_name TEXT NOT NULL,
    country           TEXT NOT NULL,
    tier              TEXT NOT NULL,
    price_cents       INTEGER NOT NULL,        -- snapshot of the price owed
    tier_reason       TEXT NOT NULL DEFAULT '',-- why the tier was overridden; '' = chosen automatically
    dues_unpaid       INTEGER NOT NULL DEFAULT 0,
    payment           TEXT NOT NULL,           -- unpaid | paid | waived | refunded
    diet              TEXT NOT NULL DEFAULT '',
    access            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,           -- registered | waitlisted | cancelled
    badge_code        TEXT NOT NULL,           -- random, unguessable (Crockford base32)
    registered_at     TEXT NOT NULL,           -- ISO 8601 UTC: waitlist order
    walk_in           INTEGER NOT NULL DEFAULT 0,
    proxy_for         TEXT,                    -- member organisation this person represents (quorum)
    sort_key          TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    synced_version    INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
);
-- The door looks a badge up by its code: one index probe among 50,000 registrations.
-- Not UNIQUE: codes are 100 random bits, and a pulled page must never fail on one.
CREATE INDEX registrations_badge ON registrations (badge_code);
CREATE INDEX registrations_event ON registrations (event_id, status, registered_at);
CREATE INDEX registrations_event_name ON registrations (event_id, sort_key);
-- The door's counters read these two alone (covering, live rows only), not 50,000 rows.
CREATE INDEX registrations_event_tier ON registrations (event_id, tier, status) WHERE deleted_at IS NULL;

CREATE TABLE check_ins (
    id              TEXT PRIMARY KEY NOT NULL, -- also the idempotency nonce of the fact
    event_id        TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    device          TEXT NOT NULL,             -- the laptop's name at the door, e.g. "Door 2"
    device_id       TEXT NOT NULL,
    scanned_at      TEXT NOT NULL,             -- ISO 8601 UTC
    user            TEXT NOT NULL,
    offline         INTEGER NOT NULL DEFAULT 0,
    session_id      TEXT,                      -- a programme session; NULL = the event's door
    sort_key        TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    synced_version  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX check_ins_registration ON check_ins (registration_id, scanned_at);
CREATE INDEX check_ins_event ON check_ins (event_id, device_id, scanned_at);
CREATE INDEX check_ins_event_live ON check_ins (event_id, registration_id) WHERE deleted_at IS NULL AND session_id IS NULL;
CREATE INDEX check_ins_session ON check_ins (session_id, registration_id) WHERE deleted_at IS NULL;
