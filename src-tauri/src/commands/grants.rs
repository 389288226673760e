//! The commands of the Funders & partners area: grants (list, create, edit, delete), the
//! reports due soon or overdue, and the organisations the network works with.

use rencontres_core::grants::{Grant, GrantInput, GrantReminder, Partner};
use tauri::State;

use super::{with_store, write_store, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn list_grants(state: State<'_, AppState>) -> Reply<Vec<Grant>> {
    with_store(&state, |store| store.grants())
}

#[tauri::command]
#[specta::specta]
pub async fn create_grant(state: State<'_, AppState>, input: GrantInput) -> Reply<Grant> {
    write_store(&state, |store| store.create_grant(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_grant(state: State<'_, AppState>, id: String, input: GrantInput) -> Reply<Grant> {
    write_store(&state, |store| store.update_grant(&id, &input))
}

/// Answers the mutation id `undo` takes back.
#[tauri::command]
#[specta::specta]
pub async fn delete_grant(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_grant(&id))
}

/// Reports not made whose deadline is within `within_days` of today (overdue ones too).
#[tauri::command]
#[specta::specta]
pub async fn grant_reminders(state: State<'_, AppState>, within_days: i64) -> Reply<Vec<GrantReminder>> {
    with_store(&state, |store| store.grant_reminders("", within_days))
}

#[tauri::command]
#[specta::specta]
pub async fn partners(state: State<'_, AppState>) -> Reply<Vec<Partner>> {
    with_store(&state, |store| store.partners())
}
