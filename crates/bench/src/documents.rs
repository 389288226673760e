//! Printed documents: the badge PDF for 1,000 attendees (issue #6: under 10 s), in both layouts,
//! built from generated names with the accents of the member countries.

use rencontres_core::badges::{self, Badge, BadgeLayout};

use std::time::Instant;

use crate::measure::Samples;
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};

const ATTENDEES: usize = 1_000;

fn attendees(count: usize) -> Vec<Badge> {
    let first = ["Ioana", "Łucja", "Gábor", "Jean-Baptiste", "Ana", "Søren", "Žaneta", "Ἀλέξανδρος", "Mikołaj", "Örs"];
    let last = ["Țepeș", "Wąsowska", "Kővári", "de La Rochefoucauld", "Šimić", "Østergård", "Dvořáková", "Παπαδόπουλος"];
    let towns = ["Constanța", "Łódź", "Győr", "Besançon", "Rijeka", "Aarhus", "České Budějovice", "Θεσσαλονίκη"];
    (0..count)
        .map(|i| Badge {
            name: format!("{} {}", first[i % first.len()], last[i % last.len()]),
            function: "Deputy mayor in charge of culture and heritage".into(),
            organisation: format!("City of {}", towns[i % towns.len()]),
            country: "Europe".into(),
            // The shape of a registration's badge code: 16 random-looking characters.
            code: format!("{:04X}-{:04X}-{:04X}-{:04X}", i * 7919 % 65_536, i * 104_729 % 65_536, i * 31 % 65_536, i),
        })
        .collect()
}

pub fn run(plan: Plan) -> anyhow::Result<Vec<Row>> {
    let full = plan.reads > 10;
    // A smoke run (debug build, part of `make test`) only checks that it works, on 100 badges.
    let count = if full { ATTENDEES } else { 100 };
    let badges = attendees(count);
    let mut rows = Vec::new();
    // Three runs in a full plan (each is seconds of work at most), one in a smoke run.
    let runs = if full { 3 } else { 1 };
    for (layout, what) in [(BadgeLayout::A6, "A6, one per page"), (BadgeLayout::A4Four, "4 per A4")] {
        let mut seconds = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let pdf = badges::render("General Assembly", &badges, layout)?;
            seconds.push(started.elapsed().as_secs_f64());
            size = pdf.len();
        }
        let operation = format!("badge PDF, {} attendees ({what}, {} kB)", if full { "1,000".to_string() } else { count.to_string() }, size / 1024);
        rows.push(
            Measured {
                operation: &operation,
                dataset: if full { "1,000 badges" } else { "100 badges" },
                unit: "s",
                samples: &Samples::new(seconds),
                higher_is_slower: true,
                target: Target::P99Below(10.0, "#6"),
                reference: None,
            }
            .row(),
        );
    }
    Ok(rows)
}
