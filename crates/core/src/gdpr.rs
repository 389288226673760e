//! GDPR: what the association holds about a person, exported (machine-readable JSON and a
//! readable HTML document); the erasure of a person; and the contacts with no activity for a
//! number of years, listed for review.
//!
//! Erasure is a synced mutation, `ErasePerson {id}`. On this laptop, in one transaction: the
//! person's personal fields take the erased values (`rencontres_protocol::erased_fields`: name,
//! function, e-mails, phones, languages and notes emptied; the organisation kept, so counts
//! per member stay right) and the record is deleted; every history entry and conflict of the
//! person keeps which field changed, when and by whom, but its values become "(erased)"; the
//! person's edits still waiting to be sent carry the erased values instead; the search index
//! entry goes. The server does the same to its copy, history and conflicts, refuses any later
//! edit of the person, and marks the record erased in pulls, so every other laptop scrubs its
//! own history and drops its unsent edits of the person ([`scrub_pulled_erasure`]).
//! With `secure_delete` on, SQLite overwrites what it frees; then the full-text index is
//! merged, the file rebuilt (VACUUM) and the write-ahead log checkpointed, so the old text does
//! not linger in the files (the sync test reads the files' bytes to check).

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use crate::association::DocumentLanguage;
use crate::model::{EntityKind, FieldChange, HistoryEntry, Person};
use crate::mutation::{new_id, now};
use crate::record::{self, Fields, Table, PEOPLE};
use crate::store::Store;
use crate::sync::ConflictRecord;
use crate::{search, CoreError, Result};

const ERASED_VALUE: &str = rencontres_protocol::ERASED_VALUE;
const INACTIVE_YEARS: &str = "gdpr.inactive_years";

/// Everything stored about one person, as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonExport {
    pub exported_at: String,
    pub person: Person,
    pub organisation: Option<ExportedOrganisation>,
    pub committee_seats: Vec<ExportedSeat>,
    /// Every change of the person's record: who, when, which field, before and after.
    pub history: Vec<HistoryEntry>,
    pub conflicts: Vec<ConflictRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedOrganisation {
    pub id: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedSeat {
    pub role: String,
    pub term_start: String,
    pub term_end: Option<String>,
    pub account_username: Option<String>,
}

/// The two files of an export: JSON for machines, HTML for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFiles {
    /// The file name to offer, without extension: "Personal data — Ioana Țepeș".
    pub stem: String,
    pub json: String,
    pub html: String,
}

/// A contact with no activity since `last_activity`, for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InactiveContact {
    pub id: String,
    pub name: String,
    pub organisation_name: Option<String>,
    /// `YYYY-MM-DD` of the last change to the person or the end of their last committee seat.
    pub last_activity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InactiveReview {
    pub years: u32,
    /// Contacts with no activity since this date are listed.
    pub since: String,
    pub contacts: Vec<InactiveContact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GdprSettings {
    /// Years without activity after which a contact is listed for review.
    pub inactive_years: u32,
}

impl Default for GdprSettings {
    fn default() -> Self {
        GdprSettings { inactive_years: 3 }
    }
}

/// Whether the record was erased (here or on another laptop).
pub(crate) fn is_erased(conn: &rusqlite::Connection, entity: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM erasures WHERE entity = ?1 AND entity_id = ?2)")?
        .query_row(params![entity, id], |r| r.get(0))?)
}

fn erased_value(value: &Value) -> Value {
    if value.is_null() {
        Value::Null
    } else {
        Value::String(ERASED_VALUE.into())
    }
}

