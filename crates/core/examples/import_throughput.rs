//! Import throughput: a 100,000-row CSV of organisations through the real import (preview,
//! check, commit: records written with batch mutations of a thousand rows) against raw
//! rusqlite inserts of the same rows in one transaction, plus the raw inserts with, in turn,
//! the search index, a batch log row per thousand rows (what the import writes at least), and
//! a mutation log and outbox row per row (what the import wrote before batches). Prints a table.
//!
//! `cargo run --release -p rencontres-core --example import_throughput [rows] [--import-only]`

use std::time::Instant;

use rencontres_core::countries;
use rencontres_core::fold::fold;
use rencontres_core::import::{ImportKind, ImportOptions};
use rencontres_core::Store;
use rusqlite::{params, Connection};

// The allocator of the app and of the bench (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CITIES: &str = include_str!("../../../assets/reference/european_cities.csv");

struct Row {
    name: String,
    country: String,
    population: i64,
}

/// `n` rows from the reference cities, made unique by a numeral after the first round.
fn rows(n: usize) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(CITIES.as_bytes());
    let cities: Vec<(String, String, i64)> = reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| Some((r.get(0)?.to_string(), r.get(1)?.to_string(), r.get(2)?.parse().ok()?)))
        .collect();
    // One place per folded name and country, so the file has no duplicates to skip.
    let mut seen = std::collections::HashSet::new();
    let cities: Vec<_> = cities.into_iter().filter(|(name, country, _)| seen.insert(format!("{}|{country}", fold(name)))).collect();
    (0..n)
        .map(|i| {
            let (name, country, population) = &cities[i % cities.len()];
            let round = i / cities.len();
            let name = if round == 0 { name.clone() } else { format!("{name} #{round}") };
            Row { name, country: country.clone(), population: *population }
        })
        .collect()
}

fn csv_file(rows: &[Row]) -> Vec<u8> {
    let mut out = "\u{feff}Nom;Pays;Population;Année;Source\r\n".to_string();
    for row in rows {
        out.push_str(&format!("\"{}\";{};{};2024;GeoNames\r\n", row.name, row.country, row.population));
    }
    out.into_bytes()
}

/// What the raw variants write besides the record itself.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Extra {
    Nothing,
    SearchIndex,
    SearchIndexAndBatchLog,
    SearchIndexAndLog,
}

fn raw(path: &std::path::Path, rows: &[Row], extra: Extra) -> Result<f64, Box<dyn std::error::Error>> {
    // A migrated store, written to with plain prepared statements.
    drop(Store::open(path)?);
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // As the store writes an import: a 64 MiB page cache, the log copied after, not timed.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    let started = Instant::now();
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO organisations (id, name, sort_key, kind, country, population, population_year, population_source,
                                        category, status, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'other', ?4, ?5, 2024, 'GeoNames', 'none', 'active', 1, ?6, ?6)",
        )?;
        // Organisations' own search index (migration 0010): its row, then its FTS entry.
        let mut search_row = tx.prepare("INSERT INTO organisation_search (id, sort_key, words) VALUES (?1, ?2, ?3)")?;
        let mut search_text = tx.prepare("INSERT INTO organisation_fts (rowid, words) VALUES (?1, ?2)")?;
        let mut log = tx.prepare(
            "INSERT INTO mutations (id, name, entity, entity_id, args, changes, actor, device, at, origin)
             VALUES (?1, 'CreateOrganisation', 'organisation', ?2, ?3, ?4, 'bench', 'bench', ?5, 'local')",
        )?;
        let mut outbox = tx.prepare("INSERT INTO outbox (seq, mutation_id, base_versions) VALUES (?1, ?2, '{}')")?;
        let at = chrono::Utc::now().to_rfc3339();
        let mut batch = Vec::new();
        let mut ids = Vec::new();
        for row in rows {
            let id = uuid::Uuid::now_v7().to_string();
            insert.execute(params![id, row.name, fold(&row.name), row.country, row.population, at])?;
            if extra >= Extra::SearchIndex {
                // The same words as the store indexes: name, country code and country name.
                let country = countries::by_code(&row.country).map_or("", |c| c.name.as_str());
                let words = format!(" {} ", rencontres_core::fold::words(&format!("{} {} {country}", row.name, row.country)).join(" "));
                search_row.execute(params![id, fold(&row.name), words])?;
                let rowid = tx.last_insert_rowid();
                search_text.execute(params![rowid, words])?;
            }
            if extra == Extra::SearchIndexAndBatchLog {
                batch.push(serde_json::to_string(&serde_json::json!({"id": id, "fields": {
                    "name": row.name, "kind": "other", "country": row.country, "subdivision": "",
                    "population": row.population, "population_year": 2024, "population_source": "GeoNames",
                    "address": "", "website": "", "email": "", "languages": [], "notes": "",
                    "category": "none", "status": "active",
                }}))?);
                ids.push(id.clone());
                if batch.len() == 1000 {
                    write_batch(&tx, &mut batch, &mut ids, &at)?;
                }
            }
            if extra == Extra::SearchIndexAndLog {
                // Log rows of the same size as the mutation path's: every field in the
                // arguments, every non-blank one in the changes.
                let fields = serde_json::json!({
                    "name": row.name, "kind": "other", "country": row.country, "subdivision": "",
                    "population": row.population, "population_year": 2024, "population_source": "GeoNames",
                    "address": "", "website": "", "email": "", "languages": [], "notes": "",
                    "category": "none", "status": "active", "joined_on": null, "left_on": null,
                });
                let args = serde_json::json!({"id": id, "fields": fields});
                let changes: Vec<serde_json::Value> = ["name", "kind", "country", "population", "population_year", "population_source", "category", "status"]
                    .iter()
                    .map(|f| serde_json::json!({"field": f, "before": null, "after": fields[*f]}))
                    .collect();
                let mutation_id = uuid::Uuid::now_v7().to_string();
                log.execute(params![mutation_id, id, args.to_string(), serde_json::Value::from(changes).to_string(), at])?;
                let seq = tx.last_insert_rowid();
                outbox.execute(params![seq, mutation_id])?;
            }
        }
        write_batch(&tx, &mut batch, &mut ids, &at)?;
    }
    tx.commit()?;
    Ok(started.elapsed().as_secs_f64())
}

