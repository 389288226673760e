//! The commands the UI calls: each parses its input, calls `rencontres-core` and maps the error.
//! They are `async` so that Tauri runs them off the main thread and the window never freezes.

pub mod applications;
pub mod bulletin;
pub mod committee;
pub mod documents;
pub mod gdpr;
pub mod dues;
pub mod events;
pub mod grants;
pub mod import;
pub mod practices;
pub mod publications;
pub mod overview;
pub mod sync;

use rencontres_core::model::{
    Country, EntityKind, HistoryEntry, Organisation, OrganisationDetail, OrganisationInput,
    OrganisationQuery, OrganisationRow, Page, Person, PersonInput, PersonQuery, PersonRow,
};
use rencontres_core::{demo, Store};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

pub(crate) type Reply<T> = Result<T, IpcError>;

pub(crate) fn with_store<T>(state: &AppState, work: impl FnOnce(&mut Store) -> Result<T, rencontres_core::CoreError>) -> Reply<T> {
    match &state.store {
        Ok(store) => {
            let mut guard = store.lock().map_err(|_| IpcError::store("the store is unusable after an earlier failure; restart the app"))?;
            work(&mut guard).map_err(IpcError::from)
        }
        Err(error) => Err(IpcError::store(error.to_string())),
    }
}

/// Runs a write and then asks the sync worker to push it.
pub(crate) fn write_store<T>(state: &AppState, work: impl FnOnce(&mut Store) -> Result<T, rencontres_core::CoreError>) -> Reply<T> {
    let out = with_store(state, work)?;
    state.link.nudge();
    Ok(out)
}

/// Why the store could not be opened, for the start-up dialog.
#[derive(Debug, Clone, Serialize, Type)]
pub struct StoreProblem {
    pub message: String,
    /// What the user can do about it.
    pub advice: String,
}

/// What the UI needs to know before it shows anything.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Startup {
    pub db_path: String,
    pub version: String,
    pub problem: Option<StoreProblem>,
    /// True when the store holds nothing yet and the user has not declined the demo data:
    /// the UI offers to load it.
    pub offer_demo: bool,
    /// The remembered UI language ("en" or "fr"); None before the user chose one.
    pub language: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn startup(state: State<'_, AppState>) -> Reply<Startup> {
    let db_path = state.db_path.display().to_string();
    let version = env!("CARGO_PKG_VERSION").to_string();
    match &state.store {
        Err(error) => Ok(Startup {
            db_path,
            version,
            problem: Some(StoreProblem { message: error.to_string(), advice: error.advice() }),
            offer_demo: false,
            language: None,
        }),
        Ok(_) => with_store(&state, |store| {
            Ok(Startup {
                db_path,
                version,
                problem: None,
                offer_demo: store.is_empty()? && store.setting(DEMO_DECLINED)?.is_none(),
                language: store.setting("language")?,
            })
        }),
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DemoSummary {
    pub organisations: u32,
    pub people: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn load_demo_data(state: State<'_, AppState>) -> Reply<DemoSummary> {
    write_store(&state, |store| {
        let loaded = demo::load(store)?;
        Ok(DemoSummary { organisations: loaded.organisations, people: loaded.people })
    })
}

/// The setting that remembers "start with an empty store", so the offer is not repeated.
const DEMO_DECLINED: &str = "demo_declined";

#[tauri::command]
#[specta::specta]
pub async fn decline_demo_data(state: State<'_, AppState>) -> Reply<()> {
    with_store(&state, |store| store.set_setting(DEMO_DECLINED, "true"))
}

#[tauri::command]
#[specta::specta]
pub async fn set_language(state: State<'_, AppState>, language: String) -> Reply<()> {
    with_store(&state, |store| store.set_setting("language", &language))
}

#[tauri::command]
#[specta::specta]
pub async fn countries() -> Reply<Vec<Country>> {
    Ok(rencontres_core::countries::all().to_vec())
}

#[tauri::command]
#[specta::specta]
pub async fn list_organisations(state: State<'_, AppState>, query: OrganisationQuery) -> Reply<Page<OrganisationRow>> {
    with_store(&state, |store| store.list_organisations(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn get_organisation(state: State<'_, AppState>, id: String) -> Reply<OrganisationDetail> {
    with_store(&state, |store| store.organisation_detail(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn create_organisation(state: State<'_, AppState>, input: OrganisationInput) -> Reply<Organisation> {
    write_store(&state, |store| store.create_organisation(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_organisation(state: State<'_, AppState>, id: String, input: OrganisationInput) -> Reply<Organisation> {
    write_store(&state, |store| store.update_organisation(&id, &input))
}

/// Soft-deletes the organisation; answers the mutation id, which `undo` takes back.
#[tauri::command]
#[specta::specta]
pub async fn delete_organisation(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_organisation(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn list_people(state: State<'_, AppState>, query: PersonQuery) -> Reply<Page<PersonRow>> {
    with_store(&state, |store| store.list_people(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn get_person(state: State<'_, AppState>, id: String) -> Reply<Person> {
    with_store(&state, |store| store.person(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn create_person(state: State<'_, AppState>, input: PersonInput) -> Reply<Person> {
    write_store(&state, |store| store.create_person(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_person(state: State<'_, AppState>, id: String, input: PersonInput) -> Reply<Person> {
    write_store(&state, |store| store.update_person(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_person(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_person(&id))
}

/// Takes back a mutation (an edit, a create or a delete) by applying its inverse as a new one.
#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>, mutation_id: String) -> Reply<()> {
    write_store(&state, |store| store.undo(&mutation_id))
}

#[tauri::command]
#[specta::specta]
pub async fn history(state: State<'_, AppState>, entity: EntityKind, id: String) -> Reply<Vec<HistoryEntry>> {
    with_store(&state, |store| store.history(entity, &id))
}
