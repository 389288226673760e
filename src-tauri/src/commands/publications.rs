//! The commands of the Publications area: the list (by kind), create, edit, delete, and
//! files: attached through the native open dialog (copied into `attachments` beside the
//! store) and saved elsewhere through the save dialog. `RENCONTRES_TEST_OPEN_FILE` and
//! `RENCONTRES_TEST_SAVE_FILE` answer the dialogs in the end-to-end tests.

use std::path::PathBuf;

use rencontres_core::publications::{Publication, PublicationInput, PublicationKind};
use tauri::State;

use super::import::{run_dialog, test_answer, TEST_SAVE_FILE};
use super::{with_store, write_store, Reply};
use crate::error::IpcError;
use crate::state::AppState;

const TEST_OPEN_FILE: &str = "RENCONTRES_TEST_OPEN_FILE";

/// Where attached files are kept: a folder beside the store.
fn attachments(state: &AppState) -> PathBuf {
    state.db_path.parent().map(|p| p.join("attachments")).unwrap_or_else(|| PathBuf::from("attachments"))
}

#[tauri::command]
#[specta::specta]
pub async fn list_publications(state: State<'_, AppState>, kind: Option<PublicationKind>) -> Reply<Vec<Publication>> {
    let folder = attachments(&state);
    with_store(&state, |store| store.publications(kind, Some(&folder)))
}

#[tauri::command]
#[specta::specta]
pub async fn create_publication(state: State<'_, AppState>, input: PublicationInput) -> Reply<Publication> {
    write_store(&state, |store| store.create_publication(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_publication(state: State<'_, AppState>, id: String, input: PublicationInput) -> Reply<Publication> {
    write_store(&state, |store| store.update_publication(&id, &input))
}

/// Answers the mutation id `undo` takes back.
#[tauri::command]
#[specta::specta]
pub async fn delete_publication(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_publication(&id))
}

/// Asks for a file and attaches a copy; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn attach_publication_file(state: State<'_, AppState>, id: String) -> Reply<Option<Publication>> {
    let path = match test_answer(TEST_OPEN_FILE) {
        Some(path) => Some(path),
        None => run_dialog(|| rfd::FileDialog::new().pick_file()).await?,
    };
    let Some(path) = path else { return Ok(None) };
    let folder = attachments(&state);
    write_store(&state, |store| store.attach_publication_file(&id, &path, &folder)).map(Some)
}

/// Saves a copy of an attached file where the user says; answers the path, None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_publication_file(state: State<'_, AppState>, id: String, stored: String) -> Reply<Option<String>> {
    let folder = attachments(&state);
    let source = with_store(&state, |store| store.publication_file_path(&id, &stored, &folder))?;
    let name = stored.split_once("--").map(|(_, n)| n.to_string()).unwrap_or(stored.clone());
    let target = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => run_dialog(move || rfd::FileDialog::new().set_file_name(name).save_file()).await?,
    };
    let Some(target) = target else { return Ok(None) };
    std::fs::copy(&source, &target).map_err(|e| IpcError::store(format!("{} cannot be written: {e}", target.display())))?;
    Ok(Some(target.display().to_string()))
}
