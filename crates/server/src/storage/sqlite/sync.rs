//! Push and pull on the SQLite store. A push is checked whole before anything is written
//! (bad input is refused with nothing applied), then applied mutation by mutation in one
//! transaction. Conflicts are found per field: each field remembers the version at which it
//! was last written and by which client; a write based on an older version of a field
//! another client changed since still lands (last arrival wins) and records what it overwrote.
//! An import's batch mutation creates many records at once, all or none ([`batch`]).

mod batch;
mod moved;

use rencontres_protocol::{
    entity, Change, Conflict, Entity, FieldChange, LogEntry, Mutation, MutationResult, MutationStatus,
    PullResponse, PushRequest, PushResponse,
};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::now;
use crate::auth;
use crate::scope::{self, Viewer};
use crate::storage::{RawPage, Session, StorageError};

/// The most mutations one push may carry; the client sends its outbox in batches.
pub const MAX_PUSH_MUTATIONS: usize = 1000;
const MAX_PULL_LIMIT: u32 = 5000;
/// The most records one pull looks at when a row-level scope hides most of them.
const MAX_PULL_SCAN: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Create,
    Update,
    Delete,
    Restore,
    /// GDPR erasure of a person: personal fields emptied, history and conflicts scrubbed.
    Erase,
    /// An import's batch of creates (`ImportOrganisations`, `ImportPeople`).
    Import,
}

/// The key in a record's field metadata that marks it erased: later edits are refused.
const ERASED_META: &str = "erased";

/// A mutation whose name, arguments and types were checked.
pub(super) struct Checked {
    action: Action,
    entity: &'static Entity,
    id: String,
    fields: Map<String, Value>,
    /// A batch's records, each `(id, every field)`; empty for other mutations.
    rows: Vec<(String, Map<String, Value>)>,
}

fn bad(message: impl Into<String>) -> StorageError {
    StorageError::BadPush(message.into())
}

fn check_one(m: &Mutation) -> Result<Checked, StorageError> {
    if let Some(entity) = batch::entity_of(&m.name) {
        return batch::check(m, entity);
    }
    let (action, noun) = [
        ("Create", Action::Create),
        ("Update", Action::Update),
        ("Delete", Action::Delete),
        ("Restore", Action::Restore),
        ("Erase", Action::Erase),
    ]
        .into_iter()
        .find_map(|(verb, action)| m.name.strip_prefix(verb).map(|noun| (action, noun)))
        .ok_or_else(|| bad(format!("mutation {}: unknown mutation {:?}", m.id, m.name)))?;
    let entity = rencontres_protocol::ENTITIES
        .iter()
        .find(|e| e.noun == noun)
        .ok_or_else(|| bad(format!("mutation {}: unknown mutation {:?}", m.id, m.name)))?;
    if action == Action::Erase && !rencontres_protocol::is_erasable(entity.name) {
        return Err(bad(format!("mutation {}: a {} cannot be erased", m.id, entity.name)));
    }
    if m.uuid.is_empty() || m.uuid.len() > 64 {
        return Err(bad(format!("mutation {}: uuid must be 1 to 64 characters", m.id)));
    }
    let args = m.args.as_object().ok_or_else(|| bad(format!("mutation {}: args must be an object", m.id)))?;
    let id = match args.get("id") {
        Some(Value::String(id)) if !id.is_empty() && id.len() <= 64 => id.clone(),
        _ => return Err(bad(format!("mutation {}: args.id must be a string of 1 to 64 characters", m.id))),
    };
    let wants_fields = matches!(action, Action::Create | Action::Update);
    for key in args.keys() {
        if key != "id" && !(wants_fields && key == "fields") {
            return Err(bad(format!("mutation {}: unexpected argument {key:?}", m.id)));
        }
    }
    let mut fields = Map::new();
    if wants_fields {
        let given = args
            .get("fields")
            .and_then(Value::as_object)
            .ok_or_else(|| bad(format!("mutation {}: args.fields must be an object", m.id)))?;
        for (name, value) in given {
            let kind = entity.field(name).ok_or_else(|| bad(format!("mutation {}: {} has no field {name:?}", m.id, entity.name)))?;
            if !kind.accepts(value) {
                return Err(bad(format!("mutation {}: {}.{name} must be {kind:?}, not {value}", m.id, entity.name)));
            }
        }
        if action == Action::Create {
            if let Some((missing, _)) = entity.fields.iter().find(|(f, _)| !given.contains_key(*f)) {
                return Err(bad(format!("mutation {}: creating a {} needs the field {missing:?}", m.id, entity.name)));
            }
        }
        fields = given.clone();
    }
    if let Some(key) = m.base_versions.keys().find(|k| *k != "deleted" && entity.field(k).is_none()) {
        return Err(bad(format!("mutation {}: base_versions names unknown field {key:?}", m.id)));
    }
    Ok(Checked { action, entity, id, fields, rows: Vec::new() })
}

