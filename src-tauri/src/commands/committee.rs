//! The commands of the Committee area: the committee on a date (current, upcoming and past
//! seats), a person's current seats, and adding, editing, ending and removing a seat. Each is
//! a thin call into `rencontres-core`; writes go through `write_store` so the sync worker is
//! nudged.

use rencontres_core::committee::{Committee, Seat, SeatInput};
use tauri::State;

use super::{with_store, write_store, Reply};
use crate::state::AppState;

/// The committee on `on` (YYYY-MM-DD; today when empty).
#[tauri::command]
#[specta::specta]
pub async fn committee(state: State<'_, AppState>, on: String) -> Reply<Committee> {
    with_store(&state, |store| store.committee(&on))
}

/// The seats a contact holds today (for the contact page).
#[tauri::command]
#[specta::specta]
pub async fn current_seats_of_person(state: State<'_, AppState>, person_id: String) -> Reply<Vec<Seat>> {
    with_store(&state, |store| store.current_seats_of_person(&person_id, ""))
}

#[tauri::command]
#[specta::specta]
pub async fn add_seat(state: State<'_, AppState>, input: SeatInput) -> Reply<Seat> {
    write_store(&state, |store| store.add_seat(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_seat(state: State<'_, AppState>, id: String, input: SeatInput) -> Reply<Seat> {
    write_store(&state, |store| store.update_seat(&id, &input))
}

/// Ends a seat: `last_day` becomes its last day in office.
#[tauri::command]
#[specta::specta]
pub async fn end_seat(state: State<'_, AppState>, id: String, last_day: String) -> Reply<Seat> {
    write_store(&state, |store| store.end_seat(&id, &last_day))
}

/// Removes a seat entered by mistake; answers the mutation id `undo` takes back.
#[tauri::command]
#[specta::specta]
pub async fn delete_seat(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_seat(&id))
}
