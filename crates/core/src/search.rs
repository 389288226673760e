//! The full-text indexes. Contacts and organisations each have an index of their own that
//! their lists search (see [`ListSearch`]); best practices share the older index whose rows
//! `search_rows` maps to their records. Text is folded in Rust (see [`crate::fold`]) and
//! writes keep every index current in the same transaction, through [`index`] and [`unindex`].
//!
//! An own index is a table `{entity}_search` (integer key, record id, the list's sort key, the
//! record's words as `" w1 w2 … "`) and an external-content FTS5 table over its words whose
//! rowid is the key. Keys follow the list's order by name (see [`order`]), so the first page
//! of a search in name order is the FTS's first hits, however many there are, and the count
//! is the FTS's alone. Lists with other filters join the hits to their table, or, when hits
//! are many, let the filters lead and test each row's words with `LIKE '% prefix%'`, which
//! agrees with the FTS query because the FTS indexes those very words, cut by
//! [`crate::fold::words`] as its tokenizer cuts them.

use rusqlite::{params, Connection, OptionalExtension};

use crate::countries;
use crate::fold::{self, fold};
use crate::model::EntityKind;
use crate::record::{self, Fields, Table};
use crate::Result;

mod list;
mod order;

pub(crate) use list::ListSearch;

fn words(fields: &Fields, names: &[&str]) -> String {
    let mut out = String::new();
    for name in names {
        match fields.get(*name) {
            Some(serde_json::Value::String(s)) => {
                out.push_str(s);
                out.push(' ');
            }
            Some(serde_json::Value::Array(items)) => {
                for item in items.iter().filter_map(|i| i.as_str()) {
                    out.push_str(item);
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// The text a record is found by, as written (folded by the caller).
fn text_of(conn: &Connection, table: &Table, fields: &Fields) -> Result<String> {
    let text = match table.entity {
        EntityKind::BestPractice => crate::practices::search_text(conn, fields),
        EntityKind::Person => {
            let name: Option<String> = match fields.get("organisation_id").and_then(|o| o.as_str()) {
                Some(org) => conn.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| r.get(0)).ok(),
                None => None,
            };
            text_with(table, fields, name.as_deref())
        }
        _ => text_with(table, fields, None),
    };
    Ok(text)
}

/// The text of a record that is found without reading the store: a contact's includes its
/// organisation's name, given here. Best practices (text from other tables) have none.
fn text_with(table: &Table, fields: &Fields, organisation_name: Option<&str>) -> String {
    match table.entity {
        EntityKind::Organisation => {
            let mut text = words(fields, &["name", "subdivision", "country", "email", "website"]);
            if let Some(country) = fields.get("country").and_then(|c| c.as_str()).and_then(countries::by_code) {
                text.push_str(&country.name);
            }
            text
        }
        EntityKind::Person => {
            let mut text = words(fields, &["first_name", "last_name", "function", "emails"]);
            text.push_str(organisation_name.unwrap_or_default());
            text
        }
        // Dues, committee, publications, grants and resolutions are reached through their
        // member; event records are searched within their event (by `sort_key`); applications
        // are filtered on their own page.
        _ => String::new(),
    }
}

/// Whether records of `table` are found by the search box: dues records are reached
/// through their member, so they stay out of the index.
fn searchable(table: &Table) -> bool {
    matches!(table.entity, EntityKind::Organisation | EntityKind::Person | EntityKind::BestPractice)
}

/// The tables of an entity that has a search index of its own. Names are constants.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnIndex {
    /// `{entity}_search`: key, id, sort_key, words.
    pub rows: &'static str,
    /// The FTS5 table over `rows.words`, its rowid being `rows.key`.
    pub fts: &'static str,
}

pub(crate) const PEOPLE_INDEX: OwnIndex = OwnIndex { rows: "person_search", fts: "person_fts" };
pub(crate) const ORGANISATIONS_INDEX: OwnIndex = OwnIndex { rows: "organisation_search", fts: "organisation_fts" };

fn own_index(entity: EntityKind) -> Option<OwnIndex> {
    match entity {
        EntityKind::Person => Some(PEOPLE_INDEX),
        EntityKind::Organisation => Some(ORGANISATIONS_INDEX),
        _ => None,
    }
}

/// The own index's words of a record: folded, cut as the tokenizer cuts, one space between
/// and one at each end (so every word starts after a space).
fn words_of(text: &str) -> String {
    let mut out = String::from(" ");
    for word in fold::words(text) {
        out.push_str(&word);
        out.push(' ');
    }
    out
}

/// Puts a record's current text in the index, replacing what was there.
pub(crate) fn index(conn: &Connection, table: &Table, id: &str, fields: &Fields) -> Result<()> {
    if !searchable(table) {
        return Ok(());
    }
    let text = text_of(conn, table, fields)?;
    if let Some(own) = own_index(table.entity) {
        return index_own(conn, own, id, &(table.sort_key)(fields), &words_of(&text));
    }
    unindex(conn, table, id)?;
    // Cached statements: a sync applies thousands of records in a row.
    conn.prepare_cached("INSERT INTO search_rows (entity, entity_id) VALUES (?1, ?2)")?.execute(params![table.entity_name(), id])?;
    let rowid = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO search_index (rowid, text) VALUES (?1, ?2)")?.execute(params![rowid, fold(&text)])?;
    Ok(())
}

/// Writes a record's entry in its own index. Its key keeps its place in name order: a record
/// whose sort key changed is taken out and put back in its new place.
fn index_own(conn: &Connection, own: OwnIndex, id: &str, sort_key: &str, words: &str) -> Result<()> {
    let OwnIndex { rows, fts } = own;
    let existing: Option<(i64, String, String)> = conn
        .prepare_cached(&format!("SELECT key, sort_key, words FROM {rows} WHERE id = ?1"))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match existing {
        Some((_, old_sort_key, old_words)) if old_sort_key == sort_key && old_words == words => Ok(()),
        Some((key, old_sort_key, old_words)) if old_sort_key == sort_key => {
            // External content: the FTS is told the words it indexed, to take them out.
            fts_delete(conn, own, key, &old_words)?;
            conn.prepare_cached(&format!("UPDATE {rows} SET words = ?2 WHERE key = ?1"))?.execute(params![key, words])?;
            conn.prepare_cached(&format!("INSERT INTO {fts} (rowid, words) VALUES (?1, ?2)"))?.execute(params![key, words])?;
            Ok(())
        }
        Some((key, _, old_words)) => {
            fts_delete(conn, own, key, &old_words)?;
            conn.prepare_cached(&format!("DELETE FROM {rows} WHERE key = ?1"))?.execute([key])?;
            insert_own(conn, own, id, sort_key, words)
        }
        None => insert_own(conn, own, id, sort_key, words),
    }
}

fn fts_delete(conn: &Connection, own: OwnIndex, key: i64, words: &str) -> Result<()> {
    let fts = own.fts;
    conn.prepare_cached(&format!("INSERT INTO {fts} ({fts}, rowid, words) VALUES ('delete', ?1, ?2)"))?.execute(params![key, words])?;
    Ok(())
}

fn insert_own(conn: &Connection, own: OwnIndex, id: &str, sort_key: &str, words: &str) -> Result<()> {
    let OwnIndex { rows, fts } = own;
    let key = match order::key_between(conn, own, sort_key, id)? {
        Some(key) => key,
        None => {
            order::make_room(conn, own, sort_key, id)?;
            order::key_between(conn, own, sort_key, id)?
                .ok_or_else(|| crate::CoreError::Corrupt(format!("no room in {rows} after spreading its keys")))?
        }
    };
    conn.prepare_cached(&format!("INSERT INTO {rows} (key, id, sort_key, words) VALUES (?1, ?2, ?3, ?4)"))?
        .execute(params![key, id, sort_key, words])?;
    conn.prepare_cached(&format!("INSERT INTO {fts} (rowid, words) VALUES (?1, ?2)"))?.execute(params![key, words])?;
    Ok(())
}

/// The index entries of records created in bulk in this transaction (an import), written
/// together by [`NewEntries::write`]: sorted, they go into their gaps of the name order a run
/// at a time, evenly spaced, where one by one each would look up its neighbours and ascending
/// names would halve one gap until it had to be made again (see [`order`]).
pub(crate) struct NewEntries {
    table: &'static Table,
    /// `(sort_key, id, words)` of entries for the table's own index.
    entries: Vec<(String, String, String)>,
}

/// The words of a new record's entry in its table's own index, made without the store (on
/// any thread): None for a table without an own index.
pub(crate) fn own_words(table: &Table, fields: &Fields, organisation_name: Option<&str>) -> Option<String> {
    own_index(table.entity)?;
    Some(words_of(&text_with(table, fields, organisation_name)))
}

impl NewEntries {
    /// For a table with an own index (organisations, contacts): others are not created in bulk.
    pub(crate) fn new(table: &'static Table) -> Result<NewEntries> {
        match own_index(table.entity) {
            Some(_) => Ok(NewEntries { table, entries: Vec::new() }),
            None => Err(crate::CoreError::Corrupt(format!("{} records have no index of their own to write in bulk", table.noun))),
        }
    }

    /// Takes a new record's entry, its words made by [`own_words`].
    pub(crate) fn add(&mut self, sort_key: String, id: String, words: String) {
        self.entries.push((sort_key, id, words));
    }

    /// Takes the entry of a record written in the store, its words made from the store (a
    /// contact's hold its organisation's name, read there).
    pub(crate) fn add_stored(&mut self, conn: &Connection, id: &str, fields: &Fields) -> Result<()> {
        let words = words_of(&text_of(conn, self.table, fields)?);
        self.entries.push(((self.table.sort_key)(fields), id.to_string(), words));
        Ok(())
    }

    /// Writes the entries taken since the last write.
    pub(crate) fn write(&mut self, conn: &Connection) -> Result<()> {
        let Some(own) = own_index(self.table.entity) else { return Ok(()) };
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort();
        let keys = order::keys_for_sorted(conn, own, &entries)?;
        let OwnIndex { rows, fts } = own;
        let mut crowded = Vec::new();
        {
            let mut insert_row = conn.prepare_cached(&format!("INSERT INTO {rows} (key, id, sort_key, words) VALUES (?1, ?2, ?3, ?4)"))?;
            let mut insert_words = conn.prepare_cached(&format!("INSERT INTO {fts} (rowid, words) VALUES (?1, ?2)"))?;
            for ((sort_key, id, words), key) in entries.into_iter().zip(keys) {
                match key {
                    Some(key) => {
                        insert_row.execute(params![key, id, sort_key, words])?;
                        insert_words.execute(params![key, words])?;
                    }
                    None => crowded.push((sort_key, id, words)),
                }
            }
        }
        // Runs that found no room go one by one, making room as a single write does.
        for (sort_key, id, words) in crowded {
            insert_own(conn, own, &id, &sort_key, &words)?;
        }
        Ok(())
    }
}

/// Whether `id` is a record of a table with an own index that has no entry there yet.
pub(crate) fn missing_from_own_index(conn: &Connection, table: &Table, id: &str) -> Result<bool> {
    let Some(OwnIndex { rows, .. }) = own_index(table.entity) else { return Ok(false) };
    let present: bool = conn.prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {rows} WHERE id = ?1)"))?.query_row([id], |r| r.get(0))?;
    Ok(!present)
}

/// Removes a record from the index (when it is deleted).
pub(crate) fn unindex(conn: &Connection, table: &Table, id: &str) -> Result<()> {
    if !searchable(table) {
        return Ok(());
    }
    if let Some(OwnIndex { rows, fts }) = own_index(table.entity) {
        let existing: Option<(i64, String)> = conn
            .prepare_cached(&format!("SELECT key, words FROM {rows} WHERE id = ?1"))?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((key, words)) = existing {
            fts_delete(conn, OwnIndex { rows, fts }, key, &words)?;
            conn.prepare_cached(&format!("DELETE FROM {rows} WHERE key = ?1"))?.execute([key])?;
        }
        return Ok(());
    }
    let mut find = conn.prepare_cached("SELECT rowid FROM search_rows WHERE entity = ?1 AND entity_id = ?2")?;
    let rowids: Vec<i64> = find.query_map(params![table.entity_name(), id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for rowid in rowids {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?.execute([rowid])?;
        conn.prepare_cached("DELETE FROM search_rows WHERE rowid = ?1")?.execute([rowid])?;
    }
    Ok(())
}

/// Fills the own indexes a migration left to the app (listed in `search_rebuilds`), from the
/// live records, in one transaction: a crash leaves them listed and the next open starts
/// again. Rows get evenly spaced keys in name order and the FTS is built in one pass
/// ('rebuild'), much faster than indexing record by record.
pub(crate) fn rebuild_pending(conn: &mut Connection) -> Result<()> {
    let pending: Vec<String> = {
        let mut statement = conn.prepare("SELECT entity FROM search_rebuilds ORDER BY entity")?;
        let entities = statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        entities
    };
    if pending.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for entity in pending {
        if let Some(table) = record::synced_table(&entity) {
            if let Some(OwnIndex { rows, fts }) = own_index(table.entity) {
                tx.execute(&format!("DELETE FROM {rows}"), [])?;
                let ids: Vec<String> = tx
                    .prepare(&format!("SELECT id FROM {} WHERE deleted_at IS NULL", table.sql))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let mut entries = Vec::with_capacity(ids.len());
                for id in ids {
                    let stored = record::read_live(&tx, table, &id)?;
                    entries.push(((table.sort_key)(&stored.fields), id, words_of(&text_of(&tx, table, &stored.fields)?)));
                }
                // Keys in name order, as every later write keeps them (see `order`).
                entries.sort();
                let mut insert = tx.prepare(&format!("INSERT INTO {rows} (key, id, sort_key, words) VALUES (?1, ?2, ?3, ?4)"))?;
                let keys = order::spread(entries.len());
                for ((sort_key, id, words), key) in entries.into_iter().zip(keys) {
                    insert.execute(params![key, id, sort_key, words])?;
                }
                tx.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"), [])?;
            }
        }
        tx.execute("DELETE FROM search_rebuilds WHERE entity = ?1", [&entity])?;
    }
    tx.commit()?;
    Ok(())
}

/// Merges the segments of every FTS index, so the entries of deleted text are gone from the
/// file rather than marked deleted (see `crate::gdpr`).
pub(crate) fn optimize(conn: &Connection) -> Result<()> {
    for fts in ["search_index", PEOPLE_INDEX.fts, ORGANISATIONS_INDEX.fts] {
        conn.execute(&format!("INSERT INTO {fts} ({fts}) VALUES ('optimize')"), [])?;
    }
    Ok(())
}

/// Empties every index (when the records go too).
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM search_index; DELETE FROM search_rows;
         DELETE FROM person_search; INSERT INTO person_fts (person_fts) VALUES ('delete-all');
         DELETE FROM organisation_search; INSERT INTO organisation_fts (organisation_fts) VALUES ('delete-all');",
    )?;
    Ok(())
}

/// A FROM-clause prefix that drives a list query from the shared full-text index: the ids of
/// the records of `entity` matching the FTS query in parameter `?{param}`, joined to `{table}`
/// (aliased `{alias}`) with CROSS JOIN so SQLite starts from the few hits rather than walking
/// the whole table and testing each row.
pub(crate) fn hits_joined_to(entity: &str, param: usize, table: &str, alias: &str) -> String {
    format!(
        "(SELECT r.entity_id AS id FROM search_index s JOIN search_rows r ON r.rowid = s.rowid \
         WHERE search_index MATCH ?{param} AND r.entity = '{entity}') AS hit CROSS JOIN {table} {alias} ON {alias}.id = hit.id"
    )
}

#[cfg(test)]
mod tests;
