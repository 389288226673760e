//! Figures of the knowledge area, printed as a table (no assertion): writing 10,000 best
//! practices, accent-free searches over them (p50/p99), a filtered list, the catalogue of
//! 1,000 practices, and queuing an e-bulletin issue for 5,000 subscribers.
//! Run: `cargo run --release -p rencontres-core --example knowledge_figures`.

use std::time::Instant;

use rencontres_core::bulletin::issues::IssueInput;
use rencontres_core::bulletin::ConsentInput;
use rencontres_core::model::{MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole};
use rencontres_core::practices::catalogue::CatalogueLanguage;
use rencontres_core::practices::{PracticeInput, PracticeQuery, Theme};
use rencontres_core::Store;

const PLACES: [(&str, &str); 8] = [
    ("Besançon", "FR"),
    ("Göttingen", "DE"),
    ("Łódź", "PL"),
    ("Constanța", "RO"),
    ("Västerås", "SE"),
    ("Porto", "PT"),
    ("Košice", "SK"),
    ("Île-de-France", "FR"),
];
const WORDS: [&str; 10] = ["théâtre", "résidence", "musique", "patrimoine", "écoles", "quartiers", "médiation", "lecture", "danse", "cinéma"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::temp_dir().join(format!("knowledge-figures-{}", std::process::id()));
    std::fs::create_dir_all(&folder)?;
    let mut store = Store::open(&folder.join("figures.sqlite3"))?;
    let mut rows: Vec<(String, String)> = Vec::new();

    let n = 10_000;
    let started = Instant::now();
    for i in 0..n {
        let (place, country) = PLACES[i % PLACES.len()];
        store.create_practice(&PracticeInput {
            title: format!("{} {} n°{i}", WORDS[i % WORDS.len()], place),
            summary: format!("Une {} à {place} avec les {}", WORDS[(i + 3) % WORDS.len()], WORDS[(i + 5) % WORDS.len()]),
            body: format!("## {place}\n\nLa **{}** réunit artistes et habitants.\n\n- {}\n- {}\n", WORDS[(i + 1) % WORDS.len()], WORDS[(i + 2) % WORDS.len()], WORDS[(i + 4) % WORDS.len()]),
            place: place.into(),
            country: country.into(),
            organisation_id: None,
            themes: vec![Theme::ALL[i % 9], Theme::ALL[(i + 4) % 9]],
            tags: vec![format!("tag{}", i % 50)],
            period_start: Some(2000 + (i % 25) as i32),
            period_end: if i % 3 == 0 { None } else { Some(2001 + (i % 25) as i32) },
            links: vec![],
            event: format!("Assemblée générale {}", 2000 + i % 25),
        })?;
    }
    let seconds = started.elapsed().as_secs_f64();
    rows.push(("create 10,000 practices (one transaction each)".into(), format!("{:.0} /s ({seconds:.1} s)", n as f64 / seconds)));

    let searches = ["theatre", "residence besancon", "lodz", "patrimoine musique", "constanta danse", "kosice cinema", "ile-de-france", "vasteras"];
    let mut times = Vec::new();
    let mut hits = 0;
    for round in 0..50 {
        for words in searches {
            let started = Instant::now();
            let found = store.practices(&PracticeQuery { search: words.into(), ..Default::default() })?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                hits += found.len();
            }
        }
    }
    times.sort_by(f64::total_cmp);
    rows.push((
        format!("accent-free search over 10,000 ({} queries, {hits} hits in one round)", times.len()),
        format!("p50 {:.2} ms, p99 {:.2} ms", percentile(&times, 0.5), percentile(&times, 0.99)),
    ));

    let started = Instant::now();
    let filtered = store.practices(&PracticeQuery { search: String::new(), theme: Some(Theme::Heritage), country: Some("FR".into()), year: Some(2010) })?;
    rows.push((format!("filter theme + country + year ({} rows)", filtered.len()), format!("{:.1} ms", started.elapsed().as_secs_f64() * 1000.0)));

    let started = Instant::now();
    let (html, count) = store.practice_catalogue(&PracticeQuery { search: "besancon".into(), ..Default::default() }, CatalogueLanguage::En)?;
    rows.push((format!("catalogue of {count} practices (self-contained HTML)"), format!("{:.0} ms, {:.1} MB", started.elapsed().as_secs_f64() * 1000.0, html.len() as f64 / 1e6)));

    let org = store.create_organisation(&OrganisationInput {
        name: "Porto".into(),
        kind: OrganisationKind::City,
        country: "PT".into(),
        subdivision: String::new(),
        population: Some(230_000),
        population_year: Some(2021),
        population_source: String::new(),
        address: String::new(),
        website: String::new(),
        email: String::new(),
        languages: vec![],
        notes: String::new(),
        category: MembershipCategory::Full,
        status: MembershipStatus::Active,
        joined_on: None,
        left_on: None,
    })?;
    let subscribers = 5_000;
    let started = Instant::now();
    for i in 0..subscribers {
        let person = store.create_person(&PersonInput {
            first_name: "Ana".into(),
            last_name: format!("Silva {i}"),
            function: String::new(),
            role: PersonRole::Officer,
            organisation_id: Some(org.id.clone()),
            emails: vec![format!("ana{i}@porto.example")],
            phones: vec![],
            languages: vec![],
            notes: String::new(),
        })?;
        store.record_bulletin_consent(&person.id, &ConsentInput { given_on: String::new(), how: "form".into() })?;
    }
    rows.push(("create + consent 5,000 subscribers".into(), format!("{:.1} s", started.elapsed().as_secs_f64())));
    let started = Instant::now();
    let list = store.bulletin_recipients(&Default::default())?;
    rows.push((format!("recipients list ({} rows)", list.rows.len()), format!("{:.0} ms", started.elapsed().as_secs_f64() * 1000.0)));
    let issue = store.create_issue(&IssueInput { subject: "Figures".into(), body: "Hello".into() })?;
    let started = Instant::now();
    let counts = store.queue_issue(&issue.id)?;
    rows.push((format!("queue an issue for {} recipients", counts.total), format!("{:.0} ms", started.elapsed().as_secs_f64() * 1000.0)));

    let width = rows.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    println!("| {:width$} | figure |", "measure");
    println!("|{}|--------|", "-".repeat(width + 2));
    for (k, v) in rows {
        println!("| {k:width$} | {v} |");
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&folder);
    Ok(())
}
