//! The commands of the e-bulletin: consent on a contact, the recipients list and its CSV
//! export (through the save dialog), the SMTP settings (the password kept outside the store),
//! issues (compose, preview, queue) and sending in the background (start or resume, pause,
//! per-recipient status, sending again to the uncertain ones).

use rencontres_core::bulletin::issues::{DeliveryCounts, Issue, IssueInput, RenderedMessage};
use rencontres_core::bulletin::sending::{Delivery, SmtpSettings};
use rencontres_core::bulletin::{BulletinStatus, ConsentInput, RecipientList, RecipientQuery};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use super::import::{run_dialog, test_answer, TEST_SAVE_FILE};
use super::{with_store, write_store, Reply};
use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn bulletin_status(state: State<'_, AppState>, person_id: String) -> Reply<BulletinStatus> {
    with_store(&state, |store| store.bulletin_status(&person_id))
}

#[tauri::command]
#[specta::specta]
pub async fn record_bulletin_consent(state: State<'_, AppState>, person_id: String, input: ConsentInput) -> Reply<BulletinStatus> {
    write_store(&state, |store| store.record_bulletin_consent(&person_id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn unsubscribe_from_bulletin(state: State<'_, AppState>, person_id: String) -> Reply<BulletinStatus> {
    write_store(&state, |store| store.unsubscribe_from_bulletin(&person_id))
}

#[tauri::command]
#[specta::specta]
pub async fn bulletin_recipients(state: State<'_, AppState>, query: RecipientQuery) -> Reply<RecipientList> {
    with_store(&state, |store| store.bulletin_recipients(&query))
}

/// Saves the recipients as CSV where the user says; None when the dialog is cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_bulletin_recipients(state: State<'_, AppState>) -> Reply<Option<String>> {
    let path = match test_answer(TEST_SAVE_FILE) {
        Some(path) => Some(path),
        None => run_dialog(|| rfd::FileDialog::new().set_file_name("e-bulletin-recipients.csv").add_filter("CSV", &["csv"]).save_file()).await?,
    };
    let Some(path) = path else { return Ok(None) };
    let bytes = with_store(&state, |store| store.export_bulletin_recipients())?;
    super::import::write_whole(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}

/// The mail server settings and whether a password is saved (the password never leaves).
#[derive(Debug, Clone, Serialize, Type)]
pub struct MailSettings {
    pub smtp: SmtpSettings,
    pub password_saved: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn mail_settings(state: State<'_, AppState>) -> Reply<MailSettings> {
    let smtp = with_store(&state, |store| store.smtp_settings())?;
    Ok(MailSettings { smtp, password_saved: state.bulletin.password().is_some() })
}

/// Saves the settings; `password` None keeps the saved one, "" forgets it.
#[tauri::command]
#[specta::specta]
pub async fn set_mail_settings(state: State<'_, AppState>, smtp: SmtpSettings, password: Option<String>) -> Reply<MailSettings> {
    let smtp = with_store(&state, |store| store.set_smtp_settings(&smtp))?;
    match password.as_deref() {
        None => {}
        Some("") => state.bulletin.forget_password(),
        Some(password) => state
            .bulletin
            .save_password(password)
            .map_err(|e| IpcError::invalid("password", format!("The password cannot be saved: {e}")))?,
    }
    Ok(MailSettings { smtp, password_saved: state.bulletin.password().is_some() })
}

#[tauri::command]
#[specta::specta]
pub async fn bulletin_issues(state: State<'_, AppState>) -> Reply<Vec<Issue>> {
    with_store(&state, |store| store.issues())
}

#[tauri::command]
#[specta::specta]
pub async fn create_issue(state: State<'_, AppState>, input: IssueInput) -> Reply<Issue> {
    with_store(&state, |store| store.create_issue(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn update_issue(state: State<'_, AppState>, id: String, input: IssueInput) -> Reply<Issue> {
    with_store(&state, |store| store.update_issue(&id, &input))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_issue(state: State<'_, AppState>, id: String) -> Reply<()> {
    if state.bulletin.running_issue().as_deref() == Some(id.as_str()) {
        return Err(IpcError::invalid("state", "This issue is being sent: pause it first"));
    }
    with_store(&state, |store| store.delete_issue(&id))
}

/// The issue as a recipient sees it (HTML and text parts), with a sample name.
#[tauri::command]
#[specta::specta]
pub async fn preview_issue(state: State<'_, AppState>, id: String) -> Reply<RenderedMessage> {
    let server_url = state.link.credentials().map(|c| c.server_url);
    with_store(&state, |store| {
        let smtp = store.smtp_settings()?;
        let sender = if smtp.from_name.is_empty() { rencontres_core::bulletin::issues::DEFAULT_SENDER_NAME.to_string() } else { smtp.from_name };
        store.preview_issue(&id, &sender, server_url.as_deref(), &smtp.from_address)
    })
}

/// Fixes the recipients (everyone subscribed now) and starts sending in the background.
#[tauri::command]
#[specta::specta]
pub async fn send_issue(app: AppHandle, state: State<'_, AppState>, id: String) -> Reply<DeliveryCounts> {
    let counts = with_store(&state, |store| {
        let issue = store.issue(&id)?;
        if issue.state == rencontres_core::bulletin::issues::IssueState::Draft { store.queue_issue(&id) } else { Ok(issue.counts) }
    })?;
    state.bulletin.start(app, id).map_err(|message| IpcError::invalid("state", message))?;
    Ok(counts)
}

#[tauri::command]
#[specta::specta]
pub async fn pause_sending(state: State<'_, AppState>) -> Reply<()> {
    state.bulletin.pause();
    Ok(())
}

/// The issue being sent now, if any (the page follows its progress events).
#[tauri::command]
#[specta::specta]
pub async fn sending_issue(state: State<'_, AppState>) -> Reply<Option<String>> {
    Ok(state.bulletin.running_issue())
}

#[tauri::command]
#[specta::specta]
pub async fn issue_deliveries(state: State<'_, AppState>, id: String) -> Reply<Vec<Delivery>> {
    with_store(&state, |store| store.deliveries(&id))
}

/// Puts the uncertain recipients back in the queue (they may get the message twice).
#[tauri::command]
#[specta::specta]
pub async fn retry_uncertain(state: State<'_, AppState>, id: String) -> Reply<DeliveryCounts> {
    with_store(&state, |store| store.retry_uncertain(&id))
}
