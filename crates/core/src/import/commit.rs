//! Writing a checked file in one transaction, with progress and cancel. New records go in
//! batches (one `ImportOrganisations`/`ImportPeople` mutation per chunk of rows, see
//! [`crate::mutation::batch`]); a merge is an ordinary update that fills only the empty
//! fields of the record it matches.

use std::collections::HashMap;
use std::sync::mpsc;

use rusqlite::Transaction;
use serde_json::Value;

use super::convert::{Draft, OrganisationIndex};
use super::fields;
use super::plan::{self, Planned};
use super::table::SourceTable;
use super::{DuplicateAction, DuplicateOf, ImportError, ImportKind, ImportOptions, ImportSummary};
use crate::mutation::batch::{Batch, NewRow};
use crate::mutation::{self, Action, Write};
use crate::record::{self, Table, ORGANISATIONS, PEOPLE};
use crate::store::{Author, Store};
use crate::CoreError;

/// How many rows between two calls of the progress callback: often enough for a smooth bar,
/// rarely enough that the callback (an IPC event in the app) costs nothing.
const PROGRESS_EVERY: u32 = 250;

pub(crate) fn commit(
    store: &mut Store,
    kind: ImportKind,
    table: &SourceTable,
    file_name: &str,
    options: &ImportOptions,
    progress: impl FnMut(u32, u32) -> bool,
) -> Result<ImportSummary, ImportError> {
    let plan = plan::plan(&store.conn, kind, table, &options.mapping)?;
    if !plan.errors.is_empty() {
        return Err(ImportError::Rows { errors: plan.errors });
    }
    write(store, kind, table, file_name, options, plan, progress)
}

fn write(
    store: &mut Store,
    kind: ImportKind,
    table: &SourceTable,
    file_name: &str,
    options: &ImportOptions,
    plan: plan::Plan,
    mut progress: impl FnMut(u32, u32) -> bool,
) -> Result<ImportSummary, ImportError> {
    let actions: HashMap<u32, DuplicateAction> = options.per_line.iter().map(|a| (a.line, a.action)).collect();
    let total = plan.rows.len() as u32;
    let author = store.author.clone();
    let record_table = kind_table(kind);
    // Dropping the transaction on any early return rolls every row back.
    let tx = store.conn.transaction()?;
    let mut summary = ImportSummary::default();
    // The record each line became (or matched), so a later duplicate line can merge into it.
    let mut records: HashMap<u32, String> = HashMap::with_capacity(plan.rows.len());
    let mut batch = Batch::new(record_table, file_name)?;
    let (new, duplicates) = in_writing_order(&plan.rows);
    let mut done: u32 = 0;
    // New records are made ready (fields, search words, JSON) on a second thread while this
    // one writes them: SQLite takes one writer, and the rest is half the work.
    std::thread::scope(|scope| -> Result<(), ImportError> {
        let (send, ready) = mpsc::sync_channel(CHUNKS_AHEAD);
        let organisations = &plan.organisations;
        std::thread::Builder::new()
            .name("import-rows".into())
            .spawn_scoped(scope, move || prepare_all(record_table, &new, organisations, send))
            .map_err(|e| CoreError::Corrupt(format!("the import could not start ({e}): close other programs and try again")))?;
        for chunk in ready {
            if !progress(done, total) {
                return Err(ImportError::Cancelled);
            }
            let (lines, rows): (Vec<u32>, Vec<NewRow>) = chunk?.into_iter().unzip();
            let ids = batch.create_all(&tx, &author, rows)?;
            done += ids.len() as u32;
            summary.created += ids.len() as u32;
            records.extend(lines.into_iter().zip(ids));
        }
        Ok(())
    })?;
    for row in duplicates {
        if done % PROGRESS_EVERY == 0 && !progress(done, total) {
            return Err(ImportError::Cancelled);
        }
        let action = actions.get(&row.line).copied().unwrap_or(options.duplicates);
        let id = write_duplicate(&tx, &author, row, &records, action, &mut batch, &mut summary)?;
        records.insert(row.line, id);
        done += 1;
    }
    batch.flush(&tx, &author)?;
    if !progress(total, total) {
        return Err(ImportError::Cancelled);
    }
    let remembered = fields::to_remember(&table.columns, &options.mapping);
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [fields::setting_key(kind), serde_json::to_string(&remembered)?.as_str()],
    )?;
    tx.commit()?;
    Ok(summary)
}

/// Rows in a chunk made ready (and between two calls of the progress callback while new
/// records are written), and chunks made ready ahead of the writing: enough to keep the
/// writer busy, few enough that a cancelled import stops the other thread at once.
const CHUNK_ROWS: usize = 256;
const CHUNKS_AHEAD: usize = 8;

type Ready = Result<Vec<(u32, NewRow)>, CoreError>;

