//! One file row turned into a form input (organisation or person), through the same
//! `normalise` rules as the edit forms, or into the errors that stop it, each naming its field.

use std::collections::HashMap;

use rusqlite::Connection;

use super::fields::{ColumnMapping, TargetField};
use super::table::SourceRow;
use super::{ImportKind, RowError};
use crate::fold::fold;
use crate::model::{
    MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole,
};
use crate::{countries, organisations, people, CoreError, Result};

/// A row ready to be written.
#[derive(Debug, Clone)]
pub(crate) enum Draft {
    Organisation(OrganisationInput),
    Person(PersonInput),
}

/// The live organisations, to link people by organisation name (and country).
pub(crate) struct OrganisationIndex {
    /// fold(name) → [(country, id)]
    by_name: HashMap<String, Vec<(String, String)>>,
    /// id → name: a contact's search entry holds its organisation's name.
    names: HashMap<String, String>,
}

impl OrganisationIndex {
    pub fn load(conn: &Connection) -> Result<OrganisationIndex> {
        let mut statement = conn.prepare("SELECT id, name, country FROM organisations WHERE deleted_at IS NULL")?;
        let mut by_name: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut names = HashMap::new();
        let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, name, country) = row?;
            by_name.entry(fold(&name)).or_default().push((country, id.clone()));
            names.insert(id, name);
        }
        Ok(OrganisationIndex { by_name, names })
    }

    /// For imports that link nothing (organisations).
    pub fn empty() -> OrganisationIndex {
        OrganisationIndex { by_name: HashMap::new(), names: HashMap::new() }
    }

    /// The name of a live organisation loaded, by its id.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }
}

/// The cells of a row, by the field their column is mapped to.
struct Cells<'a> {
    values: HashMap<TargetField, Vec<&'a str>>,
}

