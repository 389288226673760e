//! The e-bulletin list: consent recorded on each person (when, how), unsubscribing, the list
//! of recipients (member contacts, associates, others subscribed) and its export for a mailing
//! tool. Composing and sending issues is in [`issues`] and [`sending`].
//!
//! Choices a reader should know:
//! - Consent lives in four fields of the person (`bulletin_consent_at`, `_how`,
//!   `bulletin_unsubscribed_at`, `bulletin_token`), written by their own `UpdatePerson`
//!   mutations naming only those fields, so they sync, show in the contact's history, and a
//!   contact form saved elsewhere never overwrites them.
//! - A person is subscribed when consent was recorded and no unsubscribe is recorded. Recording
//!   consent again clears an earlier unsubscribe; unsubscribing keeps the consent record (the
//!   proof of when and how it was given) and adds the date it was withdrawn.
//! - The token is 128 random bits made when consent is first recorded. It names the person in
//!   unsubscribe links: the central server finds the person by it and records the unsubscribe,
//!   which reaches every laptop through sync.
//! - A recipient is mailed at their first e-mail address; a subscribed person with no e-mail
//!   is listed apart (they cannot receive it).

pub mod issues;
pub mod sending;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use crate::mutation::{self, now, Action, Write};
use crate::record::{self, Fields, PEOPLE};
use crate::store::Store;
use crate::{fold, validate, CoreError, Result};

/// How a recipient relates to the association, from their organisation's membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A contact of an active full member (a city or region).
    Member,
    /// A contact of an active associate member.
    Associate,
    /// Anyone else who subscribed.
    Other,
}

impl RecipientKind {
    fn label(self) -> &'static str {
        match self {
            RecipientKind::Member => "member",
            RecipientKind::Associate => "associate",
            RecipientKind::Other => "other",
        }
    }
}

/// A person's e-bulletin state, for the contact page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulletinStatus {
    pub person_id: String,
    pub subscribed: bool,
    /// When consent was given (a date or an ISO 8601 time).
    pub consent_at: Option<String>,
    pub consent_how: Option<String>,
    pub unsubscribed_at: Option<String>,
    /// The address the bulletin goes to; None when the person has no e-mail.
    pub email: Option<String>,
}

/// Consent as the user records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConsentInput {
    /// `YYYY-MM-DD`; today when empty.
    pub given_on: String,
    /// How it was given: "sign-up form at the Porto conference", "reply to our e-mail"…
    pub how: String,
}

/// One recipient of the e-bulletin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Recipient {
    pub person_id: String,
    pub first_name: String,
    pub last_name: String,
    /// None when the subscribed person has no e-mail (listed, not mailed).
    pub email: Option<String>,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub country: Option<String>,
    pub kind: RecipientKind,
    pub consent_at: String,
    pub consent_how: String,
    /// The first language of the person, if known (mailing tools segment by it).
    pub language: Option<String>,
}

/// The filters of the recipients list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecipientQuery {
    pub kind: Option<RecipientKind>,
    /// Name, e-mail or organisation, accents ignored.
    pub search: String,
}

/// The recipients list with its counts by kind (before the filters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecipientList {
    pub rows: Vec<Recipient>,
    pub members: u32,
    pub associates: u32,
    pub others: u32,
    /// Subscribed people with no e-mail address: they receive nothing.
    pub without_email: u32,
}

