//! The command of the Overview page: members by country and category, dues per year, and the
//! members' places on the map (see `rencontres_core::overview`).

use rencontres_core::overview::Overview;
use tauri::State;

use super::{with_store, Reply};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn overview(state: State<'_, AppState>) -> Reply<Overview> {
    with_store(&state, |store| store.overview())
}
