//! Batch mutations: many records created by one named mutation, `ImportOrganisations` or
//! `ImportPeople` `{file, rows: [{id, fields}]}`, with one log row and one outbox row for up to
//! [`BATCH_ROWS`] records. An import through one mutation per record spent most of its time
//! writing a log row, a JSON diff and an outbox row per record; a batch writes each value
//! once. Every record still has its History (the batch, found through `batch_records`, reads
//! as the record's create, its first change naming the file: "import: members.csv"), syncs (the server re-authorises each row and applies a
//! batch all or nothing) and is scrubbed by a GDPR erasure ([`scrub`]).
//!
//! A batch is not undone from History: it created hundreds of records at once (see
//! [`undo_refusal`]). Fields a batch logs leave out the nulls; the server reads a missing
//! field as null.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::{new_id, now};
use crate::model::{FieldChange, HistoryEntry};
use crate::record::{self, Fields, Table};
use crate::store::Author;
use crate::{search, CoreError, Result};

/// Records per batch: a log row of a few hundred kilobytes, a small part of a push.
pub(crate) const BATCH_ROWS: usize = 1000;
/// About the most text one batch's arguments carry, so a push stays far below the server's
/// body limit even when rows have long notes.
const BATCH_BYTES: usize = 1 << 20;

/// The pseudo-field a batch's history entry names its file by: "import: members.csv".
pub(crate) const SOURCE_FIELD: &str = "import";

/// Whether a mutation name is a batch's.
pub(crate) fn is_batch(name: &str) -> bool {
    name.starts_with("Import")
}

fn batch_name(table: &Table) -> Result<&'static str> {
    match table.entity_name() {
        "organisation" => Ok("ImportOrganisations"),
        "person" => Ok("ImportPeople"),
        other => Err(CoreError::Corrupt(format!("no batch mutation creates a {other}"))),
    }
}

/// The rows of one batch being written; [`Batch::flush`] logs them.
pub(crate) struct Batch {
    table: &'static Table,
    name: &'static str,
    file: String,
    insert: String,
    at: String,
    /// The rows' JSON, `{"id":..,"fields":{..}},...`, written as each row is: building a
    /// `serde_json::Value` of a thousand rows and then its text cost more than the inserts.
    rows: Vec<u8>,
    ids: Vec<String>,
    /// The rows' search entries, written with their batch's log row.
    index: search::NewEntries,
}

/// A field's value as bound to its column, borrowing text rather than copying it.
fn bound(value: &Value) -> ToSqlOutput<'_> {
    match value {
        Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        other => ToSqlOutput::Owned(record::to_sql(other)),
    }
}

impl Batch {
    pub fn new(table: &'static Table, file: &str) -> Result<Batch> {
        let columns = table.fields;
        // Table and column names are constants, never input.
        let insert = format!(
            "INSERT INTO {} (id, {}, sort_key, version, created_at, updated_at) VALUES (?1, {}, ?{}, 1, ?{}, ?{})",
            table.sql,
            columns.join(", "),
            (0..columns.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", "),
            columns.len() + 2,
            columns.len() + 3,
            columns.len() + 3,
        );
        Ok(Batch { table, name: batch_name(table)?, file: file.to_string(), insert, at: now(), rows: Vec::new(), ids: Vec::new(), index: search::NewEntries::new(table) })
    }

