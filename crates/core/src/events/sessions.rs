//! The programme of an event: sessions with a start and end time (local time of the venue,
//! `YYYY-MM-DDTHH:MM`), a room and speakers. This list, with the event, is what the calendar
//! (.ics) writer of `crate::calendar` is handed.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use super::{read_event, text, EVENTS};
use crate::fold::fold;
use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SessionInput {
    pub event_id: String,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`, local time of the venue.
    pub starts_at: String,
    pub ends_at: String,
    pub room: String,
    pub speakers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Session {
    pub id: String,
    #[serde(flatten)]
    pub fields: SessionInput,
}

pub(crate) static SESSIONS: Table = Table {
    entity: EntityKind::EventSession,
    noun: "EventSession",
    sql: "event_sessions",
    fields: &["event_id", "title", "starts_at", "ends_at", "room", "speakers"],
    list_fields: &["speakers"],
    sort_key: |f| format!("{} {}", text(f, "starts_at"), fold(text(f, "title"))),
};

fn time(field: &str, label: &str, value: &str) -> Result<String> {
    let value = value.trim().replace(' ', "T");
    chrono::NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M")
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .map_err(|_| CoreError::invalid(field, format!("{label} \"{value}\" is not a time (expected YYYY-MM-DD HH:MM)")))
}

fn clean(conn: &Connection, input: &SessionInput) -> Result<SessionInput> {
    let event = read_event(conn, &input.event_id).map_err(|_| CoreError::invalid("event_id", "The event does not exist"))?;
    let title = validate::required("title", "Title", &input.title, 200)?;
    let starts_at = time("starts_at", "Start", &input.starts_at)?;
    let ends_at = time("ends_at", "End", &input.ends_at)?;
    if ends_at <= starts_at {
        return Err(CoreError::invalid("ends_at", format!("The session ends ({ends_at}) before it starts ({starts_at})")));
    }
    let day = &starts_at[..10];
    if day < event.fields.starts_on.as_str() || day > event.fields.ends_on.as_str() {
        return Err(CoreError::invalid(
            "starts_at",
            format!("The session is on {day}, outside the event ({} to {})", event.fields.starts_on, event.fields.ends_on),
        ));
    }
    let room = validate::optional("room", "Room", &input.room, 100)?;
    let speakers: Vec<String> = input.speakers.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    if let Some(long) = speakers.iter().find(|s| s.chars().count() > 200) {
        return Err(CoreError::invalid("speakers", format!("\"{long}\" is longer than 200 characters")));
    }
    Ok(SessionInput { event_id: input.event_id.clone(), title, starts_at, ends_at, room, speakers })
}

fn session_fields(input: &SessionInput) -> Fields {
    match json!({
        "event_id": input.event_id,
        "title": input.title,
        "starts_at": input.starts_at,
        "ends_at": input.ends_at,
        "room": input.room,
        "speakers": input.speakers,
    }) {
        Value::Object(map) => map,
        _ => Fields::new(),
    }
}

fn read_session(conn: &Connection, id: &str) -> Result<Session> {
    let stored = record::read_live(conn, &SESSIONS, id)?;
    Ok(Session { id: id.to_string(), fields: record::from_fields(&stored.fields)? })
}

impl Store {
    pub fn add_session(&mut self, input: &SessionInput) -> Result<Session> {
        let id = mutation::new_id();
        self.write(|tx, author| {
            let session = clean(tx, input)?;
            let fields = session_fields(&session);
            mutation::apply(tx, author, Write { table: &SESSIONS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_session(&self.conn, &id)
    }

    pub fn update_session(&mut self, id: &str, input: &SessionInput) -> Result<Session> {
        self.write(|tx, author| {
            record::read_live(tx, &SESSIONS, id)?;
            let session = clean(tx, input)?;
            let fields = session_fields(&session);
            mutation::apply(tx, author, Write { table: &SESSIONS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_session(&self.conn, id)
    }

    pub fn delete_session(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &SESSIONS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting session {id} recorded nothing")))
        })
    }

    /// The programme of an event, in time order.
    pub fn sessions(&self, event_id: &str) -> Result<Vec<Session>> {
        record::read_live(&self.conn, &EVENTS, event_id)?;
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM event_sessions WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY sort_key, id")?
            .query_map([event_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read_session(&self.conn, id)).collect()
    }
}