/// Checks a whole push before anything is written.
pub(super) fn check_push(request: &PushRequest) -> Result<Vec<Checked>, StorageError> {
    if request.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(bad(format!("a push carries at most {MAX_PUSH_MUTATIONS} mutations")));
    }
    let mut previous = 0;
    let mut checked = Vec::with_capacity(request.mutations.len());
    for m in &request.mutations {
        if m.id <= previous {
            return Err(bad(format!("mutation ids must increase: {} after {previous}", m.id)));
        }
        if i64::try_from(m.id).is_err() {
            return Err(bad(format!("mutation id {} is too large", m.id)));
        }
        previous = m.id;
        checked.push(check_one(m)?);
    }
    Ok(checked)
}

/// Who last wrote a field, at which record version, from which client.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FieldMeta {
    v: i64,
    by: String,
    client: String,
}

struct Record {
    fields: Map<String, Value>,
    meta: std::collections::BTreeMap<String, FieldMeta>,
    version: i64,
    deleted: bool,
}

fn read_record(tx: &Transaction, entity: &str, id: &str) -> Result<Option<Record>, StorageError> {
    let row: Option<(String, String, i64, bool)> = tx
        .prepare_cached("SELECT fields, field_meta, version, deleted FROM records WHERE entity = ?1 AND id = ?2")?
        .query_row(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    row.map(|(fields, meta, version, deleted)| {
        Ok(Record { fields: serde_json::from_str(&fields)?, meta: serde_json::from_str(&meta)?, version, deleted })
    })
    .transpose()
}

/// A value about to be overwritten by a write that had not seen it.
struct Lost {
    field: String,
    overwritten: Value,
    overwritten_by: String,
    value: Value,
    by: String,
}

/// The context of one push: who, from where, and the conflicts it wrote.
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    session: &'a Session,
    client: &'a str,
}

