//! The committee: seats with a role (president, vice-president, treasurer, member) and a
//! term, each held by a person (a contact), optionally linked to a server account (used by
//! reviews). Every write goes through [`crate::mutation`], so seats sync, show in History
//! and can be undone like members.
//!
//! Choices a reader should know:
//! - Dates are `YYYY-MM-DD`; a term runs from `term_start` to `term_end` **inclusive** (the
//!   last day in office); no `term_end` means the seat is open. A seat is current on a date
//!   its term covers.
//! - One president at a time: a president seat whose term overlaps another president's is
//!   refused. Other roles may be held by several people at once.
//! - Ending a seat sets its last day in office; the seat stays, listed among the past ones.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{validate, CoreError, Result};

/// The role of a seat, in the order the committee is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeatRole {
    President,
    VicePresident,
    Treasurer,
    Member,
}

impl SeatRole {
    fn rank(self) -> u8 {
        match self {
            SeatRole::President => 0,
            SeatRole::VicePresident => 1,
            SeatRole::Treasurer => 2,
            SeatRole::Member => 3,
        }
    }

    /// "President", "Vice-president", …
    pub fn label(self) -> &'static str {
        match self {
            SeatRole::President => "President",
            SeatRole::VicePresident => "Vice-president",
            SeatRole::Treasurer => "Treasurer",
            SeatRole::Member => "Member",
        }
    }
}

/// What a user edits of a seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SeatInput {
    /// The holder: a contact (`people.id`).
    pub person_id: String,
    pub role: SeatRole,
    /// First day in office.
    pub term_start: String,
    /// Last day in office; `None` while the seat is open.
    pub term_end: Option<String>,
    /// The holder's server account username, if any.
    pub account_username: Option<String>,
}

/// A seat with its holder's name and organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Seat {
    pub id: String,
    #[serde(flatten)]
    pub fields: SeatInput,
    /// "First Last", or "(removed contact)" when the person is gone.
    pub person_name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
}

/// The committee on a date: current seats (president first, then vice-presidents, treasurer,
/// members), seats starting later, and past seats (latest ended first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Committee {
    pub on: String,
    pub current: Vec<Seat>,
    pub upcoming: Vec<Seat>,
    pub past: Vec<Seat>,
}

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

fn role_rank(text: &str) -> u8 {
    serde_json::from_value::<SeatRole>(serde_json::Value::String(text.to_string())).map(SeatRole::rank).unwrap_or(9)
}

pub(crate) static SEATS: Table = Table {
    entity: EntityKind::CommitteeSeat,
    noun: "CommitteeSeat",
    sql: "committee_seats",
    fields: &["person_id", "role", "term_start", "term_end", "account_username"],
    list_fields: &[],
    sort_key: |f| format!("{}-{}", role_rank(text_of(f, "role")), text_of(f, "term_start")),
};

fn read_seat(conn: &Connection, id: &str) -> Result<Seat> {
    let stored = record::read_live(conn, &SEATS, id)?;
    let fields: SeatInput = record::from_fields(&stored.fields)?;
    let holder: Option<(String, String, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT p.first_name, p.last_name, p.organisation_id, o.name
             FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
             WHERE p.id = ?1 AND p.deleted_at IS NULL",
            [&fields.person_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok();
    let (person_name, organisation_id, organisation_name) = match holder {
        Some((first, last, org_id, org_name)) => (format!("{first} {last}").trim().to_string(), org_id, org_name),
        None => ("(removed contact)".to_string(), None, None),
    };
    Ok(Seat { id: id.to_string(), fields, person_name, organisation_id, organisation_name })
}

fn all_seats(conn: &Connection) -> Result<Vec<Seat>> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM committee_seats WHERE deleted_at IS NULL ORDER BY sort_key, id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| read_seat(conn, id)).collect()
}

/// Whether the seat's term covers `on` (all `YYYY-MM-DD`, so text order is date order).
fn covers(seat: &SeatInput, on: &str) -> bool {
    seat.term_start.as_str() <= on && seat.term_end.as_deref().is_none_or(|end| on <= end)
}

/// Whether two terms share at least one day.
fn overlap(a: &SeatInput, b: &SeatInput) -> bool {
    let a_before_b_ends = b.term_end.as_deref().is_none_or(|end| a.term_start.as_str() <= end);
    let b_before_a_ends = a.term_end.as_deref().is_none_or(|end| b.term_start.as_str() <= end);
    a_before_b_ends && b_before_a_ends
}

