//! The `venue` dataset (the association's demo members, one open event and 50,000
//! registrations made through core's public API, about a third of them from member
//! organisations) and what the door does with it: a badge check-in (lookup + recorded fact),
//! a second scan of a badge already in (amber), a name search and the live counters, each
//! beside a raw rusqlite reference on the same file.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use rencontres_core::events::checkins::CheckInOutcome;
use rencontres_core::events::registrations::{RegistrationQuery, RegistrationRequest};
use rencontres_core::events::{EventInput, EventKind, EventStatus};
use rencontres_core::Store;
use rusqlite::{params, Connection};

use crate::dataset::{Dataset, Made, Size};
use crate::measure::time_ms;
use crate::names;
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};
use crate::rng::Seeded;

/// Bump when the generator's output changes, so cached stores are regenerated.
const GENERATOR_VERSION: u32 = 3;
pub const REGISTRATIONS: usize = 50_000;

/// Issue #6: "check-in of a badge among 50,000 registrations, p99 under 2 ms in core".
const CHECK_IN_TARGET: Target = Target::P99Below(2.0, "#6");

fn event() -> EventInput {
    EventInput {
        kind: EventKind::GeneralAssembly,
        title: "General Assembly and Conference 2027".into(),
        city: "Évora".into(),
        country: "PT".into(),
        venue: "Arena d'Évora".into(),
        starts_on: "2027-05-12".into(),
        ends_on: "2027-05-14".into(),
        capacity: None,
        status: EventStatus::Open,
        organisers: vec!["door1".into(), "door2".into()],
        notes: String::new(),
    }
}

/// Registrations in the venue store of a smoke run: enough for its few check-ins.
pub const SMOKE_REGISTRATIONS: usize = 200;

/// The cached venue store for `seed` with `registrations` under `dir`, generating it first if needed.
pub fn prepare(dir: &Path, seed: u64, registrations: usize) -> anyhow::Result<Dataset> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let schema = Store::open_in_memory()?.schema_version()?;
    let stem = format!("venue{registrations}-seed{seed}-schema{schema}-gen{GENERATOR_VERSION}");
    let path = dir.join(format!("{stem}.sqlite3"));
    let meta = dir.join(format!("{stem}.json"));
    if path.exists() {
        if let Ok(made) = std::fs::read_to_string(&meta).map_err(anyhow::Error::from).and_then(|t| Ok(serde_json::from_str(&t)?)) {
            return Ok(Dataset { size: Size::Venue, path, made, fresh: false });
        }
    }
    let partial = dir.join(format!("{stem}.partial.sqlite3"));
    crate::writes::remove_store(&partial);
    eprintln!("generating the venue dataset (seed {seed}) into {} ...", path.display());
    let started = Instant::now();
    let mut made = {
        let mut store = Store::open(&partial).with_context(|| format!("opening {}", partial.display()))?;
        generate(&mut store, seed, registrations)?
    };
    made.seconds = started.elapsed().as_secs_f64();
    std::fs::rename(&partial, &path).with_context(|| format!("moving the finished store to {}", path.display()))?;
    std::fs::write(&meta, serde_json::to_string_pretty(&made)?)?;
    eprintln!("  {} registrations in {:.1} s", made.people, made.seconds);
    Ok(Dataset { size: Size::Venue, path, made, fresh: true })
}

/// The demo members, one event, `registrations` registrations (one transaction each: the
/// public API's only way).
pub fn generate(store: &mut Store, seed: u64, registrations: usize) -> anyhow::Result<Made> {
    let loaded = rencontres_core::demo::load_seeded(store, seed).context("loading the seeded demo")?;
    let members: Vec<String> = store
        .list_organisations(&rencontres_core::model::OrganisationQuery { limit: 1000, ..Default::default() })?
        .rows
        .into_iter()
        .map(|o| o.id)
        .collect();
    let event = store.create_event(&event())?;
    let mut rng = Seeded::new(seed);
    let cities = names::cities()?;
    for index in 0..registrations {
        let from_member = !members.is_empty() && rng.chance(33);
        let city = rng.pick(&cities);
        let request = RegistrationRequest {
            event_id: event.id.clone(),
            first_name: rng.pick(names::FIRST_NAMES).to_string(),
            last_name: rng.pick(names::LAST_NAMES).to_string(),
            function: rng.pick(names::FUNCTIONS).0.to_string(),
            organisation_id: from_member.then(|| rng.pick(&members).clone()),
            organisation_name: format!("Culture office of {}", city.name),
            country: city.country.clone(),
            on: Some("2027-03-01".into()),
            ..Default::default()
        };
        store.register(&request).with_context(|| format!("registering {index}"))?;
        if index > 0 && index % 10_000 == 0 {
            eprintln!("  {index} registrations ...");
        }
    }
    Ok(Made { organisations: loaded.organisations, people: registrations as u32, seconds: 0.0, transactions: registrations as u32 + 2, ..Made::default() })
}

fn raw_connection(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

pub fn run(path: &Path, scratch: &Path, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let copy: PathBuf = crate::writes::scratch_copy(path, scratch, "venue")?;
    let rows = measure(&copy, plan);
    crate::writes::remove_store(&copy);
    rows
}

fn measure(path: &Path, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let name = Size::Venue.name();
    let mut store = Store::open(path)?;
    // As in the app: the UI's connection leaves checkpoints to the sync worker's, which
    // checkpoints in the background (here every 200 ms).
    store.defer_checkpoints()?;
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| -> anyhow::Result<()> {
            let background = Store::open(path)?;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                background.checkpoint()?;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            Ok(())
        });
        let rows = measure_with(&mut store, path, name, plan);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        worker.join().map_err(|_| anyhow::anyhow!("the checkpoint thread failed"))??;
        rows
    })
}

