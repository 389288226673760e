//! Demo data for a first start and for tests: 112 member authorities from 25 countries with
//! their real names and populations (GeoNames, in `assets/reference`), a few associate
//! cultural organisations and 3–6 contacts each. Deterministic: the same seed gives the same
//! store, names and all, so tests can rely on it. Contact names and e-mails are invented
//! (e-mail domains end in `.example`, which no one can receive).

use crate::model::{
    MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole,
};
use crate::store::Store;
use crate::{fold::fold, organisations, people, Result};

const CITIES_CSV: &str = include_str!("../../../assets/reference/european_cities.csv");

/// The seed of the demo the app offers on first start.
pub const DEMO_SEED: u64 = 1994;

/// Countries with how many member authorities each has, the dialling code and the
/// names contacts are drawn from.
struct CountryPlan {
    code: &'static str,
    members: usize,
    dial: &'static str,
    language: &'static str,
    first: &'static [&'static str],
    last: &'static [&'static str],
}

const PLAN: &[CountryPlan] = &[
    CountryPlan { code: "FR", members: 13, dial: "+33", language: "fr", first: &["Claire", "Julien", "Sophie", "Thomas", "Camille", "Nicolas"], last: &["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard"] },
    CountryPlan { code: "ES", members: 8, dial: "+34", language: "es", first: &["Lucía", "Javier", "Carmen", "Pablo", "Elena", "Sergio"], last: &["García", "Martínez", "López", "Sánchez", "Fernández", "Muñoz"] },
    CountryPlan { code: "PT", members: 4, dial: "+351", language: "pt", first: &["Inês", "João", "Mariana", "Tiago", "Beatriz", "Rui"], last: &["Silva", "Santos", "Ferreira", "Pereira", "Gonçalves", "Sousa"] },
    CountryPlan { code: "IT", members: 9, dial: "+39", language: "it", first: &["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro"], last: &["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"] },
    CountryPlan { code: "DE", members: 6, dial: "+49", language: "de", first: &["Anna", "Jonas", "Katharina", "Lukas", "Julia", "Stefan"], last: &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker"] },
    CountryPlan { code: "BE", members: 5, dial: "+32", language: "fr", first: &["Marie", "Pieter", "Lotte", "Olivier", "Elise", "Wouter"], last: &["Peeters", "Janssens", "Maes", "Dupont", "Lambert", "Willems"] },
    CountryPlan { code: "NL", members: 3, dial: "+31", language: "nl", first: &["Sanne", "Daan", "Fleur", "Bram", "Eva", "Joost"], last: &["de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser"] },
    CountryPlan { code: "LU", members: 2, dial: "+352", language: "fr", first: &["Laura", "Marc", "Nathalie", "Paul", "Anne", "Gilles"], last: &["Schmit", "Muller", "Weber", "Hoffmann", "Wagner", "Thill"] },
    CountryPlan { code: "IE", members: 3, dial: "+353", language: "en", first: &["Aoife", "Seán", "Niamh", "Cian", "Siobhán", "Eoin"], last: &["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan"] },
    CountryPlan { code: "SE", members: 4, dial: "+46", language: "sv", first: &["Elin", "Erik", "Maja", "Oskar", "Ingrid", "Anders"], last: &["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindqvist"] },
    CountryPlan { code: "FI", members: 4, dial: "+358", language: "fi", first: &["Aino", "Mikko", "Sanna", "Juha", "Laura", "Antti"], last: &["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine"] },
    CountryPlan { code: "DK", members: 3, dial: "+45", language: "da", first: &["Freja", "Mads", "Ida", "Rasmus", "Sofie", "Henrik"], last: &["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Sørensen"] },
    CountryPlan { code: "PL", members: 5, dial: "+48", language: "pl", first: &["Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Małgorzata", "Paweł"], last: &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska", "Łukasik"] },
    CountryPlan { code: "CZ", members: 4, dial: "+420", language: "cs", first: &["Tereza", "Jan", "Lucie", "Petr", "Veronika", "Tomáš"], last: &["Novák", "Svobodová", "Dvořák", "Černý", "Procházková", "Kučera"] },
    CountryPlan { code: "SK", members: 3, dial: "+421", language: "sk", first: &["Zuzana", "Martin", "Jana", "Peter", "Katarína", "Michal"], last: &["Horváth", "Kováčová", "Varga", "Tóth", "Nagyová", "Baláž"] },
    CountryPlan { code: "HU", members: 4, dial: "+36", language: "hu", first: &["Eszter", "Bence", "Réka", "Gábor", "Anna", "Zoltán"], last: &["Nagy", "Kovács", "Szabó", "Horváth", "Kiss", "Molnár"] },
    CountryPlan { code: "AT", members: 4, dial: "+43", language: "de", first: &["Lena", "Florian", "Theresa", "Matthias", "Hannah", "Georg"], last: &["Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner"] },
    CountryPlan { code: "SI", members: 3, dial: "+386", language: "sl", first: &["Nina", "Luka", "Maja", "Matej", "Eva", "Jure"], last: &["Novak", "Horvat", "Krajnc", "Zupančič", "Kovačič", "Potočnik"] },
    CountryPlan { code: "HR", members: 4, dial: "+385", language: "hr", first: &["Ana", "Ivan", "Petra", "Marko", "Lucija", "Tomislav"], last: &["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak"] },
    CountryPlan { code: "RO", members: 5, dial: "+40", language: "ro", first: &["Ioana", "Andrei", "Elena", "Mihai", "Ana", "Radu"], last: &["Popescu", "Ionescu", "Constantin", "Stan", "Dumitrescu", "Țurcanu"] },
    CountryPlan { code: "BG", members: 4, dial: "+359", language: "bg", first: &["Maria", "Georgi", "Elena", "Ivan", "Desislava", "Nikolay"], last: &["Ivanova", "Georgiev", "Dimitrova", "Petrov", "Nikolova", "Stoyanov"] },
    CountryPlan { code: "GR", members: 4, dial: "+30", language: "el", first: &["Eleni", "Giorgos", "Katerina", "Nikos", "Sofia", "Dimitris"], last: &["Papadopoulou", "Papadopoulos", "Georgiou", "Nikolaou", "Vlachou", "Karagiannis"] },
    CountryPlan { code: "CY", members: 2, dial: "+357", language: "el", first: &["Andri", "Christos", "Maria", "Andreas", "Eleni", "Marios"], last: &["Georgiou", "Charalambous", "Ioannou", "Constantinou", "Christodoulou", "Savva"] },
    CountryPlan { code: "NO", members: 3, dial: "+47", language: "no", first: &["Ingrid", "Ola", "Kari", "Magnus", "Silje", "Lars"], last: &["Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen"] },
    CountryPlan { code: "CH", members: 3, dial: "+41", language: "de", first: &["Léa", "Luca", "Nora", "Simon", "Chiara", "Reto"], last: &["Meier", "Keller", "Rochat", "Brunner", "Bernasconi", "Favre"] },
];

/// A member authority of the demo, with its population figure and where it comes from.
struct Authority {
    name: String,
    country: &'static str,
    kind: OrganisationKind,
    population: i64,
    year: Option<i32>,
    source: &'static str,
}

/// Authorities named in the association's own presentation; always in the demo.
/// Region figures are the national statistics offices' census counts.
fn named_authorities() -> Vec<Authority> {
    let authority = |name: &str, country, kind, population, year, source| Authority {
        name: name.to_string(),
        country,
        kind,
        population,
        year,
        source,
    };
    vec![
        authority("Porto", "PT", OrganisationKind::City, 252_687, None, "GeoNames"),
        authority("Rovaniemi", "FI", OrganisationKind::City, 65_670, None, "GeoNames"),
        authority("Västerbotten", "SE", OrganisationKind::Region, 274_153, Some(2022), "Statistics Sweden"),
        authority("Constanța County", "RO", OrganisationKind::County, 655_997, Some(2021), "Romanian census 2021"),
    ]
}

const ASSOCIATES: &[(&str, &str, &str)] = &[
    ("Maison des cultures du monde européen", "FR", "Lyon"),
    ("Atelier européen de la lecture publique", "FR", "Nantes"),
    ("Festival Internacional de Teatro de Rua", "PT", "Braga"),
    ("Kulturhaus Europa", "DE", "Leipzig"),
    ("Associazione Fotografia e Territorio", "IT", "Bologna"),
    ("Centrum Tańca Współczesnego", "PL", "Lublin"),
];

const CITY_FUNCTIONS: &[(&str, PersonRole)] = &[
    ("Deputy mayor in charge of culture", PersonRole::Elected),
    ("Director of cultural affairs", PersonRole::Officer),
    ("Head of European and international relations", PersonRole::Officer),
    ("Mayor", PersonRole::Elected),
    ("Cultural policy officer", PersonRole::Officer),
    ("Councillor for heritage and museums", PersonRole::Elected),
];

const REGION_FUNCTIONS: &[(&str, PersonRole)] = &[
    ("Vice-president in charge of culture", PersonRole::Elected),
    ("Director of culture and heritage", PersonRole::Officer),
    ("European projects officer", PersonRole::Officer),
    ("President of the regional council", PersonRole::Elected),
    ("Councillor for cultural cooperation", PersonRole::Elected),
    ("Head of the arts department", PersonRole::Officer),
];

const ASSOCIATE_FUNCTIONS: &[(&str, PersonRole)] = &[
    ("Director", PersonRole::Officer),
    ("Programme manager", PersonRole::Officer),
    ("Chair of the board", PersonRole::Elected),
    ("Communication officer", PersonRole::Officer),
];

/// A small deterministic generator (SplitMix64): no dependency, same sequence everywhere.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How much demo data was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub organisations: u32,
    pub people: u32,
}

struct City {
    name: String,
    country: String,
    population: i64,
    latitude: f64,
    longitude: f64,
}

impl City {
    /// Rough distance in kilometres, good enough to tell a district from a neighbour town.
    fn km_to(&self, other: &City) -> f64 {
        let mean_latitude = ((self.latitude + other.latitude) / 2.0).to_radians();
        let dx = (self.longitude - other.longitude) * 111.32 * mean_latitude.cos();
        let dy = (self.latitude - other.latitude) * 110.57;
        (dx * dx + dy * dy).sqrt()
    }
}

fn cities() -> Vec<City> {
    let mut reader = csv::Reader::from_reader(CITIES_CSV.as_bytes());
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| {
            Some(City {
                name: r.get(0)?.to_string(),
                country: r.get(1)?.to_string(),
                population: r.get(2)?.parse().ok()?,
                latitude: r.get(3)?.parse().ok()?,
                longitude: r.get(4)?.parse().ok()?,
            })
        })
        .collect()
}