    /// Writes a new record (its row and its search entry) with a new id, answered, and keeps
    /// its fields for the batch's log row; logs the batch when it is full. A field `given`
    /// leaves out is stored null, as a single create stores it.
    pub fn create(&mut self, tx: &Transaction, author: &Author, given: &Fields) -> Result<String> {
        let table = self.table;
        let id = new_id();
        let null = Value::Null;
        let sort_key = (table.sort_key)(given);
        let mut values: Vec<ToSqlOutput> = Vec::with_capacity(table.fields.len() + 3);
        values.push(ToSqlOutput::Borrowed(ValueRef::Text(id.as_bytes())));
        values.extend(table.fields.iter().map(|f| bound(given.get(*f).unwrap_or(&null))));
        values.push(ToSqlOutput::Borrowed(ValueRef::Text(sort_key.as_bytes())));
        values.push(ToSqlOutput::Borrowed(ValueRef::Text(self.at.as_bytes())));
        tx.prepare_cached(&self.insert)?.execute(rusqlite::params_from_iter(values))?;
        self.index.add(tx, &id, given)?;
        if !self.rows.is_empty() {
            self.rows.push(b',');
        }
        self.rows.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut self.rows, &id)?;
        self.rows.extend_from_slice(b",\"fields\":{");
        let mut first = true;
        for field in table.fields {
            // Nulls are left out: the server reads a missing field of a batch row as null.
            let Some(value) = given.get(*field).filter(|v| !v.is_null()) else { continue };
            if !first {
                self.rows.push(b',');
            }
            first = false;
            serde_json::to_writer(&mut self.rows, field)?;
            self.rows.push(b':');
            serde_json::to_writer(&mut self.rows, value)?;
        }
        self.rows.extend_from_slice(b"}}");
        self.ids.push(id.clone());
        if self.ids.len() >= BATCH_ROWS || self.rows.len() >= BATCH_BYTES {
            self.flush(tx, author)?;
        }
        Ok(id)
    }

    /// Logs the rows written since the last flush as one mutation with its outbox row;
    /// answers its id, or None when there was nothing to log.
    pub fn flush(&mut self, tx: &Transaction, author: &Author) -> Result<Option<String>> {
        if self.ids.is_empty() {
            return Ok(None);
        }
        self.index.write(tx)?;
        let mutation_id = new_id();
        let mut args = Vec::with_capacity(self.rows.len() + self.file.len() + 32);
        args.extend_from_slice(b"{\"file\":");
        serde_json::to_writer(&mut args, &self.file)?;
        args.extend_from_slice(b",\"rows\":[");
        args.append(&mut self.rows);
        args.extend_from_slice(b"]}");
        let args = String::from_utf8(args).map_err(|e| CoreError::Corrupt(format!("batch arguments: {e}")))?;
        tx.prepare_cached(
            "INSERT INTO mutations (id, name, entity, entity_id, args, changes, undoes, actor, device, at, origin)
             VALUES (?1, ?2, ?3, ?1, ?4, '[]', NULL, ?5, ?6, ?7, 'local')",
        )?
        .execute(params![mutation_id, self.name, self.table.entity_name(), args, author.actor, author.device, self.at])?;
        let seq = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO outbox (seq, mutation_id, base_versions, records) VALUES (?1, ?2, '{}', ?3)")?
            .execute(params![seq, mutation_id, self.ids.len()])?;
        let mut link = tx.prepare_cached("INSERT INTO batch_records (entity, entity_id, mutation_seq) VALUES (?1, ?2, ?3)")?;
        for id in self.ids.drain(..) {
            link.execute(params![self.table.entity_name(), id, seq])?;
        }
        self.at = now();
        Ok(Some(mutation_id))
    }
}

/// One row of a batch's arguments.
fn row_of<'a>(args: &'a Value, id: &str) -> Option<&'a Map<String, Value>> {
    args.get("rows")?.as_array()?.iter().find(|r| r.get("id").and_then(Value::as_str) == Some(id))?.get("fields")?.as_object()
}

