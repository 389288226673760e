//! `sync-bench`: measures sync over loopback against the real server and prints a table.
//! Run it optimised: `cargo run --release -p rencontres-sync-tests --bin sync-bench`.
//! Figures are printed, never asserted: speed is for people to judge, not for tests to flake on.

use std::time::{Duration, Instant};

use anyhow::Context;
use rencontres_core::sync::Transport;
use rencontres_protocol::{Mutation, PushRequest, Role, SCHEMA_VERSION};
use rencontres_server::storage::Session;
use rencontres_server::{SqliteStorage, Storage};
use rencontres_sync_tests::{city, Laptop, TestServer};

mod door;

const INITIAL_RECORDS: usize = 100_000;
const ROUND_TRIPS: usize = 200;
const CLIENTS: usize = 5;
const MUTATIONS_PER_CLIENT: usize = 1_000;

fn main() -> anyhow::Result<()> {
    let mut rows = Vec::new();

    let server = TestServer::start()?;
    server.add_user("seed", Role::Secretariat)?;
    server.add_user("ana", Role::Secretariat)?;
    server.add_user("ben", Role::Secretariat)?;
    seed(&server, INITIAL_RECORDS)?;

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
    anyhow::ensure!(received == INITIAL_RECORDS, "received {received}");
    let mut scratch = Laptop::new(&server, "ben")?;
    let started = Instant::now();
    for page in &pages {
        scratch.store.apply_page(page)?;
    }
    let writing = started.elapsed();
    drop(pages);

    let mut fresh = Laptop::new(&server, "ana")?;
    let (started, cpu_before) = (Instant::now(), cpu_time());
    let report = fresh.sync()?;
    let initial = started.elapsed();
    let cpu = cpu_time().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    anyhow::ensure!(report.pulled as usize == INITIAL_RECORDS, "pulled {} of {INITIAL_RECORDS}", report.pulled);
    rows.push((format!("initial sync of {INITIAL_RECORDS} records to a new laptop"), initial, "< 2 s", "PouchDB 10-18 s"));
    rows.push(("  its pages alone: server, loopback, parsing".into(), fetching, "", ""));
    rows.push(("  its writes alone: records and search index (no history: current rows)".into(), writing, "", ""));
    if let Some(cpu) = cpu {
        // Wall time on a shared machine depends on what else runs; this is what the sync costs.
        rows.push(("  its processor time, laptop and server together".into(), cpu, "", ""));
    }

    let mut other = Laptop::new(&server, "ben")?;
    other.sync()?;
    let id = fresh.store.list_organisations(&rencontres_core::model::OrganisationQuery { limit: 1, ..Default::default() })?.rows[0].id.clone();
    let (a_transport, b_transport) = (fresh.transport(), other.transport());
    let mut times = Vec::with_capacity(ROUND_TRIPS);
    for i in 0..ROUND_TRIPS {
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
    times.sort();
    rows.push(("one mutation: push, then the other laptop's pull (median)".into(), times[ROUND_TRIPS / 2], "< 10 ms", "PouchDB ~9 ms"));
    drop(server);

    let converge = five_clients()?;
    rows.push((format!("{CLIENTS} laptops x {MUTATIONS_PER_CLIENT} offline mutations converge"), converge, "< 2 s", "PouchDB 2 x 1,000: ~1.2 s"));

    let door = door::run()?;
    rows.push(("one check-in pushed and acknowledged by the server (median)".into(), door.push_median, "< 10 ms", "pretix ~30-38 ms per scan"));
    rows.push(("  its p99".into(), door.push_p99, "", ""));
    rows.push((
        format!(
            "{} laptops scanning {} badges at once, each scan pushed at once: {} errors, {} lost check-ins, {:.0} scans/s",
            door::LAPTOPS,
            door.scans,
            door.errors,
            door.lost,
            door.scans as f64 / door.together.as_secs_f64()
        ),
        door.together,
        "0 errors, 0 lost",
        "pretix: some scans fail (\"database is locked\")",
    ));

    println!("| measure | time | target | peer |");
    println!("|---|---:|---|---|");
    for (what, time, target, peer) in rows {
        println!("| {what} | {} | {target} | {peer} |", show(time));
    }
    Ok(())
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

fn show(time: Duration) -> String {
    if time < Duration::from_secs(1) {
        format!("{:.2} ms", time.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", time.as_secs_f64())
    }
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

/// Five laptops share 100 members, each makes 1,000 edits offline; then each syncs twice.
fn five_clients() -> anyhow::Result<Duration> {
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
        for m in 0..MUTATIONS_PER_CLIENT {
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
