//! Events of the association: the General Assembly and Conference, national meetings,
//! thematic and regional meetings. This module owns the `events` table (kind, title, place,
//! dates, venue, capacity, status, the organisers assigned); its submodules own the rest:
//!
//! - [`sessions`]: the programme (time, room, speakers);
//! - [`tiers`]: price tiers per event and the automatic choice of a tier;
//! - [`registrations`]: registrations, capacity and waitlist, badge codes, badges;
//! - [`attendees`]: the attendee list as CSV or XLSX; [`import`]: registrations from CSV;
//! - [`checkins`]: door check-ins (append-only facts), counters and duplicates;
//! - [`documents`]: the badges as PDF and the events as an iCalendar file;
//! - [`quorum`]: the General Assembly quorum;
//! - [`statistics`]: attendance per event and per year;
//! - [`suggestions`]: where the next meetings should be held, from the reference data.
//!
//! Every write goes through [`crate::mutation`], so events sync, show in History and are
//! audited like members. `organisers` holds server usernames: the server lets an organiser
//! account see and change only the events that name it (and their rows).

pub mod attendees;
pub mod checkins;
pub mod documents;
pub mod import;
pub mod quorum;
pub mod registrations;
pub mod sessions;
pub mod statistics;
pub mod suggestions;
pub mod tiers;

use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use crate::fold::fold;
use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{countries, validate, CoreError, Result};

/// What kind of meeting an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The annual General Assembly and Conference, in a European Capital of Culture.
    GeneralAssembly,
    /// A national meeting, each semester in the country holding the EU presidency.
    National,
    /// A thematic meeting (books and reading, photography, dance, opera, cinema…).
    Thematic,
    /// A regional or bilateral meeting.
    Regional,
}

/// Where an event stands. Registration is taken while `open`; walk-ins at the door also
/// while `closed` (registration closed) or `held` (under way or over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Draft,
    Open,
    Closed,
    Held,
    Cancelled,
}

/// What a user edits of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventInput {
    pub kind: EventKind,
    pub title: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub venue: String,
    /// First day, YYYY-MM-DD.
    pub starts_on: String,
    /// Last day (inclusive), YYYY-MM-DD.
    pub ends_on: String,
    /// Seats; `None` means no limit (no waitlist).
    pub capacity: Option<i64>,
    pub status: EventStatus,
    /// Server usernames of the organisers assigned to the event.
    pub organisers: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Event {
    pub id: String,
    #[serde(flatten)]
    pub fields: EventInput,
}

/// A row of the events list, with its live counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventRow {
    pub id: String,
    pub kind: EventKind,
    pub title: String,
    pub city: String,
    pub country: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: EventStatus,
    pub capacity: Option<i64>,
    pub registered: u32,
    pub waitlisted: u32,
}

pub(crate) static EVENTS: Table = Table {
    entity: EntityKind::Event,
    noun: "Event",
    sql: "events",
    fields: &["kind", "title", "city", "country", "venue", "starts_on", "ends_on", "capacity", "status", "organisers", "notes"],
    list_fields: &["organisers"],
    // Newest first is the list's order; the key sorts oldest first and the list reverses it.
    sort_key: |f| format!("{} {}", text(f, "starts_on"), fold(text(f, "title"))),
};

pub(crate) fn text<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// A snake_case enum as the text stored in its column.
pub(crate) fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A stored snake_case text back as its enum.
pub(crate) fn parse<T: for<'de> Deserialize<'de>>(column: &str, text: &str) -> Result<T> {
    serde_json::from_value(Value::String(text.to_string()))
        .map_err(|_| CoreError::Corrupt(format!("{column} holds an unknown value {text:?}")))
}

pub(crate) fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

