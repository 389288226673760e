//! Recording and editing an application: the checks of the form, the stored shape of the
//! record (JSON texts for attachments and declared conflicts), reading one, the filtered
//! list with review counts, and withdrawing.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{today, Application, ApplicationInput, ApplicationRow, ApplicationStatus, Attachment, DeclaredConflict, APPLICATIONS};
use crate::model::{MembershipCategory, MembershipStatus, OrganisationKind};
use crate::mutation::{self, Action, Write};
use crate::record::{self, ORGANISATIONS};
use crate::store::Store;
use crate::{countries, validate, CoreError, Result};

/// The application exactly as its table holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct ApplicationRecord {
    pub organisation_id: Option<String>,
    pub organisation_name: String,
    pub kind: OrganisationKind,
    pub country: String,
    pub population: Option<i64>,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_function: String,
    pub contact_email: String,
    pub contact_person_id: Option<String>,
    pub category: MembershipCategory,
    pub motivation: String,
    pub attachments: Vec<String>,
    pub criteria: Vec<String>,
    pub declared_conflicts: Vec<String>,
    pub status: ApplicationStatus,
    pub received_on: String,
    pub decided_on: Option<String>,
    pub decision_note: String,
}

impl ApplicationRecord {
    pub fn into_application(self, id: &str) -> Result<Application> {
        let attachments = self.attachments.iter().map(|a| serde_json::from_str(a)).collect::<Result<Vec<Attachment>, _>>()?;
        let declared_conflicts =
            self.declared_conflicts.iter().map(|a| serde_json::from_str(a)).collect::<Result<Vec<DeclaredConflict>, _>>()?;
        Ok(Application {
            id: id.to_string(),
            fields: ApplicationInput {
                organisation_id: self.organisation_id,
                organisation_name: self.organisation_name,
                kind: self.kind,
                country: self.country,
                population: self.population,
                contact_first_name: self.contact_first_name,
                contact_last_name: self.contact_last_name,
                contact_function: self.contact_function,
                contact_email: self.contact_email,
                category: self.category,
                motivation: self.motivation,
                attachments,
                declared_conflicts,
                received_on: self.received_on,
            },
            status: self.status,
            criteria: self.criteria,
            decided_on: self.decided_on,
            decision_note: self.decision_note,
            contact_person_id: self.contact_person_id,
        })
    }

    /// Puts the edited fields of `input` (already checked) over this record.
    fn with_input(mut self, input: &ApplicationInput) -> Result<Self> {
        self.organisation_id = input.organisation_id.clone();
        self.organisation_name = input.organisation_name.clone();
        self.kind = input.kind;
        self.country = input.country.clone();
        self.population = input.population;
        self.contact_first_name = input.contact_first_name.clone();
        self.contact_last_name = input.contact_last_name.clone();
        self.contact_function = input.contact_function.clone();
        self.contact_email = input.contact_email.clone();
        self.category = input.category;
        self.motivation = input.motivation.clone();
        self.attachments = input.attachments.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
        self.declared_conflicts = input.declared_conflicts.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
        self.received_on = input.received_on.clone();
        Ok(self)
    }
}

pub(super) fn read_record(conn: &Connection, id: &str) -> Result<ApplicationRecord> {
    let stored = record::read_live(conn, &APPLICATIONS, id)?;
    record::from_fields(&stored.fields)
}

pub(super) fn read(conn: &Connection, id: &str) -> Result<Application> {
    read_record(conn, id)?.into_application(id)
}

pub(super) fn write_record(tx: &rusqlite::Transaction, author: &crate::store::Author, id: &str, action: Action, record: &ApplicationRecord) -> Result<()> {
    let fields = record::to_fields(&APPLICATIONS, record)?;
    mutation::apply(tx, author, Write { table: &APPLICATIONS, action, id, fields: Some(&fields), undoes: None })?;
    Ok(())
}

