//! The commands of the association's documents: its details and bank account (Settings), and
//! dues invoices and reminders as PDF saved where the user chooses through the native save
//! dialog. `save_file` is shared by the other commands that save a document (GDPR export).
//!
//! For the end-to-end tests, `RENCONTRES_TEST_SAVE_FILE` answers the save dialog instead of the
//! user: the document is made and written by the real path.

use std::path::PathBuf;

use rencontres_core::association::{AssociationDetails, DocumentLanguage};
use rencontres_core::badges::BadgeLayout;
use rencontres_core::dues::PdfFile;
use tauri::State;

use super::{with_store, Reply};
use crate::error::IpcError;
use crate::state::AppState;

const TEST_SAVE_FILE: &str = "RENCONTRES_TEST_SAVE_FILE";

/// Asks where to save `file_name` (offering files with `extension`) and writes `bytes` there;
/// None when the user cancels. The document is made before the dialog opens, so an error
/// (no bank details yet …) shows without asking for a place first.
pub(crate) async fn save_file(file_name: String, extension: &'static str, bytes: Vec<u8>) -> Reply<Option<String>> {
    let path: Option<PathBuf> = match std::env::var_os(TEST_SAVE_FILE).filter(|v| !v.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => tauri::async_runtime::spawn_blocking(move || {
            rfd::FileDialog::new().set_file_name(file_name).add_filter(extension, &[extension]).save_file()
        })
        .await
        .map_err(|e| IpcError::store(format!("the file dialog failed: {e}")))?,
    };
    let Some(path) = path else { return Ok(None) };
    super::import::write_whole(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}

async fn save_pdf(file: PdfFile) -> Reply<Option<String>> {
    save_file(file.file_name, "pdf", file.bytes).await
}

#[tauri::command]
#[specta::specta]
pub async fn association_details(state: State<'_, AppState>) -> Reply<AssociationDetails> {
    with_store(&state, |store| store.association_details())
}

/// Checks and stores the details; a bad IBAN or BIC comes back as a validation error on its field.
#[tauri::command]
#[specta::specta]
pub async fn set_association_details(state: State<'_, AppState>, details: AssociationDetails) -> Reply<AssociationDetails> {
    with_store(&state, |store| store.set_association_details(&details))
}

/// Saves the invoice as PDF where the user chooses; answers the path, or None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_invoice_pdf(state: State<'_, AppState>, invoice_id: String, language: DocumentLanguage) -> Reply<Option<String>> {
    let file = with_store(&state, |store| store.invoice_pdf(&invoice_id, language))?;
    save_pdf(file).await
}

/// Saves a reminder of the invoice as PDF; answers the path, or None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_reminder_pdf(state: State<'_, AppState>, invoice_id: String, language: DocumentLanguage) -> Reply<Option<String>> {
    let file = with_store(&state, |store| store.reminder_pdf(&invoice_id, language))?;
    save_pdf(file).await
}

/// A file name made of an event's title: letters, digits and dashes only.
fn file_stem(title: &str) -> String {
    let stem: String = title.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let stem = stem.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if stem.is_empty() { "event".into() } else { stem }
}

/// Saves the badges of everyone registered for the event as one PDF (A6 pages, or four per
/// A4 sheet); answers the path, or None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_event_badges(state: State<'_, AppState>, event_id: String, layout: BadgeLayout) -> Reply<Option<String>> {
    let (title, bytes) = with_store(&state, |store| Ok((store.event(&event_id)?.fields.title, store.event_badges_pdf(&event_id, layout)?)))?;
    save_file(format!("badges-{}.pdf", file_stem(&title)), "pdf", bytes).await
}

/// Saves one registration's badge on an A6 page (to print at the door).
#[tauri::command]
#[specta::specta]
pub async fn save_registration_badge(state: State<'_, AppState>, registration_id: String) -> Reply<Option<String>> {
    let (name, bytes) = with_store(&state, |store| Ok((store.badge(&registration_id)?.name, store.registration_badge_pdf(&registration_id)?)))?;
    save_file(format!("badge-{}.pdf", file_stem(&name)), "pdf", bytes).await
}

/// Saves the events (all announced ones, or the one given) and their programme as an
/// iCalendar file that calendar apps import.
#[tauri::command]
#[specta::specta]
pub async fn save_events_calendar(state: State<'_, AppState>, event_id: Option<String>) -> Reply<Option<String>> {
    let (name, text) = with_store(&state, |store| {
        let name = match &event_id {
            Some(id) => file_stem(&store.event(id)?.fields.title),
            None => "les-rencontres".to_string(),
        };
        Ok((name, store.events_calendar(event_id.as_deref())?))
    })?;
    save_file(format!("{name}.ics"), "ics", text.into_bytes()).await
}

/// Saves the printable attendee list (A4, registered and waiting people by name).
#[tauri::command]
#[specta::specta]
pub async fn save_attendees_pdf(state: State<'_, AppState>, event_id: String) -> Reply<Option<String>> {
    let (title, bytes) = with_store(&state, |store| Ok((store.event(&event_id)?.fields.title, store.attendees_pdf(&event_id)?)))?;
    save_file(format!("attendees-{}.pdf", file_stem(&title)), "pdf", bytes).await
}
