//! CSV import throughput (issue #5: "at least 80,000 rows/s end to end, reported with its
//! ratio to a raw rusqlite insert of the same rows in one transaction"): a file of
//! organisations written as French Excel does (BOM, `;`), imported through core's public API
//! (check, then commit: read, decode, validate, duplicates, write) into a fresh store, beside
//! the same rows inserted with one plain prepared statement in one transaction.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use rencontres_core::fold::fold;
use rencontres_core::import::{ImportKind, ImportOptions};
use rencontres_core::Store;
use rusqlite::{params, Connection};

use crate::measure::Samples;
use crate::names;
use crate::report::{Measured, Row, Target};

const TARGET: Target = Target::AtLeast(80_000.0, "#5");

struct Line {
    name: String,
    country: String,
    population: i64,
}

/// `count` distinct organisations drawn from the reference cities (a numeral after the
/// first round keeps names unique, so the file holds no duplicates to skip).
fn lines(count: usize) -> anyhow::Result<Vec<Line>> {
    let mut seen = std::collections::HashSet::new();
    let cities: Vec<names::City> = names::cities()?.into_iter().filter(|c| seen.insert((fold(&c.name), c.country.clone()))).collect();
    anyhow::ensure!(!cities.is_empty(), "no reference cities");
    Ok((0..count)
        .map(|i| {
            let city = &cities[i % cities.len()];
            let round = i / cities.len();
            let name = if round == 0 { city.name.clone() } else { format!("{} #{round}", city.name) };
            Line { name, country: city.country.clone(), population: city.population }
        })
        .collect())
}

fn csv_file(lines: &[Line]) -> Vec<u8> {
    let mut out = String::from("\u{feff}Nom;Pays;Population;Année;Source\r\n");
    for line in lines {
        out.push_str(&format!("\"{}\";{};{};2024;GeoNames\r\n", line.name.replace('"', "\"\""), line.country, line.population));
    }
    out.into_bytes()
}

/// Seconds to import `file` into a new store at `path`, through the public API.
fn import(path: &Path, file: &[u8], expected: usize) -> anyhow::Result<f64> {
    crate::writes::remove_store(path);
    let mut store = Store::open(path).with_context(|| format!("opening {}", path.display()))?;
    let started = Instant::now();
    let preview = store.import_preview(ImportKind::Organisations, file, "members.csv")?;
    let options = ImportOptions { mapping: preview.mapping, ..ImportOptions::default() };
    let summary = store.import_commit(ImportKind::Organisations, file, "members.csv", &options, |_, _| true)?;
    let seconds = started.elapsed().as_secs_f64();
    // The log's copy into the database runs on after the import; the next measurement
    // should not share the processor with it.
    store.wait_for_checkpoint();
    anyhow::ensure!(summary.created as usize == expected, "imported {} of {expected} rows", summary.created);
    drop(store);
    crate::writes::remove_store(path);
    Ok(seconds)
}

/// Seconds to insert the same rows into a new migrated store with plain statements: the
/// physical reference (no parsing, checks, history, outbox or search index).
fn raw_insert(path: &Path, lines: &[Line]) -> anyhow::Result<f64> {
    crate::writes::remove_store(path);
    drop(Store::open(path)?);
    let mut conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // The pragmas the store writes an import with: a 64 MiB page cache, and the log copied
    // into the database after the import, not during it (see core's `store::bulk`).
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    let at = "2026-12-04T09:00:00.000Z";
    let started = Instant::now();
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO organisations (id, name, sort_key, kind, country, population, population_year, population_source,
                                        category, status, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'other', ?4, ?5, 2024, 'GeoNames', 'none', 'active', 1, ?6, ?6)",
        )?;
        for line in lines {
            insert.execute(params![uuid::Uuid::now_v7().to_string(), line.name, fold(&line.name), line.country, line.population, at])?;
        }
    }
    tx.commit()?;
    let seconds = started.elapsed().as_secs_f64();
    drop(conn);
    crate::writes::remove_store(path);
    Ok(seconds)
}

/// `rows` rows imported `runs` times, each beside a raw insert of the same rows.
pub fn run(scratch: &Path, dataset: &str, rows: usize, runs: usize) -> anyhow::Result<Vec<Row>> {
    std::fs::create_dir_all(scratch)?;
    let lines = lines(rows)?;
    let file = csv_file(&lines);
    let (mut imported, mut raw) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        imported.push(rows as f64 / import(&scratch.join("import.sqlite3"), &file, rows)?);
        raw.push(rows as f64 / raw_insert(&scratch.join("import-raw.sqlite3"), &lines)?);
    }
    let operation = format!("CSV import of {} organisations, end to end (check + commit)", crate::report::number(rows as f64));
    let reference = Samples::new(raw);
    Ok(vec![Measured {
        operation: &operation,
        dataset,
        unit: "rows/s",
        samples: &Samples::new(imported),
        higher_is_slower: false,
        target: TARGET,
        reference: Some((&reference, "raw INSERT of the same rows into organisations, one transaction (no log, outbox or search index)")),
    }
    .row()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_file_holds_distinct_rows_that_core_imports_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let rows = run(dir.path(), "test", 300, 1).expect("runs");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].median > 0.0 && rows[0].reference.is_some());
    }
}
