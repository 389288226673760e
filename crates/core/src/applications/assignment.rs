//! Assigning reviewers: by hand (refused, with the reasons, when a conflict of interest
//! blocks it) or automatically. The automatic plan is a pure function: it gives every open
//! application at least the minimum number of reviewers, never gives a reviewer more than the
//! maximum of open applications, and balances the load: in rounds, each application still
//! short takes the least-loaded free reviewer, the applications with the fewest possible
//! reviewers choosing first. What cannot be filled is reported, not forced.
//!
//! Reviewers are the seats current today. A manual assignment may exceed the maximum (the
//! secretariat's call; the panel shows each reviewer's load). The first assignment moves a
//! received application to "under review".

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::interest::{conflicts, ConflictReason, ReviewerFacts};
use super::intake::{read_record, write_record, ApplicationRecord};
use super::reviews::ReviewStatus;
use super::{today, ApplicationStatus, ASSIGNMENTS, REVIEWS};
use crate::committee::Seat;
use crate::mutation::{self, Action, Write};
use crate::record;
use crate::store::{Author, Store};
use crate::{CoreError, Result};

/// An application as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanApplication {
    pub id: String,
    /// Seats already assigned.
    pub assigned: Vec<String>,
    /// Seats a conflict of interest keeps away.
    pub blocked: Vec<String>,
}

/// A reviewer as the planner sees it: a seat and the open applications it already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReviewer {
    pub seat_id: String,
    pub load: u32,
}

/// The planner's answer: new (application, seat) pairs, and how many reviewers each
/// application still lacks when no free reviewer was left.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    pub pairs: Vec<(String, String)>,
    pub short: Vec<(String, u32)>,
}

/// Plans the assignments (see the module comment). Deterministic: ties go to the reviewer
/// listed first.
pub fn plan_assignments(applications: &[PlanApplication], reviewers: &[PlanReviewer], min_reviews: u32, max_per_reviewer: u32) -> Plan {
    let mut load: Vec<u32> = reviewers.iter().map(|r| r.load).collect();
    let mut assigned: Vec<HashSet<&str>> = applications.iter().map(|a| a.assigned.iter().map(String::as_str).collect()).collect();
    let possible = |index: usize, assigned: &HashSet<&str>| {
        let app = &applications[index];
        reviewers.iter().filter(|r| !assigned.contains(r.seat_id.as_str()) && !app.blocked.contains(&r.seat_id)).count()
    };
    let mut order: Vec<usize> = (0..applications.len()).collect();
    order.sort_by_key(|&i| possible(i, &assigned[i]));
    let mut plan = Plan::default();
    loop {
        let mut progressed = false;
        for &i in &order {
            if assigned[i].len() as u32 >= min_reviews {
                continue;
            }
            let app = &applications[i];
            let free = |j: usize, r: usize, assigned: &[HashSet<&str>]| {
                let seat = &reviewers[r].seat_id;
                load[r] < max_per_reviewer && !assigned[j].contains(seat.as_str()) && !applications[j].blocked.contains(seat)
            };
            // Among the least loaded, take the reviewer the fewest other short applications
            // could still use, so that a constrained application is not left without one.
            let demand = |r: usize| {
                (0..applications.len()).filter(|&j| j != i && (assigned[j].len() as u32) < min_reviews && free(j, r, &assigned)).count()
            };
            let choice = (0..reviewers.len()).filter(|&r| free(i, r, &assigned)).min_by_key(|&r| (load[r], demand(r), r)).map(|r| (r, &reviewers[r]));
            if let Some((r, reviewer)) = choice {
                load[r] += 1;
                assigned[i].insert(reviewer.seat_id.as_str());
                plan.pairs.push((app.id.clone(), reviewer.seat_id.clone()));
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    for (i, app) in applications.iter().enumerate() {
        let have = assigned[i].len() as u32;
        if have < min_reviews {
            plan.short.push((app.id.clone(), min_reviews - have));
        }
    }
    plan
}

/// A reviewer assigned to an application, with where their review stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AssignedReviewer {
    pub assignment_id: String,
    pub seat_id: String,
    pub person_name: String,
    pub account_username: Option<String>,
    pub assigned_on: String,
    /// None until the reviewer saves something.
    pub review_status: Option<ReviewStatus>,
}

/// A current committee seat that could review, with its load and what blocks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReviewerOption {
    pub seat_id: String,
    pub person_name: String,
    pub organisation_name: Option<String>,
    pub account_username: Option<String>,
    /// Open applications already assigned to this seat.
    pub load: u32,
    /// Empty when the seat may review this application.
    pub conflicts: Vec<ConflictReason>,
}

/// The assignment panel of one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AssignmentPanel {
    pub assigned: Vec<AssignedReviewer>,
    /// Current seats not assigned yet.
    pub candidates: Vec<ReviewerOption>,
    pub min_reviews: u32,
    pub max_per_reviewer: u32,
}

