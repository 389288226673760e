-- The committee's row-level scope (scope/review.rs) asks, for every application row a
-- reviewer's pull looks at, whether the reviewer holds an assignment to it, and for every
-- review whether the reviewer submitted their own: these partial indexes on the JSON fields
-- answer that without reading every assignment and review.
CREATE INDEX records_review_assignment_reviewer ON records (json_extract(fields, '$.application_id'), json_extract(fields, '$.reviewer'))
    WHERE entity = 'review_assignment';
CREATE INDEX records_review_reviewer ON records (json_extract(fields, '$.application_id'), json_extract(fields, '$.reviewer'))
    WHERE entity = 'review';