/// The History entries of a record from the batches that created it, each with its log seq
/// (to order it among the record's other entries): the file as the [`SOURCE_FIELD`], then
/// each field the row gave a value, as a create shows them.
pub(crate) fn history_of(conn: &Connection, table: &Table, id: &str) -> Result<Vec<(i64, HistoryEntry)>> {
    let mut statement = conn.prepare_cached(
        "SELECT m.seq, m.id, m.actor, m.device, m.at, m.args FROM batch_records b JOIN mutations m ON m.seq = b.mutation_seq
         WHERE b.entity = ?1 AND b.entity_id = ?2",
    )?;
    let rows = statement
        .query_map(params![table.entity_name(), id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut entries = Vec::with_capacity(rows.len());
    for (seq, mutation_id, actor, device, at, args) in rows {
        let args: Value = serde_json::from_str(&args)?;
        let file = args.get("file").cloned().unwrap_or(Value::Null);
        let mut changes = vec![FieldChange { field: SOURCE_FIELD.into(), before: Value::Null, after: file }];
        if let Some(fields) = row_of(&args, id) {
            changes.extend(table.fields.iter().filter_map(|f| {
                let after = fields.get(*f).filter(|v| !record::is_blank(v))?;
                Some(FieldChange { field: (*f).to_string(), before: Value::Null, after: after.clone() })
            }));
        }
        // For this record the batch was its create, and History shows it as one; the batch's
        // own name stays in the log, where undo finds it and explains why it refuses.
        let name = format!("Create{}", table.noun);
        entries.push((seq, HistoryEntry { mutation_id, name, actor, device, at, changes, undoes: None }));
    }
    Ok(entries)
}

/// Why a batch is not undone from History, as the user reads it.
pub(crate) fn undo_refusal(conn: &Connection, mutation_id: &str) -> Result<CoreError> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT json_extract(args, '$.file'), json_array_length(args, '$.rows') FROM mutations WHERE id = ?1",
            [mutation_id],
            |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?)),
        )
        .optional()?;
    let (file, count) = found.unwrap_or_default();
    Ok(CoreError::Undo(format!(
        "the import of {file} created {count} records in one step and is not undone from History: delete the records you do not want"
    )))
}

/// GDPR: the values of a record in the batches that created it go. A batch still waiting to
/// be sent carries the record's erased fields instead (still valid, so the push goes through
/// and the server creates the record already erased); a sent one keeps which fields had a
/// value, each now the erased marker, as a scrubbed history entry does.
pub(crate) fn scrub(tx: &Transaction, entity: &str, id: &str) -> Result<()> {
    let batches: Vec<(i64, String, bool)> = tx
        .prepare(
            "SELECT m.seq, m.args, o.seq IS NOT NULL FROM batch_records b JOIN mutations m ON m.seq = b.mutation_seq
             LEFT JOIN outbox o ON o.mutation_id = m.id WHERE b.entity = ?1 AND b.entity_id = ?2",
        )?
        .query_map(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for (seq, args, pending) in batches {
        let mut args: Value = serde_json::from_str(&args)?;
        let Some(rows) = args.get_mut("rows").and_then(Value::as_array_mut) else { continue };
        for row in rows.iter_mut().filter(|r| r.get("id").and_then(Value::as_str) == Some(id)) {
            let Some(fields) = row.get_mut("fields").and_then(Value::as_object_mut) else { continue };
            if pending {
                if let Some(erased) = rencontres_protocol::erased_fields(entity, fields) {
                    fields.extend(erased);
                }
            } else {
                for value in fields.values_mut().filter(|v| !v.is_null()) {
                    *value = Value::String(rencontres_protocol::ERASED_VALUE.into());
                }
            }
        }
        tx.execute("UPDATE mutations SET args = ?2 WHERE seq = ?1", params![seq, args.to_string()])?;
    }
    Ok(())
}

/// A batch the server refused: the records it created here go (deleted, out of the index),
/// as a refused single create does; the server never had them.
pub(crate) fn take_back(tx: &Transaction, table: &Table, args: &str) -> Result<()> {
    let args: Value = serde_json::from_str(args)?;
    let ids = args.get("rows").and_then(Value::as_array).into_iter().flatten().filter_map(|r| r.get("id").and_then(Value::as_str));
    let at = now();
    for id in ids {
        tx.prepare_cached(&format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", table.sql))?.execute(params![id, at])?;
        search::unindex(tx, table, id)?;
    }
    Ok(())
}

/// Whether a pulled history entry is this device's own batch coming back: the server logs a
/// batch's rows as `<batch id>#<row>`, and this device has the batch itself in its log.
pub(crate) fn is_own_entry(conn: &Connection, uuid: &str) -> Result<bool> {
    let Some((batch, _)) = uuid.split_once('#') else { return Ok(false) };
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM mutations WHERE id = ?1 AND origin = 'local')")?
        .query_row([batch], |r| r.get(0))?)
}
