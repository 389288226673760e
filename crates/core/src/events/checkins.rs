//! Door check-ins: append-only facts (id = idempotency nonce, registration, laptop, scan time,
//! user, offline flag) and what the door screen shows of them — the green / amber / red
//! answer to a scan, the live counters, and the Duplicates list.
//!
//! Choices a reader should know:
//! - A scan of a badge already checked in (a live check-in on any laptop this one has heard
//!   of) answers amber and records nothing; a first scan answers green and records one fact.
//! - Two laptops that could not hear of each other (offline) both answer green and both record
//!   a fact. After sync both facts are on every laptop: the registration counts once as
//!   present and shows in the Duplicates list. Nothing is merged or dropped.
//! - Undo of a check-in is a soft delete through the ordinary mutation path: the fact keeps
//!   its row (a tombstone with its fields unchanged), History says who took it back and when,
//!   and the delete syncs like any other. A compensating "un-check-in" fact would need its own
//!   entity and every count would have to subtract it; the tombstone gives the same audit with
//!   the counts written once (`deleted_at IS NULL`). Check-ins are never updated: the server
//!   refuses an update of one.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use super::registrations::{by_badge_code, normalise_code, read_registration, Registration, RegistrationStatus};
use super::tiers::Tier;
use super::{parse, read_event};
use crate::model::EntityKind;
use crate::mutation::{self, now, Action, Write};
use crate::record::{Fields, Table};
use crate::store::Store;
use crate::{CoreError, Result};

/// Something the door should know about the person checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckInNote {
    Speaker,
    /// Their organisation is a member with dues overdue (they paid the non-member price).
    DuesUnpaid,
    /// The registration is not paid yet.
    PaymentDue { cents: i64 },
    Diet { text: String },
    Access { text: String },
    /// They represent another member organisation at the General Assembly.
    Proxy { organisation: String },
    WalkIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RedReason {
    UnknownCode,
    Cancelled,
    Waitlisted,
    AnotherEvent,
}

/// The door's answer to a scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CheckInOutcome {
    /// Let them in: checked in now.
    Green {
        check_in_id: String,
        registration_id: String,
        name: String,
        organisation: String,
        country: String,
        tier: Tier,
        notes: Vec<CheckInNote>,
    },
    /// Already checked in: when, on which laptop, by whom. Nothing recorded.
    Amber {
        registration_id: String,
        name: String,
        organisation: String,
        tier: Tier,
        /// ISO 8601 UTC of the first check-in.
        at: String,
        /// The same, as HH:MM on this laptop's clock.
        local_time: String,
        device: String,
        user: String,
    },
    /// Do not let them in on this badge.
    Red {
        reason: RedReason,
        /// The code as read (normalised).
        code: String,
        /// The registrant's name, when the code is known.
        name: Option<String>,
        /// The event the badge belongs to, when it is another one.
        event_title: Option<String>,
    },
}

/// One check-in fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CheckInFact {
    pub id: String,
    pub event_id: String,
    pub registration_id: String,
    pub device: String,
    pub device_id: String,
    pub scanned_at: String,
    /// `scanned_at` as HH:MM on this laptop's clock.
    pub local_time: String,
    pub user: String,
    pub offline: bool,
    /// The programme session checked into; None at the event's door.
    pub session_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TierCount {
    pub tier: Tier,
    pub registered: u32,
    pub present: u32,
}

/// The door's live counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Counters {
    pub registered: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// Registrations with at least one live check-in (a duplicate counts once).
    pub present: u32,
    pub per_tier: Vec<TierCount>,
}

/// Attendance of one programme session (optional per-session check-in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SessionAttendance {
    pub session_id: String,
    pub present: u32,
}

/// A registration checked in on more than one laptop: shown, never merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuplicateCheckIn {
    pub registration_id: String,
    pub name: String,
    pub organisation: String,
    /// Every live check-in of the registration, first first.
    pub check_ins: Vec<CheckInFact>,
}

pub(crate) static CHECK_INS: Table = Table {
    entity: EntityKind::CheckIn,
    noun: "CheckIn",
    sql: "check_ins",
    fields: &["event_id", "registration_id", "device", "device_id", "scanned_at", "user", "offline", "session_id"],
    list_fields: &[],
    sort_key: |f| super::text(f, "scanned_at").to_string(),
};

/// An ISO 8601 UTC time as HH:MM on this laptop's clock.
pub fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_else(|_| at.get(11..16).unwrap_or_default().to_string())
}

