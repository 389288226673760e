//! Where the app's store lives and the handle the commands share.
//!
//! The store path is `$RENCONTRES_DB` when set (tests give each run its own), else
//! `rencontres.sqlite3` in the OS app-data folder. A store that fails to open is kept as an
//! explanation for the UI to show, rather than a crash.

use std::path::PathBuf;
use std::sync::Mutex;

use rencontres_core::{Store, StoreOpenError};

pub struct AppState {
    pub db_path: PathBuf,
    pub store: Result<Mutex<Store>, StoreOpenError>,
}

impl AppState {
    pub fn open(app_data_dir: Option<PathBuf>) -> Self {
        let db_path = match std::env::var_os("RENCONTRES_DB") {
            Some(path) if !path.is_empty() => PathBuf::from(path),
            _ => app_data_dir.unwrap_or_else(|| PathBuf::from(".")).join("rencontres.sqlite3"),
        };
        let store = Store::open(&db_path).map(Mutex::new);
        if let Err(error) = &store {
            eprintln!("Rencontres: {error}");
        }
        AppState { db_path, store }
    }
}
