//! The commands of the Dues area: the fee schedule of a year, fee quotes, the dues run,
//! invoices, payments, balances and good standing, the overdue list with reminders, the
//! status rules and the dues settings. Each is a thin call into `rencontres-core`; writes go
//! through `write_store` so the sync worker is nudged.

use rencontres_core::dues::{
    DuesPreview, DuesRunOutcome, DuesSettings, FeeBand, FeeBandInput, FeeQuote, FeeSchedule, Invoice, MemberBalance,
    Payment, PaymentInput, StatusChange,
};
use tauri::State;

use super::{with_store, write_store, Reply};
use crate::state::AppState;

/// The year's fee schedule; when nothing is stored yet, the one `ensure_fee_schedule` would store.
#[tauri::command]
#[specta::specta]
pub async fn fee_schedule(state: State<'_, AppState>, year: i32) -> Reply<FeeSchedule> {
    with_store(&state, |store| store.fee_schedule(year))
}

/// Stores the proposed schedule of the year (a copy of the latest earlier year, or the defaults).
#[tauri::command]
#[specta::specta]
pub async fn ensure_fee_schedule(state: State<'_, AppState>, year: i32) -> Reply<FeeSchedule> {
    write_store(&state, |store| store.ensure_fee_schedule(year))
}

#[tauri::command]
#[specta::specta]
pub async fn add_fee_band(state: State<'_, AppState>, input: FeeBandInput) -> Reply<FeeBand> {
    write_store(&state, |store| store.add_fee_band(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_fee_band(state: State<'_, AppState>, id: String, input: FeeBandInput) -> Reply<FeeBand> {
    write_store(&state, |store| store.update_fee_band(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_fee_band(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_fee_band(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn fee_for(state: State<'_, AppState>, organisation_id: String, year: i32) -> Reply<FeeQuote> {
    with_store(&state, |store| store.fee_for(&organisation_id, year))
}

#[tauri::command]
#[specta::specta]
pub async fn preview_dues_run(state: State<'_, AppState>, year: i32) -> Reply<DuesPreview> {
    with_store(&state, |store| store.preview_dues_run(year))
}

/// Issues the year's invoices to every member that has none yet (idempotent).
#[tauri::command]
#[specta::specta]
pub async fn issue_dues_run(state: State<'_, AppState>, year: i32, issued_on: String) -> Reply<DuesRunOutcome> {
    write_store(&state, |store| store.issue_dues_run(year, &issued_on))
}

#[tauri::command]
#[specta::specta]
pub async fn invoices_of_year(state: State<'_, AppState>, year: i32) -> Reply<Vec<Invoice>> {
    with_store(&state, |store| store.invoices_of_year(year))
}

#[tauri::command]
#[specta::specta]
pub async fn invoices_of_member(state: State<'_, AppState>, organisation_id: String) -> Reply<Vec<Invoice>> {
    with_store(&state, |store| store.invoices_of_member(&organisation_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_payment(state: State<'_, AppState>, input: PaymentInput) -> Reply<Payment> {
    write_store(&state, |store| store.record_payment(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_payment(state: State<'_, AppState>, id: String) -> Reply<String> {
    write_store(&state, |store| store.delete_payment(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn payments_of_invoice(state: State<'_, AppState>, invoice_id: String) -> Reply<Vec<Payment>> {
    with_store(&state, |store| store.payments_of_invoice(&invoice_id))
}

/// The member's dues account at `on` (YYYY-MM-DD), good standing included.
#[tauri::command]
#[specta::specta]
pub async fn member_balance(state: State<'_, AppState>, organisation_id: String, on: String) -> Reply<MemberBalance> {
    with_store(&state, |store| store.member_balance(&organisation_id, &on))
}

#[tauri::command]
#[specta::specta]
pub async fn overdue_invoices(state: State<'_, AppState>, on: String) -> Reply<Vec<Invoice>> {
    with_store(&state, |store| store.overdue_invoices(&on))
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_text(state: State<'_, AppState>, invoice_id: String) -> Reply<String> {
    with_store(&state, |store| store.reminder_text(&invoice_id))
}

/// The status changes the rules call for at `on`, without applying them.
#[tauri::command]
#[specta::specta]
pub async fn status_changes_due(state: State<'_, AppState>, on: String) -> Reply<Vec<StatusChange>> {
    with_store(&state, |store| store.status_changes_due(&on))
}

#[tauri::command]
#[specta::specta]
pub async fn apply_status_rules(state: State<'_, AppState>, on: String) -> Reply<Vec<StatusChange>> {
    write_store(&state, |store| store.apply_status_rules(&on))
}

#[tauri::command]
#[specta::specta]
pub async fn dues_settings(state: State<'_, AppState>) -> Reply<DuesSettings> {
    with_store(&state, |store| store.dues_settings())
}

#[tauri::command]
#[specta::specta]
pub async fn set_dues_settings(state: State<'_, AppState>, settings: DuesSettings) -> Reply<()> {
    with_store(&state, |store| store.set_dues_settings(&settings))
}
