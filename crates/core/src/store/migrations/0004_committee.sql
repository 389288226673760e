-- Committee: seats with a role and a term, held by a person (a contact), optionally linked
-- to a server account. Syncs like the dues tables: same bookkeeping columns, no foreign keys
-- (a pull may bring a seat before its person when pages split; the server is the referee).

CREATE TABLE committee_seats (
    id               TEXT PRIMARY KEY NOT NULL,
    person_id        TEXT NOT NULL,
    role             TEXT NOT NULL,              -- president | vice_president | treasurer | member
    term_start       TEXT NOT NULL,              -- YYYY-MM-DD, first day in office
    term_end         TEXT,                       -- YYYY-MM-DD, last day in office; NULL = open
    account_username TEXT,                       -- the holder's server account, if any
    sort_key         TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    synced_version   INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX committee_seats_person ON committee_seats (person_id);
CREATE INDEX committee_seats_term ON committee_seats (term_start, term_end);