impl Writer<'_> {
    fn meta(&self, v: i64) -> FieldMeta {
        FieldMeta { v, by: self.session.user.username.clone(), client: self.client.to_string() }
    }

    fn log(&self, m: &Mutation, c: &Checked, changes: &[FieldChange]) -> Result<i64, StorageError> {
        self.log_entry(&m.uuid, &m.name, m, c.entity.name, &c.id, changes)
    }

    /// Logs one record's change under `uuid` and `name` (a batch logs each of its records
    /// apart, as the create it is for that record).
    fn log_entry(&self, uuid: &str, name: &str, m: &Mutation, entity: &str, id: &str, changes: &[FieldChange]) -> Result<i64, StorageError> {
        self.tx.prepare_cached(
            "INSERT INTO log (uuid, client_id, entity, entity_id, name, changes, actor, device, at, received)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            uuid,
            self.client,
            entity,
            id,
            name,
            serde_json::to_string(changes)?,
            self.session.user.username,
            self.session.device_id,
            m.at,
            now()
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn conflict(&self, seq: i64, c: &Checked, lost: &Lost) -> Result<(), StorageError> {
        self.tx.prepare_cached(
            "INSERT INTO conflicts (id, seq, entity, entity_id, field, overwritten, overwritten_by, value, by, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            uuid::Uuid::now_v7().to_string(),
            seq,
            c.entity.name,
            c.id,
            lost.field,
            lost.overwritten.to_string(),
            lost.overwritten_by,
            lost.value.to_string(),
            lost.by,
            now()
        ])?;
        Ok(())
    }

    fn save(&self, c: &Checked, record: &Record, seq: i64) -> Result<(), StorageError> {
        self.save_record(c.entity.name, &c.id, record, seq)
    }

    fn save_record(&self, entity: &str, id: &str, record: &Record, seq: i64) -> Result<(), StorageError> {
        self.tx.prepare_cached(
            "INSERT INTO records (entity, id, fields, field_meta, version, deleted, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, field_meta = excluded.field_meta,
                version = excluded.version, deleted = excluded.deleted, seq = excluded.seq",
        )?
        .execute(params![
            entity,
            id,
            Value::Object(record.fields.clone()).to_string(),
            serde_json::to_string(&record.meta)?,
            record.version,
            record.deleted,
            seq
        ])?;
        Ok(())
    }

    /// Why this account may not make this change (its role, or whose record it is).
    fn refusal(&self, c: &Checked) -> Result<Option<String>, StorageError> {
        let current = read_record(self.tx, c.entity.name, &c.id)?;
        let mut after = current.as_ref().map(|r| r.fields.clone()).unwrap_or_default();
        after.extend(c.fields.iter().map(|(f, v)| (f.clone(), v.clone())));
        scope::refusal(self.tx, Viewer::of(self.session), c.entity.name, &c.id, current.as_ref().map(|r| &r.fields), &after)
    }

    /// Applies one checked mutation; a refusal is an answer, not an error.
    fn apply(&self, m: &Mutation, c: &Checked) -> Result<(MutationStatus, Option<String>), StorageError> {
        let current = read_record(self.tx, c.entity.name, &c.id)?;
        let refuse = |why: String| Ok((MutationStatus::Rejected, Some(why)));
        let actor = self.session.user.username.as_str();
        let Some(mut record) = current else {
            if c.action != Action::Create {
                return refuse(format!("no {} with id {}", c.entity.name, c.id));
            }
            let mut fields = c.fields.clone();
            super::numbering::assign_invoice_number(self.tx, c.entity.name, &mut fields)?;
            let mut record = Record { fields: fields.clone(), meta: Default::default(), version: 1, deleted: false };
            for (field, _) in c.entity.fields {
                record.meta.insert((*field).to_string(), self.meta(1));
            }
            record.meta.insert("deleted".into(), self.meta(1));
            let changes: Vec<FieldChange> = fields
                .iter()
                .filter(|(_, v)| !is_blank(v))
                .map(|(f, v)| FieldChange { field: f.clone(), before: Value::Null, after: v.clone() })
                .collect();
            let seq = self.log(m, c, &changes)?;
            self.save(c, &record, seq)?;
            scope::after_write(self.tx, c.entity.name, &c.id, &record.fields)?;
            return Ok((MutationStatus::Applied, None));
        };
        if record.meta.contains_key(ERASED_META) {
            // Nothing may bring an erased person's data back: edits made offline before the
            // erasure reached their laptop are refused (the laptop drops them on its next pull).
            if c.action == Action::Erase {
                return Ok((MutationStatus::Applied, None));
            }
            return refuse(format!("this {} was erased (GDPR): the change was not applied", c.entity.name));
        }
        let base = |field: &str| m.base_versions.get(field).copied().unwrap_or(record.version);
        // A field is stale for this mutation when another client wrote it after the version
        // the edit started from; this client's own earlier writes never conflict with it.
        let stale = |meta: &FieldMeta, field: &str| meta.v > base(field) && meta.client != self.client;
        let version = record.version + 1;
        let mut conflicts: Vec<Lost> = Vec::new();
        let changes: Vec<FieldChange> = match c.action {
            Action::Create => return refuse(format!("{} {} exists already", c.entity.name, c.id)),
            Action::Import => return Err(bad("a batch is applied by batch::apply")),
            Action::Update => {
                let changes: Vec<FieldChange> = c
                    .fields
                    .iter()
                    .filter(|(f, v)| record.fields.get(*f) != Some(*v))
                    .map(|(f, v)| FieldChange { field: f.clone(), before: record.fields.get(f).cloned().unwrap_or(Value::Null), after: v.clone() })
                    .collect();
                for change in &changes {
                    if let Some(meta) = record.meta.get(&change.field).filter(|meta| stale(meta, &change.field)) {
                        conflicts.push(Lost {
                            field: change.field.clone(),
                            overwritten: change.before.clone(),
                            overwritten_by: meta.by.clone(),
                            value: change.after.clone(),
                            by: actor.to_string(),
                        });
                    }
                }
                if record.deleted && !changes.is_empty() {
                    // The edit lands in the tombstone (a restore brings it back) and the
                    // delete stands: the editor's values are what the delete overwrote.
                    let edited: Map<String, Value> = changes.iter().map(|ch| (ch.field.clone(), ch.after.clone())).collect();
                    let deleter = record.meta.get("deleted").map(|m| m.by.clone()).unwrap_or_default();
                    conflicts.push(Lost {
                        field: "deleted".into(),
                        overwritten: Value::Object(edited),
                        overwritten_by: actor.to_string(),
                        value: Value::Bool(true),
                        by: deleter,
                    });
                }
                for change in &changes {
                    record.fields.insert(change.field.clone(), change.after.clone());
                    record.meta.insert(change.field.clone(), self.meta(version));
                }
                changes
            }
            Action::Delete | Action::Restore => {
                let deleting = c.action == Action::Delete;
                if record.deleted == deleting {
                    return Ok((MutationStatus::Applied, None));
                }
                if deleting {
                    let mut edited: Vec<(&String, &FieldMeta)> =
                        record.meta.iter().filter(|(f, meta)| *f != "deleted" && stale(meta, "deleted")).collect();
                    edited.sort_by_key(|(_, meta)| meta.v);
                    if let Some((_, last)) = edited.last() {
                        let values: Map<String, Value> =
                            edited.iter().map(|(f, _)| ((*f).clone(), record.fields.get(*f).cloned().unwrap_or(Value::Null))).collect();
                        conflicts.push(Lost {
                            field: "deleted".into(),
                            overwritten: Value::Object(values),
                            overwritten_by: last.by.clone(),
                            value: Value::Bool(true),
                            by: actor.to_string(),
                        });
                    }
                }
                record.deleted = deleting;
                record.meta.insert("deleted".into(), self.meta(version));
                vec![FieldChange { field: "deleted".into(), before: Value::Bool(!deleting), after: Value::Bool(deleting) }]
            }
            Action::Erase => {
                let erased = rencontres_protocol::erased_fields(c.entity.name, &record.fields)
                    .ok_or_else(|| bad(format!("a {} cannot be erased", c.entity.name)))?;
                for field in erased.keys() {
                    record.meta.insert(field.clone(), self.meta(version));
                }
                record.fields = erased;
                record.deleted = true;
                record.meta.insert("deleted".into(), self.meta(version));
                record.meta.insert(ERASED_META.into(), self.meta(version));
                scrub_history(self.tx, c.entity.name, &c.id)?;
                vec![FieldChange { field: ERASED_META.into(), before: Value::Bool(false), after: Value::Bool(true) }]
            }
        };
        if changes.is_empty() {
            return Ok((MutationStatus::Applied, None));
        }
        record.version = version;
        let seq = self.log(m, c, &changes)?;
        for lost in &conflicts {
            self.conflict(seq, c, lost)?;
        }
        self.save(c, &record, seq)?;
        scope::after_write(self.tx, c.entity.name, &c.id, &record.fields)?;
        Ok(if conflicts.is_empty() { (MutationStatus::Applied, None) } else { (MutationStatus::Conflicted, None) })
    }
}

