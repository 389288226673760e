//! The domain records of the member directory (organisations, memberships, people) as they
//! cross the seam to the UI: what a list row, a detail page and an edit form carry.
//!
//! Everything here is plain data (serde + specta); behaviour lives in the modules that own
//! each table. Dates are `YYYY-MM-DD` strings and times ISO 8601 UTC, as DESIGN.md says.

use serde::{Deserialize, Serialize};
use specta::Type;

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    City,
    MunicipalityGroup,
    County,
    Province,
    Region,
    NationalAssociation,
    CulturalOrganisation,
    PartnerNetwork,
    Funder,
    Other,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 10] = [
        Self::City,
        Self::MunicipalityGroup,
        Self::County,
        Self::Province,
        Self::Region,
        Self::NationalAssociation,
        Self::CulturalOrganisation,
        Self::PartnerNetwork,
        Self::Funder,
        Self::Other,
    ];
}

/// Membership category: full members are local or regional authorities, associates are
/// cultural organisations. `None` marks a contact-only organisation (partner, funder, prospect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MembershipCategory {
    Full,
    Associate,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Applicant,
    Active,
    Lapsed,
    Suspended,
    Resigned,
}

/// The fields a user edits on an organisation and its membership; used to create and to update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: OrganisationKind,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub subdivision: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    pub population_source: String,
    pub address: String,
    pub website: String,
    pub email: String,
    /// ISO 639-1 codes, e.g. ["fr", "en"].
    pub languages: Vec<String>,
    pub notes: String,
    pub category: MembershipCategory,
    pub status: MembershipStatus,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
}

/// One organisation as stored, with its membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Organisation {
    pub id: String,
    #[serde(flatten)]
    pub fields: OrganisationInput,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A row of the members list: what the list shows and sorts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub country: String,
    pub population: Option<i64>,
    pub category: MembershipCategory,
    pub status: MembershipStatus,
    pub contacts: i64,
}

/// Whether a person holds an elected office or works as an officer of the authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    Elected,
    Officer,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonInput {
    pub first_name: String,
    pub last_name: String,
    /// e.g. "Deputy mayor in charge of culture".
    pub function: String,
    pub role: PersonRole,
    pub organisation_id: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub languages: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Person {
    pub id: String,
    #[serde(flatten)]
    pub fields: PersonInput,
    pub organisation_name: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonRow {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub function: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
}

/// Columns the members list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationSort {
    #[default]
    Name,
    Country,
    Population,
    Category,
    Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
pub struct OrganisationQuery {
    /// Free text; matched accent- and case-insensitively by prefix on every word.
    pub search: String,
    pub country: Option<String>,
    pub category: Option<MembershipCategory>,
    pub status: Option<MembershipStatus>,
    pub sort: OrganisationSort,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum PersonSort {
    #[default]
    LastName,
    FirstName,
    Organisation,
    Country,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
pub struct PersonQuery {
    pub search: String,
    pub organisation_id: Option<String>,
    pub country: Option<String>,
    pub sort: PersonSort,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// A window of a long list: `total` rows match, `rows` starts at the query's offset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Page<T> {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<T>,
}

/// An organisation with everything its detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OrganisationDetail {
    pub organisation: Organisation,
    pub contacts: Vec<PersonRow>,
}

/// A country of the reference data (ISO 3166-1 alpha-2 with its English name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Country {
    pub code: String,
    pub name: String,
}

/// One field that a mutation changed, with its value before and after (as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// One line of a record's history, read from the mutation log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct HistoryEntry {
    pub mutation_id: String,
    /// The mutation's name, e.g. `UpdateOrganisation`.
    pub name: String,
    pub actor: String,
    pub device: String,
    pub at: String,
    pub changes: Vec<FieldChange>,
    /// Set when this entry was itself the undo of another mutation.
    pub undoes: Option<String>,
}

/// Which kind of record a history or undo refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Organisation,
    Person,
    /// Dues records (see [`crate::dues`]).
    FeeBand,
    Invoice,
    Payment,
    /// A seat on the committee (see [`crate::committee`]).
    CommitteeSeat,
    /// Events and what hangs from them (see [`crate::events`]).
    Event,
    EventSession,
    PriceTier,
    Registration,
    CheckIn,
    /// Membership applications and their review (see [`crate::applications`]).
    Application,
    ReviewAssignment,
    Review,
    /// A best practice (see [`crate::practices`]).
    BestPractice,
    /// A publication (see [`crate::publications`]).
    Publication,
    /// A grant from a funder (see [`crate::grants`]).
    Grant,
    /// How a sync conflict was resolved (see [`crate::conflicts`]).
    ConflictResolution,
}
