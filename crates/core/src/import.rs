//! Importing organisations and contacts from CSV and XLSX files, in three steps the import
//! screen follows: [`Store::import_preview`] (what the file looks like, which column fills
//! which field), [`Store::import_check`] (every row's errors with its line, and duplicates)
//! and [`Store::import_commit`] (all rows in one transaction, new records in batch mutations
//! of a thousand rows, so an import syncs and each record's History says which file it came
//! from; a failure or a cancel changes nothing).
//!
//! Duplicates are found by folded name + country (organisations) and by e-mail (people),
//! against the store and within the file. Each one is skipped or merged; **merge fills only
//! the existing record's empty fields** (and adds new e-mails, phones and languages to its
//! lists): it never overwrites what the secretariat typed, since an old spreadsheet is more
//! often stale than the store. To replace a value, edit the record.

mod commit;
mod convert;
mod fields;
mod plan;
mod table;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use thiserror::Error;

pub use fields::{ColumnMapping, TargetField};
pub use table::SourceEncoding;

use crate::{CoreError, Store};

/// What a file holds: organisations, or people (contacts) linked to organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Organisations,
    People,
}

/// What the import screen shows first: the file's columns, its first rows and the mapping
/// suggested (from the last import of this kind, else from the header names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Preview {
    pub columns: Vec<String>,
    /// The first rows (at most [`PREVIEW_ROWS`]), cells as text, in column order.
    pub sample: Vec<Vec<String>>,
    /// Rows in the file, not counting the header and blank lines.
    pub rows: u32,
    pub encoding: SourceEncoding,
    /// `","`, `";"` or `"\t"`; None for XLSX.
    pub delimiter: Option<String>,
    pub mapping: ColumnMapping,
}

pub const PREVIEW_ROWS: usize = 20;

/// A rule a row breaks: its line in the file (a quoted newline makes a row span lines; this
/// is the line it starts on; for XLSX the sheet's row number), the field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowError {
    pub line: u32,
    pub field: TargetField,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, {}: {}", self.line, self.field.label().to_lowercase(), self.message)
    }
}

/// What a duplicate row repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DuplicateOf {
    /// A record already in the store.
    Existing { id: String },
    /// An earlier row of the same file.
    Line { line: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Duplicate {
    pub line: u32,
    /// What matched, as shown: `Besançon (FR)` or `culture@besancon.fr`.
    pub matched: String,
    pub of: DuplicateOf,
}

/// What the check found; the import may go on when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportCheck {
    pub rows: u32,
    pub errors: Vec<RowError>,
    pub duplicates: Vec<Duplicate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateAction {
    #[default]
    Skip,
    /// Fill the existing record's empty fields from the row (see the module doc).
    Merge,
}

/// The action for one duplicate line, overriding the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LineAction {
    pub line: u32,
    pub action: DuplicateAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct ImportOptions {
    pub mapping: ColumnMapping,
    /// What to do with duplicates not listed in `per_line`.
    pub duplicates: DuplicateAction,
    pub per_line: Vec<LineAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct ImportSummary {
    pub created: u32,
    pub merged: u32,
    pub skipped: u32,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("{file} cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("{file} has no header row: the first non-blank line must name the columns")]
    Empty { file: String },
    #[error("the column mapping has {found} columns but the file has {expected}: preview the file again")]
    MappingWidth { expected: usize, found: usize },
    #[error("no column is mapped to {field}: choose the column that holds it")]
    Unmapped { field: &'static str },
    #[error("{} row(s) have errors, nothing was imported; first: {}", errors.len(), errors.first().map(ToString::to_string).unwrap_or_default())]
    Rows { errors: Vec<RowError> },
    #[error("the import was cancelled; nothing was changed")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] CoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> Self {
        ImportError::Store(CoreError::Sqlite(error))
    }
}

impl From<serde_json::Error> for ImportError {
    fn from(error: serde_json::Error) -> Self {
        ImportError::Store(CoreError::from(error))
    }
}

impl Store {
    /// Reads the file and suggests a mapping; nothing is written.
    pub fn import_preview(&self, kind: ImportKind, bytes: &[u8], file_name: &str) -> Result<Preview, ImportError> {
        let table = table::read(bytes, file_name)?;
        let remembered = self.remembered_mapping(kind)?;
        Ok(Preview {
            mapping: fields::suggest(kind, &table.columns, &remembered),
            sample: table.rows.iter().take(PREVIEW_ROWS).map(|r| r.cells.clone()).collect(),
            rows: table.rows.len() as u32,
            encoding: table.encoding,
            delimiter: table.delimiter.map(String::from),
            columns: table.columns,
        })
    }

    /// Every row's errors and every duplicate, as the commit would meet them; nothing is written.
    pub fn import_check(&self, kind: ImportKind, bytes: &[u8], file_name: &str, mapping: &ColumnMapping) -> Result<ImportCheck, ImportError> {
        let table = table::read(bytes, file_name)?;
        let plan = plan::plan(&self.conn, kind, &table, mapping)?;
        Ok(ImportCheck { rows: table.rows.len() as u32, errors: plan.errors, duplicates: plan.duplicates })
    }

    /// Imports every row in one transaction, or nothing: rows with errors refuse the whole
    /// file, and `progress(done, total)` answering false cancels and rolls back. The mapping
    /// is remembered for the next file of this kind.
    pub fn import_commit(
        &mut self,
        kind: ImportKind,
        bytes: &[u8],
        file_name: &str,
        options: &ImportOptions,
        progress: impl FnMut(u32, u32) -> bool,
    ) -> Result<ImportSummary, ImportError> {
        let table = table::read(bytes, file_name)?;
        // One transaction of up to hundreds of thousands of rows, written in bulk (see
        // `store::bulk`): the log it leaves is copied into the database after it.
        self.in_bulk(0, |store| commit::commit(store, kind, &table, file_name, options, progress))?
    }

    /// The mapping last used for this kind: header key → field.
    fn remembered_mapping(&self, kind: ImportKind) -> Result<HashMap<String, TargetField>, ImportError> {
        // A mapping written by another version may not parse: it is a suggestion, so drop it.
        Ok(self.setting(fields::setting_key(kind))?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod batch_tests;
