//! Attendance figures: per event (registered and present by country, members against
//! non-members) and per year (each event's figures, and the distinct countries of the year),
//! for the event page's chart and the events list. Cancelled registrations do not count;
//! "members" are those registered in the member or associate tier.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::read_event;
use crate::store::Store;
use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CountryAttendance {
    /// ISO code; empty when the registration named none.
    pub country: String,
    pub registered: u32,
    pub present: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EventStatistics {
    pub event_id: String,
    pub title: String,
    pub starts_on: String,
    pub registered: u32,
    pub present: u32,
    /// Registered in the member or associate tier.
    pub members: u32,
    pub non_members: u32,
    /// Most registered first.
    pub countries: Vec<CountryAttendance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct YearStatistics {
    pub year: i32,
    pub events: Vec<EventStatistics>,
    pub registered: u32,
    pub present: u32,
    /// Distinct countries among the year's registrations.
    pub countries: u32,
}

impl Store {
    pub fn event_statistics(&self, event_id: &str) -> Result<EventStatistics> {
        let event = read_event(&self.conn, event_id)?;
        let rows: Vec<(String, String, u32, u32)> = self
            .conn
            .prepare_cached(
                "SELECT r.country, r.tier, count(*),
                        sum(EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = r.id AND c.deleted_at IS NULL AND c.session_id IS NULL))
                 FROM registrations r WHERE r.event_id = ?1 AND r.deleted_at IS NULL AND r.status = 'registered'
                 GROUP BY r.country, r.tier",
            )?
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stats = EventStatistics {
            event_id: event.id.clone(),
            title: event.fields.title.clone(),
            starts_on: event.fields.starts_on.clone(),
            registered: 0,
            present: 0,
            members: 0,
            non_members: 0,
            countries: Vec::new(),
        };
        for (country, tier, registered, present) in rows {
            stats.registered += registered;
            stats.present += present;
            if tier == "member" || tier == "associate" {
                stats.members += registered;
            } else {
                stats.non_members += registered;
            }
            match stats.countries.iter_mut().find(|c| c.country == country) {
                Some(entry) => {
                    entry.registered += registered;
                    entry.present += present;
                }
                None => stats.countries.push(CountryAttendance { country, registered, present }),
            }
        }
        stats.countries.sort_by(|a, b| b.registered.cmp(&a.registered).then_with(|| a.country.cmp(&b.country)));
        Ok(stats)
    }

    /// The events starting in `year`, in date order, with the year's totals.
    pub fn year_statistics(&self, year: i32) -> Result<YearStatistics> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM events WHERE deleted_at IS NULL AND substr(starts_on, 1, 4) = ?1 ORDER BY starts_on, id")?
            .query_map([format!("{year:04}")], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let events = ids.iter().map(|id| self.event_statistics(id)).collect::<Result<Vec<_>>>()?;
        let countries: BTreeSet<&str> =
            events.iter().flat_map(|e| e.countries.iter().map(|c| c.country.as_str())).filter(|c| !c.is_empty()).collect();
        Ok(YearStatistics {
            year,
            registered: events.iter().map(|e| e.registered).sum(),
            present: events.iter().map(|e| e.present).sum(),
            countries: countries.len() as u32,
            events,
        })
    }
}
