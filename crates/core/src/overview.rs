//! The overview of the membership: members by country and by category, dues expected against
//! collected per year, and every member placed on the map of Europe.
//!
//! A member is an organisation with a membership category (full or associate) whose status is
//! active, lapsed or suspended (applicants and resigned members are not counted).
//!
//! Places come from the reference cities (`assets/reference/european_cities.csv`, GeoNames):
//! the member's name, its subdivision or an address line matched to a city of its country
//! (accents and case folded, words such as "County" or "City of" dropped; the most populous
//! city of that name wins). A member that matches no city (most regions) is placed at its
//! country's centre, here the population-weighted mean of the country's reference cities, so
//! the mark falls where people live rather than in a lake or at sea; `placed` says which.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::fold;
use crate::store::Store;
use crate::Result;

const CITIES_CSV: &str = include_str!("../../../assets/reference/european_cities.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub name: String,
    pub full: u32,
    pub associate: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CategoryCount {
    /// "full" or "associate".
    pub category: String,
    pub active: u32,
    pub lapsed: u32,
    pub suspended: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct YearDues {
    pub year: i32,
    /// The sum of the year's invoices.
    pub expected_cents: i64,
    /// What has been paid on them (whenever it was paid).
    pub collected_cents: i64,
}

/// How a member's place on the map was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Placed {
    /// At a reference city matched by name.
    City,
    /// At its country's centre: no city matched.
    Country,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MapMember {
    pub id: String,
    pub name: String,
    pub country: String,
    pub category: String,
    pub status: String,
    pub latitude: f64,
    pub longitude: f64,
    pub placed: Placed,
    /// The city it was placed at, when placed at a city.
    pub city: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Overview {
    pub members: u32,
    pub by_country: Vec<CountryCount>,
    pub by_category: Vec<CategoryCount>,
    pub dues_by_year: Vec<YearDues>,
    pub map: Vec<MapMember>,
    /// Members with no place at all (a country with no reference city).
    pub unplaced: Vec<String>,
}

struct City {
    name: String,
    population: i64,
    latitude: f64,
    longitude: f64,
}

struct Places {
    /// (country, folded name) → the most populous city of that name.
    cities: HashMap<(String, String), City>,
    /// country → population-weighted mean position of its cities.
    centres: HashMap<String, (f64, f64)>,
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut cities: HashMap<(String, String), City> = HashMap::new();
        let mut sums: HashMap<String, (f64, f64, f64)> = HashMap::new();
        let mut reader = csv::Reader::from_reader(CITIES_CSV.as_bytes());
        for record in reader.records().flatten() {
            let (Some(name), Some(country), Some(population), Some(lat), Some(lon)) =
                (record.get(0), record.get(1), record.get(2), record.get(3), record.get(4))
            else {
                continue;
            };
            let (Ok(population), Ok(latitude), Ok(longitude)) = (population.parse::<i64>(), lat.parse::<f64>(), lon.parse::<f64>())
            else {
                continue;
            };
            let sum = sums.entry(country.to_string()).or_default();
            let weight = population.max(1) as f64;
            *sum = (sum.0 + latitude * weight, sum.1 + longitude * weight, sum.2 + weight);
            let key = (country.to_string(), fold(name));
            let better = cities.get(&key).is_none_or(|known| known.population < population);
            if better {
                cities.insert(key, City { name: name.to_string(), population, latitude, longitude });
            }
        }
        let centres = sums.into_iter().map(|(country, (lat, lon, weight))| (country, (lat / weight, lon / weight))).collect();
        Places { cities, centres }
    })
}

/// Words around a place name that are not part of it ("Constanța County", "City of Porto").
const NOISE: &[&str] = &[
    "city of", "municipality of", "town of", "county of", "region of", "province of", "ville de", "ville d", "commune de",
    "comune di", "citta di", "stadt", "gemeente", "ayuntamiento de", "concello de", "camara municipal de", "municipio de",
    "county", "region", "province", "municipality", "city council", "city", "metropole", "departement",
];

fn candidates(name: &str, subdivision: &str, address: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |text: &str| {
        let folded = fold(text);
        let folded = folded.trim();
        if folded.is_empty() {
            return;
        }
        out.push(folded.to_string());
        let mut stripped = folded.to_string();
        for noise in NOISE {
            if let Some(rest) = stripped.strip_prefix(&format!("{noise} ")) {
                stripped = rest.to_string();
            }
            if let Some(rest) = stripped.strip_suffix(&format!(" {noise}")) {
                stripped = rest.to_string();
            }
        }
        if stripped != folded && !stripped.is_empty() {
            out.push(stripped);
        }
    };
    push(name);
    push(subdivision);
    for line in address.lines() {
        // "900725 Constanța", "75001 Paris": the postcode is not part of the town's name.
        let town: String = line.chars().filter(|c| !c.is_ascii_digit()).collect();
        push(town.trim_matches(|c: char| c == '-' || c == ',' || c.is_whitespace()));
    }
    out
}

/// Where a member goes on the map.
fn place(country: &str, name: &str, subdivision: &str, address: &str) -> Option<(f64, f64, Placed, Option<String>)> {
    let places = places();
    for candidate in candidates(name, subdivision, address) {
        if let Some(city) = places.cities.get(&(country.to_string(), candidate)) {
            return Some((city.latitude, city.longitude, Placed::City, Some(city.name.clone())));
        }
    }
    places.centres.get(country).map(|(lat, lon)| (*lat, *lon, Placed::Country, None))
}

impl Store {
    pub fn overview(&self) -> Result<Overview> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, country, category, status, subdivision, address FROM organisations
             WHERE deleted_at IS NULL AND category IN ('full', 'associate')
               AND status IN ('active', 'lapsed', 'suspended')
             ORDER BY sort_key",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut by_country: BTreeMap<String, CountryCount> = BTreeMap::new();
        let mut by_category: BTreeMap<String, CategoryCount> = BTreeMap::new();
        let mut map = Vec::new();
        let mut unplaced = Vec::new();
        let mut members = 0;
        for row in rows {
            let (id, name, country, category, status, subdivision, address) = row?;
            members += 1;
            let count = by_country.entry(country.clone()).or_insert_with(|| CountryCount {
                country: country.clone(),
                name: crate::countries::by_code(&country).map(|c| c.name.clone()).unwrap_or_else(|| country.clone()),
                full: 0,
                associate: 0,
            });
            if category == "full" {
                count.full += 1;
            } else {
                count.associate += 1;
            }
            let counts = by_category
                .entry(category.clone())
                .or_insert_with(|| CategoryCount { category: category.clone(), active: 0, lapsed: 0, suspended: 0 });
            match status.as_str() {
                "active" => counts.active += 1,
                "lapsed" => counts.lapsed += 1,
                _ => counts.suspended += 1,
            }
            match place(&country, &name, &subdivision, &address) {
                Some((latitude, longitude, placed, city)) => {
                    map.push(MapMember { id, name, country, category, status, latitude, longitude, placed, city })
                }
                None => unplaced.push(name),
            }
        }
        let mut by_country: Vec<CountryCount> = by_country.into_values().collect();
        by_country.sort_by(|a, b| (b.full + b.associate).cmp(&(a.full + a.associate)).then_with(|| a.name.cmp(&b.name)));
        Ok(Overview {
            members,
            by_country,
            by_category: by_category.into_values().collect(),
            dues_by_year: self.dues_by_year()?,
            map,
            unplaced,
        })
    }

    fn dues_by_year(&self) -> Result<Vec<YearDues>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.year, SUM(i.amount_cents),
                    COALESCE(SUM((SELECT SUM(p.amount_cents) FROM payments p
                                  WHERE p.invoice_id = i.id AND p.deleted_at IS NULL)), 0)
             FROM invoices i WHERE i.deleted_at IS NULL
             GROUP BY i.year ORDER BY i.year",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(YearDues { year: row.get(0)?, expected_cents: row.get(1)?, collected_cents: row.get(2)? })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dues::PaymentInput;
    use crate::model::{MembershipCategory, MembershipStatus, OrganisationKind};
    use crate::test_support::{organisation, store};

    #[test]
    fn cities_are_matched_by_name_subdivision_or_address_and_regions_go_to_their_country() {
        let (lat, lon, placed, city) = place("PT", "Porto", "", "").expect("placed");
        assert_eq!((placed, city.as_deref()), (Placed::City, Some("Porto")));
        assert!((lat - 41.15).abs() < 0.1 && (lon + 8.61).abs() < 0.1, "{lat},{lon}");

        // Comma below (ț) in the member's name, cedilla (ţ) in GeoNames: folded alike.
        let (_, _, placed, city) = place("RO", "Constanța County", "", "").expect("placed");
        assert_eq!((placed, city.as_deref()), (Placed::City, Some("Constanţa")));

        let (_, _, placed, city) = place("FR", "Maison des cultures du monde européen", "Lyon", "").expect("placed");
        assert_eq!((placed, city.as_deref()), (Placed::City, Some("Lyon")));

        let (_, _, placed, city) = place("PL", "Urząd Miasta", "", "ul. Piotrkowska 104\n90-926 Łódź").expect("placed");
        assert_eq!((placed, city.as_deref()), (Placed::City, Some("Łódź")));

        // Västerbotten is a region with no city of that name: Sweden's centre of population.
        let (lat, lon, placed, city) = place("SE", "Västerbotten", "", "").expect("placed");
        assert_eq!((placed, city), (Placed::Country, None));
        assert!((55.0..65.0).contains(&lat) && (11.0..24.0).contains(&lon), "{lat},{lon}");

        assert!(place("XX", "Nowhere", "", "").is_none());
    }

    #[test]
    fn counts_members_only_and_sums_dues_per_year() {
        let mut store = store();
        let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
        store.create_organisation(&organisation("Braga", "PT")).expect("braga");
        let mut associate = organisation("Kulturhaus Europa", "DE");
        associate.kind = OrganisationKind::CulturalOrganisation;
        associate.category = MembershipCategory::Associate;
        associate.subdivision = "Leipzig".into();
        associate.population = None;
        store.create_organisation(&associate).expect("associate");
        let mut applicant = organisation("Graz", "AT");
        applicant.status = MembershipStatus::Applicant;
        store.create_organisation(&applicant).expect("applicant");
        let mut partner = organisation("A funder", "BE");
        partner.category = MembershipCategory::None;
        store.create_organisation(&partner).expect("partner");

        let issued = store.issue_dues_run(2027, "2027-01-15").expect("run").issued;
        let porto_invoice = issued.iter().find(|i| i.organisation_id == porto.id).expect("porto invoiced");
        store
            .record_payment(&PaymentInput {
                invoice_id: porto_invoice.id.clone(),
                paid_on: "2027-02-01".into(),
                amount_cents: 10_000,
                method: "transfer".into(),
                reference: String::new(),
            })
            .expect("payment");

        let overview = store.overview().expect("overview");
        assert_eq!(overview.members, 3);
        assert_eq!(overview.by_country[0], CountryCount { country: "PT".into(), name: "Portugal".into(), full: 2, associate: 0 });
        assert_eq!(overview.by_country[1].associate, 1);
        assert_eq!(overview.by_category.iter().map(|c| (c.category.as_str(), c.active)).collect::<Vec<_>>(), [("associate", 1), ("full", 2)]);
        let expected: i64 = issued.iter().map(|i| i.amount_cents).sum();
        assert_eq!(overview.dues_by_year, [YearDues { year: 2027, expected_cents: expected, collected_cents: 10_000 }]);
        assert_eq!(overview.map.len(), 3);
        assert!(overview.map.iter().all(|m| m.placed == Placed::City), "{:?}", overview.map);
        assert!(overview.unplaced.is_empty());
    }
}
