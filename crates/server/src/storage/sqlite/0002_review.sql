-- The committee's row-level scope (scope/review.rs) asks, for every application row a
-- reviewer's pull looks at, whether the reviewer holds an assignment to it, and for every
-- review whether the reviewer submitted their own: these partial indexes on the JSON fields
-- answer that without reading every assignment and review.
CREATE INDEX records_review_assignment_reviewer ON records (json_extract(fields, '$.application_id'), json_extract(fields, '$.reviewer'))
    WHERE entity = 'review_assignment';
CREATE INDEX records_review_reviewer ON records (json_extract(fields, '$.application_id'), json_extract(fields, '$.reviewer'))
    WHERE entity = 'review';

-- The files attached to applications, by SHA-256: uploaded by the secretariat's laptops,
-- read by the committee members the application is assigned to (scope/review.rs).
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY NOT NULL,
    content     BLOB NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    at          TEXT NOT NULL
);
