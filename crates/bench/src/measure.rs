//! Timing: runs an operation many times and summarises the samples as median and p99.
//! The p99 is taken by nearest rank, so with fewer than 100 samples it is the slowest one.

use std::time::{Duration, Instant};

/// Samples of one operation, in the unit the table shows.
#[derive(Debug, Clone)]
pub struct Samples {
    values: Vec<f64>,
}

impl Samples {
    pub fn new(values: Vec<f64>) -> Samples {
        let mut values = values;
        values.sort_by(|a, b| a.total_cmp(b));
        Samples { values }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// The value at quantile `q` (0..=1), by nearest rank; NaN when there are no samples.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.values.is_empty() {
            return f64::NAN;
        }
        let rank = (q * self.values.len() as f64).ceil() as usize;
        self.values[rank.clamp(1, self.values.len()) - 1]
    }

    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The slow tail: for durations the 99th percentile, for throughputs (where slow is
    /// small) the 1st percentile.
    pub fn p99(&self, higher_is_slower: bool) -> f64 {
        if higher_is_slower {
            self.quantile(0.99)
        } else {
            self.quantile(0.01)
        }
    }
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Past this much measured time an operation stops early (keeping at least `MIN_RUNS`
/// samples), so a pathologically slow operation costs a minute of the run, not an hour.
const BUDGET: Duration = Duration::from_secs(60);
const MIN_RUNS: usize = 10;

/// Runs `work` `warmup` times unmeasured (statement caches, page cache), then up to `runs`
/// times (see [`BUDGET`]), each timed in milliseconds.
pub fn time_ms<T>(warmup: usize, runs: usize, mut work: impl FnMut(usize) -> anyhow::Result<T>) -> anyhow::Result<Samples> {
    for i in 0..warmup {
        std::hint::black_box(work(i)?);
    }
    let mut values = Vec::with_capacity(runs);
    let began = Instant::now();
    for i in 0..runs {
        if values.len() >= MIN_RUNS && began.elapsed() > BUDGET {
            eprintln!("  stopped after {} of {runs} runs: over the {BUDGET:?} budget", values.len());
            break;
        }
        let started = Instant::now();
        std::hint::black_box(work(warmup + i)?);
        values.push(ms(started.elapsed()));
    }
    Ok(Samples::new(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_taken_by_nearest_rank() {
        let samples = Samples::new((1..=200).rev().map(f64::from).collect());
        assert_eq!(samples.median(), 100.0);
        assert_eq!(samples.p99(true), 198.0);
        assert_eq!(samples.p99(false), 2.0);
        assert_eq!(Samples::new(vec![5.0, 1.0]).p99(true), 5.0);
        assert!(Samples::new(Vec::new()).median().is_nan());
    }
}
