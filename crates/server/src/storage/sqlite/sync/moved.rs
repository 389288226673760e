//! What a pull page's range of seq holds of records that are not in the page (see
//! [`rencontres_protocol::Moved`]). A record written again while a client was paging moved
//! past the range it was in and comes in a later page, with the history and conflicts after
//! that page's cursor only: the entries recorded in this range go with this page.

use std::collections::{BTreeSet, HashSet};

use rencontres_protocol::Moved;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use crate::auth;
use crate::scope::{self, Viewer};
use crate::storage::StorageError;

/// Which history and conflicts a page carries: an initial sync's pages carry no history.
#[derive(Debug, Clone, Copy)]
pub(super) struct Carried {
    pub log: bool,
    pub conflicts: bool,
}

/// The history and conflicts recorded in `(cursor, scanned_to]` of records the page did not
/// scan, each as the viewer may pull it; `scanned` holds `(entity, id)` of every row scanned.
pub(super) fn moved(
    tx: &Transaction,
    viewer: Viewer,
    cursor: u64,
    scanned_to: u64,
    scanned: &HashSet<(String, String)>,
    carried: Carried,
) -> Result<Vec<Moved>, StorageError> {
    if scanned_to <= cursor || !(carried.log || carried.conflicts) {
        return Ok(Vec::new());
    }
    let range = (i64::try_from(cursor).unwrap_or(i64::MAX), i64::try_from(scanned_to).unwrap_or(i64::MAX));
    let mut records: BTreeSet<(String, String)> = BTreeSet::new();
    // Table names are constants. Both tables' seq are indexed (the log's is its key).
    for (table, carries) in [("log", carried.log), ("conflicts", carried.conflicts)] {
        if !carries {
            continue;
        }
        let mut statement = tx.prepare_cached(&format!("SELECT DISTINCT entity, entity_id FROM {table} WHERE seq > ?1 AND seq <= ?2"))?;
        let found = statement.query_map(params![range.0, range.1], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for record in found {
            let record = record?;
            if !scanned.contains(&record) {
                records.insert(record);
            }
        }
    }
    let mut out = Vec::new();
    for (entity, id) in records {
        if !may_pull(tx, viewer, &entity, &id)? {
            continue;
        }
        let log = if carried.log { super::log_since(tx, &entity, &id, range.0)? } else { Vec::new() };
        let conflicts = if carried.conflicts { super::conflicts_since(tx, &entity, &id, range.0)? } else { Vec::new() };
        if !log.is_empty() || !conflicts.is_empty() {
            out.push(Moved { entity, id, log, conflicts });
        }
    }
    Ok(out)
}

/// Whether the viewer may pull the record as it stands now, as the page holding it will ask.
fn may_pull(tx: &Transaction, viewer: Viewer, entity: &str, id: &str) -> Result<bool, StorageError> {
    if !auth::may_pull(viewer.role, entity) {
        return Ok(false);
    }
    if scope::sees_every_row(viewer.role) {
        return Ok(true);
    }
    let fields: Option<String> =
        tx.prepare_cached("SELECT fields FROM records WHERE entity = ?1 AND id = ?2")?.query_row(params![entity, id], |r| r.get(0)).optional()?;
    let Some(fields) = fields else { return Ok(false) };
    let fields: Map<String, Value> = serde_json::from_str(&fields)?;
    scope::may_see(tx, viewer, entity, id, &fields)
}
