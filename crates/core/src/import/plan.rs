//! The check of a whole file before anything is written: each row converted (or its errors),
//! and each duplicate found, against the store and against earlier rows of the file.

use std::collections::HashMap;

use rusqlite::Connection;

use super::convert::{self, Draft, OrganisationIndex};
use super::fields::{ColumnMapping, TargetField};
use super::table::{SourceRow, SourceTable};
use super::{Duplicate, DuplicateOf, ImportError, ImportKind, RowError};
use crate::fold::fold;
use crate::CoreError;

/// A row that passed the rules, and what it duplicates if anything.
pub(crate) struct Planned {
    pub line: u32,
    pub draft: Draft,
    pub duplicate: Option<DuplicateOf>,
}

pub(crate) struct Plan {
    pub rows: Vec<Planned>,
    pub errors: Vec<RowError>,
    pub duplicates: Vec<Duplicate>,
    /// The live organisations the rows were linked to (none for an import of organisations).
    pub organisations: OrganisationIndex,
}

/// The keys a record is a duplicate by, with how each is shown.
fn keys(draft: &Draft) -> Vec<(String, String)> {
    match draft {
        Draft::Organisation(o) => {
            vec![(format!("{}|{}", fold(&o.name), o.country), format!("{} ({})", o.name, o.country))]
        }
        Draft::Person(p) => p.emails.iter().map(|e| (e.to_lowercase(), e.clone())).collect(),
    }
}

/// The keys of the live records of the store, each with its record's id.
fn stored_keys(conn: &Connection, kind: ImportKind) -> Result<HashMap<String, String>, ImportError> {
    let sql = match kind {
        ImportKind::Organisations => "SELECT id, name, country FROM organisations WHERE deleted_at IS NULL",
        ImportKind::People => {
            "SELECT p.id, lower(j.value), '' FROM people p, json_each(p.emails) j WHERE p.deleted_at IS NULL"
        }
    };
    let mut statement = conn.prepare(sql)?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut keys = HashMap::new();
    for row in rows {
        let (id, text, country) = row?;
        let key = match kind {
            ImportKind::Organisations => format!("{}|{}", fold(&text), country),
            ImportKind::People => text,
        };
        keys.entry(key).or_insert(id);
    }
    Ok(keys)
}

/// Refuses a mapping that does not fit the file or leaves out what a record needs.
pub(crate) fn check_mapping(kind: ImportKind, table: &SourceTable, mapping: &ColumnMapping) -> Result<(), ImportError> {
    if mapping.columns.len() != table.columns.len() {
        return Err(ImportError::MappingWidth { expected: table.columns.len(), found: mapping.columns.len() });
    }
    let has = |field: TargetField| mapping.columns.contains(&Some(field));
    match kind {
        ImportKind::Organisations if !has(TargetField::Name) => Err(ImportError::Unmapped { field: "Name" }),
        ImportKind::Organisations if !has(TargetField::Country) => Err(ImportError::Unmapped { field: "Country" }),
        ImportKind::People if !has(TargetField::LastName) && !has(TargetField::FirstName) => {
            Err(ImportError::Unmapped { field: "Last name" })
        }
        _ => Ok(()),
    }
}

/// Rows below this many are converted on the calling thread alone.
const PARALLEL_FROM: usize = 4096;

/// A row converted, with the keys it is a duplicate by; or the errors that stop it.
type Converted = Result<(Draft, Vec<(String, String)>), Vec<RowError>>;

/// Every row converted, in file order. A row's conversion reads nothing but the row, so a
/// large file is cut in one part per core (up to four), converted side by side.
fn convert_all(
    kind: ImportKind,
    table: &SourceTable,
    mapping: &ColumnMapping,
    organisations: &OrganisationIndex,
) -> Result<Vec<Converted>, ImportError> {
    let convert_part = |rows: &[SourceRow]| -> crate::Result<Vec<Converted>> {
        // Sized up front: a converted row is large, and a growing vector copies them all.
        let mut converted = Vec::with_capacity(rows.len());
        for row in rows {
            converted.push(convert::convert(kind, row, mapping, organisations)?.map(|draft| {
                let keys = keys(&draft);
                (draft, keys)
            }));
        }
        Ok(converted)
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    if cores == 1 || table.rows.len() < PARALLEL_FROM {
        return Ok(convert_part(&table.rows)?);
    }
    let part = table.rows.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let parts = table
            .rows
            .chunks(part)
            .map(|rows| std::thread::Builder::new().name("import-check".into()).spawn_scoped(scope, move || convert_part(rows)))
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|e| CoreError::Corrupt(format!("the check of the file could not start ({e}): close other programs and try again")))?;
        let mut converted = Vec::with_capacity(table.rows.len());
        for part in parts {
            let part = part.join().map_err(|_| CoreError::Corrupt("the check of the file stopped unexpectedly: try the import again, and report the file if it stops again".into()))??;
            converted.extend(part);
        }
        Ok(converted)
    })
}

pub(crate) fn plan(conn: &Connection, kind: ImportKind, table: &SourceTable, mapping: &ColumnMapping) -> Result<Plan, ImportError> {
    check_mapping(kind, table, mapping)?;
    let organisations = match kind {
        ImportKind::People => OrganisationIndex::load(conn)?,
        ImportKind::Organisations => OrganisationIndex::empty(),
    };
    let stored = stored_keys(conn, kind)?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let converted = convert_all(kind, table, mapping, &organisations)?;
    let mut plan = Plan { rows: Vec::with_capacity(table.rows.len()), errors: Vec::new(), duplicates: Vec::new(), organisations };
    for (row, converted) in table.rows.iter().zip(converted) {
        let (draft, keys) = match converted {
            Ok(converted) => converted,
            Err(errors) => {
                plan.errors.extend(errors);
                continue;
            }
        };
        let mut duplicate = None;
        for (key, shown) in keys {
            if duplicate.is_none() {
                let of = match (stored.get(&key), seen.get(&key)) {
                    (Some(id), _) => Some(DuplicateOf::Existing { id: id.clone() }),
                    (None, Some(line)) => Some(DuplicateOf::Line { line: *line }),
                    (None, None) => None,
                };
                if let Some(of) = of {
                    plan.duplicates.push(Duplicate { line: row.line, matched: shown, of: of.clone() });
                    duplicate = Some(of);
                }
            }
            seen.entry(key).or_insert(row.line);
        }
        plan.rows.push(Planned { line: row.line, draft, duplicate });
    }
    Ok(plan)
}
