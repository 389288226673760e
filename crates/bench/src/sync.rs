//! The sync figures (issue #4, and the door's pushes of #6) in the one table: `sync-bench`
//! (tests/sync) measures them against the real server over loopback; it is run here as a
//! child process of the same build, and its rows are read back from the JSON it writes.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use serde::Deserialize;

use crate::measure::Samples;
use crate::report::{Measured, Row, Target};

/// One row as `sync-bench --json` writes it.
#[derive(Debug, Deserialize)]
struct SyncRow {
    operation: String,
    dataset: String,
    unit: String,
    samples: Vec<f64>,
    /// `true` for durations and counts, `false` for rates.
    higher_is_slower: bool,
    target: Option<SyncTarget>,
    /// What the issue measured for the peer (pretix, PouchDB) on this kind of machine.
    peer: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SyncTarget {
    MedianBelow { value: f64, issue: String },
    P99Below { value: f64, issue: String },
    Zero { issue: String },
}

/// The issue numbers a target may name: the table's targets are static text.
fn issue(name: &str) -> &'static str {
    match name {
        "#4" => "#4",
        "#6" => "#6",
        _ => "an issue",
    }
}

impl SyncTarget {
    fn target(&self) -> Target {
        match self {
            SyncTarget::MedianBelow { value, issue: by } => Target::MedianBelow(*value, issue(by)),
            SyncTarget::P99Below { value, issue: by } => Target::P99Below(*value, issue(by)),
            SyncTarget::Zero { issue: by } => Target::Zero(issue(by)),
        }
    }
}

/// `sync-bench`, built beside this binary (same profile).
fn binary() -> anyhow::Result<PathBuf> {
    let here = std::env::current_exe().context("finding the bench binary")?;
    let path = here.with_file_name(format!("sync-bench{}", std::env::consts::EXE_SUFFIX));
    anyhow::ensure!(
        path.exists(),
        "{} is missing: build it with `cargo build -p rencontres-sync-tests --bin sync-bench` in the same profile (make bench does)",
        path.display()
    );
    Ok(path)
}

/// The sync rows, and one note per row naming the peer's figure.
pub fn run(scratch: &Path, smoke: bool) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    std::fs::create_dir_all(scratch)?;
    let json = scratch.join("sync-bench.json");
    let _ = std::fs::remove_file(&json);
    let mut command = Command::new(binary()?);
    command.arg("--json").arg(&json);
    if smoke {
        command.arg("--smoke");
    }
    let status = command.status().context("starting sync-bench")?;
    anyhow::ensure!(status.success(), "sync-bench failed ({status})");
    let text = std::fs::read_to_string(&json).with_context(|| format!("reading {}", json.display()))?;
    let parsed: Vec<SyncRow> = serde_json::from_str(&text).with_context(|| format!("parsing {}", json.display()))?;
    let mut rows = Vec::new();
    let mut peers = Vec::new();
    for row in parsed {
        let samples = Samples::new(row.samples);
        rows.push(
            Measured {
                operation: &row.operation,
                dataset: &row.dataset,
                unit: &row.unit,
                samples: &samples,
                higher_is_slower: row.higher_is_slower,
                target: row.target.as_ref().map_or(Target::None, SyncTarget::target),
                reference: None,
            }
            .row(),
        );
        if let Some(peer) = row.peer {
            peers.push(format!("peer of \"{}\": {peer}", row.operation));
        }
    }
    Ok((rows, peers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_bench_row_becomes_a_table_row_with_its_target() {
        let text = r##"[{"operation":"one mutation","dataset":"2 laptops","unit":"ms","samples":[1.0,2.0,30.0],
            "higher_is_slower":true,"target":{"median_below":{"value":10.0,"issue":"#4"}},"peer":"PouchDB ~9 ms"},
            {"operation":"lost","dataset":"4 laptops","unit":"count","samples":[0.0],"higher_is_slower":true,
            "target":{"zero":{"issue":"#6"}},"peer":null}]"##;
        let parsed: Vec<SyncRow> = serde_json::from_str(text).expect("parses");
        let first = parsed[0].target.as_ref().expect("target").target();
        let row = Measured {
            operation: "one mutation",
            dataset: "2 laptops",
            unit: "ms",
            samples: &Samples::new(parsed[0].samples.clone()),
            higher_is_slower: true,
            target: first,
            reference: None,
        }
        .row();
        assert_eq!(row.met, Some(true), "the median is 2 ms");
        assert_eq!(row.target, "median < 10.0 ms (#4)");
        let zero = parsed[1].target.as_ref().expect("target").target();
        let row = Measured { operation: "lost", dataset: "4", unit: "count", samples: &Samples::new(vec![0.0]), higher_is_slower: true, target: zero, reference: None }.row();
        assert_eq!(row.met, Some(true));
    }
}
