//! Membership applications and their review by the committee: the types that cross the seam
//! to the UI, the three synced tables (applications, review assignments, reviews) and the
//! review settings of this laptop. The behaviour lives in the submodules, one job each:
//! [`intake`] records and edits applications, [`attachments`] keeps their files,
//! [`interest`] says who may not review what, [`assignment`] assigns reviewers by hand or
//! automatically, [`reviews`] keeps drafts, submits and hides others' reviews,
//! [`decision`] summarises and decides (approval makes the member), [`letter`] writes the
//! decision letter, [`timeline`] tells what happened and [`transfer`] moves attached files
//! through the server.
//!
//! Choices a reader should know:
//! - A reviewer is a committee **seat** (`committee_seats`); a seat may carry the holder's
//!   server account, which a review and an assignment record as `reviewer` so the server can
//!   scope a committee laptop to its own work.
//! - A review's id is its assignment's id: one review per assignment, and two laptops that
//!   start the same review offline make the same record (the server keeps the first).
//! - The criteria are copied onto each application when it is recorded, so reviewers score
//!   what was asked at the time even after the settings change, and their laptops (which do
//!   not sync settings) receive them with the application.
//! - Attachments, declared conflicts and scores are small structured values kept as JSON
//!   texts inside the synced fields (the sync schema carries texts and lists of texts);
//!   they are written whole and never merged field by field.
//! - Dates are `YYYY-MM-DD`; scores run from 1 to 5.

mod assignment;
mod attachments;
mod decision;
mod intake;
mod interest;
mod letter;
mod reviews;
mod timeline;
mod transfer;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::fold;
use crate::model::{EntityKind, MembershipCategory, OrganisationKind};
use crate::record::{Fields, Table};
use crate::store::Store;
use crate::{CoreError, Result};

pub use assignment::{plan_assignments, AssignedReviewer, AssignmentPanel, AutoAssignReport, Plan, PlanApplication, PlanReviewer, ReviewerOption, Shortfall};
pub use attachments::{attachment_path, keep_attachment, MAX_ATTACHMENT_BYTES};
pub use decision::{CriterionSummary, DecisionInput, DecisionSummary, Outcome};
pub use interest::ConflictReason;
pub use letter::{letter_text, LetterLanguage};
pub use reviews::{visible_to, CriterionScore, InboxItem, Recommendation, Review, ReviewInput, ReviewStatus, ReviewsView};
pub use timeline::{TimelineEntry, TimelineKind};
pub use transfer::{fetch_attachment, upload_attachments};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Received,
    UnderReview,
    Approved,
    Rejected,
    Withdrawn,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Received => "received",
            ApplicationStatus::UnderReview => "under_review",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    /// Still waiting for a decision: reviewers may be assigned and reviews written.
    pub fn is_open(self) -> bool {
        matches!(self, ApplicationStatus::Received | ApplicationStatus::UnderReview)
    }
}

/// A file attached to an application: kept in the app-data folder under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Attachment {
    /// The file's name as the applicant sent it.
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// Lower-case hex SHA-256 of the content; also the name of the kept copy.
    pub sha256: String,
}

/// A conflict of interest declared for one seat on one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeclaredConflict {
    pub seat_id: String,
    pub reason: String,
}

/// What the secretariat records and edits of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ApplicationInput {
    /// An existing organisation applying (it must be an applicant or a prospect); None for
    /// an organisation new to the network, made on approval.
    pub organisation_id: Option<String>,
    pub organisation_name: String,
    pub kind: OrganisationKind,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub population: Option<i64>,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_function: String,
    pub contact_email: String,
    /// Full (a local or regional authority) or associate (a cultural organisation).
    pub category: MembershipCategory,
    pub motivation: String,
    pub attachments: Vec<Attachment>,
    pub declared_conflicts: Vec<DeclaredConflict>,
    /// The day the application arrived; today when empty.
    pub received_on: String,
}

/// An application as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Application {
    pub id: String,
    #[serde(flatten)]
    pub fields: ApplicationInput,
    pub status: ApplicationStatus,
    pub criteria: Vec<String>,
    pub decided_on: Option<String>,
    pub decision_note: String,
    /// The contact made on approval.
    pub contact_person_id: Option<String>,
}