/// One batch mutation: its log row, its outbox row and its links to the records it made.
fn write_batch(tx: &rusqlite::Transaction, batch: &mut Vec<String>, ids: &mut Vec<String>, at: &str) -> Result<(), Box<dyn std::error::Error>> {
    if batch.is_empty() {
        return Ok(());
    }
    let mutation_id = uuid::Uuid::now_v7().to_string();
    // Each row's JSON made as it came, as the import does: one tree of a thousand rows costs
    // more to build and print than the inserts.
    let args = format!("{{\"file\":\"members.csv\",\"rows\":[{}]}}", batch.join(","));
    batch.clear();
    tx.prepare_cached(
        "INSERT INTO mutations (id, name, entity, entity_id, args, changes, actor, device, at, origin)
         VALUES (?1, 'ImportOrganisations', 'organisation', ?1, ?2, '[]', 'bench', 'bench', ?3, 'local')",
    )?
    .execute(params![mutation_id, args, at])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO outbox (seq, mutation_id, base_versions, records) VALUES (?1, ?2, '{}', ?3)")?
        .execute(params![seq, mutation_id, ids.len()])?;
    let mut link = tx.prepare_cached("INSERT INTO batch_records (entity, entity_id, mutation_seq) VALUES ('organisation', ?1, ?2)")?;
    for id in ids.drain(..) {
        link.execute(params![id, seq])?;
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rows = rows(n);
    let file = csv_file(&rows);
    let folder = tempfile::tempdir()?;

    let mut store = Store::open(&folder.path().join("import.db"))?;
    let started = Instant::now();
    let preview = store.import_preview(ImportKind::Organisations, &file, "members.csv")?;
    let read = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let check = store.import_check(ImportKind::Organisations, &file, "members.csv", &preview.mapping)?;
    let checked = started.elapsed().as_secs_f64();
    if !check.errors.is_empty() || !check.duplicates.is_empty() {
        return Err(format!("the bench file should be clean: {:?} {:?}", check.errors.first(), check.duplicates.first()).into());
    }
    let options = ImportOptions { mapping: preview.mapping, ..ImportOptions::default() };
    let started = Instant::now();
    let summary = store.import_commit(ImportKind::Organisations, &file, "members.csv", &options, |_, _| true)?;
    let committed = started.elapsed().as_secs_f64();
    assert_eq!(summary.created as usize, n);
    if std::env::args().any(|a| a == "--import-only") {
        // For a profiler: the import alone, without the raw variants.
        println!("import of {n} rows: check {checked:.3} s, commit {committed:.3} s");
        return Ok(());
    }

    let plain = raw(&folder.path().join("raw.db"), &rows, Extra::Nothing)?;
    let indexed = raw(&folder.path().join("raw-fts.db"), &rows, Extra::SearchIndex)?;
    let batched = raw(&folder.path().join("raw-batch.db"), &rows, Extra::SearchIndexAndBatchLog)?;
    let logged = raw(&folder.path().join("raw-log.db"), &rows, Extra::SearchIndexAndLog)?;

    let rate = |seconds: f64| n as f64 / seconds;
    println!("import of {n} organisation rows from a {:.1} MB CSV (file store, WAL)", file.len() as f64 / 1e6);
    println!("{:<58} {:>9} {:>12} {:>9}", "step", "seconds", "rows/s", "vs raw");
    let line = |what: &str, seconds: f64| {
        println!("{what:<58} {seconds:>9.3} {:>12.0} {:>8.1}x", rate(seconds), seconds / plain);
    };
    line("read + decode + parse (preview)", read);
    line("read + convert + validate + duplicates (check)", checked);
    line("import end to end (commit: read, check, write, commit)", committed);
    line("  of which writing in batch mutations (commit - check)", committed - checked);
    line("raw insert, one transaction", plain);
    line("raw insert + search index", indexed);
    line("raw insert + search index + batch log per 1,000 rows", batched);
    line("raw insert + search index + log + outbox per row", logged);
    Ok(())
}