const FACT_COLUMNS: &str = "id, event_id, registration_id, device, device_id, scanned_at, user, offline, session_id";

fn fact(row: &rusqlite::Row) -> rusqlite::Result<CheckInFact> {
    let scanned_at: String = row.get(5)?;
    Ok(CheckInFact {
        id: row.get(0)?,
        event_id: row.get(1)?,
        registration_id: row.get(2)?,
        device: row.get(3)?,
        device_id: row.get(4)?,
        local_time: local_time(&scanned_at),
        scanned_at,
        user: row.get(6)?,
        offline: row.get::<_, i64>(7)? != 0,
        session_id: row.get(8)?,
    })
}

/// The live check-ins of a registration at the event's door (`session` None) or into one
/// session, first first.
fn facts_of(conn: &Connection, registration_id: &str, session: Option<&str>) -> Result<Vec<CheckInFact>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {FACT_COLUMNS} FROM check_ins WHERE registration_id = ?1 AND deleted_at IS NULL AND session_id IS ?2
             ORDER BY scanned_at, id"
        ))?
        .query_map(params![registration_id, session], fact)?
        .collect::<rusqlite::Result<_>>()?)
}

fn notes_of(conn: &Connection, r: &Registration) -> Result<Vec<CheckInNote>> {
    let mut notes = Vec::new();
    if r.tier == Tier::Speaker {
        notes.push(CheckInNote::Speaker);
    }
    if r.dues_unpaid {
        notes.push(CheckInNote::DuesUnpaid);
    }
    if r.price_cents > 0 && r.payment == super::registrations::PaymentStatus::Unpaid {
        notes.push(CheckInNote::PaymentDue { cents: r.price_cents });
    }
    if let Some(proxy) = &r.proxy_for {
        let name: Option<String> =
            conn.query_row("SELECT name FROM organisations WHERE id = ?1", [proxy], |row| row.get(0)).optional()?;
        notes.push(CheckInNote::Proxy { organisation: name.unwrap_or_else(|| proxy.clone()) });
    }
    if !r.diet.is_empty() {
        notes.push(CheckInNote::Diet { text: r.diet.clone() });
    }
    if !r.access.is_empty() {
        notes.push(CheckInNote::Access { text: r.access.clone() });
    }
    if r.walk_in {
        notes.push(CheckInNote::WalkIn);
    }
    Ok(notes)
}

impl Store {
    /// Leaves WAL checkpoints to another connection (see [`Store::checkpoint`]): a commit on
    /// this one then does not pay for copying the log into the database and syncing it to
    /// disk, the cost that otherwise lands on one scan in a few hundred at the door (p99 17 ms
    /// against 0.5 ms measured). The app's sync worker checkpoints in the background at each
    /// round; should it stop, this connection still checkpoints once the log passes 40 MB.
    pub fn defer_checkpoints(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_autocheckpoint = 10000", [], |_| Ok(()))?;
        Ok(())
    }

