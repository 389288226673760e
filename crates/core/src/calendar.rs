//! Events and their programme as iCalendar text (RFC 5545) that calendar apps import: one
//! VEVENT per event (all-day when it has only dates) and one per programme session, with
//! VTIMEZONE definitions for every time zone named, CRLF line ends, lines folded at 75 octets
//! and text escaped.
//!
//! It takes plain structs and knows no event tables: the events feature fills them in.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::{CoreError, Result};

/// When something starts or ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// A whole day (events given by dates). An end date is the last day, inclusive.
    Date(NaiveDate),
    /// An instant in UTC.
    Utc(DateTime<Utc>),
    /// A wall-clock time in an IANA time zone (e.g. "Europe/Lisbon"): the venue's local time.
    Local { at: NaiveDateTime, tzid: String },
}

/// An event of the association (a meeting, a General Assembly …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable id (the event's id): re-importing an updated file updates the same entry.
    pub id: String,
    pub title: String,
    pub description: String,
    /// Venue and place, e.g. "Teatro Nacional, Guimarães, Portugal".
    pub location: String,
    pub start: When,
    pub end: When,
    pub cancelled: bool,
    pub sessions: Vec<CalendarSession>,
}

/// A session of an event's programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarSession {
    pub id: String,
    pub title: String,
    pub description: String,
    pub room: String,
    pub speakers: Vec<String>,
    pub start: When,
    pub end: When,
}

const PRODID: &str = "-//Rencontres//Rencontres//EN";
/// Suffix that makes a record id a globally unique UID, as RFC 5545 asks.
const UID_DOMAIN: &str = "rencontres";