impl<'a> Cells<'a> {
    fn new(row: &'a SourceRow, mapping: &ColumnMapping) -> Cells<'a> {
        let mut values: HashMap<TargetField, Vec<&'a str>> = HashMap::new();
        for (cell, field) in row.cells.iter().zip(&mapping.columns) {
            if let Some(field) = field {
                if !cell.is_empty() {
                    values.entry(*field).or_default().push(cell.as_str());
                }
            }
        }
        Cells { values }
    }

    fn text(&self, field: TargetField) -> String {
        self.values.get(&field).and_then(|v| v.first()).map_or_else(String::new, |s| s.to_string())
    }

    /// Every value of a field that takes a list, split on the separators people type.
    fn list(&self, field: TargetField, separators: &[char]) -> Vec<String> {
        self.values
            .get(&field)
            .into_iter()
            .flatten()
            .flat_map(|cell| cell.split(separators))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Collects the errors of one row, so a row reports every field at fault at once.
struct Problems {
    line: u32,
    errors: Vec<RowError>,
}

impl Problems {
    fn push(&mut self, field: TargetField, message: impl Into<String>) {
        self.errors.push(RowError { line: self.line, field, message: message.into() });
    }

    fn push_core(&mut self, kind: ImportKind, error: CoreError) -> std::result::Result<(), CoreError> {
        match error {
            CoreError::Validation { field, message } => {
                let target = TargetField::from_form_field(kind, &field).unwrap_or(TargetField::Notes);
                self.push(target, message);
                Ok(())
            }
            other => Err(other),
        }
    }
}

/// Converts one row; `Ok(Err(errors))` for a row that breaks rules, `Err` only when the store fails.
pub(crate) fn convert(
    kind: ImportKind,
    row: &SourceRow,
    mapping: &ColumnMapping,
    organisations: &OrganisationIndex,
) -> Result<std::result::Result<Draft, Vec<RowError>>> {
    let cells = Cells::new(row, mapping);
    let mut problems = Problems { line: row.line, errors: Vec::new() };
    let draft = convert_cells(kind, &cells, &mut problems, organisations)?;
    // A row's errors in the order of the file's columns, as the user reads the row.
    let column = |field: &TargetField| mapping.columns.iter().position(|c| c.as_ref() == Some(field));
    problems.errors.sort_by_key(|e| column(&e.field));
    Ok(draft.ok_or(problems.errors))
}

fn convert_cells(
    kind: ImportKind,
    cells: &Cells,
    problems: &mut Problems,
    organisations: &OrganisationIndex,
) -> Result<Option<Draft>> {
    Ok(match kind {
        ImportKind::Organisations => {
            let input = organisation(cells, problems);
            normalise_all(input, kind, problems, organisations::normalise, clear_organisation)?.map(Draft::Organisation)
        }
        ImportKind::People => {
            let input = person(cells, problems, organisations);
            normalise_all(input, kind, problems, |p| people::normalise_with(p, |id| organisations.name_of(id).is_some()), clear_person)?.map(Draft::Person)
        }
    })
}

/// Every form rule a row breaks, not only the first: the form rules stop at the first fault,
/// so the faulty field is set to a value that passes and the rules run again. A field already
/// reported (by the reading of the cell) is not reported twice.
fn normalise_all<T>(
    mut input: T,
    kind: ImportKind,
    problems: &mut Problems,
    normalise: impl Fn(&T) -> Result<T>,
    clear: fn(&mut T, &str),
) -> Result<Option<T>> {
    let mut cleared: Vec<String> = Vec::new();
    loop {
        match normalise(&input) {
            Ok(clean) => return Ok(problems.errors.is_empty().then_some(clean)),
            Err(CoreError::Validation { field, message }) => {
                if cleared.contains(&field) {
                    // Clearing did not satisfy the rule: report what we have.
                    if problems.errors.is_empty() {
                        problems.push_core(kind, CoreError::Validation { field, message })?;
                    }
                    return Ok(None);
                }
                let target = TargetField::from_form_field(kind, &field).unwrap_or(TargetField::Notes);
                if !problems.errors.iter().any(|e| e.field == target) {
                    problems.push(target, message);
                }
                clear(&mut input, &field);
                cleared.push(field);
            }
            Err(other) => return Err(other),
        }
    }
}

fn clear_organisation(input: &mut OrganisationInput, field: &str) {
    match field {
        "name" => input.name = "?".into(),
        // Any known code: the country was reported already; other rules still get checked.
        "country" => input.country = "FR".into(),
        "population" => input.population = None,
        "population_year" => input.population_year = None,
        "email" => input.email.clear(),
        "website" => input.website.clear(),
        "languages" => input.languages.clear(),
        "joined_on" => input.joined_on = None,
        "left_on" => input.left_on = None,
        "subdivision" => input.subdivision.clear(),
        "population_source" => input.population_source.clear(),
        "address" => input.address.clear(),
        "notes" => input.notes.clear(),
        _ => {}
    }
}

fn clear_person(input: &mut PersonInput, field: &str) {
    match field {
        "first_name" => input.first_name.clear(),
        "last_name" => input.last_name = "?".into(),
        "function" => input.function.clear(),
        "organisation_id" => input.organisation_id = None,
        "emails" => input.emails.clear(),
        "phones" => input.phones.clear(),
        "languages" => input.languages.clear(),
        "notes" => input.notes.clear(),
        _ => {}
    }
}

fn organisation(cells: &Cells, problems: &mut Problems) -> OrganisationInput {
    use TargetField as F;
    let country_text = cells.text(F::Country);
    let country = country_code(&country_text).unwrap_or_else(|| {
        let shown = if country_text.is_empty() { "no country".to_string() } else { format!("\"{country_text}\"") };
        problems.push(F::Country, format!("{shown} is not a known country (expected an ISO code such as FR or an English name such as France)"));
        String::new()
    });
    OrganisationInput {
        name: cells.text(F::Name),
        kind: choice(&cells.text(F::Kind), KINDS, OrganisationKind::Other, F::Kind, problems),
        country,
        subdivision: cells.text(F::Subdivision),
        population: whole_number(&cells.text(F::Population), F::Population, problems),
        population_year: whole_number(&cells.text(F::PopulationYear), F::PopulationYear, problems)
            .and_then(|y| i32::try_from(y).ok()),
        population_source: cells.text(F::PopulationSource),
        address: cells.text(F::Address),
        website: cells.text(F::Website),
        email: cells.text(F::Email),
        languages: cells.list(F::Languages, &[',', ';', '/', ' ']),
        notes: cells.text(F::Notes),
        category: choice(&cells.text(F::Category), CATEGORIES, MembershipCategory::None, F::Category, problems),
        status: choice(&cells.text(F::Status), STATUSES, MembershipStatus::Active, F::Status, problems),
        joined_on: date(&cells.text(F::JoinedOn)),
        left_on: date(&cells.text(F::LeftOn)),
    }
}

fn person(cells: &Cells, problems: &mut Problems, index: &OrganisationIndex) -> PersonInput {
    use TargetField as F;
    let organisation_name = cells.text(F::OrganisationName);
    let country_text = cells.text(F::OrganisationCountry);
    let mut organisation_id = None;
    if !organisation_name.is_empty() {
        let country = if country_text.is_empty() {
            None
        } else {
            let code = country_code(&country_text);
            if code.is_none() {
                problems.push(F::OrganisationCountry, format!("\"{country_text}\" is not a known country (expected an ISO code such as FR or an English name such as France)"));
            }
            code
        };
        let found: Vec<&(String, String)> = index
            .by_name
            .get(&fold(&organisation_name))
            .into_iter()
            .flatten()
            .filter(|(c, _)| country.as_ref().is_none_or(|wanted| wanted == c))
            .collect();
        match found.as_slice() {
            [(_, id)] => organisation_id = Some(id.clone()),
            [] if problems.errors.is_empty() => problems.push(
                F::OrganisationName,
                format!("no organisation \"{organisation_name}\"{} in the store: import or create it first", country.map(|c| format!(" ({c})")).unwrap_or_default()),
            ),
            [] => {}
            _ => problems.push(F::OrganisationName, format!("several organisations are called \"{organisation_name}\": add a country column to choose")),
        }
    }
    PersonInput {
        first_name: cells.text(F::FirstName),
        last_name: cells.text(F::LastName),
        function: cells.text(F::Function),
        role: choice(&cells.text(F::Role), ROLES, PersonRole::Other, F::Role, problems),
        organisation_id,
        emails: cells.list(F::Email, &[';', ',', ' ']),
        phones: cells.list(F::Phone, &[';', '/']),
        languages: cells.list(F::Languages, &[',', ';', '/', ' ']),
        notes: cells.text(F::Notes),
    }
}

/// An ISO code or an English country name, as the upper-case code.
pub(crate) fn country_code(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() == 2 {
        let code = text.to_uppercase();
        return countries::by_code(&code).map(|c| c.code.clone());
    }
    let wanted = fold(text);
    countries::all().iter().find(|c| fold(&c.name) == wanted).map(|c| c.code.clone())
}

/// A whole number as people type it: "12 345", "12.345" or "12,345" all read 12345.
fn whole_number(text: &str, field: TargetField, problems: &mut Problems) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let digits: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '.' | ',' | '\u{202f}')).collect();
    // Separators are accepted only between groups of three digits, so "1.5" is not 15.
    let grouped = text.split(|c: char| c.is_whitespace() || matches!(c, '\'' | '.' | ',' | '\u{202f}')).skip(1).all(|g| g.len() == 3);
    match digits.parse::<i64>() {
        Ok(n) if grouped => Some(n),
        _ => {
            problems.push(field, format!("\"{text}\" is not a whole number"));
            None
        }
    }
}

