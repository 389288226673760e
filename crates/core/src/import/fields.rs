//! The fields a file column can be mapped to, their labels, and the mapping suggested from a
//! file's header names (English and French) or remembered from the last import of that kind.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::ImportKind;
use crate::fold::fold;

/// A field of the record being imported that a file column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TargetField {
    // Organisations.
    Name,
    Kind,
    Country,
    Subdivision,
    Population,
    PopulationYear,
    PopulationSource,
    Address,
    Website,
    Category,
    Status,
    JoinedOn,
    LeftOn,
    // People.
    FirstName,
    LastName,
    Function,
    Role,
    Phone,
    /// The organisation a person is linked to, found by name (and country when given).
    OrganisationName,
    OrganisationCountry,
    // Both.
    Email,
    Languages,
    Notes,
}

impl TargetField {
    /// The fields of one kind of import, in the order a mapping screen lists them.
    pub fn for_kind(kind: ImportKind) -> &'static [TargetField] {
        use TargetField::*;
        match kind {
            ImportKind::Organisations => &[
                Name, Kind, Country, Subdivision, Population, PopulationYear, PopulationSource, Address, Website,
                Email, Languages, Notes, Category, Status, JoinedOn, LeftOn,
            ],
            ImportKind::People => {
                &[FirstName, LastName, Function, Role, Email, Phone, Languages, Notes, OrganisationName, OrganisationCountry]
            }
        }
    }

    /// The English label used in messages and as the export's header.
    pub fn label(self) -> &'static str {
        use TargetField::*;
        match self {
            Name => "Name",
            Kind => "Kind",
            Country => "Country",
            Subdivision => "Subdivision",
            Population => "Population",
            PopulationYear => "Population year",
            PopulationSource => "Population source",
            Address => "Address",
            Website => "Website",
            Category => "Category",
            Status => "Status",
            JoinedOn => "Joined on",
            LeftOn => "Left on",
            FirstName => "First name",
            LastName => "Last name",
            Function => "Function",
            Role => "Role",
            Phone => "Phones",
            OrganisationName => "Organisation",
            OrganisationCountry => "Country",
            Email => "E-mail",
            Languages => "Languages",
            Notes => "Notes",
        }
    }

    /// Whether several columns may feed this field (a person's e-mails and phones).
    pub fn takes_many(self, kind: ImportKind) -> bool {
        kind == ImportKind::People && matches!(self, TargetField::Email | TargetField::Phone)
    }

    /// The field named by a validation error of the core forms (`emails` → e-mail).
    pub(crate) fn from_form_field(kind: ImportKind, field: &str) -> Option<TargetField> {
        match (kind, field) {
            (ImportKind::People, "emails") => Some(TargetField::Email),
            (ImportKind::People, "phones") => Some(TargetField::Phone),
            (ImportKind::People, "organisation_id") => Some(TargetField::OrganisationName),
            _ => serde_json::from_value(serde_json::Value::String(field.to_string())).ok(),
        }
    }
}

/// Which field each column of the file fills (`None`: the column is ignored), by position.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct ColumnMapping {
    pub columns: Vec<Option<TargetField>>,
}

/// A header reduced to folded letters and digits, so "E-mail", "e mail" and "Email" agree.
pub(crate) fn header_key(header: &str) -> String {
    fold(header).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Header names (as [`header_key`]s) that mean a field, in English and French.
fn synonyms(kind: ImportKind) -> &'static [(TargetField, &'static [&'static str])] {
    use TargetField::*;
    match kind {
        ImportKind::Organisations => &[
            (Name, &["name", "nom", "organisation", "organization", "collectivite", "city", "ville", "member", "membre", "denomination"]),
            (Kind, &["kind", "type", "typedorganisation", "typeorganisation", "nature"]),
            (Country, &["country", "pays", "countrycode", "codepays", "land", "iso"]),
            (Subdivision, &["subdivision", "region", "province", "departement", "state", "etat", "admin1code", "bundesland"]),
            (Population, &["population", "inhabitants", "habitants", "pop", "einwohner", "nombredhabitants"]),
            (PopulationYear, &["populationyear", "year", "annee", "anneepopulation", "anneedelapopulation", "censusyear", "anneedurecensement"]),
            (PopulationSource, &["populationsource", "source", "sourcepopulation", "sourcedelapopulation"]),
            (Address, &["address", "adresse", "postaladdress", "adressepostale"]),
            (Website, &["website", "web", "site", "siteweb", "siteinternet", "url", "homepage"]),
            (Email, &["email", "mail", "courriel", "emailaddress", "adresseemail", "adressecourriel", "adresseelectronique"]),
            (Languages, &["languages", "language", "langues", "langue"]),
            (Notes, &["notes", "note", "comments", "comment", "commentaire", "commentaires", "remarques"]),
            (Category, &["category", "categorie", "membership", "adhesion", "typedadhesion"]),
            (Status, &["status", "statut"]),
            (JoinedOn, &["joinedon", "joined", "membersince", "dateadhesion", "datedadhesion", "adherentdepuis", "membredepuis"]),
            (LeftOn, &["lefton", "left", "datedesortie", "datedepart"]),
        ],
        ImportKind::People => &[
            (FirstName, &["firstname", "prenom", "givenname", "forename", "vorname"]),
            (LastName, &["lastname", "nom", "surname", "familyname", "name", "nomdefamille", "nachname"]),
            (Function, &["function", "fonction", "title", "titre", "position", "poste", "jobtitle", "qualite"]),
            (Role, &["role", "elected", "elu"]),
            (Email, &["email", "emails", "mail", "courriel", "courriels", "emailaddress", "adresseemail", "adressecourriel"]),
            (Phone, &["phone", "phones", "telephone", "telephones", "tel", "mobile", "portable"]),
            (Languages, &["languages", "language", "langues", "langue"]),
            (Notes, &["notes", "note", "comments", "commentaire", "commentaires", "remarques"]),
            (OrganisationName, &["organisation", "organization", "collectivite", "structure", "organisme", "employer", "city", "ville", "member", "membre"]),
            (OrganisationCountry, &["country", "pays", "countrycode", "codepays", "land"]),
        ],
    }
}

/// The mapping suggested for `headers`: a header remembered from the last import of this
/// kind wins, then a known synonym. A field that takes one value is given to one column only.
pub(crate) fn suggest(kind: ImportKind, headers: &[String], remembered: &HashMap<String, TargetField>) -> ColumnMapping {
    let mut used: Vec<TargetField> = Vec::new();
    let mut columns = Vec::with_capacity(headers.len());
    for header in headers {
        let key = header_key(header);
        let candidate = remembered.get(&key).copied().or_else(|| {
            synonyms(kind).iter().find(|(_, names)| names.contains(&key.as_str())).map(|(field, _)| *field)
        });
        let field = candidate.filter(|f| f.takes_many(kind) || !used.contains(f));
        if let Some(field) = field {
            used.push(field);
        }
        columns.push(field);
    }
    ColumnMapping { columns }
}

/// The setting that remembers the last mapping of a kind of import.
pub(crate) fn setting_key(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Organisations => "import.mapping.organisations",
        ImportKind::People => "import.mapping.people",
    }
}

/// The mapping as remembered: header key → field, so it applies to files whose columns moved.
pub(crate) fn to_remember(headers: &[String], mapping: &ColumnMapping) -> HashMap<String, TargetField> {
    headers
        .iter()
        .zip(&mapping.columns)
        .filter_map(|(header, field)| field.map(|f| (header_key(header), f)))
        .collect()
}