fn clean(input: &EventInput) -> Result<EventInput> {
    let title = validate::required("title", "Title", &input.title, 200)?;
    let city = validate::required("city", "City", &input.city, 100)?;
    let country = input.country.trim().to_uppercase();
    if countries::by_code(&country).is_none() {
        return Err(CoreError::invalid("country", format!("\"{}\" is not a country code (e.g. PT, FR)", input.country.trim())));
    }
    let venue = validate::optional("venue", "Venue", &input.venue, 200)?;
    let starts_on = validate::date("starts_on", "First day", Some(&input.starts_on))?
        .ok_or_else(|| CoreError::invalid("starts_on", "The first day is required"))?;
    let ends_on = validate::date("ends_on", "Last day", Some(&input.ends_on))?.unwrap_or_else(|| starts_on.clone());
    if ends_on < starts_on {
        return Err(CoreError::invalid("ends_on", format!("The last day ({ends_on}) is before the first ({starts_on})")));
    }
    if let Some(capacity) = input.capacity {
        if !(1..=1_000_000).contains(&capacity) {
            return Err(CoreError::invalid("capacity", "Capacity is a number of seats from 1 up, or empty for no limit"));
        }
    }
    let mut organisers: Vec<String> = Vec::new();
    for name in input.organisers.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        if name.chars().count() > 100 || name.chars().any(char::is_whitespace) {
            return Err(CoreError::invalid("organisers", format!("\"{name}\" is not an account name (no spaces, at most 100 characters)")));
        }
        if !organisers.iter().any(|o| o == name) {
            organisers.push(name.to_string());
        }
    }
    let notes = validate::optional("notes", "Notes", &input.notes, 5000)?;
    Ok(EventInput { kind: input.kind, title, city, country, venue, starts_on, ends_on, capacity: input.capacity, status: input.status, organisers, notes })
}

fn event_fields(input: &EventInput) -> Fields {
    let value = json!({
        "kind": code(&input.kind),
        "title": input.title,
        "city": input.city,
        "country": input.country,
        "venue": input.venue,
        "starts_on": input.starts_on,
        "ends_on": input.ends_on,
        "capacity": input.capacity,
        "status": code(&input.status),
        "organisers": input.organisers,
        "notes": input.notes,
    });
    match value {
        Value::Object(map) => map,
        _ => Fields::new(),
    }
}

pub(crate) fn read_event(conn: &Connection, id: &str) -> Result<Event> {
    let stored = record::read_live(conn, &EVENTS, id)?;
    Ok(Event { id: id.to_string(), fields: record::from_fields(&stored.fields)? })
}

/// An events-list row as read: id, kind, title, city, country, first and last day, status,
/// capacity, registered, waitlisted.
type EventListRow = (String, String, String, String, String, String, String, String, Option<i64>, u32, u32);

fn event_row(row: &Row) -> rusqlite::Result<EventListRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(10)?,
    ))
}

impl Store {
    pub fn create_event(&mut self, input: &EventInput) -> Result<Event> {
        let event = clean(input)?;
        let id = mutation::new_id();
        self.write(|tx, author| {
            let fields = event_fields(&event);
            mutation::apply(tx, author, Write { table: &EVENTS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_event(&self.conn, &id)
    }

    /// Saves an edited event. Lowering the capacity below the seats taken does not unseat
    /// anyone: it only stops promotions from the waitlist until seats free up.
    pub fn update_event(&mut self, id: &str, input: &EventInput) -> Result<Event> {
        let event = clean(input)?;
        self.write(|tx, author| {
            record::read_live(tx, &EVENTS, id)?;
            let fields = event_fields(&event);
            mutation::apply(tx, author, Write { table: &EVENTS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_event(&self.conn, id)
    }

    pub fn event(&self, id: &str) -> Result<Event> {
        read_event(&self.conn, id)
    }

    /// Every live event, the latest first, with its registered and waitlisted counts.
    pub fn events(&self) -> Result<Vec<EventRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, e.kind, e.title, e.city, e.country, e.starts_on, e.ends_on, e.status, e.capacity,
                    (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.deleted_at IS NULL AND r.status = 'registered'),
                    (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.deleted_at IS NULL AND r.status = 'waitlisted')
             FROM events e WHERE e.deleted_at IS NULL ORDER BY e.sort_key DESC, e.id",
        )?;
        let rows = statement.query_map([], event_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, kind, title, city, country, starts_on, ends_on, status, capacity, registered, waitlisted)| {
                Ok(EventRow {
                    id,
                    kind: parse("events.kind", &kind)?,
                    title,
                    city,
                    country,
                    starts_on,
                    ends_on,
                    status: parse("events.status", &status)?,
                    capacity,
                    registered,
                    waitlisted,
                })
            })
            .collect()
    }

    /// Removes an event entered by mistake (its rows stay, unreachable); answers the mutation id.
    pub fn delete_event(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &EVENTS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting event {id} recorded nothing")))
        })
    }
}

#[cfg(test)]
mod tests;
