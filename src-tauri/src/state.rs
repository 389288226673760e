//! Where the app's store lives and the handle the commands share.
//!
//! The store path is `$RENCONTRES_DB` when set (tests give each run its own), else
//! `rencontres.sqlite3` in the OS app-data folder. A store that fails to open is kept as an
//! explanation for the UI to show, rather than a crash.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use rencontres_core::{Store, StoreOpenError};

use crate::bulletin_sender::BulletinSender;
use crate::sync_link::SyncLink;

pub struct AppState {
    pub db_path: PathBuf,
    pub store: Result<Mutex<Store>, StoreOpenError>,
    pub link: Arc<SyncLink>,
    /// Set by `cancel_import`; the running import's progress callback reads it.
    pub import_cancel: Arc<AtomicBool>,
    /// The SMTP password (beside the sync token) and the e-bulletin send running, if any.
    pub bulletin: Arc<BulletinSender>,
}

impl AppState {
    /// Opens the store; the sign-in token lives in the OS config folder, away from the data.
    pub fn open(app_data_dir: Option<PathBuf>, config_dir: Option<PathBuf>) -> Self {
        let (db_path, token_dir) = match std::env::var_os("RENCONTRES_DB") {
            Some(path) if !path.is_empty() => {
                let db_path = PathBuf::from(path);
                let beside = db_path.parent().map(PathBuf::from).unwrap_or_default();
                (db_path, beside)
            }
            _ => {
                let data_dir = app_data_dir.unwrap_or_else(|| PathBuf::from("."));
                (data_dir.join("rencontres.sqlite3"), config_dir.unwrap_or(data_dir))
            }
        };
        let store = Store::open(&db_path).map(Mutex::new);
        if let Err(error) = &store {
            eprintln!("Rencontres: {error}");
        }
        // The sync worker's connection checkpoints in the background: a door scan never waits on it.
        if let Ok(Ok(opened)) = store.as_ref().map(|s| s.lock()) {
            if let Err(error) = opened.defer_checkpoints() {
                eprintln!("Rencontres: checkpoints stay on the UI's connection: {error}");
            }
        }
        let bulletin = Arc::new(BulletinSender::new(token_dir.clone()));
        let link = Arc::new(SyncLink::new(db_path.clone(), token_dir));
        AppState { db_path, store, link, import_cancel: Arc::new(AtomicBool::new(false)), bulletin }
    }
}
