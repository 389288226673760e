//! The commands of import and export: a native open dialog, the three import steps of
//! `rencontres-core` (preview, check, commit with progress and cancel) and the export of the
//! current list through a native save dialog.
//!
//! For the end-to-end tests, `RENCONTRES_TEST_OPEN_FILE` and `RENCONTRES_TEST_SAVE_FILE`
//! answer the dialogs instead of the user: everything after the dialog is the real path.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rencontres_core::export::{ExportError, ExportFormat};
use rencontres_core::import::{ColumnMapping, ImportCheck, ImportError, ImportKind, ImportOptions, ImportSummary, Preview};
use rencontres_core::model::{OrganisationQuery, PersonQuery};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Emitter, State};

use super::Reply;
use crate::error::{ErrorKind, IpcError};
use crate::state::AppState;

/// The Tauri event carrying an import's progress.
pub const PROGRESS_EVENT: &str = "import-progress";

const TEST_OPEN_FILE: &str = "RENCONTRES_TEST_OPEN_FILE";
pub(crate) const TEST_SAVE_FILE: &str = "RENCONTRES_TEST_SAVE_FILE";

/// The file the user chose to import.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ChosenFile {
    pub path: String,
    /// The file's name, as shown and as the reader uses it to tell CSV from XLSX.
    pub name: String,
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// The list to export, with the query of its current filters.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(tag = "kind", content = "query", rename_all = "snake_case")]
pub enum ListQuery {
    Organisations(OrganisationQuery),
    People(PersonQuery),
}

impl From<ImportError> for IpcError {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Store(core) => IpcError::from(core),
            ImportError::Cancelled => IpcError { kind: ErrorKind::Validation, message: error.to_string(), field: None },
            other => IpcError { kind: ErrorKind::Validation, message: other.to_string(), field: Some("file".into()) },
        }
    }
}

impl From<ExportError> for IpcError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Store(core) => IpcError::from(core),
            other => IpcError::store(other.to_string()),
        }
    }
}

pub(crate) fn test_answer(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Runs a blocking native dialog on a blocking thread: rfd hands it to the GTK main loop
/// (Tauri's main thread) and waits for the answer, so the window stays responsive.
pub(crate) async fn run_dialog<T: Send + 'static>(dialog: impl FnOnce() -> T + Send + 'static) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(dialog).await.map_err(|e| IpcError::store(format!("the file dialog failed: {e}")))
}

/// Writes a file the user chose whole or not at all: into a hidden file beside it, then
/// renamed over it, so a reader (or a crash) never meets it half written and an older file of
/// that name stays until the new one is complete.
pub(crate) fn write_whole(path: &Path, bytes: impl AsRef<[u8]>) -> Reply<()> {
    let failed = |e: std::io::Error| IpcError::store(format!("{} cannot be written: {e}", path.display()));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let part = path.with_file_name(format!(".{name}.part"));
    std::fs::write(&part, bytes).map_err(failed)?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        failed(e)
    })
}

fn read_file(path: &str) -> Reply<(Vec<u8>, String)> {
    let name = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string());
    let bytes = std::fs::read(path).map_err(|e| IpcError::invalid("file", format!("{name} cannot be read: {e}")))?;
    Ok((bytes, name))
}

fn store_of<T>(state: &AppState, work: impl FnOnce(&mut rencontres_core::Store) -> Result<T, IpcError>) -> Reply<T> {
    match &state.store {
        Ok(store) => {
            let mut guard = store.lock().map_err(|_| IpcError::store("the store is unusable after an earlier failure; restart the app"))?;
            work(&mut guard)
        }
        Err(error) => Err(IpcError::store(error.to_string())),
    }
}

/// Asks for a CSV or XLSX file; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn choose_import_file() -> Reply<Option<ChosenFile>> {
    let path = match test_answer(TEST_OPEN_FILE) {
        Some(path) => Some(path),
        None => run_dialog(|| {
            rfd::FileDialog::new().add_filter("CSV, Excel", &["csv", "txt", "tsv", "xlsx"]).pick_file()
        })
        .await?,
    };
    Ok(path.map(|path| ChosenFile {
        name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
    }))
}

#[tauri::command]
#[specta::specta]
pub async fn import_preview(state: State<'_, AppState>, kind: ImportKind, path: String) -> Reply<Preview> {
    let (bytes, name) = read_file(&path)?;
    store_of(&state, |store| store.import_preview(kind, &bytes, &name).map_err(IpcError::from))
}

/// Row errors and duplicates come back as data, for the UI to list.
#[tauri::command]
#[specta::specta]
pub async fn import_check(state: State<'_, AppState>, kind: ImportKind, path: String, mapping: ColumnMapping) -> Reply<ImportCheck> {
    let (bytes, name) = read_file(&path)?;
    store_of(&state, |store| store.import_check(kind, &bytes, &name, &mapping).map_err(IpcError::from))
}

/// Imports the file in one transaction, emitting `import-progress`; `cancel_import` stops it
/// and nothing is changed.
#[tauri::command]
#[specta::specta]
pub async fn import_commit(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: ImportKind,
    path: String,
    options: ImportOptions,
) -> Reply<ImportSummary> {
    let (bytes, name) = read_file(&path)?;
    let cancel = state.import_cancel.clone();
    cancel.store(false, Ordering::SeqCst);
    let summary = store_of(&state, |store| {
        store
            .import_commit(kind, &bytes, &name, &options, |done, total| {
                let _ = app.emit(PROGRESS_EVENT, ImportProgress { done, total });
                !cancel.load(Ordering::SeqCst)
            })
            .map_err(IpcError::from)
    })?;
    state.link.nudge();
    Ok(summary)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_import(state: State<'_, AppState>) -> Reply<()> {
    state.import_cancel.store(true, Ordering::SeqCst);
    Ok(())
}

/// Exports the list as filtered to a file the user names; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_list(state: State<'_, AppState>, list: ListQuery, format: ExportFormat) -> Reply<Option<String>> {
    let stem = match &list {
        ListQuery::Organisations(_) => "members",
        ListQuery::People(_) => "contacts",
    };
    let file_name = format!("{stem}.{}", format.extension());
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => {
            let extension = format.extension();
            run_dialog(move || {
                rfd::FileDialog::new().set_file_name(file_name).add_filter(extension, &[extension]).save_file()
            })
            .await?
        }
    };
    let Some(path) = path else { return Ok(None) };
    let bytes = store_of(&state, |store| {
        match &list {
            ListQuery::Organisations(query) => store.export_organisations(query, format),
            ListQuery::People(query) => store.export_people(query, format),
        }
        .map_err(IpcError::from)
    })?;
    write_whole(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}
