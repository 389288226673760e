//! Conflicts of interest: who may not review an application, and why. Three rules, each
//! reported with its reason so the secretariat sees what blocks an assignment:
//! - the reviewer's own organisation is the applicant (same organisation id, or the same
//!   name in the same country for an applicant new to the network);
//! - the reviewer's organisation is in the applicant's country (when the setting is on);
//! - a conflict declared for that seat on that application.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::intake::ApplicationRecord;
use super::{DeclaredConflict, ReviewSettings};
use crate::committee::Seat;
use crate::fold::fold;
use crate::Result;

/// Why a seat may not review an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ConflictReason {
    /// The reviewer belongs to the applicant.
    OwnOrganisation { organisation_name: String },
    /// The reviewer's organisation is in the applicant's country.
    SameCountry { country: String },
    /// Declared for this seat on this application.
    Declared { reason: String },
}

impl ConflictReason {
    /// The reason in a sentence (English; the UI words it in the user's language).
    pub fn describe(&self) -> String {
        match self {
            ConflictReason::OwnOrganisation { organisation_name } => format!("the reviewer belongs to the applicant ({organisation_name})"),
            ConflictReason::SameCountry { country } => format!("the reviewer's organisation is in the applicant's country ({country})"),
            ConflictReason::Declared { reason } => format!("declared conflict: {reason}"),
        }
    }
}

/// What the rules need to know of a reviewer: the seat and its holder's organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReviewerFacts {
    pub seat_id: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub country: Option<String>,
}

impl ReviewerFacts {
    pub fn of(conn: &Connection, seat: &Seat) -> Result<ReviewerFacts> {
        let country: Option<String> = match &seat.organisation_id {
            Some(id) => conn
                .query_row("SELECT country FROM organisations WHERE id = ?1 AND deleted_at IS NULL", [id], |r| r.get(0))
                .ok(),
            None => None,
        };
        Ok(ReviewerFacts {
            seat_id: seat.id.clone(),
            organisation_id: seat.organisation_id.clone(),
            organisation_name: seat.organisation_name.clone(),
            country,
        })
    }
}

/// Every rule `reviewer` breaks for `application`, in the order above; empty when free.
pub(super) fn conflicts(application: &ApplicationRecord, reviewer: &ReviewerFacts, settings: &ReviewSettings) -> Vec<ConflictReason> {
    let mut reasons = Vec::new();
    let same_id = application.organisation_id.is_some() && application.organisation_id == reviewer.organisation_id;
    let same_name = reviewer.organisation_name.as_deref().is_some_and(|name| fold(name) == fold(&application.organisation_name))
        && reviewer.country.as_deref() == Some(application.country.as_str());
    if same_id || same_name {
        reasons.push(ConflictReason::OwnOrganisation { organisation_name: application.organisation_name.clone() });
    }
    if settings.same_country_conflict && reviewer.country.as_deref() == Some(application.country.as_str()) {
        reasons.push(ConflictReason::SameCountry { country: application.country.clone() });
    }
    for declared in &application.declared_conflicts {
        if let Ok(declared) = serde_json::from_str::<DeclaredConflict>(declared) {
            if declared.seat_id == reviewer.seat_id {
                reasons.push(ConflictReason::Declared { reason: declared.reason });
            }
        }
    }
    reasons
}
