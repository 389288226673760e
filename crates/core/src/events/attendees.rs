//! The attendee list of an event as a CSV or XLSX file (through [`crate::export`]'s writer):
//! everyone registered, waiting or cancelled, by name, with organisation, tier and price,
//! payment, needs, status, badge code and when they were checked in; and as a printable A4
//! PDF (the list at the registration desk, with a box to tick).

use super::registrations::{Registration, RegistrationQuery};
use super::{code, read_event};
use crate::export::{number, text, write_table, Cell, ExportError, ExportFormat};
use crate::pdf::{Align, Document, PageSize, Weight};
use crate::store::Store;
use crate::{countries, CoreError};

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

/// The printed list's columns: heading, left edge and width in millimetres on an A4 page.
const PDF_COLUMNS: [(&str, f32, f32); 6] =
    [("Name", 22.0, 48.0), ("Organisation", 71.0, 52.0), ("Country", 124.0, 24.0), ("Tier", 149.0, 21.0), ("Payment", 171.0, 17.0), ("Status", 189.0, 12.0)];
const PDF_TOP: f32 = 34.0;
const PDF_ROW: f32 = 6.5;
const PDF_BOTTOM: f32 = 282.0;

impl Store {
    /// Every registration of the event, by name.
    fn all_registrations(&self, event_id: &str) -> crate::Result<Vec<Registration>> {
        read_event(&self.conn, event_id)?;
        let mut rows = Vec::new();
        let mut query = RegistrationQuery { limit: 1000, ..Default::default() };
        loop {
            let page = self.registrations(event_id, &query)?;
            let last = page.rows.is_empty();
            rows.extend(page.rows);
            query.offset += 1000;
            if last || query.offset >= page.total {
                break;
            }
        }
        Ok(rows)
    }

    /// Every registration of the event, by name, as a file.
    pub fn export_attendees(&self, event_id: &str, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
        let rows: Vec<Vec<Cell>> = self.all_registrations(event_id)?.iter().map(row).collect();
        write_table(&HEADERS, &rows, format, "Attendees")
    }

    /// The attendee list to print: registered and waiting people by name (cancelled ones are
    /// left out), a box to tick at the desk, page numbers.
    pub fn attendees_pdf(&self, event_id: &str) -> crate::Result<Vec<u8>> {
        let event = self.event(event_id)?;
        let people: Vec<Registration> =
            self.all_registrations(event_id)?.into_iter().filter(|r| r.status != super::registrations::RegistrationStatus::Cancelled).collect();
        let per_page = ((PDF_BOTTOM - PDF_TOP) / PDF_ROW) as usize;
        let pages = people.len().div_ceil(per_page).max(1);
        let title = format!("{} — attendees", event.fields.title);
        let mut doc = Document::new(&title).map_err(|e| CoreError::Document(e.to_string()))?;
        for page_index in 0..pages {
            let mut page = doc.page(PageSize::A4);
            let (size, heading) = page.fit(Weight::Bold, 14.0, 9.0, 186.0, &title);
            page.text(12.0, 16.0, size, Weight::Bold, Align::Left, &heading);
            let place = format!("{} – {} · {}, {}", event.fields.starts_on, event.fields.ends_on, event.fields.city, event.fields.country);
            page.text(12.0, 22.0, 9.0, Weight::Regular, Align::Left, &place);
            page.text(198.0, 22.0, 9.0, Weight::Regular, Align::Right, &format!("{} people · page {} / {pages}", people.len(), page_index + 1));
            for (heading, x, _) in PDF_COLUMNS {
                page.text(x, PDF_TOP - 3.0, 8.0, Weight::Bold, Align::Left, heading);
            }
            page.line(12.0, PDF_TOP - 1.5, 200.0, PDF_TOP - 1.5, 0.4);
            for (i, r) in people.iter().skip(page_index * per_page).take(per_page).enumerate() {
                let baseline = PDF_TOP + PDF_ROW * (i as f32 + 1.0) - 1.8;
                page.rect(12.5, baseline - 3.2, 3.6, 3.6, crate::pdf::Paint::Stroke(0.25));
                let country = countries::by_code(&r.country).map(|c| c.name.clone()).unwrap_or_else(|| r.country.clone());
                let name = format!("{}, {}", r.last_name, r.first_name);
                let cells = [name.as_str(), r.organisation_name.as_str(), country.as_str(), &code(&r.tier), &code(&r.payment), &code(&r.status)];
                for ((_, x, width), value) in PDF_COLUMNS.iter().zip(cells) {
                    let (size, fitted) = page.fit(Weight::Regular, 9.0, 6.5, *width - 1.0, value);
                    page.text(*x, baseline, size, Weight::Regular, Align::Left, &fitted);
                }
                page.line(12.0, baseline + 1.8, 200.0, baseline + 1.8, 0.1);
            }
        }
        doc.finish().map_err(|e| CoreError::Document(e.to_string()))
    }
}
