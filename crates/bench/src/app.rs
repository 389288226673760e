//! The real app: cold start to first screen, resident memory and binary size. The release
//! binary is started by tauri-driver (which starts WebKitWebDriver, which starts the app) on a
//! private copy of the dataset and private XDG folders, under the caller's X display (Xvfb).
//! "First screen" is the first element matching a CSS selector, found over WebDriver; the
//! start is the app process's own start time from /proc, so driver start-up is not counted.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::measure::{ms, Samples};
use crate::plan::Plan;
use crate::procfs;
use crate::report::{Measured, Row, Target};
use crate::webdriver::Session;

/// The processes whose memory is the app's: the Tauri process and the WebKit helpers it starts.
const WEBKIT_HELPERS: &[&str] = &["WebKitWebProcess", "WebKitNetworkProcess"];
/// How long memory is left to settle after a screen appears before it is read.
const SETTLE: Duration = Duration::from_secs(2);
const PATIENCE: Duration = Duration::from_secs(60);

pub struct Gui<'a> {
    pub app: &'a Path,
    pub driver: PathBuf,
    /// What marks the first screen as painted.
    pub first_screen: String,
    /// Where a contacts list is opened from, and what marks it painted; None when the UI has no such page.
    pub contacts: Option<(String, String)>,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// SIGTERM, never SIGKILL first: only then does tauri-driver stop its WebKitWebDriver child.
