//! How a list (contacts, organisations) answers a search from its entity's own index: which
//! route finds its page cheapest, and the SQL of each route. Every route finds the same hits
//! in the same order; they differ only in what they read (see the module doc of
//! [`crate::search`]).

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

use super::OwnIndex;
use crate::fold;
use crate::Result;

/// Reading a hit's sort key and sorting it costs about 3/2 of a row walked in name order and
/// tested with LIKE (measured on the network dataset with `crates/bench/examples/plans.rs`).
const HIT_COST: (u64, u64) = (3, 2);
/// A walk gives up after this many times the rows it expects to need: hits that cluster (a
/// surname typed in full: every Martin sits under M) would make it read most of the index.
const WALK_MARGIN: u64 = 3;
/// With other filters, up to this many hits are joined to their records and filtered; above,
/// the filters lead and each of their rows has its words tested.
const FEW_HITS: u32 = 2_000;

/// A search typed in a list's box, against its entity's own index.
#[derive(Debug, Clone)]
pub(crate) struct ListSearch {
    own: OwnIndex,
    fts: String,
    /// One LIKE pattern per typed word: `% word%`, "a word starts with `word`".
    patterns: Vec<String>,
}

/// How a list query with other filters or another sort reads the hits: a FROM clause joining
/// them to the table and conditions to AND with the list's filters.
pub(crate) struct Shape {
    pub from: String,
    pub condition: String,
}

impl ListSearch {
    /// None when nothing searchable was typed.
    pub fn new(own: OwnIndex, input: &str) -> Option<ListSearch> {
        let fts = fold::fts_query(input)?;
        let patterns = fold::words(input).iter().map(|w| format!("% {w}%")).collect();
        Some(ListSearch { own, fts, patterns })
    }

    /// How many live records match: the index holds live records only (deletes unindex).
    pub fn hits(&self, conn: &Connection) -> Result<u32> {
        let fts = self.own.fts;
        Ok(conn.prepare_cached(&format!("SELECT count(*) FROM {fts} WHERE {fts} MATCH ?1"))?.query_row([&self.fts], |r| r.get(0))?)
    }

    /// The ids of one page of the hits in sort-key order (then id ascending, as the lists
    /// break ties), given their number. Dense hits are found by walking the index in order,
    /// a bounded walk; sparse ones, or a walk that ran out, by sorting the hits' keys.
    pub fn page_ids(&self, conn: &Connection, hits: u32, descending: bool, limit: u32, offset: u32) -> Result<Vec<String>> {
        let rows = self.own.rows;
        let wanted = u64::from(offset) + u64::from(limit);
        let records: i64 = conn.prepare_cached(&format!("SELECT coalesce(max(key), 0) FROM {rows}"))?.query_row([], |r| r.get(0))?;
        // The largest key bounds the records: keys are not reused while their record lives.
        let records = u64::try_from(records).unwrap_or(0);
        let expected = wanted.saturating_mul(records) / u64::from(hits.max(1));
        let bound = expected.saturating_mul(WALK_MARGIN);
        if bound.saturating_mul(HIT_COST.1) < u64::from(hits).saturating_mul(HIT_COST.0) {
            let ids = self.walk(conn, bound, descending, limit, offset)?;
            // Complete when the page is full or holds the last hit; otherwise the rows read
            // held too few hits and the walk says nothing about the rest.
            if ids.len() as u64 == u64::from(limit) || u64::from(offset) + ids.len() as u64 == u64::from(hits) {
                return Ok(ids);
            }
        }
        self.sorted_hits(conn, descending, limit, offset)
    }

    /// The page among the hits in the first `bound` rows of the index in sort-key order.
    fn walk(&self, conn: &Connection, bound: u64, descending: bool, limit: u32, offset: u32) -> Result<Vec<String>> {
        let rows = self.own.rows;
        let direction = if descending { "DESC" } else { "ASC" };
        let mut values: Vec<SqlValue> = vec![i64::try_from(bound).unwrap_or(i64::MAX).into()];
        let condition = self.words_condition("s", &mut values);
        values.push(i64::from(limit).into());
        values.push(i64::from(offset).into());
        let n = values.len();
        // The inner LIMIT bounds the rows read; the order within them is the list's.
        let sql = format!(
            "SELECT s.id FROM (SELECT id, sort_key, words FROM {rows} ORDER BY sort_key {direction}, id LIMIT ?1) AS s \
             WHERE {condition} ORDER BY s.sort_key {direction}, s.id LIMIT ?{} OFFSET ?{n}",
            n - 1
        );
        ids_of(conn, &sql, &values)
    }

    /// The page cut from every hit sorted by sort key.
    fn sorted_hits(&self, conn: &Connection, descending: bool, limit: u32, offset: u32) -> Result<Vec<String>> {
        let OwnIndex { rows, fts } = self.own;
        let direction = if descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT s.id FROM {fts} CROSS JOIN {rows} s ON s.key = {fts}.rowid WHERE {fts} MATCH ?1 \
             ORDER BY s.sort_key {direction}, s.id LIMIT ?2 OFFSET ?3"
        );
        ids_of(conn, &sql, &[self.fts.clone().into(), i64::from(limit).into(), i64::from(offset).into()])
    }

    /// The hits joined to `table` (aliased `alias`) for a list with other filters
    /// (`filtered`) or another sort. Pushes the parameters it uses on `values`.
    pub fn shape(&self, hits: u32, filtered: bool, table: &str, alias: &str, values: &mut Vec<SqlValue>) -> Shape {
        let OwnIndex { rows, fts } = self.own;
        if filtered && hits > FEW_HITS {
            return Shape { from: format!("{table} {alias} JOIN {rows} s ON s.id = {alias}.id"), condition: self.words_condition("s", values) };
        }
        values.push(self.fts.clone().into());
        // CROSS JOIN: SQLite starts from the hits rather than testing every row of the table.
        Shape {
            from: format!(
                "(SELECT s.id AS id FROM {fts} CROSS JOIN {rows} s ON s.key = {fts}.rowid WHERE {fts} MATCH ?{}) AS h \
                 CROSS JOIN {table} {alias} ON {alias}.id = h.id",
                values.len()
            ),
            condition: String::new(),
        }
    }

    fn words_condition(&self, alias: &str, values: &mut Vec<SqlValue>) -> String {
        let mut tests = Vec::new();
        for pattern in &self.patterns {
            values.push(pattern.clone().into());
            tests.push(format!("{alias}.words LIKE ?{}", values.len()));
        }
        tests.join(" AND ")
    }
}

fn ids_of(conn: &Connection, sql: &str, values: &[SqlValue]) -> Result<Vec<String>> {
    let mut statement = conn.prepare_cached(sql)?;
    let ids = statement.query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

#[cfg(test)]
mod tests;
