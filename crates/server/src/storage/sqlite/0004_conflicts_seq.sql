-- A pull asks whether any conflict was recorded after its cursor before it looks up each
-- record's conflicts (most pages have none): that question walks this index, not the table.
CREATE INDEX conflicts_seq ON conflicts (seq);
