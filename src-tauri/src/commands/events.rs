//! The commands of the Events area: events and their suggestions, programme, price tiers,
//! registrations, and the door (check-in by code or by name, walk-in, undo, counters,
//! duplicates, quorum, this laptop's name). Each is a thin call into `rencontres-core`;
//! writes go through `write_store`, which nudges the sync worker so a check-in is pushed at
//! once when the server is reachable.

use rencontres_core::events::checkins::{CheckInFact, CheckInOutcome, Counters, DuplicateCheckIn, SessionAttendance};
use rencontres_core::events::import::RegistrationImport;
use rencontres_core::events::quorum::Quorum;
use rencontres_core::events::registrations::{
    Badge, PaymentStatus, Registration, RegistrationQuery, RegistrationRequest,
};
use rencontres_core::events::sessions::{Session, SessionInput};
use rencontres_core::events::statistics::{EventStatistics, YearStatistics};
use rencontres_core::events::suggestions::{suggestions, EventSuggestion};
use rencontres_core::events::tiers::{PriceTier, PriceTierInput, Tier};
use rencontres_core::events::{Event, EventInput, EventRow};
use rencontres_core::model::{Page, PersonInput};
use serde::Serialize;
use specta::Type;
use tauri::State;

use super::import::{run_dialog, test_answer, TEST_SAVE_FILE};
use super::{with_store, write_store, Reply};
use crate::error::IpcError;
use rencontres_core::export::{ExportError, ExportFormat};
use crate::state::AppState;

/// Everything the event page shows at once.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EventDetail {
    pub event: Event,
    pub sessions: Vec<Session>,
    pub tiers: Vec<PriceTier>,
    pub counters: Counters,
}

/// A cancellation and who got the freed seat.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Cancelled {
    pub cancelled: Registration,
    pub promoted: Option<Registration>,
}

/// Whether this laptop is offline for the door: not signed in, or the last sync failed.
fn offline(state: &AppState) -> bool {
    state.link.credentials().is_none() || state.link.runtime().online != Some(true)
}

#[tauri::command]
#[specta::specta]
pub async fn list_events(state: State<'_, AppState>) -> Reply<Vec<EventRow>> {
    with_store(&state, |store| store.events())
}

