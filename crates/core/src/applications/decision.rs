//! The decision: a summary of the submitted reviews (per criterion mean, lowest, highest and
//! spread; the recommendations counted), and the secretariat's decision with its date and
//! note. Approval makes the member in the same transaction as the decision: the applicant
//! organisation is created (or an existing applicant or prospect is activated) with its
//! membership (category, active, joined on the decision day) and its contact person, and the
//! application records both. Either all of it lands or none.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::intake::{read_record, write_record};
use super::reviews::{reviews_of, Recommendation, Review, ReviewStatus};
use super::{Application, ApplicationStatus};
use crate::model::{MembershipStatus, OrganisationInput, PersonInput, PersonRole};
use crate::mutation::{self, Action, Write};
use crate::record::{self, ORGANISATIONS};
use crate::store::Store;
use crate::{validate, CoreError, Result};

/// The submitted scores on one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CriterionSummary {
    pub criterion: String,
    pub count: u32,
    pub mean: Option<f64>,
    pub lowest: Option<u8>,
    pub highest: Option<u8>,
    /// Highest minus lowest: a wide spread is worth a discussion before deciding.
    pub spread: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DecisionSummary {
    pub application: Application,
    pub criteria: Vec<CriterionSummary>,
    /// The mean of every submitted score.
    pub overall_mean: Option<f64>,
    pub approve: u32,
    pub reject: u32,
    pub abstain: u32,
    pub assigned: u32,
    pub submitted: u32,
    /// The submitted reviews (drafts are the reviewers' own business until submitted).
    pub reviews: Vec<Review>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approved,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DecisionInput {
    pub outcome: Outcome,
    /// YYYY-MM-DD; today when empty. An approved member joins on this day.
    pub decided_on: String,
    pub note: String,
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

impl Store {
    pub fn decision_summary(&self, application_id: &str) -> Result<DecisionSummary> {
        let application = self.application(application_id)?;
        let reviews: Vec<Review> = reviews_of(&self.conn, application_id)?.into_iter().filter(|r| r.status == ReviewStatus::Submitted).collect();
        let assigned: u32 = self.conn.query_row(
            "SELECT count(*) FROM review_assignments WHERE application_id = ?1 AND deleted_at IS NULL",
            [application_id],
            |r| r.get(0),
        )?;
        let mut names = application.criteria.clone();
        for review in &reviews {
            for score in &review.scores {
                if !names.contains(&score.criterion) {
                    names.push(score.criterion.clone());
                }
            }
        }
        let mut all: Vec<u8> = Vec::new();
        let criteria = names
            .into_iter()
            .map(|criterion| {
                let scores: Vec<u8> =
                    reviews.iter().filter_map(|r| r.scores.iter().find(|s| s.criterion == criterion).and_then(|s| s.score)).collect();
                all.extend(&scores);
                let lowest = scores.iter().min().copied();
                let highest = scores.iter().max().copied();
                CriterionSummary {
                    count: scores.len() as u32,
                    mean: (!scores.is_empty()).then(|| round2(scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len() as f64)),
                    spread: lowest.zip(highest).map(|(l, h)| h - l),
                    lowest,
                    highest,
                    criterion,
                }
            })
            .collect();
        let count = |wanted: Recommendation| reviews.iter().filter(|r| r.recommendation == Some(wanted)).count() as u32;
        Ok(DecisionSummary {
            criteria,
            overall_mean: (!all.is_empty()).then(|| round2(all.iter().map(|&s| f64::from(s)).sum::<f64>() / all.len() as f64)),
            approve: count(Recommendation::Approve),
            reject: count(Recommendation::Reject),
            abstain: count(Recommendation::Abstain),
            assigned,
            submitted: reviews.len() as u32,
            reviews,
            application,
        })
    }

    /// Records the decision; an approval makes the member (see the module comment).
    pub fn decide_application(&mut self, application_id: &str, input: &DecisionInput) -> Result<Application> {
        let decided_on = validate::date("decided_on", "Decided on", Some(&input.decided_on))?.unwrap_or_else(super::today);
        let note = validate::optional("note", "Note", &input.note, 5_000)?;
        self.write(|tx, author| {
            let mut app = read_record(tx, application_id)?;
            if !app.status.is_open() {
                return Err(CoreError::invalid("outcome", format!("This application is {} already", app.status.as_str().replace('_', " "))));
            }
            if input.outcome == Outcome::Approved {
                let organisation_id = match &app.organisation_id {
                    Some(id) => {
                        let stored = record::read_live(tx, &ORGANISATIONS, id)?;
                        let mut organisation: OrganisationInput = record::from_fields(&stored.fields)?;
                        organisation.category = app.category;
                        organisation.status = MembershipStatus::Active;
                        organisation.joined_on = Some(decided_on.clone());
                        organisation.left_on = None;
                        organisation.population = app.population.or(organisation.population);
                        let fields = record::to_fields(&ORGANISATIONS, &crate::organisations::normalise(&organisation)?)?;
                        mutation::apply(tx, author, Write { table: &ORGANISATIONS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
                        id.clone()
                    }
                    None => crate::organisations::create_in(
                        tx,
                        author,
                        &OrganisationInput {
                            name: app.organisation_name.clone(),
                            kind: app.kind,
                            country: app.country.clone(),
                            subdivision: String::new(),
                            population: app.population,
                            population_year: None,
                            population_source: if app.population.is_some() { "membership application".into() } else { String::new() },
                            address: String::new(),
                            website: String::new(),
                            email: String::new(),
                            languages: Vec::new(),
                            notes: String::new(),
                            category: app.category,
                            status: MembershipStatus::Active,
                            joined_on: Some(decided_on.clone()),
                            left_on: None,
                        },
                    )?,
                };
                // An existing applicant may already hold its contact: found by name, not doubled.
                let known: Option<String> = tx
                    .query_row(
                        "SELECT id FROM people WHERE organisation_id = ?1 AND deleted_at IS NULL
                           AND lower(trim(first_name)) = lower(?2) AND lower(trim(last_name)) = lower(?3) LIMIT 1",
                        rusqlite::params![organisation_id, app.contact_first_name, app.contact_last_name],
                        |r| r.get(0),
                    )
                    .optional()?;
                let person_id = match known {
                    Some(id) => id,
                    None => crate::people::create_in(
                        tx,
                        author,
                        &PersonInput {
                            first_name: app.contact_first_name.clone(),
                            last_name: app.contact_last_name.clone(),
                            function: app.contact_function.clone(),
                            role: PersonRole::Other,
                            organisation_id: Some(organisation_id.clone()),
                            emails: if app.contact_email.is_empty() { Vec::new() } else { vec![app.contact_email.clone()] },
                            phones: Vec::new(),
                            languages: Vec::new(),
                            notes: String::new(),
                        },
                    )?,
                };
                app.organisation_id = Some(organisation_id);
                app.contact_person_id = Some(person_id);
            }
            app.status = match input.outcome {
                Outcome::Approved => ApplicationStatus::Approved,
                Outcome::Rejected => ApplicationStatus::Rejected,
            };
            app.decided_on = Some(decided_on.clone());
            app.decision_note = note.clone();
            write_record(tx, author, application_id, Action::Update, &app)
        })?;
        self.application(application_id)
    }
}
