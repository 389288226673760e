-- Contacts and organisations get a search index of their own (issue #5: search over 100,000
-- people). One shared index made every list search join each hit to `search_rows` to learn
-- its entity, and fetch and sort every hit to find the first page by name.
--
-- `{entity}_search` holds one row per live record: an integer `key`, the FTS rowid, which
-- the app keeps in the list's order by name (`search/order.rs`: FTS5 yields hits in rowid
-- order, so a page by name is the first hits, with no sort), the record's id, its list sort
-- key (kept equal to the table's `sort_key`) and its folded words, space separated with a
-- space at both ends so that `words LIKE '% mar%'` means "a word starts with mar", exactly
-- what the FTS query `"mar"*` means. The FTS tables index those words (external content, so
-- the text is stored once) with one- to three-letter prefix indexes: a letter typed in the
-- search box is one doclist to count, not a merge of every word that starts with it. No
-- column sizes (`columnsize = 0`): they serve ranking, which lists do not use, and each
-- write would update them at its key's place in name order.
--
-- The rows are filled by the app right after this migration, from the records, with the same
-- code that keeps them current (`search::rebuild_pending`): SQL alone cannot cut text into
-- words as the app does. The pending entities are listed in `search_rebuilds` until then.

CREATE TABLE person_search (
    key      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    sort_key TEXT NOT NULL,
    words    TEXT NOT NULL
);
CREATE INDEX person_search_order ON person_search (sort_key, id);
CREATE VIRTUAL TABLE person_fts USING fts5 (
    words,
    content = 'person_search',
    content_rowid = 'key',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TABLE organisation_search (
    key      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    sort_key TEXT NOT NULL,
    words    TEXT NOT NULL
);
CREATE INDEX organisation_search_order ON organisation_search (sort_key, id);
CREATE VIRTUAL TABLE organisation_fts USING fts5 (
    words,
    content = 'organisation_search',
    content_rowid = 'key',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TABLE search_rebuilds (
    entity TEXT PRIMARY KEY NOT NULL
);
INSERT INTO search_rebuilds (entity) VALUES ('person'), ('organisation');

-- The shared index keeps best practices only. It is remade rather than emptied row by row:
-- faster, and no fragment of the moved text lingers in its segments (see `crate::gdpr`).
CREATE TEMP TABLE kept_search AS
    SELECT r.rowid AS rowid, s.text AS text
    FROM search_rows r JOIN search_index s ON s.rowid = r.rowid
    WHERE r.entity NOT IN ('person', 'organisation');
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    text,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO search_index (rowid, text) SELECT rowid, text FROM kept_search;
DELETE FROM search_rows WHERE entity IN ('person', 'organisation');
DROP TABLE kept_search;
