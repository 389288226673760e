//! Registrations imported from a CSV file (one person a row, with a header row naming the
//! columns in English or French): every row is checked first and the file is refused with
//! the line and field at fault when any row is wrong; only a clean file registers anyone.
//! An organisation named as in the members list gets its member tier; other names are kept
//! as typed. Each person is registered as from the event page (capacity and waitlist apply).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::registrations::{RegistrationRequest, RegistrationStatus};
use super::read_event;
use crate::fold::fold;
use crate::store::Store;
use crate::{countries, CoreError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RegistrationImport {
    pub registered: u32,
    pub waitlisted: u32,
    /// Rows whose organisation was found in the members list.
    pub matched_organisations: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    FirstName,
    LastName,
    Function,
    Organisation,
    Country,
    Diet,
    Access,
}

fn column_of(header: &str) -> Option<Column> {
    let header = fold(header.trim());
    Some(match header.as_str() {
        "first name" | "firstname" | "given name" | "prenom" => Column::FirstName,
        "last name" | "lastname" | "surname" | "family name" | "name" | "nom" | "nom de famille" => Column::LastName,
        "function" | "title" | "position" | "fonction" => Column::Function,
        "organisation" | "organization" | "institution" | "city" | "ville" => Column::Organisation,
        "country" | "pays" => Column::Country,
        "diet" | "dietary needs" | "regime" | "regime alimentaire" => Column::Diet,
        "access" | "access needs" | "accessibility" | "accessibilite" => Column::Access,
        _ => return None,
    })
}

/// A country as written in a file: an ISO code, or an English country name.
fn country_code(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return Some(String::new());
    }
    let upper = text.to_uppercase();
    if countries::by_code(&upper).is_some() {
        return Some(upper);
    }
    let folded = fold(text);
    countries::all().iter().find(|c| fold(&c.name) == folded).map(|c| c.code.clone())
}

impl Store {
    /// Registers everyone of a CSV file to `event_id`, or no one when a row is wrong.
    pub fn import_registrations(&mut self, event_id: &str, bytes: &[u8]) -> Result<RegistrationImport> {
        read_event(&self.conn, event_id).map_err(|_| CoreError::invalid("event_id", "The event does not exist"))?;
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
        let first_line = text.lines().next().unwrap_or_default();
        let delimiter = [b';', b',', b'\t'].into_iter().max_by_key(|d| first_line.bytes().filter(|b| b == d).count()).unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| CoreError::invalid("file", format!("The header row cannot be read: {e}")))?.clone();
        let columns: Vec<Option<Column>> = headers.iter().map(column_of).collect();
        if !columns.contains(&Some(Column::LastName)) {
            return Err(CoreError::invalid("file", "The file needs a \"Last name\" (or \"Nom\") column in its header row"));
        }
        let organisations: Vec<(String, String)> = self
            .conn
            .prepare("SELECT id, name FROM organisations WHERE deleted_at IS NULL")?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(id, name)| (id, fold(&name)))
            .collect();
        let mut requests = Vec::new();
        let mut matched = 0;
        for (index, record) in reader.records().enumerate() {
            // Line numbers as a spreadsheet shows them: the header is line 1.
            let line = index + 2;
            let record = record.map_err(|e| CoreError::invalid("file", format!("Line {line} cannot be read: {e}")))?;
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let cell = |wanted: Column| {
                columns.iter().position(|c| *c == Some(wanted)).and_then(|i| record.get(i)).unwrap_or_default().trim().to_string()
            };
            let last_name = cell(Column::LastName);
            if last_name.is_empty() {
                return Err(CoreError::invalid("file", format!("Line {line}: the last name is empty")));
            }
            let country = country_code(&cell(Column::Country))
                .ok_or_else(|| CoreError::invalid("file", format!("Line {line}: \"{}\" is not a country", cell(Column::Country))))?;
            let organisation_name = cell(Column::Organisation);
            let organisation_id = (!organisation_name.is_empty())
                .then(|| fold(&organisation_name))
                .and_then(|folded| organisations.iter().find(|(_, name)| *name == folded).map(|(id, _)| id.clone()));
            matched += u32::from(organisation_id.is_some());
            requests.push(RegistrationRequest {
                event_id: event_id.to_string(),
                first_name: cell(Column::FirstName),
                last_name,
                function: cell(Column::Function),
                organisation_id,
                organisation_name,
                country,
                diet: cell(Column::Diet),
                access: cell(Column::Access),
                ..Default::default()
            });
        }
        if requests.is_empty() {
            return Err(CoreError::invalid("file", "The file has no one to register below its header row"));
        }
        let mut outcome = RegistrationImport { registered: 0, waitlisted: 0, matched_organisations: matched };
        for request in &requests {
            let registration = self.register(request)?;
            match registration.status {
                RegistrationStatus::Waitlisted => outcome.waitlisted += 1,
                _ => outcome.registered += 1,
            }
        }
        Ok(outcome)
    }
}
