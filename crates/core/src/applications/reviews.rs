//! Reviews: a reviewer's "My reviews" inbox, drafts kept as they are typed, the final
//! submit, and what each viewer may see. A reviewer (a seat) sees their own review and, only
//! once it is submitted, the others' submitted reviews; drafts of others are never shown.
//! The secretariat (no seat) sees everything. The server applies the same rule to what a
//! committee laptop receives, so a reviewer's store never holds what they may not see.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::assignment::{assignments, AssignmentRow};
use super::intake::read_record;
use super::{ApplicationStatus, REVIEWS};
use crate::model::MembershipCategory;
use crate::mutation::{self, now, Action, Write};
use crate::record;
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Approve,
    Reject,
    Abstain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Draft,
    Submitted,
}

/// The score given on one criterion (1 to 5; None while a draft leaves it blank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CriterionScore {
    pub criterion: String,
    pub score: Option<u8>,
}

/// What a reviewer writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewInput {
    pub scores: Vec<CriterionScore>,
    pub recommendation: Option<Recommendation>,
    pub comment: String,
}

/// A review with its reviewer's name; scores in the application's criteria order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Review {
    pub id: String,
    pub application_id: String,
    pub seat_id: String,
    pub reviewer: Option<String>,
    pub reviewer_name: String,
    pub scores: Vec<CriterionScore>,
    pub recommendation: Option<Recommendation>,
    pub comment: String,
    pub status: ReviewStatus,
    pub submitted_at: Option<String>,
}

/// The reviews of one application as one viewer may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewsView {
    /// The viewer's own review (a reviewer only).
    pub own: Option<Review>,
    pub others: Vec<Review>,
    /// Reviews that exist but are hidden from this viewer (until their own is submitted).
    pub hidden: u32,
}

/// A line of "My reviews".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct InboxItem {
    pub assignment_id: String,
    pub application_id: String,
    pub organisation_name: String,
    pub country: String,
    pub category: MembershipCategory,
    pub application_status: ApplicationStatus,
    pub received_on: String,
    /// None until the reviewer saves something.
    pub review_status: Option<ReviewStatus>,
}

/// The review as its table holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ReviewRecord {
    application_id: String,
    seat_id: String,
    reviewer: Option<String>,
    /// JSON object {criterion: score}.
    scores: String,
    recommendation: Option<Recommendation>,
    comment: String,
    status: ReviewStatus,
    submitted_at: Option<String>,
}

fn seat_name(conn: &Connection, seat_id: &str) -> String {
    conn.query_row(
        "SELECT trim(p.first_name || ' ' || p.last_name) FROM committee_seats s JOIN people p ON p.id = s.person_id WHERE s.id = ?1",
        [seat_id],
        |r| r.get(0),
    )
    .unwrap_or_else(|_| "(former reviewer)".to_string())
}

fn to_review(conn: &Connection, id: &str, record: ReviewRecord, criteria: &[String]) -> Result<Review> {
    let scored: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&record.scores)?;
    let mut names: Vec<String> = criteria.to_vec();
    // A score on a criterion no longer listed is still shown rather than lost.
    names.extend(scored.keys().filter(|k| !criteria.contains(k)).cloned());
    let scores = names
        .into_iter()
        .map(|criterion| {
            let score = scored.get(&criterion).and_then(serde_json::Value::as_u64).and_then(|s| u8::try_from(s).ok());
            CriterionScore { criterion, score }
        })
        .collect();
    Ok(Review {
        id: id.to_string(),
        reviewer_name: seat_name(conn, &record.seat_id),
        application_id: record.application_id,
        seat_id: record.seat_id,
        reviewer: record.reviewer,
        scores,
        recommendation: record.recommendation,
        comment: record.comment,
        status: record.status,
        submitted_at: record.submitted_at,
    })
}

