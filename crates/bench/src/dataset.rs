//! The named dataset sizes and their generator. Every record is written through core's public
//! API (so rows, mutation log, outbox and search index are what the app would hold), from a
//! seeded generator, and the finished store is cached on disk keyed by size, seed, schema
//! version and generator version, so reruns skip the slow part.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use rencontres_core::model::{MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput};
use rencontres_core::Store;
use serde::{Deserialize, Serialize};

use crate::names;
use crate::rng::Seeded;

/// Bump when the generator's output changes, so cached stores are regenerated.
const GENERATOR_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The association as it is: the app's demo (112 member authorities, associates, ~600 contacts).
    Association,
    /// A large network: 10,000 organisations, 100,000 people.
    Network,
    /// One event with 50,000 registrations: reserved until events exist in core.
    Venue,
}

impl Size {
    pub fn parse(text: &str) -> Option<Size> {
        match text {
            "association" => Some(Size::Association),
            "network" => Some(Size::Network),
            "venue" => Some(Size::Venue),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Size::Association => "association",
            Size::Network => "network",
            Size::Venue => "venue",
        }
    }

    /// Organisations and people to generate; None for the demo-based size and reserved ones.
    fn counts(self) -> Option<(usize, usize)> {
        match self {
            Size::Network => Some((10_000, 100_000)),
            Size::Association | Size::Venue => None,
        }
    }
}

/// How the cached store was made: kept beside it so a cached run still reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Made {
    pub organisations: u32,
    pub people: u32,
    pub seconds: f64,
    /// Transactions the generator needed (the public API commits each create on its own).
    pub transactions: u32,
}

pub struct Dataset {
    pub size: Size,
    pub path: PathBuf,
    pub made: Made,
    /// False when the store came from the cache.
    pub fresh: bool,
}

fn schema_version() -> anyhow::Result<i64> {
    let store = Store::open_in_memory().context("an in-memory store to read the schema version")?;
    Ok(store.schema_version()?)
}

/// The cached store for `size` and `seed` under `dir`, generating it first if needed.
pub fn prepare(dir: &Path, size: Size, seed: u64) -> anyhow::Result<Dataset> {
    anyhow::ensure!(size != Size::Venue, "the venue dataset is not available yet: events and registrations do not exist in core");
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let stem = format!("{}-seed{seed}-schema{}-gen{GENERATOR_VERSION}", size.name(), schema_version()?);
    let path = dir.join(format!("{stem}.sqlite3"));
    let meta = dir.join(format!("{stem}.json"));
    if path.exists() {
        if let Ok(made) = std::fs::read_to_string(&meta).map_err(anyhow::Error::from).and_then(|t| Ok(serde_json::from_str(&t)?)) {
            return Ok(Dataset { size, path, made, fresh: false });
        }
    }
    // Built under a temporary name and renamed when complete: an interrupted run is never cached.
    let partial = dir.join(format!("{stem}.partial.sqlite3"));
    for leftover in [partial.clone(), partial.with_extension("sqlite3-wal"), partial.with_extension("sqlite3-shm")] {
        let _ = std::fs::remove_file(leftover);
    }
    eprintln!("generating the {} dataset (seed {seed}) into {} ...", size.name(), path.display());
    let started = Instant::now();
    let mut made = {
        let mut store = Store::open(&partial).with_context(|| format!("opening {}", partial.display()))?;
        match size.counts() {
            None => {
                let loaded = rencontres_core::demo::load_seeded(&mut store, seed).context("loading the seeded demo")?;
                Made { organisations: loaded.organisations, people: loaded.people, seconds: 0.0, transactions: 1 }
            }
            Some((organisations, people)) => generate(&mut store, seed, organisations, people)?,
        }
        // Dropping the store closes its connection, which checkpoints the WAL into the file.
    };
    made.seconds = started.elapsed().as_secs_f64();
    std::fs::rename(&partial, &path).with_context(|| format!("moving the finished store to {}", path.display()))?;
    std::fs::write(&meta, serde_json::to_string_pretty(&made)?)?;
    eprintln!("  {} organisations, {} people in {:.1} s", made.organisations, made.people, made.seconds);
    Ok(Dataset { size, path, made, fresh: true })
}