/// The calendar named `name` holding `events` and their sessions. `stamp` is the DTSTAMP (when
/// the file is made; passed in so the same input gives the same file).
pub fn to_ics(name: &str, events: &[CalendarEvent], stamp: DateTime<Utc>) -> Result<String> {
    let mut zones: BTreeMap<String, (Tz, i32)> = BTreeMap::new();
    for (i, event) in events.iter().enumerate() {
        let field = format!("events[{i}]");
        check_event(&field, event)?;
        collect_zone(&format!("{field}.start"), &event.start, &mut zones)?;
        collect_zone(&format!("{field}.end"), &event.end, &mut zones)?;
        for (j, session) in event.sessions.iter().enumerate() {
            let field = format!("{field}.sessions[{j}]");
            check_span(&field, &session.title, &session.start, &session.end)?;
            collect_zone(&format!("{field}.start"), &session.start, &mut zones)?;
            collect_zone(&format!("{field}.end"), &session.end, &mut zones)?;
        }
    }

    let mut out = Lines::default();
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw(&format!("PRODID:{PRODID}"));
    out.raw("CALSCALE:GREGORIAN");
    out.raw("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", name);
    for (tzid, (tz, year)) in &zones {
        write_timezone(&mut out, tzid, *tz, *year);
    }
    let stamp = utc_text(stamp);
    for event in events {
        out.raw("BEGIN:VEVENT");
        out.raw(&format!("UID:{}@{UID_DOMAIN}", escape(&event.id)));
        out.raw(&format!("DTSTAMP:{stamp}"));
        out.when("DTSTART", &event.start, false);
        out.when("DTEND", &event.end, true);
        out.text("SUMMARY", &event.title);
        if !event.location.trim().is_empty() {
            out.text("LOCATION", &event.location);
        }
        if !event.description.trim().is_empty() {
            out.text("DESCRIPTION", &event.description);
        }
        out.raw(if event.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        out.raw("END:VEVENT");
        for session in &event.sessions {
            out.raw("BEGIN:VEVENT");
            out.raw(&format!("UID:{}@{UID_DOMAIN}", escape(&session.id)));
            out.raw(&format!("DTSTAMP:{stamp}"));
            out.when("DTSTART", &session.start, false);
            out.when("DTEND", &session.end, true);
            out.text("SUMMARY", &format!("{} — {}", session.title, event.title));
            let location = [session.room.trim(), event.location.trim()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if !location.is_empty() {
                out.text("LOCATION", &location);
            }
            let mut description = String::new();
            if !session.speakers.is_empty() {
                let _ = write!(description, "Speakers: {}", session.speakers.join(", "));
            }
            if !session.description.trim().is_empty() {
                if !description.is_empty() {
                    description.push_str("\n\n");
                }
                description.push_str(&session.description);
            }
            if !description.is_empty() {
                out.text("DESCRIPTION", &description);
            }
            out.raw(&format!("RELATED-TO:{}@{UID_DOMAIN}", escape(&event.id)));
            if event.cancelled {
                out.raw("STATUS:CANCELLED");
            }
            out.raw("END:VEVENT");
        }
    }
    out.raw("END:VCALENDAR");
    Ok(out.0)
}

fn check_event(field: &str, event: &CalendarEvent) -> Result<()> {
    if event.id.trim().is_empty() {
        return Err(CoreError::invalid(&format!("{field}.id"), format!("event \"{}\" has no id", event.title)));
    }
    check_span(field, &event.title, &event.start, &event.end)
}

fn check_span(field: &str, title: &str, start: &When, end: &When) -> Result<()> {
    if title.trim().is_empty() {
        return Err(CoreError::invalid(&format!("{field}.title"), "a calendar entry needs a title"));
    }
    if matches!(start, When::Date(_)) != matches!(end, When::Date(_)) {
        return Err(CoreError::invalid(
            &format!("{field}.end"),
            format!("\"{title}\": start and end must both be dates or both be times"),
        ));
    }
    let ordered = match (start, end) {
        (When::Date(a), When::Date(b)) => a <= b,
        _ => match (instant(start), instant(end)) {
            (Some(a), Some(b)) => a <= b,
            // An unknown zone is reported by `collect_zone` with its field.
            _ => true,
        },
    };
    if !ordered {
        return Err(CoreError::invalid(&format!("{field}.end"), format!("\"{title}\" ends before it starts")));
    }
    Ok(())
}

/// The UTC instant of a timed `When` (None for dates and unknown zones).
fn instant(when: &When) -> Option<DateTime<Utc>> {
    match when {
        When::Date(_) => None,
        When::Utc(at) => Some(*at),
        When::Local { at, tzid } => {
            let tz: Tz = tzid.parse().ok()?;
            tz.from_local_datetime(at).earliest().map(|local| local.with_timezone(&Utc))
        }
    }
}

fn collect_zone(field: &str, when: &When, zones: &mut BTreeMap<String, (Tz, i32)>) -> Result<()> {
    if let When::Local { at, tzid } = when {
        let tz: Tz = tzid
            .parse()
            .map_err(|_| CoreError::invalid(field, format!("unknown time zone \"{tzid}\" (expected e.g. Europe/Lisbon)")))?;
        let entry = zones.entry(tzid.clone()).or_insert((tz, at.year()));
        entry.1 = entry.1.min(at.year());
    }
    Ok(())
}

/// A VTIMEZONE whose rules are the zone's transitions in `year` (the earliest year it is used),
/// repeated yearly: the European zones change on a fixed weekday of a fixed month.
fn write_timezone(out: &mut Lines, tzid: &str, tz: Tz, year: i32) {
    let offset_at = |at: NaiveDateTime| tz.offset_from_utc_datetime(&at).fix().local_minus_utc();
    let mut transitions = Vec::new();
    if let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        let mut previous = offset_at(start);
        // Hourly steps find every change of a year (zones change on the hour, in UTC).
        for hour in 1..=(366 * 24) {
            let at = start + Duration::hours(hour);
            let offset = offset_at(at);
            if offset != previous {
                transitions.push((at, previous, offset));
                previous = offset;
            }
        }
    }
    out.raw("BEGIN:VTIMEZONE");
    out.raw(&format!("TZID:{tzid}"));
    if transitions.is_empty() {
        let offset = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).map(offset_at).unwrap_or(0);
        out.raw("BEGIN:STANDARD");
        out.raw("DTSTART:19700101T000000");
        out.raw(&format!("TZOFFSETFROM:{}", offset_text(offset)));
        out.raw(&format!("TZOFFSETTO:{}", offset_text(offset)));
        out.raw("END:STANDARD");
    } else {
        for (at_utc, from, to) in transitions {
            let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
            // DTSTART of a rule is the local time just before the change, on the old offset.
            let local = at_utc + Duration::seconds(from as i64);
            out.raw(&format!("BEGIN:{kind}"));
            out.raw(&format!("DTSTART:{}", local_text(local)));
            out.raw(&format!("RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={}SU", local.month(), week_of_month(local.date())));
            out.raw(&format!("TZOFFSETFROM:{}", offset_text(from)));
            out.raw(&format!("TZOFFSETTO:{}", offset_text(to)));
            out.raw(&format!("END:{kind}"));
        }
    }
    out.raw("END:VTIMEZONE");
}

/// `-1` for the last such weekday of the month, else 1–4.
fn week_of_month(date: NaiveDate) -> i32 {
    if (date + Duration::days(7)).month() != date.month() {
        -1
    } else {
        (date.day0() / 7 + 1) as i32
    }
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn local_text(at: NaiveDateTime) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}", at.year(), at.month(), at.day(), at.hour(), at.minute(), at.second())
}

fn utc_text(at: DateTime<Utc>) -> String {
    format!("{}Z", local_text(at.naive_utc()))
}

/// TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines, each ended by CRLF and folded at 75 octets without splitting a character.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn raw(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                // The continuation's leading space counts towards its 75 octets.
                self.0.push_str("\r\n ");
                width = 1;
            }
            self.0.push(c);
            width += len;
        }
        self.0.push_str("\r\n");
    }

    fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape(value)));
    }

    /// DTSTART / DTEND; an all-day end is exclusive in iCalendar, so the day after the last.
    fn when(&mut self, name: &str, when: &When, is_end: bool) {
        match when {
            When::Date(date) => {
                let date = if is_end { *date + Duration::days(1) } else { *date };
                self.raw(&format!("{name};VALUE=DATE:{}", date.format("%Y%m%d")));
            }
            When::Utc(at) => self.raw(&format!("{name}:{}", utc_text(*at))),
            When::Local { at, tzid } => self.raw(&format!("{name};TZID={tzid}:{}", local_text(*at))),
        }
    }
}

#[cfg(test)]
mod tests;
