//! The one table the bench prints and the same rows as JSON (`latest.json`): each row is an
//! operation on a dataset with its median, p99, target and the physical reference measured
//! in the same run, and the ratio of the two.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::measure::Samples;

/// What an operation should achieve, and which issue named it (None: no issue names one yet).
#[derive(Debug, Clone, Copy)]
pub enum Target {
    None,
    /// The p99 (in the row's unit) stays below this.
    P99Below(f64, &'static str),
    /// The median throughput is at least this.
    AtLeast(f64, &'static str),
    /// The median (in the row's unit) stays below this.
    MedianBelow(f64, &'static str),
    /// Every sample is zero (errors, lost writes).
    Zero(&'static str),
}

impl Target {
    fn text(self, unit: &str) -> String {
        match self {
            Target::None => "—".into(),
            Target::P99Below(v, by) => format!("p99 < {} {unit} ({by})", number(v)),
            Target::AtLeast(v, by) => format!("≥ {} {unit} ({by})", number(v)),
            Target::MedianBelow(v, by) => format!("median < {} {unit} ({by})", number(v)),
            Target::Zero(by) => format!("0 ({by})"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub operation: String,
    pub dataset: String,
    pub unit: String,
    pub median: f64,
    pub p99: f64,
    pub target: String,
    /// The physical reference's median in the same unit; None when there is none to compare.
    pub reference: Option<f64>,
    pub reference_what: Option<String>,
    /// How many times slower than the reference (for rates: reference / measured).
    pub ratio: Option<f64>,
    /// Whether the target is met; None when the row has no target.
    pub met: Option<bool>,
    pub samples: usize,
}

/// Builds rows: `higher_is_slower` is true for durations and sizes, false for rates.
pub struct Measured<'a> {
    pub operation: &'a str,
    pub dataset: &'a str,
    pub unit: &'a str,
    pub samples: &'a Samples,
    pub higher_is_slower: bool,
    pub target: Target,
    pub reference: Option<(&'a Samples, &'a str)>,
}

impl Measured<'_> {
    pub fn row(self) -> Row {
        let median = self.samples.median();
        let p99 = self.samples.p99(self.higher_is_slower);
        let reference = self.reference.map(|(r, _)| r.median());
        let ratio = reference.filter(|r| *r > 0.0 && median > 0.0).map(|r| if self.higher_is_slower { median / r } else { r / median });
        let met = match self.target {
            Target::None => None,
            Target::P99Below(limit, _) => Some(p99 < limit),
            Target::AtLeast(limit, _) => Some(median >= limit),
            Target::MedianBelow(limit, _) => Some(median < limit),
            Target::Zero(_) => Some(self.samples.len() > 0 && self.samples.quantile(1.0) == 0.0),
        };
        Row {
            operation: self.operation.to_string(),
            dataset: self.dataset.to_string(),
            unit: self.unit.to_string(),
            median,
            p99,
            target: self.target.text(self.unit),
            reference,
            reference_what: self.reference.map(|(_, what)| what.to_string()),
            ratio,
            met,
            samples: self.samples.len(),
        }
    }
}

/// A figure with about three significant digits, thousands grouped for large ones.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 {
        let rounded = value.round() as i64;
        let digits = rounded.abs().to_string();
        let mut groups: Vec<&str> = digits.as_bytes().rchunks(3).filter_map(|g| std::str::from_utf8(g).ok()).collect();
        groups.reverse();
        let mut out = groups.join(",");
        if rounded < 0 {
            out.insert(0, '-');
        }
        out
    } else if magnitude >= 100.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

/// The rows as a plain-text table with aligned columns, then the references explained.
pub fn table(rows: &[Row]) -> String {
    let header = ["operation", "dataset", "unit", "median", "p99", "n", "target", "reference", "ratio", "met"];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            [
                r.operation.clone(),
                r.dataset.clone(),
                r.unit.clone(),
                number(r.median),
                number(r.p99),
                r.samples.to_string(),
                r.target.clone(),
                r.reference.map(number).unwrap_or_else(|| "—".into()),
                r.ratio.map(|x| format!("{x:.1}×")).unwrap_or_else(|| "—".into()),
                match r.met {
                    Some(true) => "yes".into(),
                    Some(false) => "NO".into(),
                    None => "—".into(),
                },
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let numeric = [false, false, false, true, true, true, false, true, true, false];
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i > 0 {
                text.push_str(" | ");
            }
            if numeric[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&header.map(String::from));
    line(&widths.map(|w| "-".repeat(w)));
    for row in &cells {
        line(row);
    }
    let mut explained: Vec<String> = Vec::new();
    for row in rows {
        if let Some(what) = &row.reference_what {
            let text = format!("  {}: {}", row.operation, what);
            if !explained.contains(&text) {
                explained.push(text);
            }
        }
    }
    if !explained.is_empty() {
        out.push_str("\nreferences (measured in this run):\n");
        for text in explained {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

pub fn write_json(rows: &[Row], path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // NaN is not JSON: serde_json writes it as null, which is what a missing figure should be.
    std::fs::write(path, serde_json::to_string_pretty(rows)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(values: &[f64]) -> Samples {
        Samples::new(values.to_vec())
    }

    #[test]
    fn a_duration_row_is_compared_as_times_slower_than_its_reference() {
        let measured = samples(&[4.0, 4.0, 12.0]);
        let reference = samples(&[1.0, 1.0, 1.0]);
        let row = Measured {
            operation: "search",
            dataset: "network",
            unit: "ms",
            samples: &measured,
            higher_is_slower: true,
            target: Target::P99Below(10.0, "#5"),
            reference: Some((&reference, "raw FTS")),
        }
        .row();
        assert_eq!(row.ratio, Some(4.0));
        assert_eq!(row.met, Some(false), "p99 is 12 ms");
    }

    #[test]
    fn a_rate_row_is_compared_as_reference_over_measured() {
        let measured = samples(&[1000.0, 2000.0, 3000.0]);
        let reference = samples(&[20_000.0]);
        let row = Measured {
            operation: "bulk",
            dataset: "network",
            unit: "rows/s",
            samples: &measured,
            higher_is_slower: false,
            target: Target::AtLeast(80_000.0, "#5"),
            reference: Some((&reference, "raw insert")),
        }
        .row();
        assert_eq!(row.ratio, Some(10.0));
        assert_eq!(row.p99, 1000.0, "the slow tail of a rate is its low end");
        assert_eq!(row.met, Some(false));
    }

    #[test]
    fn the_table_has_a_header_and_one_line_per_row_and_json_turns_nan_into_null() {
        let s = samples(&[1.0]);
        let rows = vec![Measured { operation: "x", dataset: "d", unit: "ms", samples: &s, higher_is_slower: true, target: Target::None, reference: None }.row()];
        let text = table(&rows);
        assert_eq!(text.lines().count(), 3);
        assert!(text.starts_with("operation"));
        let empty = Measured { operation: "y", dataset: "d", unit: "ms", samples: &samples(&[]), higher_is_slower: true, target: Target::None, reference: None }.row();
        let json = serde_json::to_value(vec![empty]).expect("json");
        assert!(json[0]["median"].is_null());
        assert_eq!(number(123_456.0), "123,456");
        assert_eq!(number(0.1234), "0.123");
    }
}