#[tauri::command]
#[specta::specta]
pub async fn get_event(state: State<'_, AppState>, id: String) -> Reply<EventDetail> {
    with_store(&state, |store| {
        Ok(EventDetail { event: store.event(&id)?, sessions: store.sessions(&id)?, tiers: store.price_tiers(&id)?, counters: store.counters(&id)? })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn create_event(state: State<'_, AppState>, input: EventInput) -> Reply<Event> {
    write_store(&state, |store| store.create_event(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_event(state: State<'_, AppState>, id: String, input: EventInput) -> Reply<Event> {
    write_store(&state, |store| store.update_event(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_event(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_event(&id))
}

/// The meetings the reference data calls for in `year`.
#[tauri::command]
#[specta::specta]
pub async fn event_suggestions(year: i32) -> Reply<Vec<EventSuggestion>> {
    Ok(suggestions(year))
}

#[tauri::command]
#[specta::specta]
pub async fn add_session(state: State<'_, AppState>, input: SessionInput) -> Reply<Session> {
    write_store(&state, |store| store.add_session(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_session(state: State<'_, AppState>, id: String, input: SessionInput) -> Reply<Session> {
    write_store(&state, |store| store.update_session(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_session(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_session(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn set_price_tier(state: State<'_, AppState>, input: PriceTierInput) -> Reply<PriceTier> {
    write_store(&state, |store| store.set_price_tier(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_price_tier(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_price_tier(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn list_registrations(state: State<'_, AppState>, event_id: String, query: RegistrationQuery) -> Reply<Page<Registration>> {
    with_store(&state, |store| store.registrations(&event_id, &query))
}

#[tauri::command]
#[specta::specta]
pub async fn register(state: State<'_, AppState>, request: RegistrationRequest) -> Reply<Registration> {
    write_store(&state, |store| store.register(&request))
}

/// Creates the contact and registers them in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn register_new_contact(state: State<'_, AppState>, person: PersonInput, request: RegistrationRequest) -> Reply<Registration> {
    write_store(&state, |store| store.register_new_contact(&person, &request))
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_registration(state: State<'_, AppState>, id: String) -> Reply<Cancelled> {
    write_store(&state, |store| store.cancel_registration(&id).map(|(cancelled, promoted)| Cancelled { cancelled, promoted }))
}

#[tauri::command]
#[specta::specta]
pub async fn set_payment(state: State<'_, AppState>, id: String, payment: PaymentStatus) -> Reply<Registration> {
    write_store(&state, |store| store.set_payment(&id, payment))
}

#[tauri::command]
#[specta::specta]
pub async fn set_needs(state: State<'_, AppState>, id: String, diet: String, access: String) -> Reply<Registration> {
    write_store(&state, |store| store.set_needs(&id, &diet, &access))
}

#[tauri::command]
#[specta::specta]
pub async fn override_tier(state: State<'_, AppState>, id: String, tier: Tier, reason: String) -> Reply<Registration> {
    write_store(&state, |store| store.override_tier(&id, tier, &reason))
}

/// The badges of an event (handed to the badge sheet writer).
#[tauri::command]
#[specta::specta]
pub async fn event_badges(state: State<'_, AppState>, event_id: String) -> Reply<Vec<Badge>> {
    with_store(&state, |store| store.badges(&event_id))
}

/// The door's answer to a scanned or typed badge code.
#[tauri::command]
#[specta::specta]
pub async fn check_in(state: State<'_, AppState>, event_id: String, code: String) -> Reply<CheckInOutcome> {
    let offline = offline(&state);
    write_store(&state, |store| store.check_in(&event_id, &code, offline))
}

/// Checks in someone found by name at the door.
#[tauri::command]
#[specta::specta]
pub async fn check_in_registration(state: State<'_, AppState>, event_id: String, registration_id: String) -> Reply<CheckInOutcome> {
    let offline = offline(&state);
    write_store(&state, |store| store.check_in_registration(&event_id, &registration_id, offline))
}

/// Registers someone at the door and checks them in.
#[tauri::command]
#[specta::specta]
pub async fn walk_in(state: State<'_, AppState>, request: RegistrationRequest) -> Reply<CheckInOutcome> {
    let offline = offline(&state);
    write_store(&state, |store| {
        let registration = store.walk_in(&request)?;
        store.check_in_registration(&request.event_id, &registration.id, offline)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn undo_last_check_in(state: State<'_, AppState>, event_id: String) -> Reply<CheckInFact> {
    write_store(&state, |store| store.undo_last_check_in(&event_id))
}

/// Check-ins of the same badge made on other laptops (news a sync may bring after a green).
#[tauri::command]
#[specta::specta]
pub async fn other_check_ins(state: State<'_, AppState>, check_in_id: String) -> Reply<Vec<CheckInFact>> {
    with_store(&state, |store| store.other_check_ins(&check_in_id))
}

#[tauri::command]
#[specta::specta]
pub async fn event_counters(state: State<'_, AppState>, event_id: String) -> Reply<Counters> {
    with_store(&state, |store| store.counters(&event_id))
}

#[tauri::command]
#[specta::specta]
pub async fn event_duplicates(state: State<'_, AppState>, event_id: String) -> Reply<Vec<DuplicateCheckIn>> {
    with_store(&state, |store| store.duplicates(&event_id))
}

#[tauri::command]
#[specta::specta]
pub async fn event_quorum(state: State<'_, AppState>, event_id: String) -> Reply<Quorum> {
    with_store(&state, |store| store.quorum(&event_id, ""))
}

#[tauri::command]
#[specta::specta]
pub async fn device_name(state: State<'_, AppState>) -> Reply<String> {
    with_store(&state, |store| store.device_name())
}

#[tauri::command]
#[specta::specta]
pub async fn set_device_name(state: State<'_, AppState>, name: String) -> Reply<String> {
    with_store(&state, |store| store.set_device_name(&name))
}

/// Asks where to save the attendee list (CSV or XLSX), then writes it; None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_attendees(state: State<'_, AppState>, event_id: String, format: ExportFormat) -> Reply<Option<String>> {
    let extension = format.extension();
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => {
            let file_name = format!("attendees.{extension}");
            run_dialog(move || rfd::FileDialog::new().set_file_name(file_name).add_filter(extension, &[extension]).save_file()).await?
        }
    };
    let Some(path) = path else { return Ok(None) };
    let bytes = with_store(&state, |store| {
        store.export_attendees(&event_id, format).map_err(|error| match error {
            ExportError::Store(core) => core,
            other => rencontres_core::CoreError::Corrupt(other.to_string()),
        })
    })?;
    super::import::write_whole(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn event_statistics(state: State<'_, AppState>, event_id: String) -> Reply<EventStatistics> {
    with_store(&state, |store| store.event_statistics(&event_id))
}

#[tauri::command]
#[specta::specta]
pub async fn year_statistics(state: State<'_, AppState>, year: i32) -> Reply<YearStatistics> {
    with_store(&state, |store| store.year_statistics(year))
}

/// The answer to a badge scanned at the door of one programme session.
#[tauri::command]
#[specta::specta]
pub async fn check_in_session(state: State<'_, AppState>, session_id: String, code: String) -> Reply<CheckInOutcome> {
    let offline = offline(&state);
    write_store(&state, |store| store.check_in_session(&session_id, &code, offline))
}

/// How many were checked into each session of an event.
#[tauri::command]
#[specta::specta]
pub async fn session_attendance(state: State<'_, AppState>, event_id: String) -> Reply<Vec<SessionAttendance>> {
    with_store(&state, |store| store.session_attendance(&event_id))
}

/// Registers everyone of a CSV file (chosen with `choose_import_file`), or no one when a row
/// is wrong (the error names the line).
#[tauri::command]
#[specta::specta]
pub async fn import_registrations(state: State<'_, AppState>, event_id: String, path: String) -> Reply<RegistrationImport> {
    let bytes = std::fs::read(&path).map_err(|e| IpcError::invalid("file", format!("{path} cannot be read: {e}")))?;
    write_store(&state, |store| store.import_registrations(&event_id, &bytes))
}
