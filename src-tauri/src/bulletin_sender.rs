//! The app's side of e-bulletin sending: the SMTP password, kept in a file beside (never
//! inside) the store like the sync token, readable only by the user; and the one background
//! send at a time, which reports its progress as `bulletin-progress` events and its end as a
//! `bulletin-finished` event, and can be paused. The sending itself (queue, SMTP, the
//! at-most-once boundary) is `rencontres_core::bulletin::sending`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use rencontres_core::bulletin::sending::{send_issue, SendControl, SendProgress, SendReport};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

pub const PROGRESS_EVENT: &str = "bulletin-progress";
pub const FINISHED_EVENT: &str = "bulletin-finished";

/// How a send ended: its report, or why it could not run at all.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SendFinished {
    pub issue_id: String,
    pub report: Option<SendReport>,
    pub error: Option<String>,
}

struct Running {
    issue_id: String,
    control: Arc<SendControl>,
}

pub struct BulletinSender {
    password_path: PathBuf,
    running: Mutex<Option<Running>>,
}

impl BulletinSender {
    pub fn new(config_dir: PathBuf) -> BulletinSender {
        BulletinSender { password_path: config_dir.join("smtp-password"), running: Mutex::new(None) }
    }

    pub fn password(&self) -> Option<String> {
        std::fs::read_to_string(&self.password_path).ok().filter(|p| !p.is_empty())
    }

    /// Writes the password atomically, readable by this user only (mode 0600 on Unix).
    pub fn save_password(&self, password: &str) -> std::io::Result<()> {
        if let Some(folder) = self.password_path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let temporary = self.password_path.with_extension("tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary)?;
        file.write_all(password.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &self.password_path)
    }

    pub fn forget_password(&self) {
        let _ = std::fs::remove_file(&self.password_path);
    }

    /// The issue being sent now, if any.
    pub fn running_issue(&self) -> Option<String> {
        self.running.lock().ok().and_then(|r| r.as_ref().map(|r| r.issue_id.clone()))
    }

    /// Asks the running send to stop after the message in hand.
    pub fn pause(&self) {
        if let Ok(running) = self.running.lock() {
            if let Some(running) = running.as_ref() {
                running.control.pause.store(true, Ordering::SeqCst);
            }
        }
    }

    /// Starts sending (or resuming) `issue_id` on a background thread.
    pub fn start(self: &Arc<Self>, app: AppHandle, issue_id: String) -> Result<(), String> {
        {
            let mut running = self.running.lock().map_err(|_| "the sender is unusable; restart the app".to_string())?;
            if let Some(current) = running.as_ref() {
                return Err(if current.issue_id == issue_id {
                    "This issue is being sent already".to_string()
                } else {
                    "Another issue is being sent: wait for it or pause it first".to_string()
                });
            }
            *running = Some(Running { issue_id: issue_id.clone(), control: Arc::new(SendControl::default()) });
        }
        let sender = Arc::clone(self);
        let control = self.running.lock().ok().and_then(|r| r.as_ref().map(|r| Arc::clone(&r.control))).unwrap_or_default();
        std::thread::spawn(move || {
            let outcome = sender.run(&app, &issue_id, &control);
            if let Ok(mut running) = sender.running.lock() {
                *running = None;
            }
            let finished = match outcome {
                Ok(report) => SendFinished { issue_id, report: Some(report), error: None },
                Err(error) => SendFinished { issue_id, report: None, error: Some(error) },
            };
            let _ = app.emit(FINISHED_EVENT, finished);
        });
        Ok(())
    }

    fn run(&self, app: &AppHandle, issue_id: &str, control: &SendControl) -> Result<SendReport, String> {
        let state = app.state::<AppState>();
        let store = state.store.as_ref().map_err(|e| e.to_string())?;
        let settings = store.lock().map_err(|_| "the store is unusable; restart the app".to_string())?.smtp_settings().map_err(|e| e.to_string())?;
        if settings.host.is_empty() {
            return Err("Set up the mail server in Settings first".into());
        }
        let server_url = state.link.credentials().map(|c| c.server_url);
        let password = self.password();
        send_issue(store, issue_id, &settings, password.as_deref(), server_url.as_deref(), control, |progress: &SendProgress| {
            let _ = app.emit(PROGRESS_EVENT, progress.clone());
        })
        .map_err(|e| e.to_string())
    }
}