/// Replaces every value in the history and the conflicts of a record with the erased marker,
/// keeping which fields changed, when and by whom (the audit trail without the data).
fn scrub_history(tx: &Transaction, entity: &str, id: &str) -> Result<(), StorageError> {
    let erased = Value::String(rencontres_protocol::ERASED_VALUE.into());
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT seq, changes FROM log WHERE entity = ?1 AND entity_id = ?2")?
        .query_map(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (seq, changes) in rows {
        let mut changes: Vec<FieldChange> = serde_json::from_str(&changes)?;
        for change in &mut changes {
            change.before = if change.before.is_null() { Value::Null } else { erased.clone() };
            change.after = if change.after.is_null() { Value::Null } else { erased.clone() };
        }
        tx.execute("UPDATE log SET changes = ?2 WHERE seq = ?1", params![seq, serde_json::to_string(&changes)?])?;
    }
    tx.execute(
        "UPDATE conflicts SET overwritten = ?3, value = ?3 WHERE entity = ?1 AND entity_id = ?2",
        params![entity, id, erased.to_string()],
    )?;
    Ok(())
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn last_mutation_id(tx: &Transaction, client: &str) -> Result<u64, StorageError> {
    let last: Option<i64> =
        tx.query_row("SELECT last_mutation_id FROM clients WHERE client_id = ?1", [client], |r| r.get(0)).optional()?;
    Ok(last.unwrap_or(0).max(0) as u64)
}

pub(super) fn apply_push(tx: &Transaction, session: &Session, request: &PushRequest, checked: &[Checked]) -> Result<PushResponse, StorageError> {
    if request.client_id != session.device_id {
        return Err(bad("client_id is not the device this token was issued to: sign in again on this device"));
    }
    let client = request.client_id.as_str();
    let mut last = last_mutation_id(tx, client)?;
    let writer = Writer { tx, session, client };
    let mut results = Vec::with_capacity(checked.len());
    for (m, c) in request.mutations.iter().zip(checked) {
        // A batch is logged record by record, under `<uuid>#<row>`: its first row tells it was seen.
        let logged_as = if c.action == Action::Import { batch::entry_uuid(&m.uuid, 0) } else { m.uuid.clone() };
        let seen_uuid: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM log WHERE uuid = ?1)")?
            .query_row([&logged_as], |r| r.get(0))?;
        let (status, message) = if seen_uuid {
            (MutationStatus::Duplicate, None)
        } else if m.id <= last {
            (MutationStatus::Behind, Some(format!("mutation {} is at or below {last}, already handled for this device", m.id)))
        } else if c.action == Action::Import {
            batch::apply(&writer, m, c)?
        } else if let Some(why) = writer.refusal(c)? {
            (MutationStatus::Rejected, Some(why))
        } else {
            writer.apply(m, c)?
        };
        last = last.max(m.id);
        results.push(MutationResult { id: m.id, status, message });
    }
    tx.execute(
        "INSERT INTO clients (client_id, user_id, last_mutation_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id) DO UPDATE SET user_id = excluded.user_id, last_mutation_id = excluded.last_mutation_id",
        params![client, session.user.id, last as i64],
    )?;
    Ok(PushResponse { last_mutation_id: last, results })
}

pub(super) fn pull(tx: &Transaction, session: &Session, cursor: u64, limit: u32, initial: bool) -> Result<RawPage, StorageError> {
    let limit = limit.clamp(1, MAX_PULL_LIMIT);
    let last_mutation_id = last_mutation_id(tx, &session.device_id)?;
    let allowed: Vec<String> = rencontres_protocol::ENTITIES
        .iter()
        .filter(|e| auth::may_pull(session.user.role, e.name))
        .map(|e| format!("'{}'", e.name))
        .collect();
    if allowed.is_empty() {
        return Ok(PullResponse { changes: Vec::new(), next_cursor: cursor, has_more: false, last_mutation_id, initial, moved: Vec::new() });
    }
    // Entity names are constants from the protocol crate, never user input. The seq index
    // is forced: left to itself SQLite picks the primary key for `entity IN` and then sorts
    // every record of the table for each page. An erased record is told by the `"erased":`
    // key in its field meta: found by `instr` rather than parsing each row's meta as JSON
    // (that text is written by serde_json, where a quote inside a value is always escaped,
    // so the pattern can only be a key).
    let sql = format!(
        "SELECT entity, id, fields, version, deleted, seq, instr(field_meta, '\"{ERASED_META}\":') > 0
         FROM records INDEXED BY records_seq
         WHERE seq > ?1 AND entity IN ({}) ORDER BY seq LIMIT ?2",
        allowed.join(", ")
    );
    let viewer = Viewer::of(session);
    let every_row = scope::sees_every_row(viewer.role);
    // A record's history and conflicts are looked up one record at a time, so they are
    // looked up only when there can be some: none for an initial sync's history, and
    // conflicts only when one was recorded after the cursor (most pages have none).
    let with_log = cursor > 0 && !initial;
    let with_conflicts: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM conflicts WHERE seq > ?1)")?
        .query_row([i64::try_from(cursor).unwrap_or(i64::MAX)], |r| r.get(0))?;
    let carried = moved::Carried { log: with_log, conflicts: with_conflicts };
    // Every record scanned, when the range may hold entries of records that moved on.
    let mut scanned_records = std::collections::HashSet::new();
    let mut statement = tx.prepare(&sql)?;
    let mut changes = Vec::with_capacity(limit as usize);
    // Rows outside the account's row-level scope are skipped, so a page is filled from as
    // many batches as it takes, up to a bound that keeps one request short; the cursor then
    // moves past what was scanned, seen or not, so nothing is scanned twice.
    let mut scanned_to = cursor;
    let mut scanned = 0usize;
    let mut has_more = false;
    'pages: loop {
        let from = i64::try_from(scanned_to).unwrap_or(i64::MAX);
        let rows = statement
            .query_map(params![from, limit as i64 + 1], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get::<_, i64>(5)?, r.get::<_, bool>(6)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let batch_has_more = rows.len() > limit as usize;
        for (entity_name, id, fields, version, deleted, seq, erased) in rows.into_iter().take(limit as usize) {
            if changes.len() == limit as usize {
                has_more = true;
                break 'pages;
            }
            scanned_to = seq as u64;
            scanned += 1;
            if with_log || with_conflicts {
                scanned_records.insert((entity_name.clone(), id.clone()));
            }
            if !every_row {
                let parsed: Map<String, Value> = serde_json::from_str(&fields)?;
                if !scope::may_see(tx, viewer, &entity_name, &id, &parsed)? {
                    continue;
                }
            }
            // Checked JSON (the server wrote it), kept as text: the page goes out as it is stored.
            let fields = RawValue::from_string(fields)?;
            // An initial sync pages current rows only; later pulls bring the history with them.
            let log = if with_log { log_since(tx, &entity_name, &id, cursor as i64)? } else { Vec::new() };
            let conflicts = if with_conflicts { conflicts_since(tx, &entity_name, &id, cursor as i64)? } else { Vec::new() };
            debug_assert!(entity(&entity_name).is_some());
            changes.push(Change { seq: seq as u64, entity: entity_name, id, version, deleted, fields, log, conflicts, erased });
        }
        if !batch_has_more {
            break;
        }
        if changes.len() == limit as usize || scanned >= MAX_PULL_SCAN {
            has_more = true;
            break;
        }
    }
    let moved = moved::moved(tx, viewer, cursor, scanned_to, &scanned_records, carried)?;
    Ok(PullResponse { changes, next_cursor: scanned_to, has_more, last_mutation_id, initial, moved })
}

