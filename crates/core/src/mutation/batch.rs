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

use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
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

/// A new record made ready by [`Batch::prepare`].
pub(crate) struct NewRow {
    id: String,
    /// Its fields' values in the order of its table's fields.
    values: Vec<SqlValue>,
    sort_key: String,
    /// Its words in its table's own search index.
    words: String,
    /// Its row of the batch's arguments, `{"id":..,"fields":{..}}`.
    json: Vec<u8>,
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

impl Batch {
    pub fn new(table: &'static Table, file: &str) -> Result<Batch> {
        let insert = super::create_sql(table);
        Ok(Batch { table, name: batch_name(table)?, file: file.to_string(), insert, at: now(), rows: Vec::new(), ids: Vec::new(), index: search::NewEntries::new(table)? })
    }

    /// Makes a new record ready to write, with a new id: everything but the writing, so that
    /// it can run on another thread while the writing one writes (see `crate::import`). A
    /// field `given` leaves out is stored null, as a single create stores it; a contact's
    /// search entry holds its organisation's name, given here.
    pub fn prepare(table: &'static Table, given: Fields, organisation_name: Option<&str>) -> Result<NewRow> {
        let id = new_id();
        let sort_key = (table.sort_key)(&given);
        let words = search::own_words(table, &given, organisation_name)
            .ok_or_else(|| CoreError::Corrupt(format!("{} records are not created in batches", table.noun)))?;
        let mut json = Vec::with_capacity(256);
        json.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut json, &id)?;
        json.extend_from_slice(b",\"fields\":{");
        let mut first = true;
        for field in table.fields {
            // Nulls are left out: the server reads a missing field of a batch row as null.
            let Some(value) = given.get(*field).filter(|v| !v.is_null()) else { continue };
            if !first {
                json.push(b',');
            }
            first = false;
            serde_json::to_writer(&mut json, field)?;
            json.push(b':');
            serde_json::to_writer(&mut json, value)?;
        }
        json.extend_from_slice(b"}}");
        // The values in column order, made here so that the writing thread only binds them.
        let values = table.fields.iter().map(|f| given.get(*f).map_or(SqlValue::Null, record::to_sql)).collect();
        Ok(NewRow { id, values, sort_key, words, json })
    }

    /// Writes prepared records (their rows; their search entries wait for [`Batch::flush`])
    /// and keeps their JSON for the batch's log row, logging the batch each time it is full.
    /// Answers their ids, in order.
    pub fn create_all(&mut self, tx: &Transaction, author: &Author, rows: Vec<NewRow>) -> Result<Vec<String>> {
        let mut insert = tx.prepare_cached(&self.insert)?;
        let mut ids = Vec::with_capacity(rows.len());
        for NewRow { id, values, sort_key, words, json } in rows {
            let mut bound: Vec<ValueRef> = Vec::with_capacity(values.len() + 3);
            bound.push(ValueRef::Text(id.as_bytes()));
            bound.extend(values.iter().map(ValueRef::from));
            bound.push(ValueRef::Text(sort_key.as_bytes()));
            bound.push(ValueRef::Text(self.at.as_bytes()));
            insert.execute(rusqlite::params_from_iter(bound.into_iter().map(ToSqlOutput::Borrowed)))?;
            if !self.rows.is_empty() {
                self.rows.push(b',');
            }
            self.rows.extend_from_slice(&json);
            self.index.add(sort_key, id.clone(), words);
            self.ids.push(id.clone());
            ids.push(id);
            if self.ids.len() >= BATCH_ROWS || self.rows.len() >= BATCH_BYTES {
                self.log(tx, author)?;
            }
        }
        Ok(ids)
    }

    /// Writes the search entries of the rows created so far and logs the rows not yet
    /// logged; answers the id of the last batch mutation, or None when there was nothing to
    /// log. Search entries wait for this call, however many batches were logged before it:
    /// written all at once, sorted, their FTS rowids ascend, and FTS5 keeps one in-memory
    /// segment for them, where a thousand-row batch at a time began a new segment each time
    /// its keys went back below the previous batch's (a merge of a hundred segments later).
    pub fn flush(&mut self, tx: &Transaction, author: &Author) -> Result<Option<String>> {
        self.index.write(tx)?;
        self.log(tx, author)
    }

    /// Logs the rows written since the last log as one mutation with its outbox row.
    fn log(&mut self, tx: &Transaction, author: &Author) -> Result<Option<String>> {
        if self.ids.is_empty() {
            return Ok(None);
        }
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