/// A row of the applications list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ApplicationRow {
    pub id: String,
    pub organisation_name: String,
    pub country: String,
    pub category: MembershipCategory,
    pub status: ApplicationStatus,
    pub received_on: String,
    /// Reviewers assigned, and how many of them have submitted.
    pub assigned: u32,
    pub submitted: u32,
}

/// The review settings of this laptop (local, not synced: the secretariat assigns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewSettings {
    /// The criteria new applications are scored on.
    pub criteria: Vec<String>,
    /// A reviewer from the applicant's country may not review it.
    pub same_country_conflict: bool,
    /// Automatic assignment gives every open application at least this many reviewers.
    pub min_reviews: u32,
    /// … and no reviewer more than this many open applications.
    pub max_per_reviewer: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            criteria: vec![
                "Commitment to local cultural policy".into(),
                "European dimension".into(),
                "Capacity to take part".into(),
            ],
            same_country_conflict: true,
            min_reviews: 2,
            max_per_reviewer: 5,
        }
    }
}

const SETTINGS_KEY: &str = "review.settings";

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

pub(crate) static APPLICATIONS: Table = Table {
    entity: EntityKind::Application,
    noun: "Application",
    sql: "applications",
    fields: &[
        "organisation_id", "organisation_name", "kind", "country", "population", "contact_first_name", "contact_last_name",
        "contact_function", "contact_email", "contact_person_id", "category", "motivation", "attachments", "criteria",
        "declared_conflicts", "status", "received_on", "decided_on", "decision_note",
    ],
    list_fields: &["attachments", "criteria", "declared_conflicts"],
    sort_key: |f| fold(text_of(f, "organisation_name")),
};

pub(crate) static ASSIGNMENTS: Table = Table {
    entity: EntityKind::ReviewAssignment,
    noun: "ReviewAssignment",
    sql: "review_assignments",
    fields: &["application_id", "seat_id", "reviewer", "assigned_on"],
    list_fields: &[],
    sort_key: |f| format!("{}-{}", text_of(f, "application_id"), text_of(f, "assigned_on")),
};

pub(crate) static REVIEWS: Table = Table {
    entity: EntityKind::Review,
    noun: "Review",
    sql: "reviews",
    fields: &["application_id", "seat_id", "reviewer", "scores", "recommendation", "comment", "status", "submitted_at"],
    list_fields: &[],
    sort_key: |f| format!("{}-{}", text_of(f, "application_id"), text_of(f, "seat_id")),
};

pub(crate) fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

impl Store {
    pub fn review_settings(&self) -> Result<ReviewSettings> {
        match self.setting(SETTINGS_KEY)? {
            None => Ok(ReviewSettings::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| CoreError::Corrupt(format!("setting {SETTINGS_KEY}: {e}"))),
        }
    }

    /// Saves the review settings; criteria are trimmed, blank ones dropped, duplicates refused.
    pub fn set_review_settings(&self, settings: &ReviewSettings) -> Result<ReviewSettings> {
        let mut criteria: Vec<String> = Vec::new();
        for criterion in settings.criteria.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            if criterion.chars().count() > 120 {
                return Err(CoreError::invalid("criteria", format!("\"{criterion}\" is longer than 120 characters")));
            }
            if criteria.iter().any(|c| fold(c) == fold(criterion)) {
                return Err(CoreError::invalid("criteria", format!("\"{criterion}\" is listed twice")));
            }
            criteria.push(criterion.to_string());
        }
        if criteria.is_empty() {
            return Err(CoreError::invalid("criteria", "Name at least one criterion to score applications on"));
        }
        if !(1..=20).contains(&settings.min_reviews) {
            return Err(CoreError::invalid("min_reviews", "Reviews per application must be between 1 and 20"));
        }
        if !(1..=500).contains(&settings.max_per_reviewer) {
            return Err(CoreError::invalid("max_per_reviewer", "Applications per reviewer must be between 1 and 500"));
        }
        let clean = ReviewSettings { criteria, ..settings.clone() };
        self.set_setting(SETTINGS_KEY, &serde_json::to_string(&clean)?)?;
        Ok(clean)
    }
}

#[cfg(test)]
mod tests;
