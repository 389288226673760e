//! `rencontres-bench`: measures Rencontres at a named dataset size and prints one table
//! (operation, dataset, unit, median, p99, target, reference, ratio), writing the same rows to
//! `<target>/bench/latest.json`. See `--help`; `make bench` and `make bench-smoke` run it.

// The allocator of every Rencontres binary (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod app;
mod dataset;
mod documents;
mod import;
mod measure;
mod names;
mod plan;
mod procfs;
mod programme;
mod reads;
mod report;
mod rng;
mod sync;
mod venue;
mod webdriver;
mod writes;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::dataset::Size;
use crate::measure::Samples;
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};

const USAGE: &str = "usage: rencontres-bench [--size association|network|venue] [--smoke] [--seed N]
                        [--out DIR] [--app PATH] [--first-screen CSS] [--no-gui]
  --size          dataset to measure (default network; --smoke uses association)
  --smoke         the smallest size and a few iterations: checks that everything runs
  --seed          seed of the generated dataset (default 1994)
  --out           where datasets and latest.json go (default <cargo target dir>/bench; a smoke run
                  writes smoke.json there instead of latest.json)
  --app           the app binary to start (default <target>/release/rencontres; in a smoke run
                  the debug binary when there is no release one)
  --first-screen  CSS selector that marks the first screen as painted (default: chosen from ui/dist)
  --no-gui        skip the real-app measurements (cold start, memory, binary size)
  --gui-only      only the real-app measurements";

struct Options {
    size: Size,
    smoke: bool,
    seed: u64,
    out: PathBuf,
    app: Option<PathBuf>,
    first_screen: Option<String>,
    gui: bool,
    core: bool,
}

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

fn parse_options() -> anyhow::Result<Options> {
    let mut options = Options { size: Size::Network, smoke: false, seed: 1994, out: target_dir().join("bench"), app: None, first_screen: None, gui: true, core: true };
    let mut size = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--size" => {
                let text = value("--size")?;
                size = Some(Size::parse(&text).with_context(|| format!("unknown size {text}\n{USAGE}"))?);
            }
            "--smoke" => options.smoke = true,
            "--seed" => options.seed = value("--seed")?.parse().context("--seed takes a number")?,
            "--out" => options.out = PathBuf::from(value("--out")?),
            "--app" => options.app = Some(PathBuf::from(value("--app")?)),
            "--first-screen" => options.first_screen = Some(value("--first-screen")?),
            "--no-gui" => options.gui = false,
            "--gui-only" => options.core = false,
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    options.size = size.unwrap_or(if options.smoke { Size::Association } else { Size::Network });
    Ok(options)
}