/// Makes the new records ready in writing order and sends them, a chunk at a time, until
/// done, failed (the error is sent) or the writer stops listening (it failed or was cancelled).
fn prepare_all(table: &'static Table, rows: &[&Planned], organisations: &OrganisationIndex, send: mpsc::SyncSender<Ready>) {
    for chunk in rows.chunks(CHUNK_ROWS) {
        let ready: Ready = chunk
            .iter()
            .map(|row| {
                let fields = fields_of(&row.draft)?;
                // A contact's search entry holds its organisation's name.
                let organisation = fields.get("organisation_id").and_then(Value::as_str).and_then(|id| organisations.name_of(id));
                Ok((row.line, Batch::prepare(table, fields, organisation)?))
            })
            .collect();
        let failed = ready.is_err();
        if send.send(ready).is_err() || failed {
            return;
        }
    }
}

/// The rows to write: new records by name (the list's order), and the duplicates in file
/// order, written after them. By name, each new record lands next to the one before it in
/// every name-ordered index, where file order sends each to a random page of each index: the
/// same rows write markedly slower. A duplicate only ever merges into a stored record or one
/// an earlier line created, so writing it after every new record changes nothing but the
/// order of the log.
fn in_writing_order(rows: &[Planned]) -> (Vec<&Planned>, Vec<&Planned>) {
    let (mut new, duplicates): (Vec<&Planned>, Vec<&Planned>) = rows.iter().partition(|r| r.duplicate.is_none());
    new.sort_by_cached_key(|r| sort_key_of(&r.draft));
    (new, duplicates)
}

/// The list's sort key of a draft, by its table's own rule fed the fields that rule reads.
fn sort_key_of(draft: &Draft) -> String {
    let mut names = record::Fields::new();
    match draft {
        Draft::Organisation(o) => {
            names.insert("name".into(), o.name.as_str().into());
            (ORGANISATIONS.sort_key)(&names)
        }
        Draft::Person(p) => {
            names.insert("last_name".into(), p.last_name.as_str().into());
            names.insert("first_name".into(), p.first_name.as_str().into());
            (PEOPLE.sort_key)(&names)
        }
    }
}

fn kind_table(kind: ImportKind) -> &'static Table {
    match kind {
        ImportKind::Organisations => &ORGANISATIONS,
        ImportKind::People => &PEOPLE,
    }
}

fn table_of(draft: &Draft) -> &'static Table {
    match draft {
        Draft::Organisation(_) => &ORGANISATIONS,
        Draft::Person(_) => &PEOPLE,
    }
}

fn fields_of(draft: &Draft) -> Result<record::Fields, CoreError> {
    match draft {
        Draft::Organisation(o) => record::to_fields(&ORGANISATIONS, o),
        Draft::Person(p) => record::to_fields(&PEOPLE, p),
    }
}

/// Writes a row that duplicates a stored record or an earlier line: skipped, or merged into
/// the record it matches. Answers that record's id.
fn write_duplicate(
    tx: &Transaction,
    author: &Author,
    row: &Planned,
    records: &HashMap<u32, String>,
    action: DuplicateAction,
    batch: &mut Batch,
    summary: &mut ImportSummary,
) -> Result<String, ImportError> {
    let table = table_of(&row.draft);
    let target = match &row.duplicate {
        None => return Err(CoreError::Corrupt(format!("line {} is new, not a duplicate", row.line)).into()),
        Some(DuplicateOf::Existing { id }) => id.clone(),
        Some(DuplicateOf::Line { line }) => records
            .get(line)
            .cloned()
            .ok_or_else(|| CoreError::Corrupt(format!("line {} repeats line {line}, which was not written", row.line)))?,
    };
    match action {
        DuplicateAction::Skip => summary.skipped += 1,
        DuplicateAction::Merge => {
            // The merge is logged after the create of the record it fills, which may still
            // wait in the batch: log the batch first, so history and sync see them in order.
            batch.flush(tx, author)?;
            let stored = record::read_live(tx, table, &target)?;
            let merged = fill_empty(table, &stored.fields, &fields_of(&row.draft)?);
            mutation::apply(tx, author, Write { table, action: Action::Update, id: &target, fields: Some(&merged), undoes: None })?;
            summary.merged += 1;
        }
    }
    Ok(target)
}

/// The stored fields with the empty ones filled from the file, and the file's new list items
/// (e-mails, phones, languages) added after the stored ones.
pub(crate) fn fill_empty(table: &Table, stored: &record::Fields, incoming: &record::Fields) -> record::Fields {
    let mut merged = stored.clone();
    for field in table.fields {
        let (Some(new), Some(current)) = (incoming.get(*field), merged.get_mut(*field)) else { continue };
        if let (Value::Array(items), Value::Array(new_items)) = (&mut *current, new) {
            for item in new_items {
                let known = items.iter().any(|i| match (i.as_str(), item.as_str()) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => i == item,
                });
                if !known {
                    items.push(item.clone());
                }
            }
        } else if record::is_blank(current) && !record::is_blank(new) {
            *current = new.clone();
        }
    }
    merged
}
