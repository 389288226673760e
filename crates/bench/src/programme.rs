//! The network's meetings and knowledge: 1,000 events with 200,000 registrations of its
//! contacts, and 5,000 best practices, generated into the `network` dataset through core's
//! public API; and the reads of the Events and Best practices pages on them.

use anyhow::Context as _;
use rencontres_core::events::registrations::{RegistrationQuery, RegistrationRequest};
use rencontres_core::events::{EventInput, EventKind, EventStatus};
use rencontres_core::practices::{PracticeInput, PracticeQuery, Theme};
use rencontres_core::Store;

use crate::measure::time_ms;
use crate::names;
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};
use crate::rng::Seeded;

/// How much of the programme a dataset holds.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub events: usize,
    pub registrations: usize,
    pub practices: usize,
}

pub const ASSOCIATION: Counts = Counts { events: 12, registrations: 300, practices: 40 };
pub const NETWORK: Counts = Counts { events: 1_000, registrations: 200_000, practices: 5_000 };

const KINDS: [EventKind; 4] = [EventKind::GeneralAssembly, EventKind::National, EventKind::Thematic, EventKind::Regional];
const THEMES: [Theme; 9] = Theme::ALL;
const SUBJECTS: &[&str] = &[
    "books and reading",
    "photography",
    "visual arts",
    "contemporary dance",
    "opera",
    "cinema",
    "street arts",
    "music schools",
    "museums",
    "libraries",
];
/// Words a practice's body is drawn from (so that searches have realistic hit counts).
const WORDS: &[&str] = &[
    "artists", "residency", "neighbourhood", "festival", "heritage", "schools", "young", "audiences", "cooperation", "cross-border",
    "municipal", "library", "theatre", "participatory", "budget", "creative", "industries", "workshop", "migrants", "dialogue",
    "rural", "mobility", "volunteers", "archives", "digital", "regeneration", "cinema", "choir", "mural", "network",
];
/// Searches of the Best practices page: whole words, accents, a place.
pub const PRACTICE_QUERIES: &[&str] = &["festival", "heritage residency", "velo", "participatory budget", "Évora", "cinema", "libraries"];

fn event_input(rng: &mut Seeded, city: &names::City, index: usize) -> EventInput {
    let kind = KINDS[index % KINDS.len()];
    let year = 2017 + (index % 11) as i32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(25);
    let title = match kind {
        EventKind::GeneralAssembly => format!("General Assembly and Conference {year}, {}", city.name),
        EventKind::National => format!("National meeting {year} in {}", city.name),
        EventKind::Thematic => format!("Thematic meeting on {} ({year})", rng.pick(SUBJECTS)),
        EventKind::Regional => format!("Regional meeting {year}: {}", city.name),
    };
    EventInput {
        kind,
        title,
        city: city.name.clone(),
        country: city.country.clone(),
        venue: format!("Cultural centre of {}", city.name),
        starts_on: format!("{year}-{month:02}-{day:02}"),
        ends_on: format!("{year}-{month:02}-{:02}", day + 2),
        capacity: None,
        status: EventStatus::Open,
        organisers: Vec::new(),
        notes: String::new(),
    }
}

fn practice_input(rng: &mut Seeded, city: &names::City, organisation_id: Option<String>, index: usize) -> PracticeInput {
    let subject = *rng.pick(SUBJECTS);
    let body: Vec<&str> = (0..60).map(|_| *rng.pick(WORDS)).collect();
    let start = 1995 + rng.below(30) as i32;
    PracticeInput {
        title: format!("{} in {} ({index})", subject[..1].to_uppercase() + &subject[1..], city.name),
        summary: format!("How {} opened its {subject} to new audiences.", city.name),
        body: format!("## What was done\n\n{}.\n\n## What it changed\n\n{}.", body[..30].join(" "), body[30..].join(" ")),
        place: city.name.clone(),
        country: city.country.clone(),
        organisation_id,
        themes: vec![THEMES[index % THEMES.len()], THEMES[rng.below(THEMES.len())]],
        tags: vec![subject.to_string()],
        period_start: Some(start),
        period_end: rng.chance(50).then(|| start + 1 + rng.below(5) as i32),
        links: Vec::new(),
        event: String::new(),
    }
}

/// Writes the events, their registrations (contacts of `people`, each event an even share) and
/// the practices; returns the number of transactions used (one per record: the public API).
pub fn generate(store: &mut Store, seed: u64, counts: Counts, people: &[String], organisations: &[String]) -> anyhow::Result<u32> {
    anyhow::ensure!(!people.is_empty() || counts.registrations == 0, "registrations need contacts");
    let mut rng = Seeded::new(seed ^ 0x5eed_e7e7);
    let cities = names::cities()?;
    let mut events = Vec::with_capacity(counts.events);
    for index in 0..counts.events {
        let city = rng.pick(&cities);
        let input = event_input(&mut rng, city, index);
        events.push(store.create_event(&input).with_context(|| format!("creating event {index}"))?);
    }
    for index in 0..counts.registrations {
        let event = &events[index % events.len()];
        let request = RegistrationRequest {
            event_id: event.id.clone(),
            // Distinct people per event: consecutive contacts from an offset of its own.
            person_id: Some(people[((index % events.len()) * 7919 + index / events.len()) % people.len()].clone()),
            on: Some(event.fields.starts_on.clone()),
            ..Default::default()
        };
        store.register(&request).with_context(|| format!("registering {index}"))?;
        if index > 0 && index % 50_000 == 0 {
            eprintln!("  {index} registrations ...");
        }
    }
    for index in 0..counts.practices {
        let city = rng.pick(&cities);
        let organisation = (!organisations.is_empty() && rng.chance(60)).then(|| rng.pick(organisations).clone());
        store.create_practice(&practice_input(&mut rng, city, organisation, index)).with_context(|| format!("creating practice {index}"))?;
    }
    Ok((counts.events + counts.registrations + counts.practices) as u32)
}

/// The Events and Best practices pages' reads on `store` (a dataset that has them).
pub fn reads(store: &Store, dataset: &str, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let events = store.events()?;
    let Some(busiest) = events.iter().max_by_key(|e| e.registered) else { return Ok(Vec::new()) };
    let mut rows = Vec::new();
    let mut row = |operation: &str, samples| {
        rows.push(
            Measured { operation, dataset, unit: "ms", samples: &samples, higher_is_slower: true, target: Target::None, reference: None }.row(),
        )
    };
    let listed = time_ms(plan.warmup, plan.reads, |_| Ok(store.events()?.len()))?;
    row(&format!("events list with their counts ({} events)", events.len()), listed);
    let page = time_ms(plan.warmup, plan.reads, |_| {
        Ok(store.registrations(&busiest.id, &RegistrationQuery { limit: 100, ..RegistrationQuery::default() })?.rows.len())
    })?;
    row(&format!("registrations of an event, first 100 by name ({} registered)", busiest.registered), page);
    let year = busiest.starts_on.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let statistics = time_ms(plan.warmup, plan.reads.min(50), |_| Ok(store.year_statistics(year)?.events.len()))?;
    row(&format!("attendance statistics of a year ({year})"), statistics);
    let searched = time_ms(plan.warmup, plan.reads, |i| {
        let query = PracticeQuery { search: PRACTICE_QUERIES[i % PRACTICE_QUERIES.len()].to_string(), ..PracticeQuery::default() };
        Ok(store.practices(&query)?.len())
    })?;
    row("search best practices, accent-free words", searched);
    Ok(rows)
}
