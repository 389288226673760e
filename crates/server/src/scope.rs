//! Row-level scopes: which records a signed-in account may pull and which it may change,
//! record by record. `auth::may_pull` / `auth::may_push` decide by entity and role; the
//! functions here refine that for entities whose rows belong to someone (an organiser's
//! events, a reviewer's applications and reviews). The secretariat sees and changes all.
//!
//! Scopes can widen after the fact (an organiser newly assigned to an event, a reviewer
//! newly assigned to an application): rows already behind that account's pull cursor
//! would never reach it. [`after_write`] is where a write that grants access re-stamps the
//! granted rows with [`restamp`], so that they come again in every client's next pull.

mod events;
pub(crate) mod review;

use rencontres_protocol::Role;
use rusqlite::{params, Transaction};
use serde_json::{Map, Value};

use crate::auth;
use crate::storage::{Session, StorageError};

/// Who is asking: the account behind a token.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub role: Role,
    pub username: &'a str,
}

impl<'a> Viewer<'a> {
    pub fn of(session: &'a Session) -> Viewer<'a> {
        Viewer { role: session.user.role, username: &session.user.username }
    }
}

/// Whether `role` sees every record of the entities it may pull, so a pull need not read a
/// row's fields to decide: true for the secretariat, which the row-level rules below leave out.
pub fn sees_every_row(role: Role) -> bool {
    role == Role::Secretariat
}

/// Whether `viewer` may pull this record (its current fields, deleted or not).
pub fn may_see(tx: &Transaction, viewer: Viewer, entity: &str, id: &str, fields: &Map<String, Value>) -> Result<bool, StorageError> {
    if !auth::may_pull(viewer.role, entity) {
        return Ok(false);
    }
    if let Some(answer) = events::may_see(tx, viewer, entity, id, fields)? {
        return Ok(answer);
    }
    if let Some(answer) = review::may_see(tx, viewer, entity, id, fields)? {
        return Ok(answer);
    }
    Ok(true)
}

/// Why `viewer` may not write this record, or `None` when it may. `before` is the record as
/// the server holds it (`None` for a create); `after` is what it would become.
pub fn refusal(
    tx: &Transaction,
    viewer: Viewer,
    entity: &str,
    id: &str,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<Option<String>, StorageError> {
    if !auth::may_push(viewer.role, entity) {
        return Ok(Some(format!("a {} account may not change a {entity}", viewer.role.as_str())));
    }
    if let Some(why) = events::refusal(tx, viewer, entity, before, after)? {
        return Ok(Some(why));
    }
    review::refusal(tx, viewer, entity, id, before, after)
}

/// Runs after a record was written in a push, in the same transaction: the place where a
/// write that widens someone's scope re-stamps the rows it grants.
pub fn after_write(tx: &Transaction, entity: &str, id: &str, fields: &Map<String, Value>) -> Result<(), StorageError> {
    events::after_write(tx, entity, id)?;
    review::after_write(tx, entity, id, fields)
}

/// Moves a record to the end of the pull order, so every client pulls it again (those that
/// hold it already apply the same version again, which changes nothing). Each record gets a
/// seq of its own, taken from the log's counter without a log row: pages never split ties.
pub fn restamp(tx: &Transaction, entity: &str, id: &str) -> Result<(), StorageError> {
    let next: i64 = tx.query_row(
        "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'log'), 0), COALESCE((SELECT max(seq) FROM log), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    // AUTOINCREMENT never hands out a number at or below sqlite_sequence's, so the log's
    // next row cannot take this seq.
    let updated = tx.execute("UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'log'", [next])?;
    if updated == 0 {
        tx.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('log', ?1)", [next])?;
    }
    tx.execute("UPDATE records SET seq = ?1 WHERE entity = ?2 AND id = ?3", params![next, entity, id])?;
    Ok(())
}