fn clean(input: &SeatInput) -> Result<SeatInput> {
    if input.person_id.trim().is_empty() {
        return Err(CoreError::invalid("person_id", "Choose the person who holds the seat"));
    }
    let term_start = validate::date("term_start", "Term start", Some(&input.term_start))?
        .ok_or_else(|| CoreError::invalid("term_start", "Term start is required"))?;
    let term_end = validate::date("term_end", "Term end", input.term_end.as_deref())?;
    if let Some(end) = &term_end {
        if end < &term_start {
            return Err(CoreError::invalid("term_end", format!("The term cannot end ({end}) before it starts ({term_start})")));
        }
    }
    let account_username = validate::optional("account_username", "Account", input.account_username.as_deref().unwrap_or(""), 100)?;
    Ok(SeatInput {
        person_id: input.person_id.trim().to_string(),
        role: input.role,
        term_start,
        term_end,
        account_username: Some(account_username).filter(|a| !a.is_empty()),
    })
}

/// Refuses a seat whose holder does not exist, or a second president over the same days.
fn check(conn: &Connection, seat: &SeatInput, id: Option<&str>) -> Result<()> {
    let person_exists: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND deleted_at IS NULL)", [&seat.person_id], |r| r.get(0))?;
    if !person_exists {
        return Err(CoreError::invalid("person_id", "Choose a person from the contacts"));
    }
    if seat.role == SeatRole::President {
        for other in all_seats(conn)? {
            if Some(other.id.as_str()) != id && other.fields.role == SeatRole::President && overlap(&other.fields, seat) {
                let until = other.fields.term_end.as_deref().map(|e| format!(" until {e}")).unwrap_or_default();
                return Err(CoreError::invalid(
                    "role",
                    format!(
                        "{} is president from {}{until}: there is one president at a time, so end that seat first",
                        other.person_name, other.fields.term_start
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

fn day(field: &str, value: &str) -> Result<String> {
    validate::date(field, "Date", Some(value))?.ok_or_else(|| CoreError::invalid(field, "A date is required"))
}

impl Store {
    /// Adds a seat (validated: a holder from the contacts, end not before start, one
    /// president at a time).
    pub fn add_seat(&mut self, input: &SeatInput) -> Result<Seat> {
        let seat = clean(input)?;
        let id = mutation::new_id();
        self.write(|tx, author| {
            check(tx, &seat, None)?;
            let fields = record::to_fields(&SEATS, &seat)?;
            mutation::apply(tx, author, Write { table: &SEATS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_seat(&self.conn, &id)
    }

    pub fn update_seat(&mut self, id: &str, input: &SeatInput) -> Result<Seat> {
        let seat = clean(input)?;
        self.write(|tx, author| {
            record::read_live(tx, &SEATS, id)?;
            check(tx, &seat, Some(id))?;
            let fields = record::to_fields(&SEATS, &seat)?;
            mutation::apply(tx, author, Write { table: &SEATS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_seat(&self.conn, id)
    }

    /// Ends a seat: `last_day` becomes its last day in office.
    pub fn end_seat(&mut self, id: &str, last_day: &str) -> Result<Seat> {
        let last_day = day("term_end", last_day)?;
        let seat = read_seat(&self.conn, id)?;
        self.update_seat(id, &SeatInput { term_end: Some(last_day), ..seat.fields })
    }

    /// Removes a seat entered by mistake; answers the mutation id [`Store::undo`] takes back.
    pub fn delete_seat(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &SEATS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting seat {id} recorded nothing")))
        })
    }

    pub fn seat(&self, id: &str) -> Result<Seat> {
        read_seat(&self.conn, id)
    }

    /// The committee on `on` (`YYYY-MM-DD`; today when empty).
    pub fn committee(&self, on: &str) -> Result<Committee> {
        let on = if on.trim().is_empty() { today() } else { day("on", on)? };
        let (mut current, mut upcoming, mut past) = (Vec::new(), Vec::new(), Vec::new());
        for seat in all_seats(&self.conn)? {
            if covers(&seat.fields, &on) {
                current.push(seat);
            } else if seat.fields.term_start.as_str() > on.as_str() {
                upcoming.push(seat);
            } else {
                past.push(seat);
            }
        }
        let by_role = |a: &Seat, b: &Seat| {
            a.fields.role.rank().cmp(&b.fields.role.rank()).then_with(|| a.person_name.cmp(&b.person_name))
        };
        current.sort_by(by_role);
        upcoming.sort_by(|a, b| a.fields.term_start.cmp(&b.fields.term_start).then_with(|| by_role(a, b)));
        past.sort_by(|a, b| b.fields.term_end.cmp(&a.fields.term_end).then_with(|| by_role(a, b)));
        Ok(Committee { on, current, upcoming, past })
    }

    /// The seats `person_id` holds on `on` (today when empty), president first.
    pub fn current_seats_of_person(&self, person_id: &str, on: &str) -> Result<Vec<Seat>> {
        Ok(self.committee(on)?.current.into_iter().filter(|s| s.fields.person_id == person_id).collect())
    }
}

#[cfg(test)]
mod tests;
