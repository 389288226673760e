//! The commands of the Best practices area: the filtered list, one practice, create, edit and
//! delete, a Markdown preview for the editor (rendered and sanitised in Rust, like the stored
//! body), and the catalogue saved as one HTML file through the native save dialog
//! (`RENCONTRES_TEST_SAVE_FILE` answers it in the end-to-end tests).

use rencontres_core::model::Country;
use rencontres_core::practices::catalogue::CatalogueLanguage;
use rencontres_core::practices::{Practice, PracticeInput, PracticeQuery, PracticeRow};
use serde::Serialize;
use specta::Type;
use tauri::State;

use super::import::{run_dialog, test_answer, TEST_SAVE_FILE};
use super::{with_store, write_store, Reply};
use crate::state::AppState;

/// Where the catalogue was written and how many practices it holds.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SavedCatalogue {
    pub path: String,
    pub count: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn list_practices(state: State<'_, AppState>, query: PracticeQuery) -> Reply<Vec<PracticeRow>> {
    with_store(&state, |store| store.practices(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn get_practice(state: State<'_, AppState>, id: String) -> Reply<Practice> {
    with_store(&state, |store| store.practice(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn create_practice(state: State<'_, AppState>, input: PracticeInput) -> Reply<Practice> {
    write_store(&state, |store| store.create_practice(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_practice(state: State<'_, AppState>, id: String, input: PracticeInput) -> Reply<Practice> {
    write_store(&state, |store| store.update_practice(&id, &input))
}

/// Answers the mutation id `undo` takes back.
#[tauri::command]
#[specta::specta]
pub async fn delete_practice(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_practice(&id))
}

/// The countries that have practices, for the filter.
#[tauri::command]
#[specta::specta]
pub async fn practice_countries(state: State<'_, AppState>) -> Reply<Vec<Country>> {
    with_store(&state, |store| store.practice_countries())
}

/// Markdown as sanitised HTML, for the editor's preview.
#[tauri::command]
#[specta::specta]
pub async fn render_markdown(markdown: String) -> Reply<String> {
    Ok(rencontres_core::markdown::to_safe_html(&markdown))
}

/// Saves the catalogue of the practices matching `query` where the user says; None when the
/// user cancels the dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_practice_catalogue(
    state: State<'_, AppState>,
    query: PracticeQuery,
    language: CatalogueLanguage,
) -> Reply<Option<SavedCatalogue>> {
    let file_name = match language {
        CatalogueLanguage::En => "best-practices.html",
        CatalogueLanguage::Fr => "bonnes-pratiques.html",
    };
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => run_dialog(move || rfd::FileDialog::new().set_file_name(file_name).add_filter("HTML", &["html", "htm"]).save_file()).await?,
    };
    let Some(path) = path else { return Ok(None) };
    let (html, count) = with_store(&state, |store| store.practice_catalogue(&query, language))?;
    super::import::write_whole(&path, html)?;
    Ok(Some(SavedCatalogue { path: path.display().to_string(), count: u32::try_from(count).unwrap_or(u32::MAX) }))
}
