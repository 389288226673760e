//! The commands of the Applications area: recording applications with attachments (native
//! open dialog; files kept in the app-data folder under their SHA-256), the timeline,
//! assigning reviewers, the "My reviews" inbox and review form, the decision and its letter
//! (native save dialog). Each is a thin call into `rencontres-core`'s `applications`.
//!
//! Who reviews: on a committee laptop the seat whose account is the one signed in; otherwise
//! the secretariat picks the seat it acts for (to enter a paper review, or to try the flow),
//! and the UI passes that seat to every review command.
//!
//! Attached files travel through the server: the sync worker uploads what this laptop keeps
//! (`sync_link`), and a copy asked for on a laptop that lacks the file is fetched first.
//!
//! For the end-to-end tests, `RENCONTRES_TEST_OPEN_FILE` and `RENCONTRES_TEST_SAVE_FILE`
//! answer the dialogs, as in the import commands.

use std::path::PathBuf;

use rencontres_core::applications::{
    self, Application, ApplicationInput, ApplicationRow, ApplicationStatus, AssignmentPanel, Attachment, AutoAssignReport,
    DecisionInput, DecisionSummary, InboxItem, LetterLanguage, Review, ReviewInput, ReviewSettings, ReviewsView, TimelineEntry,
};
use rencontres_core::sync::http::HttpTransport;
use serde::Serialize;
use specta::Type;
use tauri::State;

use super::{with_store, write_store, Reply};
use crate::error::IpcError;
use crate::state::AppState;

const TEST_OPEN_FILE: &str = "RENCONTRES_TEST_OPEN_FILE";
const TEST_SAVE_FILE: &str = "RENCONTRES_TEST_SAVE_FILE";

fn test_answer(var: &str) -> Option<PathBuf> {
    std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Runs a blocking native dialog on a blocking thread (rfd hands it to the GTK main loop).
async fn run_dialog<T: Send + 'static>(dialog: impl FnOnce() -> T + Send + 'static) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(dialog).await.map_err(|e| IpcError::store(format!("the file dialog failed: {e}")))
}

/// The folder attachments are kept in: `attachments/` beside the store, in the app-data folder.
fn attachments_folder(state: &AppState) -> PathBuf {
    state.db_path.parent().map(PathBuf::from).unwrap_or_default().join("attachments")
}

