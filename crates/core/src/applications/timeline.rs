//! What happened to an application, oldest first: received, edited, assigned (and taken
//! back), reviews submitted, withdrawn, decided. Built from the records themselves (dates that
//! sync with them, so every laptop tells the same story) and from the mutation log for edits
//! and taken-back assignments (which a laptop knows from the changes it made or pulled).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::assignment::{assignments, AssignmentRow};
use super::intake::read_record;
use super::reviews::{reviews_of, ReviewStatus};
use super::ApplicationStatus;
use crate::store::Store;
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Received,
    Edited,
    Assigned,
    Unassigned,
    ReviewSubmitted,
    Withdrawn,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TimelineEntry {
    /// A date (YYYY-MM-DD) or a time (ISO 8601, UTC).
    pub at: String,
    pub kind: TimelineKind,
    /// The reviewer for assignments and reviews, the author for edits.
    pub who: String,
    /// The fields edited, or the decision note.
    pub detail: String,
}

impl Store {
    pub fn application_timeline(&self, application_id: &str) -> Result<Vec<TimelineEntry>> {
        let app = read_record(&self.conn, application_id)?;
        let mut entries = vec![TimelineEntry { at: app.received_on.clone(), kind: TimelineKind::Received, who: String::new(), detail: String::new() }];
        let seat_name = |seat_id: &str| -> String {
            self.conn
                .query_row(
                    "SELECT trim(p.first_name || ' ' || p.last_name) FROM committee_seats s JOIN people p ON p.id = s.person_id WHERE s.id = ?1",
                    [seat_id],
                    |r| r.get(0),
                )
                .unwrap_or_else(|_| "(former reviewer)".to_string())
        };
        for AssignmentRow { id: assignment_id, seat_id, assigned_on, .. } in assignments(&self.conn, Some(application_id))? {
            // The time from the log when this laptop knows it; the day otherwise.
            let at: String = self
                .conn
                .query_row(
                    "SELECT at FROM mutations WHERE entity = 'review_assignment' AND entity_id = ?1 AND name = 'CreateReviewAssignment'",
                    [&assignment_id],
                    |r| r.get(0),
                )
                .unwrap_or(assigned_on);
            entries.push(TimelineEntry { at, kind: TimelineKind::Assigned, who: seat_name(&seat_id), detail: String::new() });
        }
        // Taken-back assignments live on only in the log.
        let mut removed = self.conn.prepare(
            "SELECT m.at, a.seat_id FROM mutations m JOIN review_assignments a ON a.id = m.entity_id
             WHERE m.entity = 'review_assignment' AND m.name = 'DeleteReviewAssignment' AND a.application_id = ?1",
        )?;
        for row in removed.query_map([application_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (at, seat_id) = row?;
            entries.push(TimelineEntry { at, kind: TimelineKind::Unassigned, who: seat_name(&seat_id), detail: String::new() });
        }
        for review in reviews_of(&self.conn, application_id)? {
            if review.status == ReviewStatus::Submitted {
                entries.push(TimelineEntry {
                    at: review.submitted_at.clone().unwrap_or_default(),
                    kind: TimelineKind::ReviewSubmitted,
                    who: review.reviewer_name,
                    detail: String::new(),
                });
            }
        }
        // Edits by hand: updates that changed something other than the status and decision.
        let mut edits = self.conn.prepare(
            "SELECT at, actor, changes FROM mutations WHERE entity = 'application' AND entity_id = ?1 AND name = 'UpdateApplication' ORDER BY seq",
        )?;
        for row in edits.query_map([application_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
            let (at, actor, changes) = row?;
            let changes: Vec<crate::model::FieldChange> = serde_json::from_str(&changes)?;
            let fields: Vec<String> = changes
                .into_iter()
                .map(|c| c.field)
                .filter(|f| !matches!(f.as_str(), "status" | "decided_on" | "decision_note" | "organisation_id" | "contact_person_id"))
                .collect();
            if !fields.is_empty() {
                entries.push(TimelineEntry { at, kind: TimelineKind::Edited, who: actor, detail: fields.join(", ") });
            }
        }
        let closing = match app.status {
            ApplicationStatus::Approved => Some(TimelineKind::Approved),
            ApplicationStatus::Rejected => Some(TimelineKind::Rejected),
            ApplicationStatus::Withdrawn => Some(TimelineKind::Withdrawn),
            _ => None,
        };
        if let Some(kind) = closing {
            let at = app.decided_on.clone().unwrap_or_else(|| {
                self.conn
                    .query_row(
                        "SELECT at FROM mutations WHERE entity = 'application' AND entity_id = ?1 ORDER BY seq DESC LIMIT 1",
                        [application_id],
                        |r| r.get(0),
                    )
                    .unwrap_or_default()
            });
            entries.push(TimelineEntry { at, kind, who: String::new(), detail: app.decision_note.clone() });
        }
        // A bare date sorts before the times of its day, except a decision's: it closes the day.
        // Within one millisecond the usual order of the steps decides.
        let key = |e: &TimelineEntry| {
            let closing = matches!(e.kind, TimelineKind::Approved | TimelineKind::Rejected | TimelineKind::Withdrawn);
            let at = if closing && e.at.len() == 10 { format!("{}~", e.at) } else { e.at.clone() };
            (at, e.kind as u8)
        };
        entries.sort_by_key(key);
        Ok(entries)
    }
}
