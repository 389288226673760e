//! Diagnostic, not part of the bench: prints SQLite's plan and the time of the queries behind
//! the contacts list and contact search (the SQL of `crates/core/src/people.rs` and
//! `search.rs`, restated here), beside candidate rewrites, on a dataset store made by the bench.
//! With `profile-create N` or `profile-search N` it only loops that operation through core's
//! API, for a profiler (`perf record`, `valgrind --tool=callgrind`).
//!
//! cargo run --release -p rencontres-bench --example plans -- <store.sqlite3> [profile-create N | profile-demo N | profile-search N]

use std::time::Instant;

use rencontres_core::model::{PersonInput, PersonQuery, PersonRole};
use rencontres_core::Store;
use rusqlite::Connection;

const PAGE: &str = "SELECT p.id, p.first_name, p.last_name, p.function, p.organisation_id, o.name, o.country, json_extract(p.emails, '$[0]')
 FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE {filter} ORDER BY p.sort_key ASC, p.id LIMIT 100 OFFSET 0";
const COUNT: &str = "SELECT count(*) FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE {filter}";
/// The queries of `crates/core/src/search/list.rs`, restated: the page read in key order
/// (keys follow names), the page cut from every hit sorted (its fallback), and the count.
const KEY_ORDER: &str = "SELECT s.sort_key, s.id FROM person_fts CROSS JOIN person_search s ON s.key = person_fts.rowid
 WHERE person_fts MATCH ?1 ORDER BY person_fts.rowid LIMIT 100";
const SORTED_HITS: &str = "SELECT s.id FROM person_fts CROSS JOIN person_search s ON s.key = person_fts.rowid
 WHERE person_fts MATCH ?1 ORDER BY s.sort_key, s.id LIMIT 100";
const HITS_COUNT: &str = "SELECT count(*) FROM person_fts WHERE person_fts MATCH ?1";
/// The queries of the bench's contact search (crates/bench/src/reads.rs).
const SEARCHES: &[&str] = &[
    "martin", "muller", "sophie dubois", "deputy mayor", "kovacs", "philharmonic", "lukasik", "Ærø",
    "s", "so", "sop", "soph", "sophi", "sophie", "m", "ma", "mar", "mart", "marti", "martin",
];

fn show(conn: &Connection, label: &str, sql: &str, fts: Option<&str>) -> anyhow::Result<()> {
    let params: Vec<&dyn rusqlite::ToSql> = match &fts {
        Some(q) => vec![q as &dyn rusqlite::ToSql],
        None => Vec::new(),
    };
    let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let lines: Vec<String> = plan.query_map(params.as_slice(), |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<_>>()?;
    let mut statement = conn.prepare(sql)?;
    let mut best = f64::MAX;
    let mut rows = 0;
    for _ in 0..5 {
        let started = Instant::now();
        rows = statement.query_map(params.as_slice(), |_| Ok(()))?.count();
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{label}: best of 5 {best:.2} ms, {rows} rows\n    {}", lines.join("\n    "));
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or_else(|| anyhow::anyhow!("usage: plans <store.sqlite3> [profile-create N | profile-demo N | profile-search N]"))?;
    let times: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
    match args.get(1).map(String::as_str) {
        Some("profile-create") => {
            let mut store = Store::open(std::path::Path::new(path))?;
            let org: Option<String> = Connection::open(path)?.query_row("SELECT id FROM organisations LIMIT 1", [], |r| r.get(0))?;
            let started = Instant::now();
            for i in 0..times {
                let input = PersonInput {
                    first_name: format!("Profil{i}"),
                    last_name: "Créé".into(),
                    function: "Cultural policy officer".into(),
                    role: PersonRole::Officer,
                    organisation_id: org.clone(),
                    emails: vec![format!("profil{i}@bench.example")],
                    phones: vec!["+33 123 456 789".into()],
                    languages: vec!["fr".into()],
                    notes: String::new(),
                };
                store.create_person(&input)?;
            }
            println!("{times} creates: {:.0} rows/s", times as f64 / started.elapsed().as_secs_f64());
            return Ok(());
        }
        Some("profile-demo") => {
            // The one batched write path core has: the demo loader, all in one transaction.
            let started = Instant::now();
            let mut records = 0;
            for _ in 0..times {
                let mut store = Store::open_in_memory()?;
                let loaded = rencontres_core::demo::load_seeded(&mut store, 1994)?;
                records += loaded.organisations + loaded.people;
            }
            println!("{records} records in one transaction per load: {:.0} rows/s", f64::from(records) / started.elapsed().as_secs_f64());
            return Ok(());
        }
        Some("profile-search") => {
            let store = Store::open(std::path::Path::new(path))?;
            let started = Instant::now();
            for i in 0..times {
                let search = ["martin", "sophie", "muller"][i % 3].to_string();
                std::hint::black_box(store.list_people(&PersonQuery { search, limit: 100, ..PersonQuery::default() })?);
            }
            println!("{times} searches: {:.1} ms each", started.elapsed().as_secs_f64() * 1000.0 / times as f64);
            return Ok(());
        }
        _ => {}
    }
    // Opening through core first migrates a store made by an older build.
    let store = Store::open(std::path::Path::new(path))?;
    let conn = Connection::open(path)?;
    println!("SQLite {}", rusqlite::version());
    let live = "p.deleted_at IS NULL";
    show(&conn, "contacts page (core)", &PAGE.replace("{filter}", live), None)?;
    show(&conn, "contacts count (core)", &COUNT.replace("{filter}", live), None)?;
    let records: i64 = conn.query_row("SELECT count(*) FROM person_search", [], |r| r.get(0))?;
    println!("\n{records} people in the index\n");
    for search in SEARCHES {
        let Some(fts) = rencontres_core::fold::fts_query(search) else { continue };
        let hits: i64 = conn.query_row(HITS_COUNT, [&fts], |r| r.get(0))?;
        println!("== {search:?}: {hits} hits");
        show(&conn, "  count of the hits", HITS_COUNT, Some(&fts))?;
        show(&conn, "  page read in key order", KEY_ORDER, Some(&fts))?;
        show(&conn, "  page cut from every hit sorted", SORTED_HITS, Some(&fts))?;
        let query = PersonQuery { search: search.to_string(), limit: 100, ..PersonQuery::default() };
        let mut best = f64::MAX;
        for _ in 0..5 {
            let started = Instant::now();
            std::hint::black_box(store.list_people(&query)?);
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!("  core list_people: best of 5 {best:.2} ms");
    }
    Ok(())
}