/// Who this laptop reviews as.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReviewIdentity {
    /// The account signed in to the server, if any.
    pub username: Option<String>,
    /// The current seat held by that account: on a committee laptop, the reviewer.
    pub seat_id: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn review_identity(state: State<'_, AppState>) -> Reply<ReviewIdentity> {
    let username = state.link.credentials().map(|c| c.username);
    with_store(&state, |store| {
        let seat_id = match &username {
            Some(name) => store.seat_of_account(name)?,
            None => None,
        };
        Ok(ReviewIdentity { username, seat_id })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn list_applications(state: State<'_, AppState>, status: Option<ApplicationStatus>) -> Reply<Vec<ApplicationRow>> {
    with_store(&state, |store| store.list_applications(status))
}

#[tauri::command]
#[specta::specta]
pub async fn get_application(state: State<'_, AppState>, id: String) -> Reply<Application> {
    with_store(&state, |store| store.application(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_application(state: State<'_, AppState>, input: ApplicationInput) -> Reply<Application> {
    write_store(&state, |store| store.record_application(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_application(state: State<'_, AppState>, id: String, input: ApplicationInput) -> Reply<Application> {
    write_store(&state, |store| store.update_application(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn withdraw_application(state: State<'_, AppState>, id: String) -> Reply<Application> {
    write_store(&state, |store| store.withdraw_application(&id))
}

/// Asks for a file and keeps a copy under its SHA-256; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn choose_attachment(state: State<'_, AppState>) -> Reply<Option<Attachment>> {
    let path = match test_answer(TEST_OPEN_FILE) {
        Some(path) => Some(path),
        None => run_dialog(|| rfd::FileDialog::new().pick_file()).await?,
    };
    let Some(path) = path else { return Ok(None) };
    let folder = attachments_folder(&state);
    let kept = tauri::async_runtime::spawn_blocking(move || applications::keep_attachment(&folder, &path))
        .await
        .map_err(|e| IpcError::store(format!("keeping the file failed: {e}")))??;
    Ok(Some(kept))
}

/// Saves a copy of a kept attachment where the user says; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_attachment_copy(state: State<'_, AppState>, attachment: Attachment) -> Reply<Option<String>> {
    let folder = attachments_folder(&state);
    let mut kept = applications::attachment_path(&folder, &attachment.sha256);
    if !kept.exists() {
        // Attached on another laptop: fetched from the server (a reviewer's laptop gets the
        // files of the applications assigned to it), outside the store lock.
        let Some(signed_in) = state.link.credentials() else {
            return Err(IpcError::invalid(
                "attachments",
                format!("{} was attached on another laptop: connect to the server to fetch it", attachment.name),
            ));
        };
        let wanted = attachment.clone();
        let fetched = tauri::async_runtime::spawn_blocking(move || {
            let transport = HttpTransport::new(&signed_in.server_url, &signed_in.token);
            applications::fetch_attachment(&folder, &wanted, &transport)
        })
        .await
        .map_err(|e| IpcError::store(format!("fetching the file failed: {e}")))?
        .map_err(|e| IpcError::invalid("attachments", format!("{} could not be fetched: {e}", attachment.name)))?;
        kept = fetched.ok_or_else(|| {
            IpcError::invalid("attachments", format!("{} is not on the server yet: the laptop that received it has not synced since", attachment.name))
        })?;
        with_store(&state, |store| store.mark_transferred(&attachment.sha256))?;
    }
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => {
            let name = attachment.name.clone();
            run_dialog(move || rfd::FileDialog::new().set_file_name(name).save_file()).await?
        }
    };
    let Some(path) = path else { return Ok(None) };
    std::fs::copy(&kept, &path).map_err(|e| IpcError::store(format!("{} cannot be written: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn application_timeline(state: State<'_, AppState>, id: String) -> Reply<Vec<TimelineEntry>> {
    with_store(&state, |store| store.application_timeline(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn assignment_panel(state: State<'_, AppState>, application_id: String) -> Reply<AssignmentPanel> {
    with_store(&state, |store| store.assignment_panel(&application_id))
}

/// Answers the new assignment's id; a conflict of interest is a validation error on `seat_id`.
#[tauri::command]
#[specta::specta]
pub async fn assign_reviewer(state: State<'_, AppState>, application_id: String, seat_id: String) -> Reply<String> {
    write_store(&state, |store| store.assign_reviewer(&application_id, &seat_id))
}

#[tauri::command]
#[specta::specta]
pub async fn unassign_reviewer(state: State<'_, AppState>, assignment_id: String) -> Reply<()> {
    write_store(&state, |store| store.unassign_reviewer(&assignment_id))
}

#[tauri::command]
#[specta::specta]
pub async fn auto_assign(state: State<'_, AppState>) -> Reply<AutoAssignReport> {
    write_store(&state, |store| store.auto_assign())
}

#[tauri::command]
#[specta::specta]
pub async fn review_settings(state: State<'_, AppState>) -> Reply<ReviewSettings> {
    with_store(&state, |store| store.review_settings())
}

#[tauri::command]
#[specta::specta]
pub async fn set_review_settings(state: State<'_, AppState>, settings: ReviewSettings) -> Reply<ReviewSettings> {
    with_store(&state, |store| store.set_review_settings(&settings))
}

#[tauri::command]
#[specta::specta]
pub async fn my_reviews(state: State<'_, AppState>, seat_id: String) -> Reply<Vec<InboxItem>> {
    with_store(&state, |store| store.my_reviews(&seat_id))
}

/// The reviews of an application as `seat_id` may see them; None = the secretariat (all).
#[tauri::command]
#[specta::specta]
pub async fn reviews_for(state: State<'_, AppState>, application_id: String, seat_id: Option<String>) -> Reply<ReviewsView> {
    with_store(&state, |store| store.reviews_for(&application_id, seat_id.as_deref()))
}

#[tauri::command]
#[specta::specta]
pub async fn save_review_draft(state: State<'_, AppState>, application_id: String, seat_id: String, input: ReviewInput) -> Reply<Review> {
    write_store(&state, |store| store.save_review_draft(&application_id, &seat_id, &input))
}

/// Final: every criterion scored and a recommendation chosen, or a validation error.
#[tauri::command]
#[specta::specta]
pub async fn submit_review(state: State<'_, AppState>, application_id: String, seat_id: String, input: ReviewInput) -> Reply<Review> {
    write_store(&state, |store| store.submit_review(&application_id, &seat_id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn decision_summary(state: State<'_, AppState>, application_id: String) -> Reply<DecisionSummary> {
    with_store(&state, |store| store.decision_summary(&application_id))
}

/// Records the decision; approval makes the member, its membership and its contact.
#[tauri::command]
#[specta::specta]
pub async fn decide_application(state: State<'_, AppState>, application_id: String, input: DecisionInput) -> Reply<Application> {
    write_store(&state, |store| store.decide_application(&application_id, &input))
}

/// The decision letter's text, for the preview.
#[tauri::command]
#[specta::specta]
pub async fn decision_letter(state: State<'_, AppState>, application_id: String, language: LetterLanguage) -> Reply<String> {
    with_store(&state, |store| store.decision_letter(&application_id, language))
}

/// Saves the decision letter as a text file where the user says; None when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_decision_letter(state: State<'_, AppState>, application_id: String, language: LetterLanguage) -> Reply<Option<String>> {
    let (text, name) = with_store(&state, |store| {
        let text = store.decision_letter(&application_id, language)?;
        let organisation = store.application(&application_id)?.fields.organisation_name;
        Ok((text, organisation))
    })?;
    let safe: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
    let suffix = match language {
        LetterLanguage::En => "decision",
        LetterLanguage::Fr => "decision-fr",
    };
    let file_name = format!("{safe}-{suffix}.txt");
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => run_dialog(move || rfd::FileDialog::new().set_file_name(file_name).add_filter("txt", &["txt"]).save_file()).await?,
    };
    let Some(path) = path else { return Ok(None) };
    super::import::write_whole(&path, text)?;
    Ok(Some(path.display().to_string()))
}
