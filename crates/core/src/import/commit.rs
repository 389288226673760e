//! Writing a checked file in one transaction, with progress and cancel. New records go in
//! batches (one `ImportOrganisations`/`ImportPeople` mutation per chunk of rows, see
//! [`crate::mutation::batch`]); a merge is an ordinary update that fills only the empty
//! fields of the record it matches.

use std::collections::HashMap;

use rusqlite::Transaction;
use serde_json::Value;

use super::convert::Draft;
use super::fields;
use super::plan::{self, Planned};
use super::table::SourceTable;
use super::{DuplicateAction, DuplicateOf, ImportError, ImportKind, ImportOptions, ImportSummary};
use crate::mutation::batch::Batch;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Table, ORGANISATIONS, PEOPLE};
use crate::store::{Author, Store};
use crate::CoreError;

/// How many rows between two calls of the progress callback: often enough for a smooth bar,
/// rarely enough that the callback (an IPC event in the app) costs nothing.
const PROGRESS_EVERY: usize = 250;

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
    // Dropping the transaction on any early return rolls every row back.
    let tx = store.conn.transaction()?;
    let mut summary = ImportSummary::default();
    // The record each line became (or matched), so a later duplicate line can merge into it.
    let mut records: HashMap<u32, String> = HashMap::with_capacity(plan.rows.len());
    let mut batch = Batch::new(kind_table(kind), file_name)?;
    for (done, row) in plan.rows.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && !progress(done as u32, total) {
            return Err(ImportError::Cancelled);
        }
        let action = actions.get(&row.line).copied().unwrap_or(options.duplicates);
        let id = write_row(&tx, &author, row, &records, action, &mut batch, &mut summary)?;
        records.insert(row.line, id);
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

/// Writes one row; answers the id of the record it created or matched.
fn write_row(
    tx: &Transaction,
    author: &Author,
    row: &Planned,
    records: &HashMap<u32, String>,
    action: DuplicateAction,
    batch: &mut Batch,
    summary: &mut ImportSummary,
) -> Result<String, ImportError> {
    let table = table_of(&row.draft);
    let fields = fields_of(&row.draft)?;
    let target = match &row.duplicate {
        None => {
            // The draft passed `normalise` in the plan: written as is, not checked twice.
            let id = batch.create(tx, author, &fields)?;
            summary.created += 1;
            return Ok(id);
        }
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
            let merged = fill_empty(table, &stored.fields, &fields);
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
