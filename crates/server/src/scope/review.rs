//! The committee's row-level scope over membership applications (core's `applications`):
//! a committee account pulls only the applications assigned to it (an assignment whose
//! `reviewer` is its username), its own assignments and reviews, and the other reviewers'
//! submitted reviews of an application only once its own review of it is submitted. It may
//! push only its own reviews, of applications assigned to it and still open; a submitted
//! review is final for every account, the secretariat's included. The files attached to an
//! application are read under the same rule ([`may_read_file`]).
//!
//! Widening writes re-stamp what they grant, in the push's transaction: an assignment
//! re-stamps its application (and the reviewer's own review, if one exists from an earlier
//! assignment), a submitted review re-stamps the other submitted reviews of its application,
//! so rows older than the reviewer's cursor still reach them.
//!
//! The lookups read `records` by `json_extract` of the application and reviewer, through two
//! partial indexes (server migration 0003): without them a reviewer's first pull of 300
//! applications and 900 assignments took ~120 ms of scanning, with them ~6 ms.

use rencontres_protocol::Role;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::{restamp, Viewer};
use crate::storage::StorageError;

fn text<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    fields.get(name).and_then(Value::as_str)
}

fn is_submitted(fields: &Map<String, Value>) -> bool {
    text(fields, "status") == Some("submitted")
}

/// Whether reviewer ?2 holds a live assignment to application ?1 (served by the partial
/// index `records_review_assignment_reviewer` of migration 0003).
pub(crate) const ASSIGNED_SQL: &str = "SELECT EXISTS (SELECT 1 FROM records WHERE entity = 'review_assignment' AND deleted = 0
   AND json_extract(fields, '$.application_id') = ?1 AND json_extract(fields, '$.reviewer') = ?2)";

/// Whether reviewer ?2 submitted their review of application ?1 (index `records_review_reviewer`).
pub(crate) const SUBMITTED_OWN_SQL: &str = "SELECT EXISTS (SELECT 1 FROM records WHERE entity = 'review' AND deleted = 0
   AND json_extract(fields, '$.application_id') = ?1 AND json_extract(fields, '$.reviewer') = ?2
   AND json_extract(fields, '$.status') = 'submitted')";

fn assigned(tx: &Transaction, application_id: &str, username: &str) -> Result<bool, StorageError> {
    Ok(tx.prepare_cached(ASSIGNED_SQL)?.query_row(params![application_id, username], |r| r.get(0))?)
}

fn submitted_own(tx: &Transaction, application_id: &str, username: &str) -> Result<bool, StorageError> {
    Ok(tx.prepare_cached(SUBMITTED_OWN_SQL)?.query_row(params![application_id, username], |r| r.get(0))?)
}

/// What the scope says of this record for a committee account; None when it has no rule
/// for the entity (the role's entity rules then decide).
pub(super) fn may_see(tx: &Transaction, viewer: Viewer, entity: &str, id: &str, fields: &Map<String, Value>) -> Result<Option<bool>, StorageError> {
    if viewer.role != Role::Committee {
        return Ok(None);
    }
    let me = viewer.username;
    Ok(Some(match entity {
        "application" => assigned(tx, id, me)?,
        "review_assignment" => text(fields, "reviewer") == Some(me),
        "review" => {
            if text(fields, "reviewer") == Some(me) {
                true
            } else {
                let application = text(fields, "application_id").unwrap_or_default();
                is_submitted(fields) && assigned(tx, application, me)? && submitted_own(tx, application, me)?
            }
        }
        _ => return Ok(None),
    }))
}

/// Why `viewer` may not write this review, or None; None too for entities without a rule.
pub(super) fn refusal(
    tx: &Transaction,
    viewer: Viewer,
    entity: &str,
    id: &str,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<Option<String>, StorageError> {
    if entity != "review" {
        return Ok(None);
    }
    if before.is_some_and(is_submitted) {
        return Ok(Some("this review was submitted: submitted reviews are final".into()));
    }
    if viewer.role != Role::Committee {
        return Ok(None);
    }
    let me = viewer.username;
    if text(after, "reviewer") != Some(me) || before.is_some_and(|b| text(b, "reviewer") != Some(me)) {
        return Ok(Some(format!("{me} may write only their own reviews")));
    }
    // A review's id is its assignment's: the assignment must be this account's, for the
    // same application and seat.
    let assignment: Option<String> = tx
        .prepare_cached("SELECT fields FROM records WHERE entity = 'review_assignment' AND id = ?1 AND deleted = 0")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let assignment: Option<Map<String, Value>> = assignment.map(|f| serde_json::from_str(&f)).transpose()?;
    let matches = assignment.as_ref().is_some_and(|a| {
        text(a, "reviewer") == Some(me)
            && text(a, "application_id") == text(after, "application_id")
            && text(a, "seat_id") == text(after, "seat_id")
    });
    if !matches {
        return Ok(Some(format!("{me} is not assigned to review this application")));
    }
    let status: Option<String> = tx
        .prepare_cached("SELECT json_extract(fields, '$.status') FROM records WHERE entity = 'application' AND id = ?1 AND deleted = 0")?
        .query_row([text(after, "application_id").unwrap_or_default()], |r| r.get(0))
        .optional()?
        .flatten();
    if !matches!(status.as_deref(), Some("received" | "under_review")) {
        return Ok(Some("the application is decided or withdrawn: reviews are closed".into()));
    }
    Ok(None)
}

/// Re-stamps what a write grants (see the module comment).
pub(super) fn after_write(tx: &Transaction, entity: &str, id: &str, fields: &Map<String, Value>) -> Result<(), StorageError> {
    match entity {
        "review_assignment" => {
            if let Some(application) = text(fields, "application_id") {
                restamp(tx, "application", application)?;
                let own_review: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM records WHERE entity = 'review' AND id = ?1)")?
                    .query_row([id], |r| r.get(0))?;
                if own_review {
                    restamp(tx, "review", id)?;
                }
            }
        }
        "review" if is_submitted(fields) => {
            let application = text(fields, "application_id").unwrap_or_default();
            let others: Vec<String> = tx
                .prepare_cached(
                    "SELECT id FROM records WHERE entity = 'review' AND deleted = 0 AND id <> ?2
                       AND json_extract(fields, '$.application_id') = ?1 AND json_extract(fields, '$.status') = 'submitted'
                     ORDER BY seq",
                )?
                .query_map(params![application, id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for other in others {
                restamp(tx, "review", &other)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `viewer` may read the attached file `sha256`: the secretariat any, a committee
/// account those of the applications assigned to it, an organiser none.
pub(crate) fn may_read_file(tx: &Transaction, viewer: Viewer, sha256: &str) -> Result<bool, StorageError> {
    match viewer.role {
        Role::Secretariat => Ok(true),
        Role::Organiser => Ok(false),
        Role::Committee => {
            // The digest is 64 hex characters (checked by the caller), so a text search in the
            // attachment list cannot match anything but that digest.
            let applications: Vec<String> = tx
                .prepare_cached(
                    "SELECT id FROM records WHERE entity = 'application' AND deleted = 0
                       AND instr(json_extract(fields, '$.attachments'), ?1) > 0",
                )?
                .query_map([sha256], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for application in applications {
                if assigned(tx, &application, viewer.username)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}
