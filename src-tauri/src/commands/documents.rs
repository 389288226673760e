//! The commands of the association's documents: its details and bank account (Settings), and
//! dues invoices and reminders as PDF saved where the user chooses through the native save
//! dialog. `save_file` is shared by the other commands that save a document (GDPR export).
//!
//! For the end-to-end tests, `RENCONTRES_TEST_SAVE_FILE` answers the save dialog instead of the
//! user: the document is made and written by the real path.

use std::path::PathBuf;

use rencontres_core::association::{AssociationDetails, DocumentLanguage};
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
    std::fs::write(&path, bytes).map_err(|e| IpcError::store(format!("{} cannot be written: {e}", path.display())))?;
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
