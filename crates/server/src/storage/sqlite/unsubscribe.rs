//! The e-bulletin unsubscribe link, server side: a person record is found by its
//! `bulletin_token` and `bulletin_unsubscribed_at` is set by a server-made `UpdatePerson`
//! entry in the log, so the unsubscribe reaches every laptop with its next pull, and shows in
//! the contact's history as made by "unsubscribe link".

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Map, Value};

use super::now;
use crate::storage::{StorageError, Unsubscribe};

/// Who the log and the field metadata name as the author of an unsubscribe.
pub const ACTOR: &str = "unsubscribe link";
const CLIENT: &str = "server";

/// A token is 32 hex digits (128 random bits made by a laptop); anything else names nobody.
pub fn is_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

struct Found {
    id: String,
    fields: Map<String, Value>,
    meta: Map<String, Value>,
    version: i64,
}

fn find(tx: &Transaction, token: &str) -> Result<Option<Found>, StorageError> {
    if !is_token(token) {
        return Ok(None);
    }
    let row: Option<(String, String, String, i64)> = tx
        .prepare_cached(
            "SELECT id, fields, field_meta, version FROM records
             WHERE entity = 'person' AND json_extract(fields, '$.bulletin_token') = ?1 AND deleted = 0",
        )?
        .query_row([token], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    row.map(|(id, fields, meta, version)| Ok(Found { id, fields: serde_json::from_str(&fields)?, meta: serde_json::from_str(&meta)?, version }))
        .transpose()
}

fn state_of(found: &Found) -> Unsubscribe {
    match found.fields.get("bulletin_unsubscribed_at") {
        Some(Value::String(at)) if !at.is_empty() => Unsubscribe::AlreadyOut,
        _ => Unsubscribe::Subscribed,
    }
}

/// Whether `token` names a subscribed person, one already unsubscribed, or nobody.
pub fn lookup(tx: &Transaction, token: &str) -> Result<Unsubscribe, StorageError> {
    Ok(find(tx, token)?.as_ref().map_or(Unsubscribe::Unknown, state_of))
}

/// Unsubscribes the person `token` names; answers what the state was before.
pub fn unsubscribe(tx: &Transaction, token: &str) -> Result<Unsubscribe, StorageError> {
    let Some(mut found) = find(tx, token)? else { return Ok(Unsubscribe::Unknown) };
    let before = state_of(&found);
    if before != Unsubscribe::Subscribed {
        return Ok(before);
    }
    let at = now();
    let version = found.version + 1;
    let change = json!([{ "field": "bulletin_unsubscribed_at", "before": Value::Null, "after": at }]);
    tx.prepare_cached(
        "INSERT INTO log (uuid, client_id, entity, entity_id, name, changes, actor, device, at, received)
         VALUES (?1, ?2, 'person', ?3, 'UpdatePerson', ?4, ?5, ?2, ?6, ?6)",
    )?
    .execute(params![uuid::Uuid::now_v7().to_string(), CLIENT, found.id, change.to_string(), ACTOR, at])?;
    let seq = tx.last_insert_rowid();
    found.fields.insert("bulletin_unsubscribed_at".into(), Value::String(at));
    found.meta.insert("bulletin_unsubscribed_at".into(), json!({ "v": version, "by": ACTOR, "client": CLIENT }));
    tx.prepare_cached("UPDATE records SET fields = ?2, field_meta = ?3, version = ?4, seq = ?5 WHERE entity = 'person' AND id = ?1")?
        .execute(params![found.id, Value::Object(found.fields.clone()).to_string(), Value::Object(found.meta).to_string(), version, seq])?;
    // Like every write, it goes past the row-level scope hook.
    crate::scope::after_write(tx, "person", &found.id, &found.fields)?;
    Ok(Unsubscribe::Subscribed)
}
