//! The local store: one SQLite file, opened with the same pragmas every time and migrated
//! to the newest schema this build knows. A store written by a newer build is refused.

mod bulk;
mod migrations;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use thiserror::Error;

use crate::Result;

/// Why a store could not be opened; each says what the user can do about it.
#[derive(Debug, Error)]
pub enum StoreOpenError {
    #[error("the store {path} was written by a newer version of Rencontres (schema {found}, this app knows up to {known})")]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("the store {path} cannot be opened: {source}")]
    Unopenable { path: PathBuf, source: rusqlite::Error },
    #[error("the store {path} is not a Rencontres database or is damaged: {source}")]
    Corrupt { path: PathBuf, source: rusqlite::Error },
    #[error("the store {path} could not be read: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error("the folder {path} cannot be created: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
}

impl StoreOpenError {
    /// What to do next, in a sentence the start-up dialog shows under the error.
    pub fn advice(&self) -> String {
        match self {
            StoreOpenError::NewerSchema { .. } => {
                "Install the latest version of Rencontres, then open it again. Your data is untouched.".into()
            }
            StoreOpenError::Unopenable { path, .. } | StoreOpenError::Folder { path, .. } => format!(
                "Check that the folder of {} exists and that you may write to it, or set RENCONTRES_DB to another path.",
                path.display()
            ),
            StoreOpenError::Corrupt { path, .. } | StoreOpenError::Unreadable { path, .. } => format!(
                "Move {} aside (keep it for recovery) and start the app again to create a new store, then sync or restore from a backup.",
                path.display()
            ),
        }
    }
}

/// Who is writing: recorded on every mutation. Until accounts exist the actor is the OS user.
#[derive(Debug, Clone)]
pub struct Author {
    pub actor: String,
    pub device: String,
}

pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) author: Author,
    /// A copy of the write-ahead log into the database running in the background, after a
    /// bulk write (see `bulk`).
    background_checkpoint: Option<std::thread::JoinHandle<()>>,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreOpenError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreOpenError::Folder { path: folder.to_path_buf(), source })?;
        }
        let conn = Connection::open(path)
            .map_err(|source| StoreOpenError::Unopenable { path: path.to_path_buf(), source })?;
        Self::prepare(conn, path)
    }

    /// A private store in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store, StoreOpenError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreOpenError::Unopenable {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        Self::prepare(conn, Path::new(":memory:"))
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Store, StoreOpenError> {
        let classify = |source: rusqlite::Error| match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                StoreOpenError::Corrupt { path: path.to_path_buf(), source }
            }
            _ => StoreOpenError::Unopenable { path: path.to_path_buf(), source },
        };
        // Pragmas come before migrating, on every connection, so every write sees them.
        conn.pragma_update(None, "foreign_keys", "ON").map_err(classify)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(classify)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).map_err(classify)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(classify)?;
        // Up to 64 MiB of page cache (SQLite's default is 2 MiB), used only as the data grows:
        // a store of a few thousand contacts never fills it; at 100,000 rows an import into
        // name-ordered indexes no longer reads and spills the same pages again and again, and
        // the members list sorted by population (a scan of every member) read in 7.6–11 ms
        // against 16.7 ms with the default, in the bench's runs.
        conn.pragma_update(None, "cache_size", -65536).map_err(classify)?;
        migrations::migrate(&mut conn, path)?;
        // Search indexes a migration could not fill in SQL are filled once, here.
        crate::search::rebuild_pending(&mut conn).map_err(|error| match error {
            crate::CoreError::Sqlite(source) => classify(source),
            other => StoreOpenError::Unreadable { path: path.to_path_buf(), message: other.to_string() },
        })?;
        let mut store = Store { conn, author: Author { actor: String::new(), device: String::new() }, background_checkpoint: None };
        store.author = store.load_author().map_err(|error| match error {
            crate::CoreError::Sqlite(source) => classify(source),
            other => StoreOpenError::Unreadable { path: path.to_path_buf(), message: other.to_string() },
        })?;
        Ok(store)
    }

    /// The device id is made once per store; the actor defaults to the OS user name.
    fn load_author(&self) -> Result<Author> {
        let device = match self.setting("device_id")? {
            Some(id) => id,
            None => {
                let id = uuid::Uuid::now_v7().to_string();
                self.set_setting("device_id", &id)?;
                id
            }
        };
        let actor = match self.setting("actor")? {
            Some(actor) => actor,
            None => std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "local user".to_string()),
        };
        Ok(Author { actor, device })
    }

    pub fn author(&self) -> &Author {
        &self.author
    }

    /// Records writes under this name from now on (e.g. the account signed in to the server).
    pub fn set_actor(&mut self, actor: &str) -> Result<()> {
        self.set_setting("actor", actor)?;
        self.author.actor = actor.to_string();
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// True when no organisation and no person was ever stored (deleted ones count as stored).
    pub fn is_empty(&self) -> Result<bool> {
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM organisations) OR EXISTS (SELECT 1 FROM people)",
            [],
            |row| row.get(0),
        )?;
        Ok(!any)
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Number of local mutations waiting to be pushed.
    pub fn outbox_len(&self) -> Result<u32> {
        Ok(self.conn.query_row("SELECT coalesce(sum(records), 0) FROM outbox", [], |row| row.get(0))?)
    }
}