fn slug(text: &str) -> String {
    rencontres_core::fold::fold(text).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// An organisation drawn from a reference city.
pub fn organisation(rng: &mut Seeded, city: &names::City, index: usize) -> OrganisationInput {
    let kind = names::organisation_kind(rng.below(100));
    let name = names::organisation_name(kind, &city.name, index);
    let (language, _) = names::country_language(&city.country);
    let authority = !matches!(
        kind,
        OrganisationKind::CulturalOrganisation | OrganisationKind::PartnerNetwork | OrganisationKind::Funder | OrganisationKind::Other
    );
    let category = if authority && rng.chance(40) {
        MembershipCategory::Full
    } else if kind == OrganisationKind::CulturalOrganisation && rng.chance(20) {
        MembershipCategory::Associate
    } else {
        MembershipCategory::None
    };
    let status = match rng.below(20) {
        0 => MembershipStatus::Applicant,
        1 | 2 => MembershipStatus::Lapsed,
        3 => MembershipStatus::Suspended,
        4 => MembershipStatus::Resigned,
        _ => MembershipStatus::Active,
    };
    let population = match kind {
        OrganisationKind::City => Some(city.population),
        OrganisationKind::Region | OrganisationKind::County | OrganisationKind::Province | OrganisationKind::MunicipalityGroup => {
            Some(city.population * (3 + rng.below(20) as i64))
        }
        _ => None,
    };
    let domain = format!("{}{index}.example", slug(&name).chars().take(40).collect::<String>());
    OrganisationInput {
        name,
        kind,
        country: city.country.clone(),
        subdivision: String::new(),
        population,
        population_year: population.map(|_| 2015 + rng.below(10) as i32),
        population_source: if population.is_some() { "GeoNames".into() } else { String::new() },
        address: String::new(),
        website: format!("https://www.{domain}"),
        email: format!("culture@{domain}"),
        languages: if language == "en" { vec!["en".into()] } else { vec![language.into(), "en".into()] },
        notes: String::new(),
        category,
        status,
        joined_on: (category != MembershipCategory::None && status != MembershipStatus::Applicant)
            .then(|| format!("{}-{:02}-15", 1994 + rng.below(31), 1 + rng.below(12))),
        left_on: None,
    }
}

/// A contact, of `organisation` (with its country) or of none.
pub fn person(rng: &mut Seeded, organisation: Option<(&str, &str)>, index: usize) -> PersonInput {
    let first = *rng.pick(names::FIRST_NAMES);
    let last = *rng.pick(names::LAST_NAMES);
    let (function, role) = *rng.pick(names::FUNCTIONS);
    let country = organisation.map_or("BE", |(_, c)| c);
    let (language, dial) = names::country_language(country);
    PersonInput {
        first_name: first.to_string(),
        last_name: last.to_string(),
        function: function.to_string(),
        role,
        organisation_id: organisation.map(|(id, _)| id.to_string()),
        emails: vec![format!("{}.{}{index}@contacts.example", slug(first), slug(last))],
        phones: vec![format!("{dial} {:03} {:03} {:03}", rng.below(1000), rng.below(1000), rng.below(1000))],
        languages: vec![language.to_string()],
        notes: String::new(),
    }
}

/// Writes `organisations` then `people` through the public API, one transaction each, since
/// that is the only batching the API offers (`demo::load_seeded` alone writes in one).
fn generate(store: &mut Store, seed: u64, organisations: usize, people: usize) -> anyhow::Result<Made> {
    let mut rng = Seeded::new(seed);
    let cities = names::cities()?;
    let mut ids: Vec<(String, String)> = Vec::with_capacity(organisations);
    for index in 0..organisations {
        let city = &cities[(index * 7919 + rng.below(cities.len())) % cities.len()];
        let input = organisation(&mut rng, city, index);
        let created = store.create_organisation(&input).with_context(|| format!("creating organisation {index}: {}", input.name))?;
        ids.push((created.id, created.fields.country));
    }
    for index in 0..people {
        // About one contact in thirty belongs to no organisation (press, independents).
        let organisation = (!rng.chance(3)).then(|| rng.pick(&ids)).map(|(id, c)| (id.as_str(), c.as_str()));
        let input = person(&mut rng, organisation, index);
        store.create_person(&input).with_context(|| format!("creating person {index}"))?;
        if index > 0 && index % 20_000 == 0 {
            eprintln!("  {index} people ...");
        }
    }
    Ok(Made { organisations: organisations as u32, people: people as u32, seconds: 0.0, transactions: (organisations + people) as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_records_are_valid_for_core_and_the_same_for_the_same_seed() {
        let mut store = Store::open_in_memory().expect("store");
        let made = generate(&mut store, 5, 20, 60).expect("generates");
        assert_eq!((made.organisations, made.people), (20, 60));
        let cities = names::cities().expect("cities");
        let a = organisation(&mut Seeded::new(3), &cities[0], 0);
        let b = organisation(&mut Seeded::new(3), &cities[0], 0);
        assert_eq!(a, b);
        assert_eq!(person(&mut Seeded::new(3), None, 1), person(&mut Seeded::new(3), None, 1));
    }

    #[test]
    fn a_prepared_dataset_is_cached_and_reused() {
        let dir = tempfile::tempdir().expect("dir");
        let first = prepare(dir.path(), Size::Association, 1994).expect("first");
        assert!(first.fresh);
        assert!(first.made.organisations >= 112);
        let second = prepare(dir.path(), Size::Association, 1994).expect("second");
        assert!(!second.fresh);
        assert_eq!(first.path, second.path);
        assert!(prepare(dir.path(), Size::Venue, 1).is_err());
    }
}
