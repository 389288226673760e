-- GDPR erasures: which records were erased, so that nothing brings their data back (an undo,
-- a late edit from another laptop) and the app can say so. Filled by a local erasure and by
-- a pulled record the server marks erased.
CREATE TABLE erasures (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    erased_at TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
);
