//! Writing a pulled page into the local tables: each record takes the server's state (the
//! truth for everything the server has seen), its history entries join the local mutation
//! log as 'remote', its conflicts join the conflicts table; then the local mutations still
//! waiting in the outbox are replayed on top of the records the page touched (the rebase).
//! The search entries of the page's records are written last, together (see [`PageIndex`]).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use rencontres_protocol::{Change, Conflict, LogEntry, PullResponse};
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Value};

use super::SyncError;
use crate::mutation::now;
use crate::record::{self, Fields, Table};
use crate::{people, search};

fn table_of(entity: &str) -> Option<&'static Table> {
    crate::record::synced_table(entity)
}

/// Applies every change of `page`; returns how many conflicts were new to this device.
pub(super) fn apply_page(tx: &Transaction, page: &PullResponse) -> Result<u32, SyncError> {
    let pending: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM outbox)", [], |r| r.get(0))?;
    let mut new_conflicts = 0;
    let mut index = PageIndex::default();
    for change in &page.changes {
        // An entity this build does not know comes from a newer server: skip it rather than
        // stop syncing what it does know.
        let Some(table) = table_of(&change.entity) else { continue };
        let fields = complete(table, &change.fields);
        if change.erased {
            // Indexed at once, so that the scrub takes the erased text out of the index;
            // before the rebase, so that this laptop's unsent edits of the person are dropped.
            write_row(tx, table, &change.id, &fields, change.version, change.version, change.deleted, None)?;
            crate::gdpr::scrub_pulled_erasure(tx, table, &change.id)?;
        } else {
            write_row(tx, table, &change.id, &fields, change.version, change.version, change.deleted, Some(&mut index))?;
        }
        if pending {
            rebase(tx, table, change, &mut index)?;
        }
        if table.entity == crate::model::EntityKind::Organisation {
            // People are found by their organisation's name too.
            people::reindex_people_of(tx, &change.id)?;
            crate::practices::reindex_practices_of(tx, &change.id)?;
        }
        if table.entity == crate::model::EntityKind::ConflictResolution && !change.deleted {
            crate::conflicts::close(tx, &change.id)?;
        }
        file_log(tx, &change.entity, &change.id, &change.log)?;
        new_conflicts += file_conflicts(tx, &change.conflicts)?;
    }
    index.write(tx)?;
    // Entries of records that moved past this page's range while the client paged.
    for moved in &page.moved {
        file_log(tx, &moved.entity, &moved.id, &moved.log)?;
        new_conflicts += file_conflicts(tx, &moved.conflicts)?;
    }
    Ok(new_conflicts)
}

/// Files history entries of a record from the server in the local log, as 'remote'.
fn file_log(tx: &Transaction, entity: &str, id: &str, log: &[LogEntry]) -> Result<(), SyncError> {
    for entry in log {
        if crate::mutation::batch::is_own_entry(tx, &entry.uuid)? {
            // This device's import, which History finds through the batch already.
            continue;
        }
        tx.prepare_cached(
            "INSERT OR IGNORE INTO mutations (id, name, entity, entity_id, args, changes, undoes, actor, device, at, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9, 'remote')",
        )?
        .execute(params![
            entry.uuid,
            entry.name,
            entity,
            id,
            json!({ "id": id }).to_string(),
            serde_json::to_string(&entry.changes)?,
            entry.actor,
            entry.device,
            entry.at
        ])?;
    }
    Ok(())
}

/// Files conflicts from the server; answers how many were new to this device.
fn file_conflicts(tx: &Transaction, conflicts: &[Conflict]) -> Result<u32, SyncError> {
    let mut new_conflicts = 0;
    for conflict in conflicts {
        new_conflicts += tx
            .prepare_cached(
                // A conflict another laptop resolved before this one heard of it arrives closed.
                "INSERT OR IGNORE INTO conflicts (id, entity, entity_id, field, overwritten, overwritten_by, value, by, at, resolved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                         (SELECT created_at FROM conflict_resolutions WHERE id = ?1 AND deleted_at IS NULL))",
            )?
            .execute(params![
                conflict.id,
                conflict.entity,
                conflict.entity_id,
                conflict.field,
                conflict.overwritten.to_string(),
                conflict.overwritten_by,
                conflict.value.to_string(),
                conflict.by,
                conflict.at
            ])? as u32;
    }
    Ok(new_conflicts)
}