fn log_since(tx: &Transaction, entity: &str, id: &str, cursor: i64) -> Result<Vec<LogEntry>, StorageError> {
    let mut statement = tx.prepare_cached(
        "SELECT uuid, name, actor, device, at, changes FROM log WHERE entity = ?1 AND entity_id = ?2 AND seq > ?3 ORDER BY seq",
    )?;
    let rows = statement
        .query_map(params![entity, id, cursor], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(uuid, name, actor, device, at, changes)| {
            Ok(LogEntry { uuid, name, actor, device, at, changes: serde_json::from_str(&changes)? })
        })
        .collect()
}

fn conflicts_since(tx: &Transaction, entity: &str, id: &str, cursor: i64) -> Result<Vec<Conflict>, StorageError> {
    let mut statement = tx.prepare_cached(
        "SELECT id, field, overwritten, overwritten_by, value, by, at FROM conflicts
         WHERE entity = ?1 AND entity_id = ?2 AND seq > ?3 ORDER BY seq",
    )?;
    let rows = statement
        .query_map(params![entity, id, cursor], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(cid, field, overwritten, overwritten_by, value, by, at)| {
            Ok(Conflict {
                id: cid,
                entity: entity.to_string(),
                entity_id: id.to_string(),
                field,
                overwritten: serde_json::from_str(&overwritten)?,
                overwritten_by,
                value: serde_json::from_str(&value)?,
                by,
                at,
            })
        })
        .collect()
}