/// A fresh unsubscribe token: 128 random bits as 32 hex digits.
pub(crate) fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| CoreError::Corrupt(format!("no randomness for a token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn text(fields: &Fields, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn first_of(fields: &Fields, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str).map(str::to_string)
}

fn status_of(person_id: &str, fields: &Fields) -> BulletinStatus {
    let consent_at = text(fields, "bulletin_consent_at");
    let unsubscribed_at = text(fields, "bulletin_unsubscribed_at");
    BulletinStatus {
        person_id: person_id.to_string(),
        subscribed: consent_at.is_some() && unsubscribed_at.is_none(),
        consent_at,
        consent_how: text(fields, "bulletin_consent_how"),
        unsubscribed_at,
        email: first_of(fields, "emails"),
    }
}

fn today() -> String {
    chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

/// Writes the consent fields of a person (and only those).
fn write_consent(store: &mut Store, person_id: &str, changes: Fields) -> Result<BulletinStatus> {
    store.write(|tx, author| {
        record::read_live(tx, &PEOPLE, person_id)?;
        mutation::apply(tx, author, Write { table: &PEOPLE, action: Action::Update, id: person_id, fields: Some(&changes), undoes: None })?;
        Ok(())
    })?;
    store.bulletin_status(person_id)
}

/// Whether the organisation `id` is an active member, associate, or neither.
fn kind_of(conn: &Connection, organisation_id: Option<&str>) -> Result<RecipientKind> {
    let Some(id) = organisation_id else { return Ok(RecipientKind::Other) };
    let membership: Option<(String, String)> = conn
        .prepare_cached("SELECT category, status FROM organisations WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match membership.as_ref().map(|(c, s)| (c.as_str(), s.as_str())) {
        Some(("full", "active")) => RecipientKind::Member,
        Some(("associate", "active")) => RecipientKind::Associate,
        _ => RecipientKind::Other,
    })
}

impl Store {
    /// The e-bulletin state of a person.
    pub fn bulletin_status(&self, person_id: &str) -> Result<BulletinStatus> {
        let stored = record::read_live(&self.conn, &PEOPLE, person_id)?;
        Ok(status_of(person_id, &stored.fields))
    }

    /// Records that the person consents to receive the e-bulletin (when, how). Needs an e-mail.
    pub fn record_bulletin_consent(&mut self, person_id: &str, input: &ConsentInput) -> Result<BulletinStatus> {
        let given_on = validate::date("given_on", "Date of consent", Some(&input.given_on))?.unwrap_or_else(today);
        if given_on > today() {
            return Err(CoreError::invalid("given_on", "Consent cannot be given in the future"));
        }
        let how = validate::required("how", "How consent was given", &input.how, 300)?;
        let stored = record::read_live(&self.conn, &PEOPLE, person_id)?;
        if first_of(&stored.fields, "emails").is_none() {
            return Err(CoreError::invalid("emails", "Add an e-mail address to this contact first: the e-bulletin goes by e-mail"));
        }
        let token = match text(&stored.fields, "bulletin_token") {
            Some(token) => token,
            None => new_token()?,
        };
        let mut changes = Fields::new();
        changes.insert("bulletin_consent_at".into(), Value::String(given_on));
        changes.insert("bulletin_consent_how".into(), Value::String(how));
        changes.insert("bulletin_unsubscribed_at".into(), Value::Null);
        changes.insert("bulletin_token".into(), Value::String(token));
        write_consent(self, person_id, changes)
    }

    /// Records that the person no longer wants the e-bulletin (the consent record stays).
    pub fn unsubscribe_from_bulletin(&mut self, person_id: &str) -> Result<BulletinStatus> {
        let status = self.bulletin_status(person_id)?;
        if !status.subscribed {
            return Ok(status);
        }
        let mut changes = Fields::new();
        changes.insert("bulletin_unsubscribed_at".into(), Value::String(now()));
        write_consent(self, person_id, changes)
    }

    /// Everyone subscribed (consent recorded, not unsubscribed), by kind then name.
    pub fn bulletin_recipients(&self, query: &RecipientQuery) -> Result<RecipientList> {
        let mut statement = self.conn.prepare_cached(
            "SELECT p.id, p.first_name, p.last_name, p.emails, p.languages, p.organisation_id, o.name, o.country,
                    p.bulletin_consent_at, COALESCE(p.bulletin_consent_how, '')
             FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
             WHERE p.deleted_at IS NULL AND p.bulletin_consent_at IS NOT NULL AND p.bulletin_unsubscribed_at IS NULL
             ORDER BY p.sort_key, p.id",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?;
        let words: Vec<String> = fold::fold(&query.search).split_whitespace().map(str::to_string).collect();
        let (mut members, mut associates, mut others, mut without_email) = (0, 0, 0, 0);
        let mut out = Vec::new();
        for row in rows {
            let (person_id, first_name, last_name, emails, languages, organisation_id, organisation_name, country, consent_at, consent_how) = row?;
            let emails: Vec<String> = serde_json::from_str(&emails)?;
            let languages: Vec<String> = serde_json::from_str(&languages)?;
            let kind = kind_of(&self.conn, organisation_id.as_deref())?;
            let email = emails.into_iter().next();
            match (kind, &email) {
                (_, None) => without_email += 1,
                (RecipientKind::Member, _) => members += 1,
                (RecipientKind::Associate, _) => associates += 1,
                (RecipientKind::Other, _) => others += 1,
            }
            if query.kind.is_some_and(|k| k != kind) {
                continue;
            }
            if !words.is_empty() {
                let haystack = fold::fold(&format!(
                    "{first_name} {last_name} {} {}",
                    email.as_deref().unwrap_or_default(),
                    organisation_name.as_deref().unwrap_or_default()
                ));
                if !words.iter().all(|w| haystack.contains(w.as_str())) {
                    continue;
                }
            }
            out.push(Recipient {
                person_id,
                first_name,
                last_name,
                email,
                organisation_id,
                organisation_name,
                country,
                kind,
                consent_at,
                consent_how,
                language: languages.into_iter().next(),
            });
        }
        // Members first, then associates, then others; by name within each (the query's order).
        out.sort_by_key(|r| match r.kind {
            RecipientKind::Member => 0,
            RecipientKind::Associate => 1,
            RecipientKind::Other => 2,
        });
        Ok(RecipientList { rows: out, members, associates, others, without_email })
    }

    /// The recipients with an e-mail as CSV for a mailing tool (UTF-8 with a byte-order mark
    /// so spreadsheet programs read the accents; the column names most tools map by themselves).
    pub fn export_bulletin_recipients(&self) -> Result<Vec<u8>> {
        let list = self.bulletin_recipients(&RecipientQuery::default())?;
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            let fail = |e: csv::Error| CoreError::Corrupt(format!("writing the CSV failed: {e}"));
            writer
                .write_record(["Email Address", "First Name", "Last Name", "Organisation", "Country", "Kind", "Language", "Consent date", "Consent how"])
                .map_err(fail)?;
            for r in list.rows.iter().filter(|r| r.email.is_some()) {
                writer
                    .write_record([
                        r.email.as_deref().unwrap_or_default(),
                        &r.first_name,
                        &r.last_name,
                        r.organisation_name.as_deref().unwrap_or_default(),
                        r.country.as_deref().unwrap_or_default(),
                        r.kind.label(),
                        r.language.as_deref().unwrap_or_default(),
                        &r.consent_at,
                        &r.consent_how,
                    ])
                    .map_err(fail)?;
            }
            writer.flush().map_err(|e| CoreError::Corrupt(format!("writing the CSV failed: {e}")))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
