//! The attendee list of an event as a CSV or XLSX file (through [`crate::export`]'s writer):
//! everyone registered, waiting or cancelled, by name, with organisation, tier and price,
//! payment, needs, status, badge code and when they were checked in.

use super::registrations::{Registration, RegistrationQuery};
use super::{code, read_event};
use crate::export::{number, text, write_table, Cell, ExportError, ExportFormat};
use crate::store::Store;

const HEADERS: [&str; 15] = [
    "Last name", "First name", "Function", "Organisation", "Country", "Tier", "Price (cents)", "Tier reason", "Payment",
    "Diet", "Access", "Status", "Badge code", "Registered at", "Checked in at",
];

fn row(r: &Registration) -> Vec<Cell> {
    vec![
        text(&r.last_name),
        text(&r.first_name),
        text(&r.function),
        text(&r.organisation_name),
        text(&r.country),
        text(&code(&r.tier)),
        number(Some(r.price_cents)),
        text(&r.tier_reason),
        text(&code(&r.payment)),
        text(&r.diet),
        text(&r.access),
        text(&code(&r.status)),
        text(&r.badge_code),
        text(&r.registered_at),
        text(r.checked_in_at.as_deref().unwrap_or_default()),
    ]
}

impl Store {
    /// Every registration of the event, by name, as a file.
    pub fn export_attendees(&self, event_id: &str, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
        read_event(&self.conn, event_id)?;
        let mut rows = Vec::new();
        let mut query = RegistrationQuery { limit: 1000, ..Default::default() };
        loop {
            let page = self.registrations(event_id, &query)?;
            rows.extend(page.rows.iter().map(row));
            query.offset += 1000;
            if page.rows.is_empty() || query.offset >= page.total {
                break;
            }
        }
        write_table(&HEADERS, &rows, format, "Attendees")
    }
}
