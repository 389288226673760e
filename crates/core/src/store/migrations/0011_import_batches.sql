-- Which records a batch mutation (`ImportOrganisations`, `ImportPeople`: one log row and one
-- outbox row for up to a thousand created records) created, so that a record's History, its
-- GDPR erasure and a refused push find the batch that holds its values. A record written by
-- ordinary mutations is found by `mutations.entity_id` and has no row here.
CREATE TABLE batch_records (
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    mutation_seq INTEGER NOT NULL,                -- mutations.seq of the batch
    PRIMARY KEY (entity, entity_id, mutation_seq)
) WITHOUT ROWID;

-- How many changes an outbox row stands for: a batch counts each record it creates, so the
-- status bar's "changes waiting" means the same before and after an import is sent.
ALTER TABLE outbox ADD COLUMN records INTEGER NOT NULL DEFAULT 1;
