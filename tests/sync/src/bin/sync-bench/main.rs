//! `sync-bench`: measures sync over loopback against the real server and prints a table.
//! Run it optimised: `cargo run --release -p rencontres-sync-tests --bin sync-bench`.
//! `--json PATH` also writes the rows for `rencontres-bench`, which puts them in its one
//! table; `--smoke` measures a few of each (a check that everything runs, not a figure).
//! Figures are printed, never asserted: speed is for people to judge, not for tests to flake on.

// The allocator of every Rencontres binary (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use anyhow::Context;
use rencontres_core::sync::Transport;
use rencontres_protocol::{Mutation, PushRequest, Role, SCHEMA_VERSION};
use rencontres_server::storage::Session;
use rencontres_server::{SqliteStorage, Storage};
use rencontres_sync_tests::{city, Laptop, TestServer};

mod door;

const CLIENTS: usize = 5;

/// How much each measurement does.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    initial_records: usize,
    round_trips: usize,
    mutations_per_client: usize,
    single_pushes: usize,
    badges: usize,
    imported_records: usize,
}

/// The sizes the issues name.
const FULL: Sizes =
    Sizes { initial_records: 100_000, round_trips: 200, mutations_per_client: 1_000, single_pushes: 200, badges: 2_000, imported_records: 100_000 };
const SMOKE: Sizes =
    Sizes { initial_records: 2_000, round_trips: 10, mutations_per_client: 50, single_pushes: 10, badges: 100, imported_records: 2_000 };

/// A target as the bench's table reads it (see crates/bench/src/sync.rs).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum Goal {
    MedianBelow { value: f64, issue: &'static str },
    P99Below { value: f64, issue: &'static str },
    Zero { issue: &'static str },
}

/// One row of the table: samples in `unit`, with its goal and the peer's figure from the issue.
#[derive(Debug, serde::Serialize)]
struct Figure {
    operation: String,
    dataset: String,
    unit: &'static str,
    samples: Vec<f64>,
    higher_is_slower: bool,
    target: Option<Goal>,
    peer: Option<&'static str>,
}

impl Figure {
    fn times(operation: String, dataset: String, times: &[Duration], target: Option<Goal>, peer: Option<&'static str>) -> Figure {
        let samples = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
        Figure { operation, dataset, unit: "ms", samples, higher_is_slower: true, target, peer }
    }

    fn median(&self) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.get(sorted.len().saturating_sub(1) / 2).copied().unwrap_or(f64::NAN)
    }
}

fn main() -> anyhow::Result<()> {
    let (mut json, mut sizes) = (None, FULL);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = Some(args.next().context("--json needs a file path")?),
            "--smoke" => sizes = SMOKE,
            other => anyhow::bail!("unknown argument {other}; usage: sync-bench [--smoke] [--json PATH]"),
        }
    }
    let rows = measure(sizes)?;
    println!("| measure | median | target | peer |");
    println!("|---|---:|---|---|");
    for row in &rows {
        let target = match &row.target {
            None => String::new(),
            Some(Goal::MedianBelow { value, .. }) => format!("median < {value} {}", row.unit),
            Some(Goal::P99Below { value, .. }) => format!("< {value} {}", row.unit),
            Some(Goal::Zero { .. }) => "0".into(),
        };
        println!("| {} ({}) | {:.2} {} | {target} | {} |", row.operation, row.dataset, row.median(), row.unit, row.peer.unwrap_or(""));
    }
    if let Some(path) = json {
        std::fs::write(&path, serde_json::to_string_pretty(&rows)?).with_context(|| format!("writing {path}"))?;
    }
    Ok(())
}

