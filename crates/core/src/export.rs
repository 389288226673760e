//! Exporting the organisations or people lists to CSV or XLSX: every row the list's query
//! matches (all pages, in the list's order), every editable field, with the header names
//! the import recognises, so an exported file imports back as the same records.
//!
//! CSV is UTF-8 with a byte-order mark, so Excel shows accents right, and `,`-delimited:
//! RFC 4180's delimiter, which every tool and our own import read whatever the locale. A
//! French or German Excel opening it by double-click may show one column; the XLSX export
//! is the file for Excel users, and CSV the one for mailing tools and scripts.

use rust_xlsxwriter::{Format, Workbook};
use serde::{Deserialize, Serialize};
use specta::Type;
use thiserror::Error;

use crate::import::TargetField;
use crate::model::{OrganisationQuery, PersonQuery};
use crate::{CoreError, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    /// The file name extension, without the dot, for the save dialog.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] CoreError),
    #[error("the CSV file could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("the XLSX file could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// A cell: numbers stay numbers in XLSX so Excel can sum and sort them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

pub(crate) fn text(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}

pub(crate) fn number(n: Option<i64>) -> Cell {
    n.map_or(Cell::Empty, Cell::Number)
}

fn enum_text<T: Serialize>(value: &T) -> Cell {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(text)).unwrap_or(Cell::Empty)
}

/// The lists' page size is capped at 1000; the export walks the pages.
const PAGE: u32 = 1000;

const ORGANISATION_COLUMNS: [TargetField; 16] = {
    use TargetField::*;
    [Name, Kind, Country, Subdivision, Population, PopulationYear, PopulationSource, Address, Website, Email, Languages, Category, Status, JoinedOn, LeftOn, Notes]
};

const PEOPLE_COLUMNS: [TargetField; 10] = {
    use TargetField::*;
    [FirstName, LastName, Function, Role, OrganisationName, OrganisationCountry, Email, Phone, Languages, Notes]
};

impl Store {
    /// Every organisation the query matches (its offset and limit are ignored), as a file.
    pub fn export_organisations(&self, query: &OrganisationQuery, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
        let mut rows = Vec::new();
        let mut page_query = OrganisationQuery { offset: 0, limit: PAGE, ..query.clone() };
        loop {
            let page = self.list_organisations(&page_query)?;
            for row in &page.rows {
                let o = self.organisation(&row.id)?.fields;
                rows.push(vec![
                    text(&o.name),
                    enum_text(&o.kind),
                    text(&o.country),
                    text(&o.subdivision),
                    number(o.population),
                    number(o.population_year.map(i64::from)),
                    text(&o.population_source),
                    text(&o.address),
                    text(&o.website),
                    text(&o.email),
                    text(&o.languages.join(", ")),
                    enum_text(&o.category),
                    enum_text(&o.status),
                    text(o.joined_on.as_deref().unwrap_or_default()),
                    text(o.left_on.as_deref().unwrap_or_default()),
                    text(&o.notes),
                ]);
            }
            page_query.offset += PAGE;
            if page.rows.is_empty() || page_query.offset >= page.total {
                break;
            }
        }
        write(&ORGANISATION_COLUMNS, &rows, format, "Organisations")
    }

    /// Every person the query matches (its offset and limit are ignored), as a file.
    pub fn export_people(&self, query: &PersonQuery, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
        let mut rows = Vec::new();
        let mut page_query = PersonQuery { offset: 0, limit: PAGE, ..query.clone() };
        loop {
            let page = self.list_people(&page_query)?;
            for row in &page.rows {
                let person = self.person(&row.id)?;
                let p = &person.fields;
                rows.push(vec![
                    text(&p.first_name),
                    text(&p.last_name),
                    text(&p.function),
                    enum_text(&p.role),
                    text(person.organisation_name.as_deref().unwrap_or_default()),
                    text(row.country.as_deref().unwrap_or_default()),
                    text(&p.emails.join("; ")),
                    text(&p.phones.join("; ")),
                    text(&p.languages.join(", ")),
                    text(&p.notes),
                ]);
            }
            page_query.offset += PAGE;
            if page.rows.is_empty() || page_query.offset >= page.total {
                break;
            }
        }
        write(&PEOPLE_COLUMNS, &rows, format, "People")
    }
}

fn write(columns: &[TargetField], rows: &[Vec<Cell>], format: ExportFormat, sheet: &str) -> Result<Vec<u8>, ExportError> {
    let headers: Vec<&str> = columns.iter().map(|c| c.label()).collect();
    write_table(&headers, rows, format, sheet)
}

/// A table with its header row as CSV (UTF-8 with BOM) or XLSX (bold, frozen header): the
/// writer of every export (the lists here, the attendees of an event in `events`).
pub(crate) fn write_table(headers: &[&str], rows: &[Vec<Cell>], format: ExportFormat, sheet: &str) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Csv => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            {
                let mut writer = csv::Writer::from_writer(&mut out);
                writer.write_record(headers)?;
                for row in rows {
                    writer.write_record(row.iter().map(Cell::text))?;
                }
                writer.flush().map_err(csv::Error::from)?;
            }
            Ok(out)
        }
        ExportFormat::Xlsx => {
            let mut workbook = Workbook::new();
            let worksheet = workbook.add_worksheet();
            worksheet.set_name(sheet)?;
            let bold = Format::new().set_bold();
            for (c, header) in headers.iter().enumerate() {
                worksheet.write_string_with_format(0, c as u16, *header, &bold)?;
            }
            for (r, row) in rows.iter().enumerate() {
                let r = r as u32 + 1;
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Cell::Text(s) => worksheet.write_string(r, c as u16, s)?,
                        // Excel holds numbers as doubles: populations are far below 2^53.
                        Cell::Number(n) => worksheet.write_number(r, c as u16, *n as f64)?,
                        Cell::Empty => continue,
                    };
                }
            }
            worksheet.set_freeze_panes(1, 0)?;
            Ok(workbook.save_to_buffer()?)
        }
    }
}

#[cfg(test)]
mod tests;