/// False for GeoNames entries that are districts of a city rather than towns of their own.
fn is_town(name: &str) -> bool {
    let district_words = ["kerület", "bezirk", "district", "arrondissement", "municipio", "dzielnica", "sector"];
    let folded = fold(name);
    !name.chars().any(|c| c.is_ascii_digit())
        && !district_words.iter().any(|w| folded.contains(&fold(w)))
        && !name.split_whitespace().any(|w| w.trim_end_matches('.').chars().all(|c| "IVXL".contains(c)) && w.len() > 1)
}

/// True when a much bigger place lies within a few kilometres: GeoNames lists the districts
/// of large cities (Donaustadt in Vienna, Wandsbek in Hamburg) as places of their own.
fn is_district_of_bigger_city(city: &City, same_country: &[&City]) -> bool {
    same_country.iter().any(|other| other.population > 2 * city.population && city.km_to(other) < 8.0)
}

fn slug(name: &str) -> String {
    fold(name).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// Loads the demo with the app's seed, in one transaction.
pub fn load(store: &mut Store) -> Result<Loaded> {
    load_seeded(store, DEMO_SEED)
}

pub fn load_seeded(store: &mut Store, seed: u64) -> Result<Loaded> {
    let mut rng = Seeded(seed);
    let all_cities = cities();
    let mut chosen = named_authorities();
    for plan in PLAN {
        let already = chosen.iter().filter(|a| a.country == plan.code).count();
        // Members are mostly sizeable towns: draw among the country's larger places, and
        // leave out city districts ("Budapest XVII. kerület", "Bezirk ...") that GeoNames lists.
        let same_country: Vec<&City> = all_cities.iter().filter(|c| c.country == plan.code).collect();
        let mut pool: Vec<&City> = same_country
            .iter()
            .copied()
            .filter(|c| is_town(&c.name) && !chosen.iter().any(|a| a.name == c.name))
            .filter(|c| !is_district_of_bigger_city(c, &same_country))
            .collect();
        pool.sort_by_key(|c| std::cmp::Reverse(c.population));
        pool.truncate(plan.members * 4);
        for _ in already..plan.members {
            if pool.is_empty() {
                break;
            }
            let city = pool.swap_remove(rng.below(pool.len()));
            chosen.push(Authority {
                name: city.name.clone(),
                country: plan.code,
                kind: OrganisationKind::City,
                population: city.population,
                year: None,
                source: "GeoNames",
            });
        }
    }
    store.write(|tx, author| {
        let mut loaded = Loaded { organisations: 0, people: 0 };
        for (index, authority) in chosen.iter().enumerate() {
            let Authority { name, country, kind, population, year, source } = authority;
            let Some(plan) = PLAN.iter().find(|p| p.code == *country) else { continue };
            let status = match index % 37 {
                5 | 23 => MembershipStatus::Lapsed,
                11 => MembershipStatus::Applicant,
                31 => MembershipStatus::Suspended,
                _ => MembershipStatus::Active,
            };
            let joined = 1994 + rng.below(31) as i32;
            let input = OrganisationInput {
                name: name.clone(),
                kind: *kind,
                country: (*country).to_string(),
                subdivision: String::new(),
                population: Some(*population),
                population_year: *year,
                population_source: (*source).to_string(),
                address: String::new(),
                website: format!("https://www.{}.example", slug(name)),
                email: format!("culture@{}.example", slug(name)),
                languages: if plan.language == "en" { vec!["en".into()] } else { vec![plan.language.into(), "en".into()] },
                notes: String::new(),
                category: MembershipCategory::Full,
                status,
                joined_on: (status != MembershipStatus::Applicant).then(|| format!("{joined}-01-15")),
                left_on: None,
            };
            let org = organisations::create_in(tx, author, &input)?;
            loaded.organisations += 1;
            let functions = if *kind == OrganisationKind::City { CITY_FUNCTIONS } else { REGION_FUNCTIONS };
            let count = 3 + rng.below(4);
            loaded.people += add_contacts(tx, author, &mut rng, plan, &org, name, functions, count)?;
        }
        for (name, country, city) in ASSOCIATES {
            let Some(plan) = PLAN.iter().find(|p| p.code == *country) else { continue };
            let input = OrganisationInput {
                name: (*name).to_string(),
                kind: OrganisationKind::CulturalOrganisation,
                country: (*country).to_string(),
                subdivision: (*city).to_string(),
                population: None,
                population_year: None,
                population_source: String::new(),
                address: String::new(),
                website: format!("https://{}.example", slug(name)),
                email: String::new(),
                languages: vec![plan.language.into(), "en".into()],
                notes: String::new(),
                category: MembershipCategory::Associate,
                status: MembershipStatus::Active,
                joined_on: Some(format!("{}-03-01", 2005 + rng.below(20))),
                left_on: None,
            };
            let org = organisations::create_in(tx, author, &input)?;
            loaded.organisations += 1;
            loaded.people += add_contacts(tx, author, &mut rng, plan, &org, name, ASSOCIATE_FUNCTIONS, 3)?;
        }
        Ok(loaded)
    })
}

#[allow(clippy::too_many_arguments)]
fn add_contacts(
    tx: &rusqlite::Transaction,
    author: &crate::store::Author,
    rng: &mut Seeded,
    plan: &CountryPlan,
    organisation_id: &str,
    organisation_name: &str,
    functions: &[(&str, PersonRole)],
    count: usize,
) -> Result<u32> {
    let domain = format!("{}.example", slug(organisation_name));
    for (function, role) in functions.iter().take(count) {
        let first = *rng.pick(plan.first);
        let last = *rng.pick(plan.last);
        let email = format!("{}.{}@{domain}", slug(first), slug(last));
        let phone = format!("{} {:03} {:03} {:03}", plan.dial, rng.below(1000), rng.below(1000), rng.below(1000));
        let input = PersonInput {
            first_name: first.to_string(),
            last_name: last.to_string(),
            function: (*function).to_string(),
            role: *role,
            organisation_id: Some(organisation_id.to_string()),
            emails: vec![email],
            phones: vec![phone],
            languages: vec![plan.language.to_string()],
            notes: String::new(),
        };
        people::create_in(tx, author, &input)?;
    }
    Ok(count.min(functions.len()) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrganisationQuery, PersonQuery};

    fn snapshot(store: &Store) -> Vec<(String, String, Option<i64>)> {
        let query = OrganisationQuery { limit: 1000, ..OrganisationQuery::default() };
        store.list_organisations(&query).expect("list").rows.into_iter().map(|r| (r.name, r.country, r.population)).collect()
    }

    #[test]
    fn the_demo_has_112_member_authorities_from_25_countries_and_a_few_associates() {
        let mut store = crate::test_support::store();
        let loaded = load(&mut store).expect("demo loads");
        let full = OrganisationQuery { category: Some(MembershipCategory::Full), limit: 1000, ..Default::default() };
        let members = store.list_organisations(&full).expect("list");
        assert_eq!(members.total, 112);
        let mut countries: Vec<&str> = members.rows.iter().map(|r| r.country.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        assert_eq!(countries.len(), 25);
        assert_eq!(loaded.organisations, 112 + ASSOCIATES.len() as u32);
        let people = store.list_people(&PersonQuery::default()).expect("people").total;
        assert_eq!(people, loaded.people);
        assert!((112 * 3..=112 * 6 + 30).contains(&people), "{people} contacts");
        assert!(members.rows.iter().all(|r| (3..=6).contains(&r.contacts)));
    }

    #[test]
    fn the_demo_is_the_same_every_time_and_holds_the_authorities_of_the_presentation() {
        let mut first = crate::test_support::store();
        let mut second = crate::test_support::store();
        load(&mut first).expect("first");
        load(&mut second).expect("second");
        assert_eq!(snapshot(&first), snapshot(&second));
        let names: Vec<String> = snapshot(&first).into_iter().map(|r| r.0).collect();
        for named in ["Porto", "Rovaniemi", "Västerbotten", "Constanța County"] {
            assert!(names.iter().any(|n| n == named), "{named} missing");
        }
        let porto = snapshot(&first).into_iter().find(|r| r.0 == "Porto").expect("Porto");
        assert_eq!(porto.2, Some(252_687), "real population from the reference data");
    }
}
