//! Write operations through core's public API on a scratch copy of the dataset (the cached
//! store stays untouched), each beside a raw rusqlite reference on the same file: one edit,
//! bulk creation of people, and opening a store.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use rencontres_core::model::PersonInput;
use rencontres_core::Store;
use rusqlite::{params, Connection};

use crate::dataset;
use crate::measure::{ms, time_ms, Samples};
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};
use crate::rng::Seeded;


/// A fresh copy of the dataset in `scratch`, replacing an earlier one.
pub fn scratch_copy(source: &Path, scratch: &Path, name: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(scratch)?;
    let path = scratch.join(format!("{name}.sqlite3"));
    remove_store(&path);
    std::fs::copy(source, &path).with_context(|| format!("copying {} to {}", source.display(), path.display()))?;
    Ok(path)
}

pub fn remove_store(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// A raw connection set up as the store sets its own, so durability costs are equal.
fn raw_connection(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

pub fn run(path: &Path, dataset_name: &str, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut store = Store::open(path)?;
    let raw = raw_connection(path)?;
    let organisations: Vec<(String, String)> = {
        let mut statement = raw.prepare("SELECT id, country FROM organisations WHERE deleted_at IS NULL ORDER BY id LIMIT 1000")?;
        let found = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        found
    };
    anyhow::ensure!(!organisations.is_empty(), "the dataset has no organisation");

    // One edit: the population of a member, changed each time so every save is a real mutation.
    let edit = time_ms(1, plan.edits, |i| {
        let (id, _) = &organisations[i % organisations.len()];
        let mut input = store.organisation(id)?.fields;
        input.population = Some(input.population.unwrap_or(0) + 1);
        Ok(store.update_organisation(id, &input)?)
    })?;
    let edit_reference = time_ms(1, plan.edits, |i| {
        let (id, _) = &organisations[i % organisations.len()];
        Ok(raw.execute("UPDATE organisations SET population = coalesce(population, 0) + 1 WHERE id = ?1", [id])?)
    })?;
    rows.push(
        Measured {
            operation: "edit one organisation (update_organisation)",
            dataset: dataset_name,
            unit: "ms",
            samples: &edit,
            higher_is_slower: true,
            target: Target::None,
            reference: Some((&edit_reference, "raw UPDATE of the same row, committed alone (WAL, synchronous=NORMAL)")),
        }
        .row(),
    );

    // Bulk creation: the same generated people through the API (one transaction each, the
    // only way the API offers) and raw in one transaction, round after round.
    let mut rng = Seeded::new(0xB01C);
    let mut api_rates = Vec::new();
    let mut raw_rates = Vec::new();
    for round in 0..plan.bulk_rounds {
        let inputs: Vec<PersonInput> = (0..plan.bulk_rows)
            .map(|i| {
                let (id, country) = rng.pick(&organisations);
                dataset::person(&mut rng, Some((id.as_str(), country.as_str())), 1_000_000 + round * plan.bulk_rows + i)
            })
            .collect();
        let started = Instant::now();
        for input in &inputs {
            store.create_person(input)?;
        }
        api_rates.push(inputs.len() as f64 / started.elapsed().as_secs_f64());
        raw_rates.push(raw_insert(&raw, &inputs)?);
    }
    let (api_rates, raw_rates) = (Samples::new(api_rates), Samples::new(raw_rates));
    rows.push(
        Measured {
            operation: &format!("create people through the API ({} per round)", plan.bulk_rows),
            dataset: dataset_name,
            unit: "rows/s",
            samples: &api_rates,
            higher_is_slower: false,
            // One transaction per person, as a form saves them; the import's target (#5) is
            // measured by the CSV import row, which writes a whole file in one.
            target: Target::None,
            reference: Some((&raw_rates, "raw INSERT of the same people rows in one transaction (no log, outbox or FTS)")),
        }
        .row(),
    );
    drop(store);
    rows.push(open_rows(path, dataset_name, plan)?);
    rows.push(open_new_rows(path, plan)?);
    Ok(rows)
}

/// Inserts the rows `create_person` would store, in one transaction; answers rows per second.
fn raw_insert(conn: &Connection, inputs: &[PersonInput]) -> anyhow::Result<f64> {
    let started = Instant::now();
    let tx = conn.unchecked_transaction()?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO people (id, first_name, last_name, sort_key, function, role, organisation_id, emails, phones, languages, notes, version, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12)",
        )?;
        let now = "2026-01-01T00:00:00.000Z";
        for input in inputs {
            let sort_key = rencontres_core::fold::fold(&format!("{} {}", input.last_name, input.first_name));
            let role = serde_json::to_value(input.role)?;
            insert.execute(params![
                uuid::Uuid::now_v7().to_string(),
                input.first_name,
                input.last_name,
                sort_key,
                input.function,
                role.as_str().unwrap_or("other"),
                input.organisation_id,
                serde_json::to_string(&input.emails)?,
                serde_json::to_string(&input.phones)?,
                serde_json::to_string(&input.languages)?,
                input.notes,
                now,
            ])?;
        }
    }
    tx.commit()?;
    Ok(inputs.len() as f64 / started.elapsed().as_secs_f64())
}

/// A raw open of the same file: the connection, WAL and one read of the schema.
fn raw_open(path: &Path) -> anyhow::Result<()> {
    let conn = raw_connection(path)?;
    let _: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(())
}

fn open_rows(path: &Path, dataset_name: &str, plan: Plan) -> anyhow::Result<Row> {
    let opened = time_ms(1, plan.opens, |_| Ok(Store::open(path)?))?;
    let reference = time_ms(1, plan.opens, |_| raw_open(path))?;
    Ok(Measured {
        operation: "open an existing store (pragmas + migration check)",
        dataset: dataset_name,
        unit: "ms",
        samples: &opened,
        higher_is_slower: true,
        target: Target::None,
        reference: Some((&reference, "raw open + WAL pragma + one read of sqlite_master")),
    }
    .row())
}

/// Creating a store from nothing: what the first start of the app pays.
fn open_new_rows(beside: &Path, plan: Plan) -> anyhow::Result<Row> {
    let folder = beside.parent().unwrap_or(Path::new(".")).join("new-stores");
    std::fs::create_dir_all(&folder)?;
    let mut values = Vec::new();
    let mut reference = Vec::new();
    for i in 0..plan.opens {
        let path = folder.join(format!("new-{i}.sqlite3"));
        remove_store(&path);
        let started = Instant::now();
        drop(Store::open(&path)?);
        values.push(ms(started.elapsed()));
        remove_store(&path);
        let started = Instant::now();
        raw_open(&path)?;
        reference.push(ms(started.elapsed()));
        remove_store(&path);
    }
    let _ = std::fs::remove_dir(&folder);
    Ok(Measured {
        operation: "create + migrate a new store",
        dataset: "empty",
        unit: "ms",
        samples: &Samples::new(values),
        higher_is_slower: true,
        target: Target::None,
        reference: Some((&Samples::new(reference), "raw open + WAL pragma of a new file")),
    }
    .row())
}