fn measure(sizes: Sizes) -> anyhow::Result<Vec<Figure>> {
    let Sizes { initial_records, round_trips, mutations_per_client, single_pushes, badges, imported_records } = sizes;
    let mut rows = Vec::new();

    let server = TestServer::start()?;
    server.add_user("seed", Role::Secretariat)?;
    server.add_user("ana", Role::Secretariat)?;
    server.add_user("ben", Role::Secretariat)?;
    seed(&server, initial_records)?;

    // The transfer alone, without writing anything on the laptop: where the time goes.
    let probe = Laptop::new(&server, "ben")?;
    let transport = probe.transport();
    let started = Instant::now();
    let (mut cursor, mut pages) = (0, Vec::new());
    loop {
        let page = transport.pull(cursor, rencontres_core::sync::PULL_PAGE, true)?;
        cursor = page.next_cursor;
        let more = page.has_more;
        pages.push(page);
        if !more {
            break;
        }
    }
    let fetching = started.elapsed();
    let received: usize = pages.iter().map(|p| p.changes.len()).sum();
    anyhow::ensure!(received == initial_records, "received {received}");
    let mut scratch = Laptop::new(&server, "ben")?;
    let started = Instant::now();
    scratch.store.apply_pages(&pages)?;
    let writing = started.elapsed();
    scratch.store.wait_for_checkpoint();
    drop(pages);

    let mut fresh = Laptop::new(&server, "ana")?;
    let (started, cpu_before) = (Instant::now(), cpu_time());
    let report = fresh.sync()?;
    let initial = started.elapsed();
    // The copy of the log into the database runs on after the sync (core's `store::bulk`):
    // its processor time counts, and the next measurements do not share the processor with it.
    fresh.store.wait_for_checkpoint();
    let cpu = cpu_time().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    anyhow::ensure!(report.pulled as usize == initial_records, "pulled {} of {initial_records}", report.pulled);
    let dataset = format!("{initial_records} records");
    let initial_goal = Goal::P99Below { value: 2000.0, issue: "#4" };
    rows.push(Figure::times("initial sync to a new laptop over loopback".into(), dataset.clone(), &[initial], Some(initial_goal), Some("PouchDB 10-18 s")));
    rows.push(Figure::times("  its pages alone: server, loopback, parsing".into(), dataset.clone(), &[fetching], None, None));
    rows.push(Figure::times("  its writes alone: records and search index (no history: current rows)".into(), dataset.clone(), &[writing], None, None));
    if let Some(cpu) = cpu {
        // Wall time on a shared machine depends on what else runs; this is what the sync costs.
        rows.push(Figure::times("  its processor time, laptop and server together".into(), dataset, &[cpu], None, None));
    }

    let mut other = Laptop::new(&server, "ben")?;
    other.sync()?;
    let id = fresh.store.list_organisations(&rencontres_core::model::OrganisationQuery { limit: 1, ..Default::default() })?.rows[0].id.clone();
    let (a_transport, b_transport) = (fresh.transport(), other.transport());
    let mut times = Vec::with_capacity(round_trips);
    for i in 0..round_trips {
        let mut fields = fresh.store.organisation(&id)?.fields;
        fields.population = Some(i as i64);
        fresh.store.update_organisation(&id, &fields)?;
        let started = Instant::now();
        fresh.store.push_batch(&a_transport as &dyn Transport, 500)?;
        other.store.pull_page(&b_transport as &dyn Transport, 1000)?;
        times.push(started.elapsed());
        anyhow::ensure!(other.store.organisation(&id)?.fields.population == Some(i as i64), "the edit arrived");
        // Keep the editing laptop's cursor current too, as its background sync would.
        fresh.store.pull_page(&a_transport as &dyn Transport, 1000)?;
    }
    rows.push(Figure::times(
        "one mutation: push, then the other laptop's pull".into(),
        "2 laptops".into(),
        &times,
        Some(Goal::MedianBelow { value: 10.0, issue: "#4" }),
        Some("PouchDB ~9 ms"),
    ));
    drop(server);

    let converge = five_clients(mutations_per_client)?;
    rows.push(Figure::times(
        format!("{CLIENTS} laptops x {mutations_per_client} offline mutations converge"),
        format!("{CLIENTS} laptops"),
        &[converge],
        Some(Goal::P99Below { value: 2000.0, issue: "#4" }),
        Some("PouchDB 2 x 1,000: ~1.2 s"),
    ));

    let imported = import_shared(imported_records)?;
    let dataset = format!("{imported_records} imported records");
    rows.push(Figure::times("an import sent to the server: every batch pushed and applied".into(), dataset.clone(), &[imported.push], None, None));
    rows.push(Figure::times("  then on another laptop: pulled, written and searchable".into(), dataset, &[imported.pull], None, None));

    let door = door::run(single_pushes, badges)?;
    let laptops = format!("{} laptops", door::LAPTOPS);
    rows.push(Figure::times(
        "door: one check-in pushed and acknowledged by the server".into(),
        "1 laptop".into(),
        &door.pushes,
        Some(Goal::MedianBelow { value: 10.0, issue: "#6" }),
        Some("pretix ~30-38 ms median per scan"),
    ));
    rows.push(Figure {
        operation: format!("door: {} badges scanned at once, each pushed at once", door.scans),
        dataset: laptops.clone(),
        unit: "scans/s",
        samples: vec![door.scans as f64 / door.together.as_secs_f64()],
        higher_is_slower: false,
        target: None,
        peer: Some("pretix ~30 scans/s"),
    });
    rows.push(Figure {
        operation: "door: scans failed + check-ins the office never received".into(),
        dataset: laptops,
        unit: "count",
        samples: vec![(door.errors + door.lost) as f64],
        higher_is_slower: true,
        target: Some(Goal::Zero { issue: "#6" }),
        peer: Some("pretix with four scanners: some scans fail (\"database is locked\")"),
    });
    Ok(rows)
}

/// How long an import took to reach the server and another laptop.
struct ImportShared {
    push: Duration,
    pull: Duration,
}

