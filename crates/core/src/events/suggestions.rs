//! Where the next meetings should be held, from the reference data shipped in
//! `assets/reference`: the General Assembly and Conference in the year's European Capital(s)
//! of Culture, and a national meeting each semester in the capital of the country holding
//! the presidency of the Council of the EU.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::EventKind;

const CAPITALS_CSV: &str = include_str!("../../../../assets/reference/european_capitals_of_culture.csv");
const PRESIDENCIES_CSV: &str = include_str!("../../../../assets/reference/eu_council_presidencies.csv");
const COUNTRIES_CSV: &str = include_str!("../../../../assets/reference/countries.csv");

/// A meeting the reference data calls for, to prefill the event form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventSuggestion {
    pub kind: EventKind,
    pub title: String,
    pub city: String,
    pub country: String,
    /// The window the meeting should fall in (the year, or the presidency's semester).
    pub window_from: String,
    pub window_to: String,
    /// Why: "European Capital of Culture 2027", "EU Council presidency 2027-H1".
    pub reason: String,
}

struct Capital {
    year: i32,
    city: String,
    country: String,
}

struct Presidency {
    semester: String,
    starts_on: String,
    ends_on: String,
    country: String,
    country_name: String,
}

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(csv_text.as_bytes()).records().filter_map(|r| r.ok()).collect()
}

fn capitals() -> &'static [Capital] {
    static CAPITALS: OnceLock<Vec<Capital>> = OnceLock::new();
    CAPITALS.get_or_init(|| {
        rows(CAPITALS_CSV)
            .iter()
            .filter_map(|r| Some(Capital { year: r.get(0)?.parse().ok()?, city: r.get(1)?.to_string(), country: r.get(2)?.to_string() }))
            .collect()
    })
}

fn presidencies() -> &'static [Presidency] {
    static PRESIDENCIES: OnceLock<Vec<Presidency>> = OnceLock::new();
    PRESIDENCIES.get_or_init(|| {
        rows(PRESIDENCIES_CSV)
            .iter()
            .filter_map(|r| {
                Some(Presidency {
                    semester: r.get(0)?.to_string(),
                    starts_on: r.get(1)?.to_string(),
                    ends_on: r.get(2)?.to_string(),
                    country: r.get(3)?.to_string(),
                    country_name: r.get(4)?.to_string(),
                })
            })
            .collect()
    })
}

/// The capital city of a country, from the countries reference list.
fn capital_of(country: &str) -> Option<String> {
    static CAPITAL_CITIES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CAPITAL_CITIES
        .get_or_init(|| rows(COUNTRIES_CSV).iter().filter_map(|r| Some((r.get(0)?.to_string(), r.get(2)?.to_string()))).collect())
        .iter()
        .find(|(code, _)| code == country)
        .map(|(_, capital)| capital.clone())
}

/// The meetings of `year`: a General Assembly per European Capital of Culture of the year,
/// then a national meeting per presidency semester.
pub fn suggestions(year: i32) -> Vec<EventSuggestion> {
    let mut out: Vec<EventSuggestion> = capitals()
        .iter()
        .filter(|c| c.year == year)
        .map(|c| EventSuggestion {
            kind: EventKind::GeneralAssembly,
            title: format!("General Assembly and Conference {year} — {}", c.city),
            city: c.city.clone(),
            country: c.country.clone(),
            window_from: format!("{year}-01-01"),
            window_to: format!("{year}-12-31"),
            reason: format!("European Capital of Culture {year}"),
        })
        .collect();
    out.extend(presidencies().iter().filter(|p| p.starts_on.starts_with(&year.to_string())).map(|p| EventSuggestion {
        kind: EventKind::National,
        title: format!("National meeting {} — {}", p.semester, p.country_name),
        city: capital_of(&p.country).unwrap_or_default(),
        country: p.country.clone(),
        window_from: p.starts_on.clone(),
        window_to: p.ends_on.clone(),
        reason: format!("EU Council presidency {}", p.semester),
    }));
    out
}