/// One application automatic assignment could not fill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Shortfall {
    pub application_id: String,
    pub organisation_name: String,
    pub missing: u32,
}

/// What automatic assignment did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AutoAssignReport {
    /// Assignments made.
    pub made: u32,
    pub short: Vec<Shortfall>,
}

/// One live assignment as its table holds it.
pub(super) struct AssignmentRow {
    pub id: String,
    pub application_id: String,
    pub seat_id: String,
    pub reviewer: Option<String>,
    pub assigned_on: String,
}

/// Live assignments, of one application or of all.
pub(super) fn assignments(conn: &Connection, application_id: Option<&str>) -> Result<Vec<AssignmentRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, application_id, seat_id, reviewer, assigned_on FROM review_assignments
         WHERE deleted_at IS NULL AND (?1 IS NULL OR application_id = ?1) ORDER BY assigned_on, id",
    )?;
    let rows = statement
        .query_map([application_id], |r| {
            Ok(AssignmentRow { id: r.get(0)?, application_id: r.get(1)?, seat_id: r.get(2)?, reviewer: r.get(3)?, assigned_on: r.get(4)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Open applications assigned to each seat.
fn loads(conn: &Connection) -> Result<HashMap<String, u32>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.seat_id, count(*) FROM review_assignments r JOIN applications a ON a.id = r.application_id
         WHERE r.deleted_at IS NULL AND a.deleted_at IS NULL AND a.status IN ('received', 'under_review')
         GROUP BY r.seat_id",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().collect())
}

fn person_name_of(store_seats: &[Seat], seat_id: &str) -> String {
    store_seats.iter().find(|s| s.id == seat_id).map(|s| s.person_name.clone()).unwrap_or_else(|| "(former seat)".into())
}

/// Writes one assignment and moves a received application under review.
fn assign_in(tx: &Transaction, author: &Author, application_id: &str, app: &mut ApplicationRecord, seat: &Seat) -> Result<String> {
    let id = mutation::new_id();
    let fields = record::to_fields(
        &ASSIGNMENTS,
        &serde_json::json!({
            "application_id": application_id,
            "seat_id": seat.id,
            "reviewer": seat.fields.account_username,
            "assigned_on": today(),
        }),
    )?;
    mutation::apply(tx, author, Write { table: &ASSIGNMENTS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
    if app.status == ApplicationStatus::Received {
        app.status = ApplicationStatus::UnderReview;
        write_record(tx, author, application_id, Action::Update, app)?;
    }
    Ok(id)
}

impl Store {
    /// Who reviews `application_id`, and who else could (with their load and conflicts).
    pub fn assignment_panel(&self, application_id: &str) -> Result<AssignmentPanel> {
        let app = read_record(&self.conn, application_id)?;
        let settings = self.review_settings()?;
        let all_seats = self.committee("")?;
        let seats: Vec<Seat> = all_seats.current.iter().chain(&all_seats.past).chain(&all_seats.upcoming).cloned().collect();
        let loads = loads(&self.conn)?;
        let mut assigned = Vec::new();
        for AssignmentRow { id: assignment_id, seat_id, reviewer, assigned_on, .. } in assignments(&self.conn, Some(application_id))? {
            let review_status = record::read(&self.conn, &REVIEWS, &assignment_id)?
                .filter(|r| !r.deleted)
                .and_then(|r| r.fields.get("status").cloned())
                .and_then(|s| serde_json::from_value(s).ok());
            assigned.push(AssignedReviewer {
                person_name: person_name_of(&seats, &seat_id),
                assignment_id,
                seat_id,
                account_username: reviewer,
                assigned_on,
                review_status,
            });
        }
        let mut candidates = Vec::new();
        for seat in &all_seats.current {
            if assigned.iter().any(|a| a.seat_id == seat.id) {
                continue;
            }
            let facts = ReviewerFacts::of(&self.conn, seat)?;
            candidates.push(ReviewerOption {
                seat_id: seat.id.clone(),
                person_name: seat.person_name.clone(),
                organisation_name: seat.organisation_name.clone(),
                account_username: seat.fields.account_username.clone(),
                load: loads.get(&seat.id).copied().unwrap_or(0),
                conflicts: conflicts(&app, &facts, &settings),
            });
        }
        Ok(AssignmentPanel { assigned, candidates, min_reviews: settings.min_reviews, max_per_reviewer: settings.max_per_reviewer })
    }

    /// Assigns a current seat by hand; refused with the reasons when a conflict blocks it.
    pub fn assign_reviewer(&mut self, application_id: &str, seat_id: &str) -> Result<String> {
        let settings = self.review_settings()?;
        let seat = self
            .committee("")?
            .current
            .into_iter()
            .find(|s| s.id == seat_id)
            .ok_or_else(|| CoreError::invalid("seat_id", "Choose a reviewer among the current committee members"))?;
        let facts = ReviewerFacts::of(&self.conn, &seat)?;
        self.write(|tx, author| {
            let mut app = read_record(tx, application_id)?;
            if !app.status.is_open() {
                return Err(CoreError::invalid("status", "Reviewers can only be assigned while the application is open"));
            }
            if assignments(tx, Some(application_id))?.iter().any(|a| a.seat_id == seat_id) {
                return Err(CoreError::invalid("seat_id", format!("{} already reviews this application", seat.person_name)));
            }
            let reasons = conflicts(&app, &facts, &settings);
            if !reasons.is_empty() {
                let why: Vec<String> = reasons.iter().map(ConflictReason::describe).collect();
                return Err(CoreError::invalid("seat_id", format!("{} cannot review this application: {}", seat.person_name, why.join("; "))));
            }
            assign_in(tx, author, application_id, &mut app, &seat)
        })
    }

    /// Takes an assignment back (and the reviewer's draft with it); a submitted review stays.
    pub fn unassign_reviewer(&mut self, assignment_id: &str) -> Result<()> {
        self.write(|tx, author| {
            let review = record::read(tx, &REVIEWS, assignment_id)?.filter(|r| !r.deleted);
            if let Some(review) = &review {
                if review.fields.get("status").and_then(serde_json::Value::as_str) == Some("submitted") {
                    return Err(CoreError::invalid("assignment_id", "This reviewer has submitted their review: the assignment stays"));
                }
                mutation::apply(tx, author, Write { table: &REVIEWS, action: Action::Delete, id: assignment_id, fields: None, undoes: None })?;
            }
            mutation::apply(tx, author, Write { table: &ASSIGNMENTS, action: Action::Delete, id: assignment_id, fields: None, undoes: None })?;
            Ok(())
        })
    }

    /// Assigns reviewers to every open application (see [`plan_assignments`]), all in one
    /// transaction.
    pub fn auto_assign(&mut self) -> Result<AutoAssignReport> {
        let settings = self.review_settings()?;
        let seats = self.committee("")?.current;
        let facts: Vec<ReviewerFacts> = seats.iter().map(|s| ReviewerFacts::of(&self.conn, s)).collect::<Result<_>>()?;
        let loads = loads(&self.conn)?;
        let reviewers: Vec<PlanReviewer> =
            seats.iter().map(|s| PlanReviewer { seat_id: s.id.clone(), load: loads.get(&s.id).copied().unwrap_or(0) }).collect();
        let open = self.list_applications(None)?.into_iter().filter(|a| a.status.is_open()).collect::<Vec<_>>();
        let all_assignments = assignments(&self.conn, None)?;
        let mut records = HashMap::new();
        let mut plan_input = Vec::new();
        // Oldest first, so that when reviewers run short the earliest applicants are served.
        for row in open.iter().rev() {
            let app = read_record(&self.conn, &row.id)?;
            let blocked = facts.iter().filter(|f| !conflicts(&app, f, &settings).is_empty()).map(|f| f.seat_id.clone()).collect();
            let assigned = all_assignments.iter().filter(|a| a.application_id == row.id).map(|a| a.seat_id.clone()).collect();
            plan_input.push(PlanApplication { id: row.id.clone(), assigned, blocked });
            records.insert(row.id.clone(), app);
        }
        let plan = plan_assignments(&plan_input, &reviewers, settings.min_reviews, settings.max_per_reviewer);
        let made = plan.pairs.len() as u32;
        self.write(|tx, author| {
            for (application_id, seat_id) in &plan.pairs {
                let seat = seats.iter().find(|s| &s.id == seat_id).ok_or_else(|| CoreError::Corrupt("planned an unknown seat".into()))?;
                let app = records.get_mut(application_id).ok_or_else(|| CoreError::Corrupt("planned an unknown application".into()))?;
                assign_in(tx, author, application_id, app, seat)?;
            }
            Ok(())
        })?;
        let short = plan
            .short
            .into_iter()
            .map(|(application_id, missing)| Shortfall {
                organisation_name: records.get(&application_id).map(|a| a.organisation_name.clone()).unwrap_or_default(),
                application_id,
                missing,
            })
            .collect();
        Ok(AutoAssignReport { made, short })
    }
}
