//! Bulk writes: an import, a pull of many pages. The write-ahead log is let grow while they
//! run. SQLite copies its log into the database file (a checkpoint) after a commit that
//! leaves the log longer than a threshold: after an import of 100,000 rows a copy of some
//! 60 MB, a fifth of the import's time, and one copy per page of a multi-page pull. The copy
//! runs afterwards on a connection of its own, in the background: SQLite lets readers and the
//! next writes go on while it runs, and every committed row is as durable in the log as in
//! the database.

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::Connection;

use super::Store;
use crate::Result;

/// The size in bytes a log that grew during a bulk write is cut back to when next reset,
/// rather than keeping tens of megabytes on disk.
const KEPT_LOG_BYTES: i64 = 4 << 20;

impl Store {
    /// Runs `write` as a bulk write: automatic checkpoints at `pages` of the log (0: none)
    /// instead of SQLite's 1,000; then starts the copy of the log in the background (see the
    /// module's docs).
    pub(crate) fn in_bulk<T>(&mut self, pages: i64, write: impl FnOnce(&mut Store) -> T) -> Result<T> {
        let threshold: i64 = self.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        let written = write(self);
        self.conn.pragma_update(None, "wal_autocheckpoint", threshold)?;
        self.conn.query_row(&format!("PRAGMA journal_size_limit = {KEPT_LOG_BYTES}"), [], |_| Ok(()))?;
        self.checkpoint_in_background();
        Ok(written)
    }

    /// Copies the log into the database on a connection of its own, on another thread. An
    /// in-memory store has no log to copy.
    fn checkpoint_in_background(&mut self) {
        self.wait_for_checkpoint();
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()).map(PathBuf::from) else { return };
        let copy = std::thread::Builder::new().name("checkpoint".into()).spawn({
            let path = path.clone();
            move || checkpoint(&path)
        });
        match copy {
            Ok(copy) => self.background_checkpoint = Some(copy),
            // No thread to be had: the copy is made here, as SQLite would have made it.
            Err(_) => checkpoint(&path),
        }
    }

    /// Waits until a copy of the log started in the background is done (a store being closed;
    /// a benchmark, before it measures anything else).
    pub fn wait_for_checkpoint(&mut self) {
        if let Some(copy) = self.background_checkpoint.take() {
            // A copy that failed leaves the log whole: SQLite's next checkpoint copies it.
            let _ = copy.join();
        }
    }
}

fn checkpoint(path: &std::path::Path) {
    // Nothing to report if it fails: the log stays whole and is copied by SQLite's next
    // checkpoint, or when the store is next opened.
    let Ok(conn) = Connection::open(path) else { return };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
}

impl Drop for Store {
    fn drop(&mut self) {
        self.wait_for_checkpoint();
    }
}