/// The app binary: the one asked for, else the release build, else (smoke only) the debug build.
fn app_binary(options: &Options) -> Option<PathBuf> {
    if let Some(app) = &options.app {
        return Some(app.clone());
    }
    let release = target_dir().join("release").join("rencontres");
    let debug = target_dir().join("debug").join("rencontres");
    if release.exists() {
        Some(release)
    } else if options.smoke && debug.exists() {
        Some(debug)
    } else {
        None
    }
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    let installed = cargo_home.join("bin").join("tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Whether the built UI (ui/dist) contains `marker`: the first-screen and contacts selectors
/// depend on what the UI renders, and the placeholder UI has no members list.
fn ui_has(marker: &str) -> bool {
    let assets = workspace_root().join("ui/dist/assets");
    std::fs::read_dir(assets)
        .map(|entries| {
            entries.flatten().any(|e| std::fs::read_to_string(e.path()).map(|text| text.contains(marker)).unwrap_or(false))
        })
        .unwrap_or(false)
}

fn gui_rows(options: &Options, dataset: &dataset::Dataset, venue: &Path, plan: Plan, notes: &mut Vec<String>) -> anyhow::Result<Vec<Row>> {
    if !options.gui {
        notes.push("real-app measurements skipped (--no-gui)".into());
        return Ok(Vec::new());
    }
    let Some(app) = app_binary(options) else {
        if options.smoke {
            notes.push("real-app measurements skipped: no app binary built".into());
            return Ok(Vec::new());
        }
        bail!("no release app binary in {}: build it first (make bench does)", target_dir().join("release").display());
    };
    let profile = if app.components().any(|c| c.as_os_str() == "release") { "release" } else { "debug" };
    let mut rows = vec![app::binary_size(&app, &format!("{profile} binary size"))?];
    if std::env::var_os("DISPLAY").is_none() {
        let why = "real-app start and memory skipped: no X display (run under xvfb-run, as make bench does)";
        if !options.smoke {
            eprintln!("warning: {why}");
        }
        notes.push(why.into());
        return Ok(rows);
    }
    let first_screen = options.first_screen.clone().unwrap_or_else(|| {
        if ui_has("member-row") { "[data-testid=\"member-row\"]".into() } else { "main".into() }
    });
    if first_screen == "main" {
        notes.push("the built UI has no members list yet: first screen = the first <main> element painted".into());
    }
    let contacts = (ui_has("nav-") && ui_has("contact-row"))
        .then(|| ("[data-testid=\"nav-contacts\"]".to_string(), "[data-testid=\"contact-row\"]".to_string()));
    if contacts.is_none() {
        notes.push("RSS after opening the contacts list not measured: the built UI has no contacts page yet".into());
    }
    let gui = app::Gui { app: &app, driver: tauri_driver(), first_screen, contacts };
    eprintln!("starting the real app {} ({} times) ...", app.display(), plan.starts);
    rows.extend(app::run(&gui, &dataset.path, dataset.size.name(), &options.out.join("scratch"), plan)?);
    eprintln!("scanning badges at the door of the real app ...");
    rows.push(app::door(&gui, venue, &options.out.join("scratch"), plan)?);
    Ok(rows)
}

fn generation_row(dataset: &dataset::Dataset) -> Row {
    let made = &dataset.made;
    let total = made.organisations + made.people + made.events + made.registrations + made.practices;
    let records = f64::from(total);
    let rate = Samples::new(vec![records / made.seconds.max(1e-9)]);
    let operation = format!(
        "generate the dataset through the API ({} tx for {} records{})",
        made.transactions,
        total,
        if dataset.fresh { "" } else { ", cached run" }
    );
    Measured { operation: &operation, dataset: dataset.size.name(), unit: "rows/s", samples: &rate, higher_is_slower: false, target: Target::None, reference: None }.row()
}

/// The venue dataset: the door's operations among 50,000 registrations (core only).
fn venue_main(options: &Options) -> anyhow::Result<()> {
    let dataset = venue::prepare(&options.out.join("datasets"), options.seed, venue::REGISTRATIONS)?;
    let plan = if options.smoke { Plan::smoke() } else { Plan::full(dataset.made.people) };
    eprintln!("measuring the door on {} ...", dataset.path.display());
    let rows = venue::run(&dataset.path, &options.out.join("scratch"), Plan { reads: plan.reads.max(1000), ..plan })?;
    let json = options.out.join(if options.smoke { "smoke-venue.json" } else { "latest-venue.json" });
    report::write_json(&rows, &json)?;
    println!("{}", report::table(&rows));
    println!(
        "dataset: {} registrations to one event, generated through the API in {:.0} s{}",
        dataset.made.people,
        dataset.made.seconds,
        if dataset.fresh { "" } else { " (cached)" }
    );
    println!("peer: pretix 2026.8 (gunicorn, SQLite, 50,000 tickets) answers a scan in 30–38 ms median, 35–70 ms p99 (issue #6).");
    println!("rows written to {}", json.display());
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let options = parse_options()?;
    if options.size == Size::Venue {
        return venue_main(&options);
    }
    let dataset = dataset::prepare(&options.out.join("datasets"), options.size, options.seed)?;
    let plan = if options.smoke { Plan::smoke() } else { Plan::full(dataset.made.people) };
    let name = dataset.size.name();
    let mut notes = Vec::new();

    // The door's operations have a dataset of their own (one event and its registrations),
    // measured in the same run so that one table holds every figure.
    let registrations = if options.smoke { venue::SMOKE_REGISTRATIONS } else { venue::REGISTRATIONS };
    let venue = venue::prepare(&options.out.join("datasets"), options.seed, registrations)?;

    let mut rows = Vec::new();
    if options.core {
        eprintln!("measuring reads on {} ...", dataset.path.display());
        rows.extend(reads::run(&dataset.path, name, plan)?);
        rows.extend(programme::reads(&rencontres_core::Store::open(&dataset.path)?, name, plan)?);
        eprintln!("measuring writes on a scratch copy ...");
        let scratch = writes::scratch_copy(&dataset.path, &options.out.join("scratch"), name)?;
        rows.extend(writes::run(&scratch, name, plan)?);
        writes::remove_store(&scratch);
        rows.push(generation_row(&dataset));
        let (import_rows, import_runs) = if options.smoke { (1_000, 1) } else { (100_000, 5) };
        eprintln!("measuring the CSV import of {import_rows} rows ...");
        rows.extend(import::run(&options.out.join("scratch"), name, import_rows, import_runs)?);
        eprintln!("measuring documents (badge PDF) ...");
        rows.extend(documents::run(plan)?);
        eprintln!("measuring the door on {} ...", venue.path.display());
        eprintln!("measuring sync against the real server (sync-bench) ...");
        let (sync_rows, peers) = sync::run(&options.out.join("scratch"), options.smoke)?;
        rows.extend(sync_rows);
        notes.extend(peers);
        let door_plan = if options.smoke { plan } else { Plan { reads: plan.reads.max(1000), ..plan } };
        rows.extend(venue::run(&venue.path, &options.out.join("scratch"), door_plan)?);
    }
    // A failing app measurement is reported under the table, not instead of it, and still
    // fails the run (a broken start must break `make bench-smoke`).
    let mut failed = false;
    match gui_rows(&options, &dataset, &venue.path, plan, &mut notes) {
        Ok(gui) => rows.extend(gui),
        Err(error) => {
            failed = true;
            notes.push(format!("FAILED: real-app measurement: {error:#}"));
        }
    }

    // The smoke run (part of `make test`) must not overwrite the figures of the last full run.
    let json = options.out.join(if options.smoke { "smoke.json" } else { "latest.json" });
    report::write_json(&rows, &json)?;
    println!("{}", report::table(&rows));
    println!("ratio: times slower than the reference (for rows/s: reference rate / measured rate); p99 of a rate is its slow 1st percentile.");
    if options.smoke {
        println!("smoke run: few iterations, figures are not meaningful.");
    }
    for note in &notes {
        println!("note: {note}");
    }
    println!("rows written to {}", json.display());
    if failed {
        bail!("a measurement failed (see the notes above)");
    }
    Ok(())
}
