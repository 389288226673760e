//! How a list (contacts, organisations) answers a search from its entity's own index: its
//! count, the page of a list in name order straight from the FTS, and, for lists with other
//! filters or another sort, the hits joined to the table or the filters leading with a
//! LIKE test of each row's words. Every way finds the same hits in the same order (see the
//! module doc of [`crate::search`]).

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

use super::OwnIndex;
use crate::fold;
use crate::Result;

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

    /// The ids of one page of the hits in list order: sort key, then id ascending. The index's
    /// keys follow `(sort_key, id)` (see `super::order`), so the FTS yields hits in that order
    /// and the page is among the first `offset + limit` of them; descending, ties on the sort
    /// key come out reversed, so the hits are read to the end of the last one's tie and
    /// re-sorted. Keys out of order (which writes never leave) are caught and answered by
    /// sorting every hit instead.
    pub fn page_ids(&self, conn: &Connection, descending: bool, limit: u32, offset: u32) -> Result<Vec<String>> {
        let OwnIndex { rows, fts } = self.own;
        let direction = if descending { "DESC" } else { "ASC" };
        let wanted = offset as usize + limit as usize;
        let mut statement = conn.prepare_cached(&format!(
            "SELECT s.sort_key, s.id FROM {fts} CROSS JOIN {rows} s ON s.key = {fts}.rowid WHERE {fts} MATCH ?1 ORDER BY {fts}.rowid {direction}"
        ))?;
        let mut hits = statement.query([&self.fts])?;
        let mut taken: Vec<(String, String)> = Vec::with_capacity(wanted.min(1024));
        while let Some(hit) = hits.next()? {
            let hit: (String, String) = (hit.get(0)?, hit.get(1)?);
            if let Some(last) = taken.last() {
                if taken.len() >= wanted && last.0 != hit.0 {
                    break;
                }
                let in_order = if descending { *last >= hit } else { *last <= hit };
                if !in_order {
                    return self.sorted_hits(conn, descending, limit, offset);
                }
            }
            taken.push(hit);
        }
        if descending {
            taken.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        }
        Ok(taken.into_iter().skip(offset as usize).take(limit as usize).map(|(_, id)| id).collect())
    }

    /// The page cut from every hit sorted by sort key.
    pub(super) fn sorted_hits(&self, conn: &Connection, descending: bool, limit: u32, offset: u32) -> Result<Vec<String>> {
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