/// The record's fields as `table` has them, a missing one null. A server of the same schema
/// sends every field, so the page's own map is used as it is rather than copied field by
/// field (the copy was a tenth of an initial sync's writing); fields it has that this
/// build's table lacks are simply never read.
fn complete<'a>(table: &Table, given: &'a Fields) -> std::borrow::Cow<'a, Fields> {
    if table.fields.iter().all(|field| given.contains_key(*field)) {
        return std::borrow::Cow::Borrowed(given);
    }
    let mut fields = Fields::new();
    for field in table.fields {
        fields.insert((*field).to_string(), given.get(*field).cloned().unwrap_or(Value::Null));
    }
    std::borrow::Cow::Owned(fields)
}

/// Undoes locally what the server refused (outbox row `seq`): a refused create or import
/// batch is removed (the server will never have it); anything else is put back as the server holds it by
/// pulling from the start again, which rewrites every record with the server's state.
pub(super) fn take_back(tx: &Transaction, seq: u64) -> Result<(), SyncError> {
    let refused: Option<(String, String, String, String)> = tx
        .query_row(
            "SELECT m.name, m.entity, m.entity_id, m.args FROM outbox o JOIN mutations m ON m.id = o.mutation_id WHERE o.seq = ?1",
            [i64::try_from(seq).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((name, entity, id, args)) = refused else { return Ok(()) };
    match table_of(&entity) {
        // A refused batch (the server applies one whole or not at all) takes all its records.
        Some(table) if crate::mutation::batch::is_batch(&name) => crate::mutation::batch::take_back(tx, table, &args)?,
        Some(table) if name.starts_with("Create") => {
            tx.execute(&format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", table.sql), params![id, now()])?;
            search::unindex(tx, table, &id)?;
        }
        _ => {
            tx.execute("UPDATE sync_cursors SET cursor = 0", [])?;
        }
    }
    Ok(())
}

/// The upsert that writes a record's whole state into `table`, made once per table: a
/// pull writes thousands of rows in a row, and building and hashing this text for each was
/// a measurable part of an initial sync.
fn upsert_sql(table: &Table) -> std::rc::Rc<str> {
    thread_local! {
        static MADE: std::cell::RefCell<std::collections::HashMap<&'static str, std::rc::Rc<str>>> = Default::default();
    }
    MADE.with(|made| {
        made.borrow_mut()
            .entry(table.sql)
            .or_insert_with(|| {
                let columns = table.fields;
                let n = columns.len();
                let sets: Vec<String> = columns.iter().map(|c| format!("{c} = excluded.{c}")).collect();
                // Column names are constants of the table, never input.
                format!(
                    "INSERT INTO {t} (id, {cols}, sort_key, version, synced_version, created_at, updated_at, deleted_at)
                     VALUES (?1, {vals}, ?{sk}, ?{v}, ?{sv}, ?{at}, ?{at}, CASE WHEN ?{del} THEN ?{at} END)
                     ON CONFLICT (id) DO UPDATE SET {sets}, sort_key = excluded.sort_key, version = excluded.version,
                        synced_version = excluded.synced_version, updated_at = excluded.updated_at,
                        deleted_at = CASE WHEN ?{del} THEN coalesce({t}.deleted_at, excluded.deleted_at) END",
                    t = table.sql,
                    cols = columns.join(", "),
                    vals = (0..n).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", "),
                    sk = n + 2,
                    v = n + 3,
                    sv = n + 4,
                    at = n + 5,
                    del = n + 6,
                    sets = sets.join(", "),
                )
                .into()
            })
            .clone()
    })
}

/// The search entries of the records a page wrote, written once all its rows are: those new
/// to the index together, sorted, a run of keys per gap of the name order (see
/// [`search::NewEntries`]), where one at a time each looked up its neighbours by name and,
/// coming in no order, sent the full-text index's rowids up and down, each fall making FTS5
/// write out what it held in memory. Records already in the index are updated one by one.
#[derive(Default)]
struct PageIndex {
    /// Each record written, with its fields (None: deleted), in the order written.
    written: Vec<(&'static Table, String, Option<Fields>)>,
}

impl PageIndex {
    fn note(&mut self, table: &'static Table, id: &str, fields: Option<&Fields>) {
        self.written.push((table, id.to_string(), fields.cloned()));
    }

    fn write(self, tx: &Transaction) -> Result<(), SyncError> {
        // A record written twice (its rebase) is indexed as last written.
        let mut seen = HashSet::new();
        let mut latest: Vec<_> = self.written.into_iter().rev().filter(|(table, id, _)| seen.insert((table.entity_name(), id.clone()))).collect();
        latest.reverse();
        let mut new: HashMap<&'static str, search::NewEntries> = HashMap::new();
        for (table, id, fields) in latest {
            match fields {
                None => search::unindex(tx, table, &id)?,
                Some(fields) if search::missing_from_own_index(tx, table, &id)? => match new.entry(table.entity_name()) {
                    Entry::Occupied(mut entries) => entries.get_mut().add_stored(tx, &id, &fields)?,
                    Entry::Vacant(place) => place.insert(search::NewEntries::new(table)?).add_stored(tx, &id, &fields)?,
                },
                Some(fields) => search::index(tx, table, &id, &fields)?,
            }
        }
        for entries in new.values_mut() {
            entries.write(tx)?;
        }
        Ok(())
    }
}

/// Puts a record's whole state in its table, and its search entry: at once, or noted in
/// `index` to be written with the rest of the page.
#[allow(clippy::too_many_arguments)]
fn write_row(
    tx: &Transaction,
    table: &'static Table,
    id: &str,
    fields: &Fields,
    version: i64,
    synced_version: i64,
    deleted: bool,
    index: Option<&mut PageIndex>,
) -> Result<(), SyncError> {
    let at = now();
    let columns = table.fields;
    let sql = upsert_sql(table);
    let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(columns.len() + 6);
    values.push(id.to_string().into());
    values.extend(columns.iter().map(|c| record::to_sql(fields.get(*c).unwrap_or(&Value::Null))));
    values.push((table.sort_key)(fields).into());
    values.push(version.into());
    values.push(synced_version.into());
    values.push(at.into());
    values.push(i64::from(deleted).into());
    tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
    match index {
        Some(index) => index.note(table, id, (!deleted).then_some(fields)),
        None if deleted => search::unindex(tx, table, id)?,
        None => search::index(tx, table, id, fields)?,
    }
    Ok(())
}

/// Replays the outbox mutations on `change`'s record over the server state just written,
/// oldest first, without logging them again: they are still waiting to be pushed.
fn rebase(tx: &Transaction, table: &'static Table, change: &Change, index: &mut PageIndex) -> Result<(), SyncError> {
    let mut statement = tx.prepare_cached(
        "SELECT m.name, m.args FROM outbox o JOIN mutations m ON m.id = o.mutation_id
         WHERE m.entity = ?1 AND m.entity_id = ?2 ORDER BY o.seq",
    )?;
    let pending = statement
        .query_map(params![change.entity, change.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    if pending.is_empty() {
        return Ok(());
    }
    let mut fields = complete(table, &change.fields).into_owned();
    let mut deleted = change.deleted;
    let mut version = change.version;
    for (name, args) in pending {
        let args: Value = serde_json::from_str(&args)?;
        if name.starts_with("Update") {
            if let Some(set) = args.get("fields").and_then(Value::as_object) {
                for (field, value) in set.iter().filter(|(f, _)| table.fields.contains(&f.as_str())) {
                    fields.insert(field.clone(), value.clone());
                }
            }
        } else if name.starts_with("Delete") {
            deleted = true;
        } else if name.starts_with("Restore") {
            deleted = false;
        } else {
            // A create of a record the server already holds is this device's own, already
            // in the state above.
            continue;
        }
        version += 1;
    }
    write_row(tx, table, &change.id, &fields, version, change.version, deleted, Some(index))
}
