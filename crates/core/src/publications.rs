//! Publications: conference reports (linked to their event), position papers and e-bulletin
//! issues, with their files. Records sync through [`crate::mutation`] like every entity.
//!
//! Files: attaching copies the file into an `attachments` folder the caller names (the app
//! passes the one beside the store) under a unique name, and the record lists that name.
//! The record syncs; the file itself does not yet, so another laptop sees the name and is told
//! the file is not on it. A copy can be saved anywhere through the save dialog.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::fold;
use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    ConferenceReport,
    PositionPaper,
    BulletinIssue,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PublicationInput {
    pub kind: PublicationKind,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub published_on: Option<String>,
    /// The event it reports on: free text or an event id.
    pub event: String,
    pub summary: String,
    /// Stored file names (see [`Store::attach_publication_file`]).
    pub files: Vec<String>,
}

/// A file of a publication and whether it is on this laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PublicationFile {
    /// As stored: `0193…-report.pdf`.
    pub stored: String,
    /// As the user named it: `report.pdf`.
    pub name: String,
    pub here: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Publication {
    pub id: String,
    #[serde(flatten)]
    pub fields: PublicationInput,
    pub file_list: Vec<PublicationFile>,
}

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

pub(crate) static PUBLICATIONS: Table = Table {
    entity: EntityKind::Publication,
    noun: "Publication",
    sql: "publications",
    fields: &["kind", "title", "published_on", "event", "summary", "files"],
    list_fields: &["files"],
    // Newest first when sorted descending by date; then by title.
    sort_key: |f| format!("{} {}", text_of(f, "published_on"), fold(text_of(f, "title"))),
};

/// The name the user gave a stored file (the part after the unique prefix).
fn shown_name(stored: &str) -> String {
    stored.split_once("--").map(|(_, name)| name.to_string()).unwrap_or_else(|| stored.to_string())
}

fn clean(input: &PublicationInput) -> Result<PublicationInput> {
    let title = validate::required("title", "Title", &input.title, 300)?;
    let published_on = validate::date("published_on", "Date", input.published_on.as_deref())?;
    let mut files: Vec<String> = Vec::new();
    for file in input.files.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        if file.contains(['/', '\\']) || file.starts_with('.') {
            return Err(CoreError::invalid("files", format!("\"{file}\" is not a stored file name")));
        }
        if !files.iter().any(|f| f == file) {
            files.push(file.to_string());
        }
    }
    Ok(PublicationInput {
        kind: input.kind,
        title,
        published_on,
        event: validate::optional("event", "Event", &input.event, 200)?,
        summary: validate::optional("summary", "Summary", &input.summary, 5_000)?,
        files,
    })
}

fn read(conn: &Connection, id: &str, attachments: Option<&Path>) -> Result<Publication> {
    let stored = record::read_live(conn, &PUBLICATIONS, id)?;
    let fields: PublicationInput = record::from_fields(&stored.fields)?;
    let file_list = fields
        .files
        .iter()
        .map(|f| PublicationFile { stored: f.clone(), name: shown_name(f), here: attachments.is_some_and(|dir| dir.join(f).is_file()) })
        .collect();
    Ok(Publication { id: id.to_string(), fields, file_list })
}

/// A file name safe to keep in a folder: no path, no control characters.
fn safe_name(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { "file".to_string() } else { cleaned.chars().take(120).collect() }
}