/// The history and conflicts of a record lose their values (fields, who and when stay). The
/// arguments of mutations already sent go too: they are never sent again.
fn scrub_history(tx: &Transaction, entity: &str, id: &str) -> Result<()> {
    if entity == PEOPLE.entity_name() {
        // The e-bulletin's sending log keeps each recipient's address and name.
        tx.execute("DELETE FROM bulletin_deliveries WHERE person_id = ?1", [id])?;
    }
    // An imported person's values are in the batch that created it, not in a log row of its own.
    crate::mutation::batch::scrub(tx, entity, id)?;
    let rows: Vec<(i64, String, bool)> = tx
        .prepare(
            "SELECT m.seq, m.changes, o.seq IS NOT NULL FROM mutations m LEFT JOIN outbox o ON o.mutation_id = m.id
             WHERE m.entity = ?1 AND m.entity_id = ?2",
        )?
        .query_map(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for (seq, changes, pending) in rows {
        let mut changes: Vec<FieldChange> = serde_json::from_str(&changes)?;
        for change in changes.iter_mut().filter(|c| c.field != "erased" && c.field != "deleted") {
            change.before = erased_value(&change.before);
            change.after = erased_value(&change.after);
        }
        tx.execute("UPDATE mutations SET changes = ?2 WHERE seq = ?1", params![seq, serde_json::to_string(&changes)?])?;
        if !pending {
            tx.execute("UPDATE mutations SET args = ?2 WHERE seq = ?1", params![seq, json!({ "id": id }).to_string()])?;
        }
    }
    tx.execute(
        "UPDATE conflicts SET overwritten = ?3, value = ?3, resolved_at = coalesce(resolved_at, ?4)
         WHERE entity = ?1 AND entity_id = ?2",
        params![entity, id, Value::String(ERASED_VALUE.into()).to_string(), now()],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO erasures (entity, entity_id, erased_at) VALUES (?1, ?2, ?3)",
        params![entity, id, now()],
    )?;
    Ok(())
}

/// A pulled record the server marks erased (called before the outbox is replayed on it): this
/// laptop's edits of it still waiting are dropped (the server would refuse them) and its
/// history scrubbed. Safe to call again for the same record.
pub(crate) fn scrub_pulled_erasure(tx: &Transaction, table: &Table, id: &str) -> Result<()> {
    let entity = table.entity_name();
    tx.execute(
        "DELETE FROM outbox WHERE mutation_id IN (SELECT id FROM mutations WHERE entity = ?1 AND entity_id = ?2)",
        params![entity, id],
    )?;
    scrub_history(tx, entity, id)?;
    search::unindex(tx, table, id)
}

/// Writes the erased state of a record: erased fields, deleted, version bumped, not indexed.
fn write_erased(tx: &Transaction, table: &Table, id: &str, fields: &Fields) -> Result<()> {
    let sets: Vec<String> = table.fields.iter().enumerate().map(|(i, f)| format!("{f} = ?{}", i + 2)).collect();
    let n = table.fields.len();
    let sql = format!(
        "UPDATE {} SET {}, sort_key = ?{}, version = version + 1, updated_at = ?{at}, deleted_at = coalesce(deleted_at, ?{at})
         WHERE id = ?1",
        table.sql,
        sets.join(", "),
        n + 2,
        at = n + 3
    );
    let mut values: Vec<rusqlite::types::Value> = vec![id.to_string().into()];
    values.extend(table.fields.iter().map(|f| record::to_sql(fields.get(*f).unwrap_or(&Value::Null))));
    values.push((table.sort_key)(fields).into());
    values.push(now().into());
    tx.execute(&sql, rusqlite::params_from_iter(values))?;
    search::unindex(tx, table, id)
}

/// The person's edits still waiting to be sent carry the erased values instead of theirs (a
/// create of a person the server has not seen yet still reaches it, erased, before the erasure).
fn anonymise_pending(tx: &Transaction, entity: &str, id: &str, erased: &Fields) -> Result<()> {
    let rows: Vec<(i64, String)> = tx
        .prepare(
            "SELECT m.seq, m.args FROM outbox o JOIN mutations m ON m.id = o.mutation_id
             WHERE m.entity = ?1 AND m.entity_id = ?2",
        )?
        .query_map(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for (seq, args) in rows {
        let mut args: Value = serde_json::from_str(&args)?;
        if let Some(fields) = args.get_mut("fields").and_then(Value::as_object_mut) {
            for (field, value) in fields.iter_mut() {
                if let Some(erased_value) = erased.get(field) {
                    *value = erased_value.clone();
                }
            }
        }
        tx.execute("UPDATE mutations SET args = ?2 WHERE seq = ?1", params![seq, args.to_string()])?;
    }
    Ok(())
}

impl Store {
    /// Erases a person (see the module doc); answers the erasure's mutation id. Cannot be undone.
    pub fn erase_person(&mut self, id: &str) -> Result<String> {
        let table = &PEOPLE;
        let entity = table.entity_name();
        if is_erased(&self.conn, entity, id)? {
            return Err(CoreError::invalid("id", "This person was erased already"));
        }
        let current =
            record::read(&self.conn, table, id)?.ok_or_else(|| CoreError::NotFound { what: "person", id: id.to_string() })?;
        let erased = rencontres_protocol::erased_fields(entity, &current.fields)
            .ok_or_else(|| CoreError::Corrupt("people are erasable".into()))?;
        // Freed pages are overwritten with zeros from here on, so deleted text is gone from the file.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let mutation_id = new_id();
        let tx = self.conn.transaction()?;
        anonymise_pending(&tx, entity, id, &erased)?;
        scrub_history(&tx, entity, id)?;
        write_erased(&tx, table, id, &erased)?;
        let changes = vec![FieldChange { field: "erased".into(), before: Value::Bool(false), after: Value::Bool(true) }];
        tx.execute(
            "INSERT INTO mutations (id, name, entity, entity_id, args, changes, undoes, actor, device, at, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9, 'local')",
            params![
                mutation_id,
                format!("Erase{}", table.noun),
                entity,
                id,
                json!({ "id": id }).to_string(),
                serde_json::to_string(&changes)?,
                self.author.actor,
                self.author.device,
                now()
            ],
        )?;
        let seq = tx.last_insert_rowid();
        tx.execute("INSERT INTO outbox (seq, mutation_id, base_versions) VALUES (?1, ?2, '{}')", params![seq, mutation_id])?;
        tx.commit()?;
        self.purge_freed_text()?;
        Ok(mutation_id)
    }

    /// Merges the full-text index (deleted entries linger in its segments until then),
    /// rebuilds the file (free space inside pages keeps old text written before
    /// `secure_delete` was on) and checkpoints the write-ahead log, which still holds the pages
    /// as they were. Seconds on a large store: erasures are rare.
    pub(crate) fn purge_freed_text(&mut self) -> Result<()> {
        // A copy of the log still running after a bulk write holds the checkpoint: the
        // truncation below would wait on it, or give up and leave the erased text in the log.
        self.wait_for_checkpoint();
        crate::search::optimize(&self.conn)?;
        self.conn.execute_batch("VACUUM")?;
        // A reader holding the log open only delays the truncation: not an error.
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(())
    }

    pub fn is_person_erased(&self, id: &str) -> Result<bool> {
        is_erased(&self.conn, "person", id)
    }

    /// Everything stored about a person.
    pub fn person_export(&self, id: &str) -> Result<PersonExport> {
        let person = self.person(id)?;
        let organisation = match &person.fields.organisation_id {
            Some(org) => self
                .conn
                .query_row("SELECT id, name, country FROM organisations WHERE id = ?1", [org], |r| {
                    Ok(ExportedOrganisation { id: r.get(0)?, name: r.get(1)?, country: r.get(2)? })
                })
                .optional()?,
            None => None,
        };
        let committee_seats = self
            .conn
            .prepare(
                "SELECT role, term_start, term_end, account_username FROM committee_seats
                 WHERE person_id = ?1 AND deleted_at IS NULL ORDER BY term_start",
            )?
            .query_map([id], |r| Ok(ExportedSeat { role: r.get(0)?, term_start: r.get(1)?, term_end: r.get(2)?, account_username: r.get(3)? }))?
            .collect::<std::result::Result<_, _>>()?;
        let history = self.history(EntityKind::Person, id)?;
        let conflicts = self.conflicts_of("person", id)?;
        Ok(PersonExport { exported_at: now(), person, organisation, committee_seats, history, conflicts })
    }

    fn conflicts_of(&self, entity: &str, id: &str) -> Result<Vec<ConflictRecord>> {
        Ok(self.conflicts()?.into_iter().filter(|c| c.entity == entity && c.entity_id == id).collect())
    }

    /// The export as a JSON file and a readable HTML document.
    pub fn person_export_files(&self, id: &str, language: DocumentLanguage) -> Result<ExportFiles> {
        let export = self.person_export(id)?;
        let name = full_name(&export.person);
        let json = serde_json::to_string_pretty(&export)?;
        let html = export_html(&export, language);
        let stem = format!("{} — {name}", language.pick("Personal data", "Données personnelles"));
        Ok(ExportFiles { stem, json, html })
    }

    pub fn gdpr_settings(&self) -> Result<GdprSettings> {
        match self.setting(INACTIVE_YEARS)? {
            None => Ok(GdprSettings::default()),
            Some(text) => Ok(GdprSettings {
                inactive_years: text
                    .parse()
                    .map_err(|_| CoreError::Corrupt(format!("setting {INACTIVE_YEARS} is {text:?}, not a number of years")))?,
            }),
        }
    }

    pub fn set_gdpr_settings(&self, settings: &GdprSettings) -> Result<()> {
        if !(1..=50).contains(&settings.inactive_years) {
            return Err(CoreError::invalid("inactive_years", "Enter a number of years from 1 to 50"));
        }
        self.set_setting(INACTIVE_YEARS, &settings.inactive_years.to_string())
    }

    /// Contacts with no activity for the configured number of years before `on`, longest
    /// inactive first. Activity: any change to the person (here or synced with its history),
    /// else when the record arrived on this laptop, and committee seats (an open seat is activity).
    pub fn inactive_contacts(&self, on: &str) -> Result<InactiveReview> {
        let on = NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
            .map_err(|_| CoreError::invalid("on", format!("\"{on}\" is not a date (expected YYYY-MM-DD)")))?;
        let years = self.gdpr_settings()?.inactive_years;
        let since = on
            .with_year(on.year() - years as i32)
            .or_else(|| NaiveDate::from_ymd_opt(on.year() - years as i32, on.month(), 28))
            .ok_or_else(|| CoreError::invalid("on", "date out of range"))?
            .format("%Y-%m-%d")
            .to_string();
        let mut statement = self.conn.prepare(
            "SELECT id, first_name, last_name, organisation_name, substr(last, 1, 10) FROM (
                SELECT p.id, p.first_name, p.last_name, o.name AS organisation_name,
                       max(coalesce((SELECT max(m.at) FROM mutations m WHERE m.entity = 'person' AND m.entity_id = p.id), p.created_at),
                           coalesce((SELECT max(coalesce(s.term_end, '9999-12-31')) FROM committee_seats s
                                     WHERE s.person_id = p.id AND s.deleted_at IS NULL), '')) AS last
                FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
                WHERE p.deleted_at IS NULL)
             WHERE substr(last, 1, 10) < ?1 ORDER BY last, last_name, first_name",
        )?;
        let contacts = statement
            .query_map([&since], |r| {
                let first: String = r.get(1)?;
                let last: String = r.get(2)?;
                Ok(InactiveContact {
                    id: r.get(0)?,
                    name: format!("{first} {last}").trim().to_string(),
                    organisation_name: r.get(3)?,
                    last_activity: r.get(4)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(InactiveReview { years, since, contacts })
    }
}

fn full_name(person: &Person) -> String {
    format!("{} {}", person.fields.first_name, person.fields.last_name).trim().to_string()
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "—".into(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "—".into(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The export as a self-contained HTML page the person can read (and print).
fn export_html(export: &PersonExport, l: DocumentLanguage) -> String {
    let e = escape_html;
    let p = &export.person.fields;
    let name = full_name(&export.person);
    let mut html = String::new();
    let lang = l.pick("en", "fr");
    html.push_str(&format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font-family:sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}th{{background:#f3f4f6}}</style></head><body>\n",
        e(&format!("{} — {name}", l.pick("Personal data", "Données personnelles")))
    ));
    html.push_str(&format!("<h1>{}</h1>\n", e(&format!("{} {name}", l.pick("Personal data held about", "Données personnelles détenues sur")))));
    html.push_str(&format!("<p>{} {}</p>\n", e(l.pick("Exported on", "Exporté le")), e(&export.exported_at)));
    html.push_str(&format!("<h2>{}</h2>\n<table>\n", e(l.pick("Contact record", "Fiche de contact"))));
    let rows: [(&str, String); 8] = [
        (l.pick("First name", "Prénom"), p.first_name.clone()),
        (l.pick("Last name", "Nom"), p.last_name.clone()),
        (l.pick("Function", "Fonction"), p.function.clone()),
        (l.pick("Organisation", "Organisation"), export.organisation.as_ref().map(|o| format!("{} ({})", o.name, o.country)).unwrap_or_default()),
        (l.pick("E-mails", "E-mails"), p.emails.join(", ")),
        (l.pick("Phones", "Téléphones"), p.phones.join(", ")),
        (l.pick("Languages", "Langues"), p.languages.join(", ")),
        (l.pick("Notes", "Notes"), p.notes.clone()),
    ];
    for (label, value) in rows {
        let shown = if value.is_empty() { "—".to_string() } else { value };
        html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>\n", e(label), e(&shown)));
    }
    html.push_str(&format!(
        "<tr><th>{}</th><td>{}</td></tr>\n</table>\n",
        e(l.pick("Record created", "Fiche créée")),
        e(&export.person.created_at)
    ));
    html.push_str(&format!("<h2>{}</h2>\n", e(l.pick("Committee seats", "Sièges au comité"))));
    if export.committee_seats.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", e(l.pick("None.", "Aucun."))));
    } else {
        html.push_str("<ul>\n");
        for seat in &export.committee_seats {
            html.push_str(&format!(
                "<li>{} — {} → {}</li>\n",
                e(&seat.role),
                e(&seat.term_start),
                e(seat.term_end.as_deref().unwrap_or("…"))
            ));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        e(l.pick("History of changes", "Historique des modifications")),
        e(l.pick("When", "Quand")),
        e(l.pick("By", "Par")),
        e(l.pick("Field", "Champ")),
        e(l.pick("Before", "Avant")),
        e(l.pick("After", "Après")),
    ));
    for entry in &export.history {
        for change in &entry.changes {
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                e(&entry.at),
                e(&entry.actor),
                e(&change.field),
                e(&value_text(&change.before)),
                e(&value_text(&change.after))
            ));
        }
    }
    html.push_str("</table>\n");
    if !export.conflicts.is_empty() {
        html.push_str(&format!("<h2>{}</h2>\n<ul>\n", e(l.pick("Edits that crossed", "Modifications croisées"))));
        for conflict in &export.conflicts {
            html.push_str(&format!(
                "<li>{} — {}: {} → {}</li>\n",
                e(&conflict.at),
                e(&conflict.field),
                e(&value_text(&conflict.overwritten)),
                e(&value_text(&conflict.value))
            ));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&format!(
        "<p><small>{}</small></p>\n</body></html>\n",
        e(l.pick(
            "The same data, machine-readable, is in the JSON file exported with this page.",
            "Les mêmes données, lisibles par une machine, sont dans le fichier JSON exporté avec cette page.",
        ))
    ));
    html
}

#[cfg(test)]
mod tests;