    /// Copies what the write-ahead log holds into the database without blocking writers
    /// (a passive checkpoint); meant for a background connection.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// This laptop's name at the door ("Door 2"), shown in amber answers on other laptops.
    pub fn device_name(&self) -> Result<String> {
        Ok(self.setting("device_name")?.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| {
            format!("Laptop {}", self.author.device.chars().rev().take(4).collect::<String>().chars().rev().collect::<String>())
        }))
    }

    pub fn set_device_name(&mut self, name: &str) -> Result<String> {
        let name = crate::validate::required("device_name", "Laptop name", name, 40)?;
        self.set_setting("device_name", &name)?;
        Ok(name)
    }

    /// Answers a scanned or typed badge code at the door of `event_id`, recording a check-in
    /// when the answer is green. `offline` says the laptop could not reach the server.
    pub fn check_in(&mut self, event_id: &str, code: &str, offline: bool) -> Result<CheckInOutcome> {
        let code = normalise_code(code);
        let Some(registration) = by_badge_code(&self.conn, &code)? else {
            return Ok(CheckInOutcome::Red { reason: RedReason::UnknownCode, code, name: None, event_title: None });
        };
        self.check_in_registration_found(event_id, None, registration, code, offline)
    }

    /// Answers a badge scanned at the door of one programme session (optional per-session
    /// check-in): green records a fact for the session, amber when already in that session.
    /// Session check-ins count neither as presence at the event nor as duplicates.
    pub fn check_in_session(&mut self, session_id: &str, code: &str, offline: bool) -> Result<CheckInOutcome> {
        let session = crate::record::read_live(&self.conn, &super::sessions::SESSIONS, session_id)
            .map_err(|_| CoreError::invalid("session_id", "The session does not exist"))?;
        let event_id = super::text(&session.fields, "event_id").to_string();
        let code = normalise_code(code);
        let Some(registration) = by_badge_code(&self.conn, &code)? else {
            return Ok(CheckInOutcome::Red { reason: RedReason::UnknownCode, code, name: None, event_title: None });
        };
        self.check_in_registration_found(&event_id, Some(session_id), registration, code, offline)
    }

    /// Checks in a registration found by name at the door.
    pub fn check_in_registration(&mut self, event_id: &str, registration_id: &str, offline: bool) -> Result<CheckInOutcome> {
        let registration = read_registration(&self.conn, registration_id)?;
        let code = registration.badge_code.clone();
        self.check_in_registration_found(event_id, None, registration, code, offline)
    }

    fn check_in_registration_found(
        &mut self,
        event_id: &str,
        session: Option<&str>,
        r: Registration,
        code: String,
        offline: bool,
    ) -> Result<CheckInOutcome> {
        if r.event_id != event_id {
            let title = read_event(&self.conn, &r.event_id).map(|e| e.fields.title).ok();
            return Ok(CheckInOutcome::Red { reason: RedReason::AnotherEvent, code, name: Some(r.name()), event_title: title });
        }
        let red = |reason| CheckInOutcome::Red { reason, code: code.clone(), name: Some(r.name()), event_title: None };
        match r.status {
            RegistrationStatus::Cancelled => return Ok(red(RedReason::Cancelled)),
            RegistrationStatus::Waitlisted => return Ok(red(RedReason::Waitlisted)),
            RegistrationStatus::Registered => {}
        }
        if let Some(first) = facts_of(&self.conn, &r.id, session)?.into_iter().next() {
            return Ok(CheckInOutcome::Amber {
                registration_id: r.id.clone(),
                name: r.name(),
                organisation: r.organisation_name.clone(),
                tier: r.tier,
                at: first.scanned_at,
                local_time: first.local_time,
                device: first.device,
                user: first.user,
            });
        }
        let device = self.device_name()?;
        let id = mutation::new_id();
        let notes = notes_of(&self.conn, &r)?;
        self.write(|tx, author| {
            let fields: Fields = match json!({
                "event_id": event_id,
                "registration_id": r.id,
                "device": device,
                "device_id": author.device,
                "scanned_at": now(),
                "user": author.actor,
                "offline": i64::from(offline),
                "session_id": session,
            }) {
                Value::Object(map) => map,
                _ => Fields::new(),
            };
            mutation::apply(tx, author, Write { table: &CHECK_INS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        Ok(CheckInOutcome::Green {
            check_in_id: id,
            registration_id: r.id.clone(),
            name: r.name(),
            organisation: r.organisation_name.clone(),
            country: r.country.clone(),
            tier: r.tier,
            notes,
        })
    }

    /// Takes back a check-in made by mistake (a soft delete that syncs); answers the fact.
    pub fn undo_check_in(&mut self, check_in_id: &str) -> Result<CheckInFact> {
        let found = self
            .conn
            .prepare_cached(&format!("SELECT {FACT_COLUMNS} FROM check_ins WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([check_in_id], fact)
            .optional()?;
        let found = found.ok_or_else(|| CoreError::invalid("check_in_id", "This check-in was already taken back or never made"))?;
        self.write(|tx, author| {
            mutation::apply(tx, author, Write { table: &CHECK_INS, action: Action::Delete, id: check_in_id, fields: None, undoes: None })?;
            Ok(())
        })?;
        Ok(found)
    }

    /// Takes back the latest live check-in made on this laptop at `event_id`'s door.
    pub fn undo_last_check_in(&mut self, event_id: &str) -> Result<CheckInFact> {
        let last: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM check_ins WHERE event_id = ?1 AND device_id = ?2 AND deleted_at IS NULL
                 ORDER BY scanned_at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![event_id, self.author.device], |r| r.get(0))
            .optional()?;
        let last = last.ok_or_else(|| CoreError::invalid("check_in_id", "No check-in made on this laptop to take back"))?;
        self.undo_check_in(&last)
    }

    /// Live check-ins of the same registration as `check_in_id` made on other laptops: what
    /// the door shows when a sync brings news of an earlier scan of the badge it just let in.
    pub fn other_check_ins(&self, check_in_id: &str) -> Result<Vec<CheckInFact>> {
        let mine: Option<(String, String, Option<String>)> = self
            .conn
            .query_row("SELECT registration_id, device_id, session_id FROM check_ins WHERE id = ?1", [check_in_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((registration_id, device_id, session)) = mine else {
            return Err(CoreError::NotFound { what: "check-in", id: check_in_id.to_string() });
        };
        Ok(facts_of(&self.conn, &registration_id, session.as_deref())?.into_iter().filter(|f| f.device_id != device_id).collect())
    }

    /// The live check-ins of a registration at the event's door, first first.
    pub fn check_ins_of(&self, registration_id: &str) -> Result<Vec<CheckInFact>> {
        facts_of(&self.conn, registration_id, None)
    }

    /// How many people were checked into each session of an event (sessions with nobody
    /// are left out).
    pub fn session_attendance(&self, event_id: &str) -> Result<Vec<SessionAttendance>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT session_id, count(DISTINCT registration_id) FROM check_ins
                 WHERE event_id = ?1 AND deleted_at IS NULL AND session_id IS NOT NULL GROUP BY session_id",
            )?
            .query_map([event_id], |r| Ok(SessionAttendance { session_id: r.get(0)?, present: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The door's counters: registered, waitlisted, cancelled, present, and per tier. Two
    /// covering index walks (registrations by tier and status, live check-ins by registration),
    /// so the door reads them after every scan without holding the store for long.
    pub fn counters(&self, event_id: &str) -> Result<Counters> {
        let by_status: Vec<(String, String, u32)> = self
            .conn
            .prepare_cached(
                "SELECT tier, status, count(*) FROM registrations INDEXED BY registrations_event_tier
                 WHERE event_id = ?1 AND deleted_at IS NULL GROUP BY tier, status",
            )?
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let present_by_tier: Vec<(String, u32)> = self
            .conn
            .prepare_cached(
                "SELECT r.tier, count(*) FROM
                   (SELECT DISTINCT registration_id FROM check_ins INDEXED BY check_ins_event_live
                    WHERE event_id = ?1 AND deleted_at IS NULL AND session_id IS NULL) p
                 JOIN registrations r ON r.id = p.registration_id AND r.deleted_at IS NULL
                 GROUP BY r.tier",
            )?
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut counters = Counters { registered: 0, waitlisted: 0, cancelled: 0, present: 0, per_tier: Vec::new() };
        fn entry(per_tier: &mut Vec<TierCount>, tier: Tier) -> &mut TierCount {
            match per_tier.iter().position(|t| t.tier == tier) {
                Some(i) => &mut per_tier[i],
                None => {
                    per_tier.push(TierCount { tier, registered: 0, present: 0 });
                    let last = per_tier.len() - 1;
                    &mut per_tier[last]
                }
            }
        }
        for (tier, status, count) in by_status {
            let tier: Tier = parse("registrations.tier", &tier)?;
            match parse::<RegistrationStatus>("registrations.status", &status)? {
                RegistrationStatus::Registered => {
                    counters.registered += count;
                    entry(&mut counters.per_tier, tier).registered += count;
                }
                RegistrationStatus::Waitlisted => counters.waitlisted += count,
                RegistrationStatus::Cancelled => counters.cancelled += count,
            }
        }
        for (tier, present) in present_by_tier {
            counters.present += present;
            entry(&mut counters.per_tier, parse("registrations.tier", &tier)?).present += present;
        }
        counters.per_tier.sort_by_key(|t| t.tier);
        Ok(counters)
    }

    /// Registrations checked in on more than one laptop, shown after sync; never merged.
    pub fn duplicates(&self, event_id: &str) -> Result<Vec<DuplicateCheckIn>> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT registration_id FROM check_ins WHERE event_id = ?1 AND deleted_at IS NULL AND session_id IS NULL
                 GROUP BY registration_id HAVING count(DISTINCT device_id) > 1 ORDER BY min(scanned_at)",
            )?
            .query_map([event_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| {
                let r = read_registration(&self.conn, &id)?;
                Ok(DuplicateCheckIn { registration_id: id.clone(), name: r.name(), organisation: r.organisation_name.clone(), check_ins: facts_of(&self.conn, &id, None)? })
            })
            .collect()
    }
}