/// A date as YYYY-MM-DD, also read from the DD/MM/YYYY that French and German files use;
/// anything else is passed on for the form rules to refuse with their message.
fn date(text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    if let [d, m, y] = parts.as_slice() {
        if y.len() == 4 && d.len() <= 2 && m.len() <= 2 {
            return Some(format!("{y}-{m:0>2}-{d:0>2}"));
        }
    }
    Some(text.to_string())
}

type Choices<T> = &'static [(&'static [&'static str], T)];

const KINDS: Choices<OrganisationKind> = &[
    (&["city", "ville", "town", "municipality", "commune", "stadt"], OrganisationKind::City),
    (&["municipalitygroup", "intercommunalite", "agglomeration", "metropole", "metropolis"], OrganisationKind::MunicipalityGroup),
    (&["county", "comte"], OrganisationKind::County),
    (&["province", "departement", "department"], OrganisationKind::Province),
    (&["region"], OrganisationKind::Region),
    (&["nationalassociation", "associationnationale", "associationnationaledelus"], OrganisationKind::NationalAssociation),
    (&["culturalorganisation", "culturalorganization", "organisationculturelle", "structureculturelle"], OrganisationKind::CulturalOrganisation),
    (&["partnernetwork", "network", "reseau", "reseaupartenaire"], OrganisationKind::PartnerNetwork),
    (&["funder", "financeur", "bailleur"], OrganisationKind::Funder),
    (&["other", "autre"], OrganisationKind::Other),
];

const CATEGORIES: Choices<MembershipCategory> = &[
    (&["full", "fullmember", "member", "membre", "membretitulaire", "membreactif", "titulaire"], MembershipCategory::Full),
    (&["associate", "associatemember", "associe", "membreassocie"], MembershipCategory::Associate),
    (&["none", "aucune", "aucun", "nonmembre", "nonmember"], MembershipCategory::None),
];

const STATUSES: Choices<MembershipStatus> = &[
    (&["applicant", "candidat", "candidate", "candidature"], MembershipStatus::Applicant),
    (&["active", "actif", "active", "adherent"], MembershipStatus::Active),
    (&["lapsed", "echu", "expire", "radie"], MembershipStatus::Lapsed),
    (&["suspended", "suspendu"], MembershipStatus::Suspended),
    (&["resigned", "demissionnaire", "retire"], MembershipStatus::Resigned),
];

const ROLES: Choices<PersonRole> = &[
    (&["elected", "elu", "elue"], PersonRole::Elected),
    (&["officer", "agent", "staff", "fonctionnaire", "technicien"], PersonRole::Officer),
    (&["other", "autre"], PersonRole::Other),
];

/// One of a closed list, matched on its folded letters in English or French; blank → `default`.
fn choice<T: Copy + serde::Serialize>(text: &str, choices: Choices<T>, default: T, field: TargetField, problems: &mut Problems) -> T {
    if text.is_empty() {
        return default;
    }
    let key = super::fields::header_key(text);
    match choices.iter().find(|(names, _)| names.contains(&key.as_str())) {
        Some((_, value)) => *value,
        None => {
            let expected: Vec<String> = choices
                .iter()
                .filter_map(|(_, v)| serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)))
                .collect();
            problems.push(field, format!("\"{text}\" is not a {} (expected one of: {})", field.label().to_lowercase(), expected.join(", ")));
            default
        }
    }
}