fn stop(mut driver: Child) {
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("tauri-driver did not stop after SIGTERM; killing it");
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Opens the session, retrying while tauri-driver is still connecting to WebKitWebDriver
/// (it then drops the request unanswered), as the e2e harness does. Start-up is timed from
/// the app process's own start, so the retries do not count.
fn start_session(port: u16, app: &str) -> anyhow::Result<Session> {
    let started = Instant::now();
    loop {
        match Session::start(port, app) {
            Ok(session) => return Ok(session),
            Err(error) if started.elapsed() < Duration::from_secs(20) => {
                eprintln!("  session not ready yet ({error:#}); retrying");
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(error) => return Err(error),
        }
    }
}

fn wait_for(session: &Session, selector: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    while !session.has(selector)? {
        anyhow::ensure!(started.elapsed() < PATIENCE, "no element {selector} after {PATIENCE:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

/// Resident memory of the app and its WebKit helpers, summed, with each part for the log.
fn app_memory(driver_pid: u32, app_name: &str) -> (f64, Vec<(String, f64)>) {
    let mut parts = Vec::new();
    for (pid, name) in procfs::descendants(driver_pid) {
        if name == app_name || WEBKIT_HELPERS.contains(&name.as_str()) {
            if let Some(rss) = procfs::rss_mib(pid) {
                parts.push((name, rss));
            }
        }
    }
    (parts.iter().map(|(_, m)| m).sum(), parts)
}

struct Start {
    to_first_screen_ms: f64,
    with_session_ms: f64,
    rss_after_start: f64,
    rss_after_contacts: Option<f64>,
    parts: Vec<(String, f64)>,
}

/// Starts tauri-driver for the app on `store` with private XDG folders under `home`, and
/// waits until it listens; answers the driver process and its port.
fn launch(gui: &Gui, store: &Path, home: &Path) -> anyhow::Result<(Child, u16)> {
    let (port, native_port) = (free_port()?, free_port()?);
    let xdg = |name: &str| -> anyhow::Result<PathBuf> {
        let dir = home.join(name);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    };
    let driver = Command::new(&gui.driver)
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("RENCONTRES_DB", store)
        .env("XDG_DATA_HOME", xdg("data")?)
        .env("XDG_CONFIG_HOME", xdg("config")?)
        .env("XDG_CACHE_HOME", xdg("cache")?)
        .env("HOME", home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", gui.driver.display()))?;
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            stop(driver);
            anyhow::bail!("tauri-driver did not listen on {port}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((driver, port))
}

fn one_start(gui: &Gui, store: &Path, home: &Path) -> anyhow::Result<Start> {
    let app_name = gui.app.file_name().and_then(|n| n.to_str()).unwrap_or("rencontres").to_string();
    let (driver, port) = launch(gui, store, home)?;
    let driver_pid = driver.id();
    let result = (|| -> anyhow::Result<Start> {
        let asked = Instant::now();
        let session = start_session(port, &gui.app.to_string_lossy())?;
        wait_for(&session, &gui.first_screen)?;
        let with_session_ms = ms(asked.elapsed());
        let now = procfs::uptime().context("reading /proc/uptime")?;
        // The newest app process: a refused session attempt may have left an earlier one.
        let (_, began) = procfs::descendants(driver_pid)
            .into_iter()
            .filter(|(_, name)| *name == app_name)
            .filter_map(|(pid, _)| Some((pid, procfs::started_at(pid)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .context("the app process under tauri-driver and its start time")?;
        std::thread::sleep(SETTLE);
        let (rss_after_start, parts) = app_memory(driver_pid, &app_name);
        let mut rss_after_contacts = None;
        if let Some((nav, row)) = &gui.contacts {
            session.click(nav)?;
            wait_for(&session, row)?;
            std::thread::sleep(SETTLE);
            rss_after_contacts = Some(app_memory(driver_pid, &app_name).0);
        }
        let _ = session.end();
        Ok(Start { to_first_screen_ms: (now - began) * 1000.0, with_session_ms, rss_after_start, rss_after_contacts, parts })
    })();
    stop(driver);
    result
}

pub fn run(gui: &Gui, dataset: &Path, dataset_name: &str, scratch: &Path, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let home = scratch.join("app-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)?;
    // The app gets its own copy: it writes (WAL, settings), and the cache must stay pristine.
    let store = crate::writes::scratch_copy(dataset, &home, "store")?;
    let mut starts = Vec::new();
    for i in 0..plan.starts {
        let start = one_start(gui, &store, &home).with_context(|| format!("app start {}", i + 1))?;
        eprintln!(
            "  start {}: {:.0} ms to first screen ({:.0} ms with the WebDriver session), {:.0} MiB: {}",
            i + 1,
            start.to_first_screen_ms,
            start.with_session_ms,
            start.rss_after_start,
            start.parts.iter().map(|(n, m)| format!("{n} {m:.0}")).collect::<Vec<_>>().join(", ")
        );
        starts.push(start);
    }
    let _ = std::fs::remove_dir_all(&home);
    let samples = |f: &dyn Fn(&Start) -> Option<f64>| Samples::new(starts.iter().filter_map(f).collect());
    let mut rows = Vec::new();
    let mut add = |operation: String, dataset: &str, unit: &str, s: Samples| {
        if s.len() > 0 {
            rows.push(Measured { operation: &operation, dataset, unit, samples: &s, higher_is_slower: true, target: Target::None, reference: None }.row());
        }
    };
    add(format!("app cold start to first screen ({})", gui.first_screen), dataset_name, "ms", samples(&|s| Some(s.to_first_screen_ms)));
    add("app cold start incl. WebDriver session".into(), dataset_name, "ms", samples(&|s| Some(s.with_session_ms)));
    add("RSS after start (app + WebKit processes)".into(), dataset_name, "MiB", samples(&|s| Some(s.rss_after_start)));
    add("RSS after opening the contacts list".into(), dataset_name, "MiB", samples(&|s| s.rss_after_contacts));
    Ok(rows)
}

/// Watches the door screen from inside the page: the time of the Enter key (a real key press
/// sent over WebDriver) and of the animation frame after the one in which the green answer
/// first shows the expected name, by which time that frame has been painted. Frames quantise
/// the figure upwards (by up to a frame).
const DOOR_WATCH: &str = r#"
if (!window.__doorWatch) {
  window.__doorWatch = true;
  document.addEventListener('keydown', (e) => {
    const d = window.__door;
    if (d && e.key === 'Enter' && d.t0 === null) d.t0 = performance.now();
  }, true);
  const tick = () => {
    const d = window.__door;
    if (d && d.t0 !== null && !d.seen) {
      const answer = document.querySelector('[data-testid="door-answer"]');
      const name = document.querySelector('[data-testid="door-answer-name"]');
      if (answer && answer.dataset.tone === 'green' && name && name.textContent.trim() === d.expected) {
        d.seen = true;
        requestAnimationFrame(() => { d.painted = performance.now(); });
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"#;

/// The door screen of the real app on a copy of the venue store: a badge code typed with
/// Enter, as a USB scanner does, to the painted green answer.
pub fn door(gui: &Gui, venue: &Path, scratch: &Path, plan: Plan) -> anyhow::Result<Row> {
    let home = scratch.join("door-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)?;
    let store = crate::writes::scratch_copy(venue, &home, "door")?;
    let (event_id, people) = {
        let raw = rusqlite::Connection::open(&store)?;
        let event_id: String = raw.query_row("SELECT id FROM events LIMIT 1", [], |r| r.get(0))?;
        let people: Vec<(String, String)> = raw
            .prepare("SELECT badge_code, first_name || ' ' || last_name FROM registrations WHERE status = 'registered' ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        (event_id, people)
    };
    // Two scans in a row are of different names, so the answer can only be the new one.
    let wanted = plan.warmup + plan.reads;
    let mut scans: Vec<(String, String)> = Vec::with_capacity(wanted);
    for person in people {
        if scans.len() == wanted {
            break;
        }
        if scans.last().is_none_or(|last| last.1 != person.1) {
            scans.push(person);
        }
    }
    anyhow::ensure!(scans.len() == wanted, "the venue store has too few registrations for {wanted} scans");
    let (driver, port) = launch(gui, &store, &home)?;
    let result = (|| -> anyhow::Result<Vec<f64>> {
        let session = start_session(port, &gui.app.to_string_lossy())?;
        wait_for(&session, &gui.first_screen)?;
        session.execute("location.hash = '#/events/' + encodeURIComponent(arguments[0]) + '/door';", vec![serde_json::json!(event_id)])?;
        wait_for(&session, "[data-testid=\"door-code\"]")?;
        session.execute(DOOR_WATCH, Vec::new())?;
        let mut samples = Vec::with_capacity(plan.reads);
        for (index, (code, name)) in scans.iter().enumerate() {
            session.execute("window.__door = { expected: arguments[0], t0: null, seen: false, painted: null };", vec![serde_json::json!(name)])?;
            session.type_into("[data-testid=\"door-code\"]", &format!("{code}\u{E007}"))?;
            let asked = Instant::now();
            let took = loop {
                let answer = session.execute("const d = window.__door; return d.painted === null ? null : d.painted - d.t0;", Vec::new())?;
                if let Some(took) = answer.as_f64() {
                    break took;
                }
                if asked.elapsed() >= PATIENCE {
                    // What the screen shows instead says why: amber, red, another name, or nothing.
                    let shown = session.execute(
                        "const a = document.querySelector('[data-testid=\"door-answer\"]'); return a ? (a.dataset.tone + ': ' + a.textContent.trim()) : 'no answer';",
                        Vec::new(),
                    )?;
                    anyhow::bail!("no green answer for {name} (scan {index}, code {code}) after {PATIENCE:?}; the screen shows {shown}");
                }
                std::thread::sleep(Duration::from_millis(5));
            };
            if index >= plan.warmup {
                samples.push(took);
            }
        }
        let _ = session.end();
        Ok(samples)
    })();
    stop(driver);
    let _ = std::fs::remove_dir_all(&home);
    let samples = Samples::new(result?);
    Ok(Measured {
        operation: "door in the real app: Enter to the painted green answer",
        dataset: "venue",
        unit: "ms",
        samples: &samples,
        higher_is_slower: true,
        target: Target::P99Below(100.0, "#6"),
        reference: None,
    }
    .row())
}

/// The app binary's size on disk, in MiB.
pub fn binary_size(app: &Path, label: &str) -> anyhow::Result<Row> {
    let bytes = std::fs::metadata(app).with_context(|| format!("reading {}", app.display()))?.len();
    let size = Samples::new(vec![bytes as f64 / (1024.0 * 1024.0)]);
    Ok(Measured { operation: label, dataset: "—", unit: "MiB", samples: &size, higher_is_slower: true, target: Target::None, reference: None }.row())
}