impl Store {
    pub fn create_publication(&mut self, input: &PublicationInput) -> Result<Publication> {
        let clean = clean(input)?;
        let id = mutation::new_id();
        self.write(|tx, author| {
            let fields = record::to_fields(&PUBLICATIONS, &clean)?;
            mutation::apply(tx, author, Write { table: &PUBLICATIONS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read(&self.conn, &id, None)
    }

    pub fn update_publication(&mut self, id: &str, input: &PublicationInput) -> Result<Publication> {
        let clean = clean(input)?;
        self.write(|tx, author| {
            record::read_live(tx, &PUBLICATIONS, id)?;
            let fields = record::to_fields(&PUBLICATIONS, &clean)?;
            mutation::apply(tx, author, Write { table: &PUBLICATIONS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read(&self.conn, id, None)
    }

    /// Answers the mutation id [`Store::undo`] takes back.
    pub fn delete_publication(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &PUBLICATIONS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting publication {id} recorded nothing")))
        })
    }

    pub fn publication(&self, id: &str, attachments: Option<&Path>) -> Result<Publication> {
        read(&self.conn, id, attachments)
    }

    /// Every publication, newest first, optionally of one kind.
    pub fn publications(&self, kind: Option<PublicationKind>, attachments: Option<&Path>) -> Result<Vec<Publication>> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM publications WHERE deleted_at IS NULL ORDER BY sort_key DESC, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for id in ids {
            let publication = read(&self.conn, &id, attachments)?;
            if kind.is_none_or(|k| k == publication.fields.kind) {
                out.push(publication);
            }
        }
        Ok(out)
    }

    /// Copies `source` into `attachments` under a unique name and adds it to the publication.
    pub fn attach_publication_file(&mut self, id: &str, source: &Path, attachments: &Path) -> Result<Publication> {
        let publication = read(&self.conn, id, Some(attachments))?;
        let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stored = format!("{}--{}", mutation::new_id(), safe_name(&name));
        std::fs::create_dir_all(attachments)
            .and_then(|_| std::fs::copy(source, attachments.join(&stored)))
            .map_err(|e| CoreError::invalid("files", format!("{name} cannot be attached: {e}")))?;
        let mut input = publication.fields;
        input.files.push(stored.clone());
        match self.update_publication(id, &input) {
            Ok(_) => read(&self.conn, id, Some(attachments)),
            Err(error) => {
                // Nothing half-done: the copy goes when the record could not take it.
                let _ = std::fs::remove_file(attachments.join(&stored));
                Err(error)
            }
        }
    }

    /// Where a publication's stored file is on this laptop, or why it is not.
    pub fn publication_file_path(&self, id: &str, stored: &str, attachments: &Path) -> Result<PathBuf> {
        let publication = read(&self.conn, id, Some(attachments))?;
        let file = publication
            .file_list
            .iter()
            .find(|f| f.stored == stored)
            .ok_or_else(|| CoreError::invalid("files", "That file is not attached to this publication"))?;
        if !file.here {
            return Err(CoreError::invalid("files", format!("{} was attached on another laptop: it is not on this one", file.name)));
        }
        Ok(attachments.join(stored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::store;

    fn report(title: &str, on: Option<&str>) -> PublicationInput {
        PublicationInput {
            kind: PublicationKind::ConferenceReport,
            title: title.into(),
            published_on: on.map(str::to_string),
            event: "General assembly, Chemnitz 2025".into(),
            summary: String::new(),
            files: vec![],
        }
    }

    #[test]
    fn publications_are_listed_newest_first_and_filtered_by_kind() {
        let mut store = store();
        store.create_publication(&report("Chemnitz report", Some("2025-11-02"))).expect("a");
        store.create_publication(&report("Tartu report", Some("2024-10-01"))).expect("b");
        store.create_publication(&PublicationInput { kind: PublicationKind::PositionPaper, ..report("On culture in cohesion policy", Some("2025-03-01")) }).expect("c");
        let titles = |list: Vec<Publication>| list.into_iter().map(|p| p.fields.title).collect::<Vec<_>>();
        assert_eq!(titles(store.publications(None, None).expect("all")), vec!["Chemnitz report", "On culture in cohesion policy", "Tartu report"]);
        assert_eq!(titles(store.publications(Some(PublicationKind::PositionPaper), None).expect("papers")), vec!["On culture in cohesion policy"]);
        assert!(matches!(store.create_publication(&report(" ", None)), Err(CoreError::Validation { .. })));
        assert!(matches!(store.create_publication(&report("x", Some("2025-13-01"))), Err(CoreError::Validation { field, .. }) if field == "published_on"));
    }

    #[test]
    fn an_attached_file_is_copied_listed_and_found_only_where_it_is() {
        let mut store = store();
        let folder = tempfile::tempdir().expect("folder");
        let source = folder.path().join("Rapport final.pdf");
        std::fs::write(&source, b"%PDF-1.4 report").expect("source");
        let attachments = folder.path().join("attachments");
        let created = store.create_publication(&report("Chemnitz report", None)).expect("created");
        let with_file = store.attach_publication_file(&created.id, &source, &attachments).expect("attached");
        assert_eq!(with_file.file_list.len(), 1);
        assert_eq!(with_file.file_list[0].name, "Rapport final.pdf");
        assert!(with_file.file_list[0].here);
        let path = store.publication_file_path(&created.id, &with_file.file_list[0].stored, &attachments).expect("path");
        assert_eq!(std::fs::read(path).expect("copy"), b"%PDF-1.4 report");
        // Another laptop's folder does not hold it: the record says so, reading says why.
        let elsewhere = folder.path().join("elsewhere");
        let there = store.publication(&created.id, Some(&elsewhere)).expect("read");
        assert!(!there.file_list[0].here);
        assert!(matches!(store.publication_file_path(&created.id, &there.file_list[0].stored, &elsewhere), Err(CoreError::Validation { .. })));
        // A stored name cannot smuggle a path.
        let bad = PublicationInput { files: vec!["../../etc/passwd".into()], ..with_file.fields };
        assert!(matches!(store.update_publication(&created.id, &bad), Err(CoreError::Validation { field, .. }) if field == "files"));
    }
}
