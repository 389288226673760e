//! The commands of the Sync area: connect and disconnect, the status shown at all times,
//! "sync now", the Conflicts screen and the sync log. Network calls run on a blocking
//! thread so the window never waits on them.

use rencontres_core::sync::{http, ConflictRecord, SyncError, SyncLogEntry};
use serde::Serialize;
use specta::Type;
use tauri::State;

use super::{with_store, write_store, Reply};
use crate::error::IpcError;
use crate::state::AppState;
use rencontres_core::sync::credentials::Credentials;

/// Everything the status bar and the Sync page show.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncOverview {
    /// A server is set and this laptop is signed in to it.
    pub connected: bool,
    pub server_url: Option<String>,
    pub username: Option<String>,
    /// None until the first attempt after start.
    pub online: Option<bool>,
    pub syncing: bool,
    /// Local changes not yet acknowledged by the server.
    pub waiting: u32,
    pub last_sync: Option<String>,
    pub open_conflicts: u32,
    pub last_error: Option<String>,
    pub needs_update: bool,
    /// The server refused the token (expired, revoked): sign in again.
    pub signed_out: bool,
}

fn overview(state: &AppState) -> Reply<SyncOverview> {
    let link = &state.link;
    let runtime = link.runtime();
    let signed_in = link.credentials();
    with_store(state, |store| {
        let status = store.sync_status()?;
        Ok(SyncOverview {
            connected: signed_in.is_some(),
            server_url: signed_in.as_ref().map(|c| c.server_url.clone()),
            username: signed_in.as_ref().map(|c| c.username.clone()),
            online: runtime.online,
            syncing: runtime.syncing,
            waiting: status.waiting,
            last_sync: status.last_sync,
            open_conflicts: status.open_conflicts,
            last_error: runtime.last_error,
            needs_update: runtime.needs_update,
            signed_out: runtime.signed_out,
        })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn sync_overview(state: State<'_, AppState>) -> Reply<SyncOverview> {
    overview(&state)
}

fn sign_in_error(error: SyncError) -> IpcError {
    let (field, message) = match &error {
        SyncError::Offline(_) => ("server_url", format!("The server cannot be reached: check the address and the network. ({error})")),
        SyncError::Unauthorized(_) => ("password", "Wrong username or password, or the account is disabled or locked.".to_string()),
        SyncError::UpdateApp(message) => ("server_url", message.clone()),
        _ => ("server_url", error.to_string()),
    };
    IpcError::invalid(field, message)
}

/// Signs in to the server; on success the token is kept outside the store, writes are recorded
/// under the account's name, and the first sync starts in the background.
#[tauri::command]
#[specta::specta]
pub async fn sync_connect(
    state: State<'_, AppState>,
    server_url: String,
    username: String,
    password: String,
) -> Reply<SyncOverview> {
    let server_url = server_url.trim().trim_end_matches('/').to_string();
    if !(server_url.starts_with("http://") || server_url.starts_with("https://")) || server_url.len() < 10 {
        return Err(IpcError::invalid("server_url", "Enter the server's address, e.g. https://sync.lesrencontres.eu"));
    }
    let username = username.trim().to_string();
    if username.is_empty() {
        return Err(IpcError::invalid("username", "Enter your username"));
    }
    if password.is_empty() {
        return Err(IpcError::invalid("password", "Enter your password"));
    }
    let device = with_store(&state, |store| Ok(store.author().device.clone()))?;
    let (url, user) = (server_url.clone(), username.clone());
    let login = tauri::async_runtime::spawn_blocking(move || http::login(&url, &user, &password, &device))
        .await
        .map_err(|e| IpcError::store(format!("signing in stopped unexpectedly: {e}")))?
        .map_err(sign_in_error)?;
    let signed_in = Credentials { server_url, username: login.username, token: login.token, expires_at: login.expires_at };
    state.link.save_credentials(&signed_in).map_err(|e| IpcError::store(e.to_string()))?;
    with_store(&state, |store| store.set_actor(&signed_in.username))?;
    state.link.nudge();
    overview(&state)
}

/// Signs out (revoking the token on the server when it can be reached) and stops syncing.
/// Local data stays, and so do changes not yet sent: they go with the next sign-in.
#[tauri::command]
#[specta::specta]
pub async fn sync_disconnect(state: State<'_, AppState>) -> Reply<SyncOverview> {
    if let Some(signed_in) = state.link.credentials() {
        // Best effort: an unreachable server still lets the laptop sign out.
        let _ = tauri::async_runtime::spawn_blocking(move || {
            http::HttpTransport::new(&signed_in.server_url, &signed_in.token).logout()
        })
        .await;
    }
    state.link.forget_credentials();
    overview(&state)
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<()> {
    state.link.nudge();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn list_conflicts(state: State<'_, AppState>) -> Reply<Vec<ConflictRecord>> {
    with_store(&state, |store| store.conflicts())
}

/// Closes a conflict: keeping the current value, or putting back the one that was overwritten.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    restore_overwritten: bool,
) -> Reply<()> {
    write_store(&state, |store| if restore_overwritten { store.restore_overwritten(&id) } else { store.resolve_conflict(&id) })
}

#[tauri::command]
#[specta::specta]
pub async fn sync_log(state: State<'_, AppState>) -> Reply<Vec<SyncLogEntry>> {
    with_store(&state, |store| store.sync_log(200))
}