/// A laptop imports `records` organisations from a CSV file and syncs: its batches (a
/// thousand rows each) are pushed, and the server re-authorises and applies each whole; then
/// a second laptop, already in sync before the import, pulls them and finds the last one.
fn import_shared(records: usize) -> anyhow::Result<ImportShared> {
    use rencontres_core::import::{ImportKind, ImportOptions};
    let server = TestServer::start()?;
    server.add_user("ana", Role::Secretariat)?;
    server.add_user("ben", Role::Secretariat)?;
    let (mut importer, mut other) = (Laptop::new(&server, "ana")?, Laptop::new(&server, "ben")?);
    other.sync()?;
    let mut file = String::from("Name;Country;Population\n");
    for n in 0..records {
        file.push_str(&format!("Imported town {n:06};FR;{}\n", 1_000 + n));
    }
    let preview = importer.store.import_preview(ImportKind::Organisations, file.as_bytes(), "members.csv")?;
    let options = ImportOptions { mapping: preview.mapping, ..ImportOptions::default() };
    let summary = importer.store.import_commit(ImportKind::Organisations, file.as_bytes(), "members.csv", &options, |_, _| true)?;
    anyhow::ensure!(summary.created as usize == records, "imported {} of {records}", summary.created);
    importer.store.wait_for_checkpoint();

    let transport = importer.transport();
    let started = Instant::now();
    while importer.store.outbox_len()? > 0 {
        let (pushed, rejected) = importer.store.push_batch(&transport as &dyn Transport, 500)?;
        anyhow::ensure!(pushed > 0 && rejected == 0, "the server took {pushed} batches and refused {rejected}");
    }
    let push = started.elapsed();

    let started = Instant::now();
    let report = other.sync()?;
    let pull = started.elapsed();
    other.store.wait_for_checkpoint();
    anyhow::ensure!(report.pulled as usize == records, "the other laptop pulled {} of {records}", report.pulled);
    let last = format!("imported town {:06}", records - 1);
    let query = rencontres_core::model::OrganisationQuery { search: last.clone(), limit: 5, ..Default::default() };
    anyhow::ensure!(other.store.list_organisations(&query)?.total == 1, "the other laptop finds {last}");
    Ok(ImportShared { push, pull })
}

/// The processor time this process (laptop and in-process server) has used, from
/// /proc/self/stat on Linux; None elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (in parentheses, which may hold spaces): utime and stime
    // are the 12th and 13th, in clock ticks of 1/100 s on Linux.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Fills the server straight through its store, in pushes of 1,000 as laptops would send.
fn seed(server: &TestServer, count: usize) -> anyhow::Result<()> {
    let storage = SqliteStorage::open_folder(server.data.path())?;
    let user = storage.users()?.into_iter().find(|u| u.username == "seed").context("seed account")?;
    let session = Session { user, device_id: "seed-device".into() };
    let mut fields = serde_json::to_value(city("Ville"))?;
    for batch in 0..count.div_ceil(1000) {
        let mutations = (0..1000.min(count - batch * 1000))
            .map(|i| {
                let n = batch * 1000 + i;
                fields["name"] = serde_json::json!(format!("Ville {n:06}"));
                fields["notes"] = serde_json::json!("Member since the founding assembly; fee band B; contact via the culture department.");
                Mutation {
                    id: n as u64 + 1,
                    uuid: format!("seed-{n}"),
                    name: "CreateOrganisation".into(),
                    args: serde_json::json!({ "id": format!("seed-org-{n:06}"), "fields": fields }),
                    base_versions: Default::default(),
                    at: "2026-01-01T00:00:00.000Z".into(),
                }
            })
            .collect();
        storage.push(&session, &PushRequest { client_id: "seed-device".into(), schema_version: SCHEMA_VERSION, mutations })?;
    }
    Ok(())
}

/// Five laptops share 100 members, each makes `edits` edits offline; then each syncs twice.
fn five_clients(edits: usize) -> anyhow::Result<Duration> {
    let server = TestServer::start()?;
    let mut laptops = Vec::new();
    for i in 0..CLIENTS {
        server.add_user(&format!("user{i}"), Role::Secretariat)?;
        laptops.push(Laptop::new(&server, &format!("user{i}"))?);
    }
    let ids = (0..100).map(|i| Ok(laptops[0].store.create_organisation(&city(&format!("Shared {i}")))?.id)).collect::<anyhow::Result<Vec<_>>>()?;
    for laptop in &mut laptops {
        laptop.sync()?;
    }
    for (n, laptop) in laptops.iter_mut().enumerate() {
        for m in 0..edits {
            let id = &ids[(m * 7 + n * 13) % ids.len()];
            let mut fields = laptop.store.organisation(id)?.fields;
            match m % 3 {
                0 => fields.population = Some((n * 10_000 + m) as i64),
                1 => fields.notes = format!("edit {m} on laptop {n}"),
                _ => fields.website = format!("https://example.org/{n}/{m}"),
            }
            laptop.store.update_organisation(id, &fields)?;
        }
    }
    let started = Instant::now();
    for _ in 0..2 {
        for laptop in &mut laptops {
            laptop.sync()?;
        }
    }
    let elapsed = started.elapsed();
    let first = laptops[0].store.replica_state()?;
    for laptop in &laptops[1..] {
        anyhow::ensure!(laptop.store.replica_state()? == first, "the laptops did not converge");
    }
    Ok(elapsed)
}
