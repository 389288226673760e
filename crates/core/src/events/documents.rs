//! An event's documents: its badges as PDF (every registered attendee, or one badge to print
//! at the door) and the events with their programme as an iCalendar file. The rendering
//! belongs to [`crate::badges`] and [`crate::calendar`]; this module only gathers the event's
//! data for them.

use chrono::{NaiveDate, NaiveDateTime, Utc};

use crate::badges::{self, BadgeLayout};
use crate::calendar::{self, CalendarEvent, CalendarSession, When};
use crate::store::Store;
use crate::{countries, CoreError, Result};

use super::EventStatus;

/// The IANA time zone of a venue in `country` (ISO 3166-1 alpha-2): programme times are
/// typed as the venue's wall-clock time. Countries spanning several zones get their
/// capital's (Portugal: Lisbon, not the Azores; Spain: Madrid, not the Canaries).
pub fn venue_time_zone(country: &str) -> &'static str {
    match country {
        "PT" => "Europe/Lisbon",
        "IE" => "Europe/Dublin",
        "GB" | "UK" => "Europe/London",
        "IS" => "Atlantic/Reykjavik",
        "FI" => "Europe/Helsinki",
        "EE" => "Europe/Tallinn",
        "LV" => "Europe/Riga",
        "LT" => "Europe/Vilnius",
        "RO" => "Europe/Bucharest",
        "BG" => "Europe/Sofia",
        "GR" | "EL" => "Europe/Athens",
        "CY" => "Asia/Nicosia",
        "UA" => "Europe/Kyiv",
        "MD" => "Europe/Chisinau",
        "TR" => "Europe/Istanbul",
        // Every other European country keeps Central European Time.
        _ => "Europe/Brussels",
    }
}

fn date(value: &str, field: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| CoreError::invalid(field, "Use a date written YYYY-MM-DD"))
}

fn local(value: &str, field: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").map_err(|_| CoreError::invalid(field, "Use a time written YYYY-MM-DDTHH:MM"))
}

impl Store {
    /// The badges of everyone registered for `event_id` (by last name) as one PDF.
    pub fn event_badges_pdf(&self, event_id: &str, layout: BadgeLayout) -> Result<Vec<u8>> {
        let event = self.event(event_id)?;
        let badges: Vec<badges::Badge> = self.badges(event_id)?.into_iter().map(into_printable).collect();
        if badges.is_empty() {
            return Err(CoreError::invalid("event_id", "Nobody is registered for this event yet: there is no badge to print"));
        }
        badges::render(&event.fields.title, &badges, layout)
    }

    /// One registration's badge on an A6 page: what the door prints for a walk-in or a lost badge.
    pub fn registration_badge_pdf(&self, registration_id: &str) -> Result<Vec<u8>> {
        let badge = into_printable(self.badge(registration_id)?);
        badges::render(&badge.name.clone(), &[badge], BadgeLayout::A6)
    }

    /// Events (all of them, or the one given) and their programme as iCalendar text. Drafts
    /// are left out unless asked for by id: they are not announced yet.
    pub fn events_calendar(&self, event_id: Option<&str>) -> Result<String> {
        let ids: Vec<String> = match event_id {
            Some(id) => vec![id.to_string()],
            None => self.events()?.into_iter().filter(|e| e.status != EventStatus::Draft).map(|e| e.id).collect(),
        };
        let mut entries = Vec::with_capacity(ids.len());
        for id in ids {
            let event = self.event(&id)?;
            let f = &event.fields;
            let tzid = venue_time_zone(&f.country).to_string();
            let sessions = self
                .sessions(&id)?
                .into_iter()
                .map(|s| {
                    Ok(CalendarSession {
                        id: s.id,
                        title: s.fields.title,
                        description: String::new(),
                        room: s.fields.room,
                        speakers: s.fields.speakers,
                        start: When::Local { at: local(&s.fields.starts_at, "starts_at")?, tzid: tzid.clone() },
                        end: When::Local { at: local(&s.fields.ends_at, "ends_at")?, tzid: tzid.clone() },
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let country = countries::by_code(&f.country).map(|c| c.name.clone()).unwrap_or_else(|| f.country.clone());
            let location = [f.venue.as_str(), f.city.as_str(), country.as_str()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", ");
            entries.push(CalendarEvent {
                id: event.id.clone(),
                title: f.title.clone(),
                description: f.notes.clone(),
                location,
                start: When::Date(date(&f.starts_on, "starts_on")?),
                end: When::Date(date(&f.ends_on, "ends_on")?),
                cancelled: f.status == EventStatus::Cancelled,
                sessions,
            });
        }
        calendar::to_ics("Les Rencontres", &entries, Utc::now())
    }
}

fn into_printable(badge: super::registrations::Badge) -> badges::Badge {
    badges::Badge { name: badge.name, function: badge.function, organisation: badge.organisation, country: badge.country, code: badge.code }
}
