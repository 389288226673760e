//! Builders shared by the unit tests: a fresh in-memory store and valid form inputs.

use crate::model::{MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole};
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
