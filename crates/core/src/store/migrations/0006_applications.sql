-- Membership applications and their review: the application (applicant organisation and
-- contact, requested category, motivation, attachment descriptions, the review criteria in
-- force when it was recorded, declared conflicts of interest, status and decision), the
-- assignment of committee seats as reviewers, and one review per assignment (its id is the
-- assignment's). All three sync like the dues tables: same bookkeeping columns, no foreign
-- keys (a pull may bring a review before its application when pages split).

CREATE TABLE applications (
    id                 TEXT PRIMARY KEY NOT NULL,
    organisation_id    TEXT,                     -- the existing applicant, or the member made on approval
    organisation_name  TEXT NOT NULL,
    kind               TEXT NOT NULL,            -- an organisation kind (city, region, ...)
    country            TEXT NOT NULL,            -- ISO 3166-1 alpha-2
    population         INTEGER,
    contact_first_name TEXT NOT NULL,
    contact_last_name  TEXT NOT NULL,
    contact_function   TEXT NOT NULL,
    contact_email      TEXT NOT NULL,
    contact_person_id  TEXT,                     -- the contact made on approval
    category           TEXT NOT NULL,            -- full | associate
    motivation         TEXT NOT NULL,
    attachments        TEXT NOT NULL,            -- JSON array of JSON texts {name, size, sha256}
    criteria           TEXT NOT NULL,            -- JSON array of criterion names
    declared_conflicts TEXT NOT NULL,            -- JSON array of JSON texts {seat_id, reason}
    status             TEXT NOT NULL,            -- received | under_review | approved | rejected | withdrawn
    received_on        TEXT NOT NULL,            -- YYYY-MM-DD
    decided_on         TEXT,                     -- YYYY-MM-DD
    decision_note      TEXT NOT NULL,
    sort_key           TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    synced_version     INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX applications_status ON applications (status, received_on);

CREATE TABLE review_assignments (
    id              TEXT PRIMARY KEY NOT NULL,
    application_id  TEXT NOT NULL,
    seat_id         TEXT NOT NULL,
    reviewer        TEXT,                        -- the seat's server account when assigned
    assigned_on     TEXT NOT NULL,               -- YYYY-MM-DD
    sort_key        TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    synced_version  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX review_assignments_application ON review_assignments (application_id);
CREATE INDEX review_assignments_seat ON review_assignments (seat_id);

CREATE TABLE reviews (
    id              TEXT PRIMARY KEY NOT NULL,   -- = the assignment's id: one review per assignment
    application_id  TEXT NOT NULL,
    seat_id         TEXT NOT NULL,
    reviewer        TEXT,
    scores          TEXT NOT NULL,               -- JSON object {criterion: 1..5} in a text
    recommendation  TEXT,                        -- approve | reject | abstain
    comment         TEXT NOT NULL,
    status          TEXT NOT NULL,               -- draft | submitted
    submitted_at    TEXT,
    sort_key        TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    synced_version  INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE INDEX reviews_application ON reviews (application_id);

-- Attached files this laptop has sent to the server, or received from it (local only: each
-- laptop uploads what it kept and nothing twice).
CREATE TABLE uploaded_files (
    sha256 TEXT PRIMARY KEY NOT NULL
);