fn is_hex_digest(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Checks and normalises the form; the first rule broken is reported with its field.
fn clean(conn: &Connection, input: &ApplicationInput) -> Result<ApplicationInput> {
    let organisation_id = input.organisation_id.as_deref().map(str::trim).filter(|id| !id.is_empty()).map(str::to_string);
    if let Some(id) = &organisation_id {
        let stored = record::read_live(conn, &ORGANISATIONS, id)
            .map_err(|_| CoreError::invalid("organisation_id", "Choose an organisation from the list, or leave it empty for a new one"))?;
        let organisation: crate::model::OrganisationInput = record::from_fields(&stored.fields)?;
        let prospect = organisation.category == MembershipCategory::None;
        if organisation.status != MembershipStatus::Applicant && !prospect {
            return Err(CoreError::invalid(
                "organisation_id",
                format!("{} is already a member: only an applicant or a prospect can apply", organisation.name),
            ));
        }
    }
    let country = input.country.trim().to_uppercase();
    if countries::by_code(&country).is_none() {
        return Err(CoreError::invalid("country", "Choose the applicant's country from the list"));
    }
    if input.population.is_some_and(|p| p < 0) {
        return Err(CoreError::invalid("population", "Population cannot be negative"));
    }
    if input.category == MembershipCategory::None {
        return Err(CoreError::invalid("category", "Choose the category applied for: full or associate member"));
    }
    let contact_email = match input.contact_email.trim() {
        "" => String::new(),
        value => validate::email("contact_email", value)?,
    };
    let mut attachments: Vec<Attachment> = Vec::new();
    for attachment in &input.attachments {
        if attachment.name.trim().is_empty() || !is_hex_digest(&attachment.sha256) || attachment.size < 0 {
            return Err(CoreError::invalid("attachments", format!("The attachment \"{}\" is not a kept file: add it again", attachment.name)));
        }
        if !attachments.iter().any(|a| a.sha256 == attachment.sha256) {
            attachments.push(Attachment { name: attachment.name.trim().to_string(), ..attachment.clone() });
        }
    }
    let mut declared_conflicts: Vec<DeclaredConflict> = Vec::new();
    for conflict in &input.declared_conflicts {
        let seat_exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM committee_seats WHERE id = ?1 AND deleted_at IS NULL)",
            [&conflict.seat_id],
            |r| r.get(0),
        )?;
        if !seat_exists {
            return Err(CoreError::invalid("declared_conflicts", "A declared conflict names a seat that is not on the committee"));
        }
        let reason = validate::required("declared_conflicts", "The reason of a declared conflict", &conflict.reason, 500)?;
        declared_conflicts.retain(|c| c.seat_id != conflict.seat_id);
        declared_conflicts.push(DeclaredConflict { seat_id: conflict.seat_id.clone(), reason });
    }
    let received_on = validate::date("received_on", "Received on", Some(&input.received_on))?.unwrap_or_else(today);
    Ok(ApplicationInput {
        organisation_id,
        organisation_name: validate::required("organisation_name", "The applicant's name", &input.organisation_name, 200)?,
        kind: input.kind,
        country,
        population: input.population,
        contact_first_name: validate::optional("contact_first_name", "First name", &input.contact_first_name, 100)?,
        contact_last_name: validate::required("contact_last_name", "The contact's last name", &input.contact_last_name, 100)?,
        contact_function: validate::optional("contact_function", "Function", &input.contact_function, 200)?,
        contact_email,
        category: input.category,
        motivation: validate::optional("motivation", "Motivation", &input.motivation, 20_000)?,
        attachments,
        declared_conflicts,
        received_on,
    })
}

impl Store {
    /// Records a new application (status received) with the criteria of the settings.
    pub fn record_application(&mut self, input: &ApplicationInput) -> Result<Application> {
        let input = clean(&self.conn, input)?;
        let criteria = self.review_settings()?.criteria;
        let id = mutation::new_id();
        let empty = ApplicationRecord {
            organisation_id: None,
            organisation_name: String::new(),
            kind: input.kind,
            country: String::new(),
            population: None,
            contact_first_name: String::new(),
            contact_last_name: String::new(),
            contact_function: String::new(),
            contact_email: String::new(),
            contact_person_id: None,
            category: input.category,
            motivation: String::new(),
            attachments: Vec::new(),
            criteria,
            declared_conflicts: Vec::new(),
            status: ApplicationStatus::Received,
            received_on: String::new(),
            decided_on: None,
            decision_note: String::new(),
        };
        let record = empty.with_input(&input)?;
        self.write(|tx, author| write_record(tx, author, &id, Action::Create, &record))?;
        self.application(&id)
    }

    /// Saves an edited application; a decided or withdrawn one is closed to edits.
    pub fn update_application(&mut self, id: &str, input: &ApplicationInput) -> Result<Application> {
        let input = clean(&self.conn, input)?;
        self.write(|tx, author| {
            let current = read_record(tx, id)?;
            if !current.status.is_open() {
                return Err(CoreError::invalid("status", format!("This application is {}: it can no longer be edited", current.status.as_str().replace('_', " "))));
            }
            let record = current.with_input(&input)?;
            write_record(tx, author, id, Action::Update, &record)
        })?;
        self.application(id)
    }

    /// The applicant took the application back: it leaves the reviewers' inboxes.
    pub fn withdraw_application(&mut self, id: &str) -> Result<Application> {
        self.write(|tx, author| {
            let mut current = read_record(tx, id)?;
            if !current.status.is_open() {
                return Err(CoreError::invalid("status", format!("This application is {} already", current.status.as_str().replace('_', " "))));
            }
            current.status = ApplicationStatus::Withdrawn;
            write_record(tx, author, id, Action::Update, &current)
        })?;
        self.application(id)
    }

    pub fn application(&self, id: &str) -> Result<Application> {
        read(&self.conn, id)
    }

    /// Applications, newest received first, optionally of one status, with their review counts.
    pub fn list_applications(&self, status: Option<ApplicationStatus>) -> Result<Vec<ApplicationRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.organisation_name, a.country, a.category, a.status, a.received_on,
                    (SELECT count(*) FROM review_assignments r WHERE r.application_id = a.id AND r.deleted_at IS NULL),
                    (SELECT count(*) FROM reviews v WHERE v.application_id = a.id AND v.deleted_at IS NULL AND v.status = 'submitted')
             FROM applications a
             WHERE a.deleted_at IS NULL AND (?1 IS NULL OR a.status = ?1)
             ORDER BY a.received_on DESC, a.sort_key",
        )?;
        let rows = statement
            .query_map([status.map(ApplicationStatus::as_str)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, u32>(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, organisation_name, country, category, status, received_on, assigned, submitted)| {
                Ok(ApplicationRow {
                    id,
                    organisation_name,
                    country,
                    category: serde_json::from_value(serde_json::Value::String(category))?,
                    status: serde_json::from_value(serde_json::Value::String(status))?,
                    received_on,
                    assigned,
                    submitted,
                })
            })
            .collect()
    }
}
