//! The app's link to the central server: the sign-in (server, account and token, in a file
//! readable only by the user beside the store, never inside it: see
//! `rencontres_core::sync::credentials`), and the background worker that syncs on change and every few seconds while online,
//! backing off while offline. The worker has its own store connection, so a slow network
//! never holds the lock that the UI's commands need.

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use rencontres_core::sync::credentials::{self, Credentials, CredentialsError};
use rencontres_core::sync::http::HttpTransport;
use rencontres_core::sync::SyncError;
use rencontres_core::Store;
use tauri::{AppHandle, Emitter};

/// The event the UI listens to for a fresh status (and to reload lists after a pull).
pub const CHANGED_EVENT: &str = "sync-changed";

const ONLINE_INTERVAL: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// What the worker last saw: shown in the status bar next to the store's own counts.
#[derive(Debug, Clone, Default)]
pub struct Runtime {
    /// None before the first attempt since start.
    pub online: Option<bool>,
    pub syncing: bool,
    pub last_error: Option<String>,
    /// The server speaks another schema version: the app must be updated.
    pub needs_update: bool,
    /// The server no longer accepts the token: sign in again.
    pub signed_out: bool,
}

pub struct SyncLink {
    db_path: PathBuf,
    credentials_path: PathBuf,
    runtime: Mutex<Runtime>,
    wake: Mutex<Option<Sender<()>>>,
}

impl SyncLink {
    pub fn new(db_path: PathBuf, config_dir: PathBuf) -> SyncLink {
        SyncLink {
            db_path,
            credentials_path: config_dir.join("sync-credentials.json"),
            runtime: Mutex::new(Runtime::default()),
            wake: Mutex::new(None),
        }
    }

    pub fn runtime(&self) -> Runtime {
        self.runtime.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn update(&self, change: impl FnOnce(&mut Runtime)) {
        if let Ok(mut runtime) = self.runtime.lock() {
            change(&mut runtime);
        }
    }

    /// The saved sign-in, if this laptop is signed in (an unreadable file counts as signed out).
    pub fn credentials(&self) -> Option<Credentials> {
        credentials::load(&self.credentials_path).ok().flatten()
    }

    pub fn save_credentials(&self, signed_in: &Credentials) -> Result<(), CredentialsError> {
        if let Some(folder) = self.credentials_path.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        credentials::save(&self.credentials_path, signed_in)?;
        self.update(|r| *r = Runtime::default());
        Ok(())
    }

    pub fn forget_credentials(&self) {
        let _ = credentials::forget(&self.credentials_path);
        self.update(|r| *r = Runtime::default());
    }

    /// Asks the worker to sync now (after a local change, or the user's "Sync now").
    pub fn nudge(&self) {
        if let Ok(wake) = self.wake.lock() {
            if let Some(sender) = wake.as_ref() {
                let _ = sender.send(());
            }
        }
    }

    /// Starts the background worker; it runs until the app exits.
    pub fn start(self: &std::sync::Arc<Self>, app: AppHandle) {
        let (sender, receiver) = mpsc::channel::<()>();
        if let Ok(mut wake) = self.wake.lock() {
            *wake = Some(sender);
        }
        let link = std::sync::Arc::clone(self);
        let spawned = std::thread::Builder::new().name("sync".into()).spawn(move || {
            let mut store: Option<Store> = None;
            let mut wait = Duration::from_millis(500);
            loop {
                match receiver.recv_timeout(wait) {
                    Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                wait = link.sync_once(&mut store, &app, wait);
            }
        });
        if let Err(error) = spawned {
            self.update(|r| r.last_error = Some(format!("the sync worker could not start: {error}")));
        }
    }

    /// One round: sync if configured; answers how long to wait before the next one.
    fn sync_once(&self, store: &mut Option<Store>, app: &AppHandle, previous_wait: Duration) -> Duration {
        if store.is_none() {
            match Store::open(&self.db_path) {
                Ok(opened) => *store = Some(opened),
                Err(error) => {
                    self.update(|r| r.last_error = Some(error.to_string()));
                    return MAX_BACKOFF;
                }
            }
        }
        let Some(store) = store.as_mut() else { return MAX_BACKOFF };
        // The UI's connection leaves checkpoints to this one (see `Store::defer_checkpoints`).
        let _ = store.checkpoint();
        let Some(signed_in) = self.credentials() else { return ONLINE_INTERVAL };
        if self.runtime().signed_out {
            return ONLINE_INTERVAL;
        }
        self.update(|r| r.syncing = true);
        let _ = app.emit(CHANGED_EVENT, 0u32);
        let transport = HttpTransport::new(&signed_in.server_url, &signed_in.token);
        let result = store.sync(&transport);
        // Attached files follow their applications to the server (after the push, so the
        // application is there to say who may read them); a failure is shown, and retried.
        let upload_error = match &result {
            Ok(_) => {
                let folder = self.db_path.parent().map(PathBuf::from).unwrap_or_default().join("attachments");
                rencontres_core::applications::upload_attachments(store, &folder, &transport).err()
            }
            Err(_) => None,
        };
        if let Err(SyncError::Revoked(_)) = &result {
            // The account was disabled: core has wiped the synced data; the token is worthless.
            let _ = credentials::forget(&self.credentials_path);
        }
        let (pulled, next_wait) = match &result {
            Ok(report) => (report.pulled, ONLINE_INTERVAL),
            Err(SyncError::Offline(_)) => (0, (previous_wait * 2).clamp(ONLINE_INTERVAL, MAX_BACKOFF)),
            Err(_) => (0, MAX_BACKOFF),
        };
        self.update(|r| {
            r.syncing = false;
            r.online = Some(!matches!(result, Err(SyncError::Offline(_))));
            r.needs_update = matches!(result, Err(SyncError::UpdateApp(_)));
            r.signed_out = matches!(result, Err(SyncError::Unauthorized(_)) | Err(SyncError::Revoked(_)));
            r.last_error = result
                .as_ref()
                .err()
                .map(ToString::to_string)
                .or_else(|| upload_error.as_ref().map(|e| format!("attached files were not sent: {e}")));
        });
        let _ = app.emit(CHANGED_EVENT, pulled);
        next_wait
    }
}
