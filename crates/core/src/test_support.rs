//! Builders shared by the unit tests: a fresh in-memory store and valid form inputs.

use crate::model::{MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole};
use crate::practices::PracticeInput;
use crate::Store;

pub fn store() -> Store {
    Store::open_in_memory().expect("in-memory store opens")
}

pub fn organisation(name: &str, country: &str) -> OrganisationInput {
    OrganisationInput {
        name: name.to_string(),
        kind: OrganisationKind::City,
        country: country.to_string(),
        subdivision: String::new(),
        population: Some(100_000),
        population_year: Some(2021),
        population_source: "census".into(),
        address: String::new(),
        website: String::new(),
        email: String::new(),
        languages: vec![],
        notes: String::new(),
        category: MembershipCategory::Full,
        status: MembershipStatus::Active,
        joined_on: None,
        left_on: None,
    }
}

pub fn person(first: &str, last: &str, organisation_id: Option<&str>) -> PersonInput {
    PersonInput {
        first_name: first.to_string(),
        last_name: last.to_string(),
        function: "Deputy mayor in charge of culture".into(),
        role: PersonRole::Elected,
        organisation_id: organisation_id.map(str::to_string),
        emails: vec![],
        phones: vec![],
        languages: vec![],
        notes: String::new(),
    }
}

/// A few hundred contacts in four organisations (one is Łódź) and none, whose words start
/// with s and m in every proportion, with surnames that cluster in name order (every Martin
/// sorts together) and accents: the cases the contacts search takes different routes for.
pub fn crowd() -> Store {
    let mut store = store();
    let mut organisations = Vec::new();
    for (name, country) in [("Łódź", "PL"), ("Sevilla", "ES"), ("Münster", "DE"), ("Aarhus", "DK")] {
        organisations.push(store.create_organisation(&organisation(name, country)).expect("organisation").id);
    }
    let firsts = ["Sophie", "Marta", "Søren", "Ana", "Zoltán", "Martin", "Inês", "Sara"];
    let lasts = ["Martin", "Dubois", "Smith", "Łukasik", "Østergaard", "Novak", "Schmidt", "Müller", "Martínez", "Kovács", "Ahn"];
    let functions = ["Deputy mayor in charge of culture", "Cultural policy officer", ""];
    for i in 0..240 {
        let organisation = organisations.get(i % 5).map(String::as_str);
        let mut input = person(firsts[i % firsts.len()], lasts[(i * 7) % lasts.len()], organisation);
        input.function = functions[i % functions.len()].to_string();
        if i % 4 == 0 {
            input.emails = vec![format!("contact{i}@mail.example")];
        }
        store.create_person(&input).expect("person");
    }
    store
}

/// The live contacts matching `search` by brute force, in the list's order by name (then id):
/// every typed word starts a word of the name, function, e-mails or organisation name.
pub fn expected_people(store: &Store, search: &str, descending: bool) -> Vec<String> {
    let typed = crate::fold::words(search);
    let mut statement = store
        .conn
        .prepare(
            "SELECT p.id, p.sort_key, p.first_name || ' ' || p.last_name || ' ' || p.function || ' ' || p.emails || ' ' || coalesce(o.name, '')
             FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.deleted_at IS NULL",
        )
        .expect("query");
    let mut found: Vec<(String, String)> = statement
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .expect("rows")
        .map(|row| row.expect("row"))
        .filter(|(_, _, text)| {
            let words = crate::fold::words(text);
            typed.iter().all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        })
        .map(|(id, sort_key, _)| (sort_key, id))
        .collect();
    found.sort_by(|a, b| if descending { b.0.cmp(&a.0).then(a.1.cmp(&b.1)) } else { a.cmp(b) });
    found.into_iter().map(|(_, id)| id).collect()
}

/// A best practice with a title and a country, everything else empty.
pub fn practice(title: &str, country: &str) -> PracticeInput {
    PracticeInput {
        title: title.to_string(),
        summary: String::new(),
        body: String::new(),
        place: String::new(),
        country: country.to_string(),
        organisation_id: None,
        themes: vec![],
        tags: vec![],
        period_start: None,
        period_end: None,
        links: vec![],
        event: String::new(),
    }
}
