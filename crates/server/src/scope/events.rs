//! Row-level rules of the events module for organiser accounts: an organiser sees and
//! changes only the events whose `organisers` list holds their username, and those events'
//! sessions, price tiers, registrations and check-ins (each row names its `event_id`).
//!
//! - Events are created by the secretariat; an organiser may edit an event of theirs but not
//!   its `organisers` list (nobody grants themselves an event).
//! - A row may not be moved into, or out of, an event the organiser does not hold.
//! - Check-ins are append-only facts for every role: created, possibly taken back (deleted),
//!   never changed.
//! - When an event's organisers change, every row of the event is re-stamped in the same
//!   transaction, so a newly assigned organiser's next pull brings rows older than its cursor.
//!   (An organiser taken off an event keeps what its laptop already holds: the server stops
//!   sending it changes; wiping those rows on the laptop is not built.)

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::{restamp, Viewer};
use crate::auth::is_event_entity;
use crate::storage::StorageError;
use rencontres_protocol::Role;

/// Whether the event `event_id` lists `username` among its organisers (deleted or not).
fn organises(tx: &Transaction, username: &str, event_id: &str) -> Result<bool, StorageError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM records e, json_each(e.fields, '$.organisers') o
             WHERE e.entity = 'event' AND e.id = ?1 AND o.value = ?2)",
        )?
        .query_row(params![event_id, username], |r| r.get(0))?)
}

fn listed(fields: &Map<String, Value>, username: &str) -> bool {
    fields.get("organisers").and_then(Value::as_array).is_some_and(|list| list.iter().any(|o| o.as_str() == Some(username)))
}

fn event_of(fields: &Map<String, Value>) -> &str {
    fields.get("event_id").and_then(Value::as_str).unwrap_or_default()
}

/// `Some(answer)` when the events rules decide whether `viewer` sees this record.
pub(super) fn may_see(tx: &Transaction, viewer: Viewer, entity: &str, id: &str, fields: &Map<String, Value>) -> Result<Option<bool>, StorageError> {
    if viewer.role != Role::Organiser || !is_event_entity(entity) {
        return Ok(None);
    }
    let _ = id;
    Ok(Some(if entity == "event" { listed(fields, viewer.username) } else { organises(tx, viewer.username, event_of(fields))? }))
}

/// `Some(why)` when the events rules refuse this write.
pub(super) fn refusal(
    tx: &Transaction,
    viewer: Viewer,
    entity: &str,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<Option<String>, StorageError> {
    if entity == "check_in" && before.is_some_and(|b| b != after) {
        return Ok(Some("a check-in is a fact: it may be taken back, never changed".into()));
    }
    if viewer.role != Role::Organiser || !is_event_entity(entity) {
        return Ok(None);
    }
    let me = viewer.username;
    if entity == "event" {
        return Ok(match before {
            None => Some("events are created by the secretariat; ask them to add you to the event".into()),
            Some(b) if !listed(b, me) => Some("this event is not one of yours".into()),
            Some(b) if b.get("organisers") != after.get("organisers") => Some("only the secretariat assigns organisers".into()),
            Some(_) => None,
        });
    }
    for fields in before.into_iter().chain(Some(after)) {
        if !organises(tx, me, event_of(fields))? {
            return Ok(Some(format!("this {entity} belongs to an event that is not one of yours")));
        }
    }
    Ok(None)
}

/// After an event is written: when its organisers changed, re-stamp every row of the event.
pub(super) fn after_write(tx: &Transaction, entity: &str, id: &str) -> Result<(), StorageError> {
    if entity != "event" {
        return Ok(());
    }
    // The write's own log row was written just before: did it change the organisers?
    let changes: Option<String> = tx
        .prepare_cached("SELECT changes FROM log WHERE entity = 'event' AND entity_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let changed: Vec<Value> = changes.as_deref().map(serde_json::from_str).transpose()?.unwrap_or_default();
    if !changed.iter().any(|c| c.get("field").and_then(Value::as_str) == Some("organisers")) {
        return Ok(());
    }
    let rows: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT entity, id FROM records
             WHERE entity IN ('event_session', 'price_tier', 'registration', 'check_in') AND json_extract(fields, '$.event_id') = ?1
             ORDER BY seq",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (entity, row) in rows {
        restamp(tx, &entity, &row)?;
    }
    Ok(())
}