/// Every live review of an application, in seat order.
pub(super) fn reviews_of(conn: &Connection, application_id: &str) -> Result<Vec<Review>> {
    let criteria = read_record(conn, application_id)?.criteria;
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM reviews WHERE application_id = ?1 AND deleted_at IS NULL ORDER BY sort_key, id")?
        .query_map([application_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter()
        .map(|id| {
            let stored = record::read_live(conn, &REVIEWS, id)?;
            to_review(conn, id, record::from_fields(&stored.fields)?, &criteria)
        })
        .collect()
}

/// What `viewer` may see of `reviews` (see the module comment); None is the secretariat.
pub fn visible_to(reviews: Vec<Review>, viewer: Option<&str>) -> ReviewsView {
    let Some(seat_id) = viewer else { return ReviewsView { own: None, others: reviews, hidden: 0 } };
    let (own, others): (Vec<Review>, Vec<Review>) = reviews.into_iter().partition(|r| r.seat_id == seat_id);
    let own = own.into_iter().next();
    let submitted = own.as_ref().is_some_and(|r| r.status == ReviewStatus::Submitted);
    let total = others.len() as u32;
    let shown: Vec<Review> = if submitted { others.into_iter().filter(|r| r.status == ReviewStatus::Submitted).collect() } else { Vec::new() };
    ReviewsView { own, hidden: total - shown.len() as u32, others: shown }
}

/// Checks the scores against the criteria; a submit needs every one and a recommendation.
fn clean(input: &ReviewInput, criteria: &[String], submitting: bool) -> Result<(String, Option<Recommendation>, String)> {
    let mut scores = serde_json::Map::new();
    for score in &input.scores {
        if !criteria.contains(&score.criterion) {
            return Err(CoreError::invalid("scores", format!("\"{}\" is not a criterion of this application", score.criterion)));
        }
        if let Some(value) = score.score {
            if !(1..=5).contains(&value) {
                return Err(CoreError::invalid("scores", format!("The score on \"{}\" must be from 1 to 5, not {value}", score.criterion)));
            }
            scores.insert(score.criterion.clone(), serde_json::Value::from(value));
        }
    }
    if submitting {
        if let Some(missing) = criteria.iter().find(|c| !scores.contains_key(*c)) {
            return Err(CoreError::invalid("scores", format!("Score \"{missing}\" before submitting")));
        }
        if input.recommendation.is_none() {
            return Err(CoreError::invalid("recommendation", "Choose a recommendation before submitting"));
        }
    }
    let comment = validate::optional("comment", "Comment", &input.comment, 20_000)?;
    Ok((serde_json::Value::Object(scores).to_string(), input.recommendation, comment))
}

impl Store {
    /// The seat whose holder signs in with `username` (on a committee laptop), if any.
    pub fn seat_of_account(&self, username: &str) -> Result<Option<String>> {
        Ok(self.committee("")?.current.into_iter().find(|s| s.fields.account_username.as_deref() == Some(username)).map(|s| s.id))
    }

    /// "My reviews": the applications assigned to `seat_id`, open ones first.
    pub fn my_reviews(&self, seat_id: &str) -> Result<Vec<InboxItem>> {
        let mut items = Vec::new();
        for AssignmentRow { id: assignment_id, application_id, seat_id: seat, .. } in assignments(&self.conn, None)? {
            if seat != seat_id {
                continue;
            }
            // An assignment may arrive before its application when sync pages split.
            let Ok(app) = read_record(&self.conn, &application_id) else { continue };
            let review_status = record::read(&self.conn, &REVIEWS, &assignment_id)?
                .filter(|r| !r.deleted)
                .map(|r| record::from_fields::<ReviewRecord>(&r.fields))
                .transpose()?
                .map(|r| r.status);
            items.push(InboxItem {
                assignment_id,
                application_id,
                organisation_name: app.organisation_name,
                country: app.country,
                category: app.category,
                application_status: app.status,
                received_on: app.received_on,
                review_status,
            });
        }
        items.sort_by(|a, b| {
            (!a.application_status.is_open(), a.review_status == Some(ReviewStatus::Submitted), &a.received_on)
                .cmp(&(!b.application_status.is_open(), b.review_status == Some(ReviewStatus::Submitted), &b.received_on))
        });
        Ok(items)
    }

    /// The reviews of an application as `viewer` (a seat id; None = the secretariat) may see them.
    pub fn reviews_for(&self, application_id: &str, viewer: Option<&str>) -> Result<ReviewsView> {
        Ok(visible_to(reviews_of(&self.conn, application_id)?, viewer))
    }

    /// Keeps a draft (anything may be blank); refused once the review is submitted.
    pub fn save_review_draft(&mut self, application_id: &str, seat_id: &str, input: &ReviewInput) -> Result<Review> {
        self.write_review(application_id, seat_id, input, false)
    }

    /// Submits the review: every criterion scored and a recommendation chosen. Final.
    pub fn submit_review(&mut self, application_id: &str, seat_id: &str, input: &ReviewInput) -> Result<Review> {
        self.write_review(application_id, seat_id, input, true)
    }

    fn write_review(&mut self, application_id: &str, seat_id: &str, input: &ReviewInput, submitting: bool) -> Result<Review> {
        let id = self.write(|tx, author| {
            let app = read_record(tx, application_id)?;
            let AssignmentRow { id: assignment_id, reviewer, .. } = assignments(tx, Some(application_id))?
                .into_iter()
                .find(|a| a.seat_id == seat_id)
                .ok_or_else(|| CoreError::invalid("seat_id", "This application is not assigned to this reviewer"))?;
            if !app.status.is_open() {
                return Err(CoreError::invalid("status", "The application is decided or withdrawn: reviews are closed"));
            }
            let (scores, recommendation, comment) = clean(input, &app.criteria, submitting)?;
            let current = record::read(tx, &REVIEWS, &assignment_id)?;
            if let Some(stored) = current.as_ref().filter(|r| !r.deleted) {
                let existing: ReviewRecord = record::from_fields(&stored.fields)?;
                if existing.status == ReviewStatus::Submitted {
                    return Err(CoreError::invalid("status", "This review was submitted: submitted reviews are final"));
                }
            }
            let review = ReviewRecord {
                application_id: application_id.to_string(),
                seat_id: seat_id.to_string(),
                reviewer,
                scores,
                recommendation,
                comment,
                status: if submitting { ReviewStatus::Submitted } else { ReviewStatus::Draft },
                submitted_at: submitting.then(now),
            };
            let fields = record::to_fields(&REVIEWS, &review)?;
            let action = match &current {
                None => Action::Create,
                Some(stored) if stored.deleted => {
                    mutation::apply(tx, author, Write { table: &REVIEWS, action: Action::Restore, id: &assignment_id, fields: None, undoes: None })?;
                    Action::Update
                }
                Some(_) => Action::Update,
            };
            mutation::apply(tx, author, Write { table: &REVIEWS, action, id: &assignment_id, fields: Some(&fields), undoes: None })?;
            Ok(assignment_id)
        })?;
        let stored = record::read_live(&self.conn, &REVIEWS, &id)?;
        let criteria = read_record(&self.conn, application_id)?.criteria;
        to_review(&self.conn, &id, record::from_fields(&stored.fields)?, &criteria)
    }
}
