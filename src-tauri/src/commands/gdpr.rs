//! The commands of GDPR: export everything stored about a person (a JSON file and a readable
//! HTML document beside it, through the native save dialog), erase a person (synced to every
//! laptop), and the review list of contacts with no activity for a set number of years.

use std::path::Path;

use rencontres_core::association::DocumentLanguage;
use rencontres_core::gdpr::{GdprSettings, InactiveReview};
use tauri::State;

use super::documents::save_file;
use super::{with_store, write_store, Reply};
use crate::state::AppState;

/// Saves the export as JSON where the user chooses, and the readable HTML beside it (same name,
/// `.html`); answers the JSON file's path, or None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_person_data(state: State<'_, AppState>, person_id: String, language: DocumentLanguage) -> Reply<Option<String>> {
    let files = with_store(&state, |store| store.person_export_files(&person_id, language))?;
    let Some(path) = save_file(format!("{}.json", files.stem), "json", files.json.into_bytes()).await? else {
        return Ok(None);
    };
    let html = Path::new(&path).with_extension("html");
    super::import::write_whole(&html, files.html)?;
    Ok(Some(path))
}

/// Erases the person here and, through sync, on every laptop. Cannot be undone.
#[tauri::command]
#[specta::specta]
pub async fn erase_person(state: State<'_, AppState>, person_id: String) -> Reply<String> {
    write_store(&state, |store| store.erase_person(&person_id))
}

#[tauri::command]
#[specta::specta]
pub async fn gdpr_settings(state: State<'_, AppState>) -> Reply<GdprSettings> {
    with_store(&state, |store| store.gdpr_settings())
}

#[tauri::command]
#[specta::specta]
pub async fn set_gdpr_settings(state: State<'_, AppState>, settings: GdprSettings) -> Reply<()> {
    with_store(&state, |store| store.set_gdpr_settings(&settings))
}

/// Contacts with no activity for the set number of years before `on` (YYYY-MM-DD).
#[tauri::command]
#[specta::specta]
pub async fn inactive_contacts(state: State<'_, AppState>, on: String) -> Reply<InactiveReview> {
    with_store(&state, |store| store.inactive_contacts(&on))
}