fn measure_with(store: &mut Store, path: &Path, name: &str, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let raw = raw_connection(path)?;
    let event_id: String = raw.query_row("SELECT id FROM events LIMIT 1", [], |r| r.get(0))?;
    let wanted = 2 * (plan.warmup + plan.reads) + 10;
    // Badges in a seeded random order: every check-in is of a badge not yet in.
    let mut codes: Vec<String> = raw
        .prepare("SELECT badge_code FROM registrations WHERE status = 'registered' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    anyhow::ensure!(codes.len() >= wanted, "the venue store has {} registrations, {wanted} needed", codes.len());
    let mut rng = Seeded::new(7);
    for i in (1..codes.len()).rev() {
        codes.swap(i, rng.below(i + 1));
    }
    let (mine, theirs) = codes.split_at(wanted / 2);
    let mut rows = Vec::new();

    let check_in = time_ms(plan.warmup, plan.reads, |i| {
        let outcome = store.check_in(&event_id, &mine[i], false)?;
        anyhow::ensure!(matches!(outcome, CheckInOutcome::Green { .. }), "badge {} was not green: {outcome:?}", mine[i]);
        Ok(())
    })?;
    // The reference: the same lookup by the indexed code and one inserted row, in one transaction.
    let reference = time_ms(plan.warmup, plan.reads, |i| {
        let tx = raw.unchecked_transaction()?;
        let (id, event, status): (String, String, String) = tx
            .prepare_cached("SELECT id, event_id, status FROM registrations WHERE badge_code = ?1")?
            .query_row([&theirs[i]], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let seen: bool =
            tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM check_ins WHERE registration_id = ?1 AND deleted_at IS NULL)")?.query_row([&id], |r| r.get(0))?;
        anyhow::ensure!(status == "registered" && !seen, "reference badge in an unexpected state");
        tx.prepare_cached(
            "INSERT INTO check_ins (id, event_id, registration_id, device, device_id, scanned_at, user, offline, sort_key, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'bench', 'bench', '2027-05-12T09:00:00Z', 'bench', 0, '', '', '')",
        )?
        .execute(params![format!("ref-{i}"), event, id])?;
        tx.commit()?;
        Ok(())
    })?;
    rows.push(
        Measured {
            operation: "door check-in: badge lookup + recorded fact (check_in, green)",
            dataset: name,
            unit: "ms",
            samples: &check_in,
            higher_is_slower: true,
            target: CHECK_IN_TARGET,
            reference: Some((&reference, "raw SELECT by badge code + EXISTS + INSERT, one transaction")),
        }
        .row(),
    );

    let again = time_ms(plan.warmup, plan.reads, |i| {
        let outcome = store.check_in(&event_id, &mine[i % mine.len()], false)?;
        anyhow::ensure!(matches!(outcome, CheckInOutcome::Amber { .. }), "badge was not amber: {outcome:?}");
        Ok(())
    })?;
    rows.push(
        Measured {
            operation: "door second scan of a badge already in (check_in, amber)",
            dataset: name,
            unit: "ms",
            samples: &again,
            higher_is_slower: true,
            target: CHECK_IN_TARGET,
            reference: None,
        }
        .row(),
    );

    let searches = ["sil", "mar", "jan", "ros", "cultu"];
    let search = time_ms(plan.warmup.min(5), plan.reads.min(100), |i| {
        let query = RegistrationQuery { search: searches[i % searches.len()].into(), status: None, offset: 0, limit: 8 };
        Ok(store.registrations(&event_id, &query)?.rows.len())
    })?;
    rows.push(
        Measured {
            operation: "door name search, first 8 matches with their total (registrations)",
            dataset: name,
            unit: "ms",
            samples: &search,
            higher_is_slower: true,
            target: Target::None,
            reference: None,
        }
        .row(),
    );

    let counters = time_ms(plan.warmup.min(5), plan.reads.min(100), |_| Ok(store.counters(&event_id)?.present))?;
    let counters_reference = time_ms(plan.warmup.min(5), plan.reads.min(100), |_| {
        Ok(raw.query_row(
            "SELECT count(DISTINCT registration_id) FROM check_ins WHERE event_id = ?1 AND deleted_at IS NULL",
            [&event_id],
            |r| r.get::<_, i64>(0),
        )?)
    })?;
    rows.push(
        Measured {
            operation: "door live counters: registered, present, per tier (counters)",
            dataset: name,
            unit: "ms",
            samples: &counters,
            higher_is_slower: true,
            target: Target::None,
            reference: Some((&counters_reference, "raw count of distinct present registrations")),
        }
        .row(),
    );
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_venue_is_generated_and_every_measurement_runs() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("venue.sqlite3");
        {
            let mut store = Store::open(&path).expect("store");
            let made = generate(&mut store, 3, 120).expect("generated");
            assert_eq!(made.people, 120);
        }
        let plan = Plan { warmup: 2, reads: 20, ..Plan::smoke() };
        let rows = run(&path, &dir.path().join("scratch"), plan).expect("measured");
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| r.median.is_finite()), "{rows:?}");
    }
}
