//! The sync client: pushes the outbox in order, pulls pages of server changes and applies
//! each page with its cursor and the server's ack in one transaction, then rebases the
//! local mutations still waiting on top. A crash anywhere loses nothing: an unacknowledged
//! mutation stays in the outbox (the server ignores a retried one it has seen), an unsaved
//! cursor only means the page is pulled again (applying a page twice changes nothing).
//!
//! Core talks to the server through the [`Transport`] trait rather than HTTP directly, so
//! the engine is tested with faults injected between the store and a real server, and the
//! app may run the blocking HTTP transport ([`http::HttpTransport`]) off its UI thread.

mod apply;
pub mod credentials;
pub mod http;

use rencontres_protocol::{Mutation, MutationStatus, PullResponse, PushRequest, PushResponse, SCHEMA_VERSION};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use thiserror::Error;

use crate::mutation::now;
use crate::store::Store;
use crate::CoreError;

/// Outbox rows sent per push, and changes asked for per pull page.
pub const PUSH_BATCH: u32 = 500;
pub const PULL_PAGE: u32 = 5000;
/// About the most argument text one push carries: an import's batch mutations hold a
/// thousand records each, and the server refuses a body over 8 MB.
const PUSH_BYTES: usize = 4 << 20;

/// How large (in pages of 4 KiB) the write-ahead log may grow while a pull lands several
/// pages before SQLite copies it into the database; its default is 1,000.
const BULK_WAL_PAGES: i64 = 16_384;

/// Lines of the sync log kept on the laptop.
const SYNC_LOG_KEPT: i64 = 1000;

/// The only scope until roles split the pull into several.
const SCOPE: &str = "all";

/// The setting present while an initial sync is under way (its first page landed, not its
/// last): the pages still to come are asked for as initial too, current rows without their
/// history, also after a restart. Written with each page's cursor, in its transaction.
const INITIAL_SYNC_SETTING: &str = "sync.initial";

#[derive(Debug, Error)]
pub enum SyncError {
    #[error("the server cannot be reached ({0}); changes are kept and will be sent later")]
    Offline(String),
    /// The app and the server speak different schema versions: the user must update.
    #[error("{0}")]
    UpdateApp(String),
    #[error("sign in again: {0}")]
    Unauthorized(String),
    /// The account was disabled on the server; [`Store::sync`] has wiped the synced data.
    #[error("{0}")]
    Revoked(String),
    #[error("the server refused the request: {message}")]
    Refused { status: u16, code: String, message: String },
    #[error("the server failed ({0}); try again later")]
    Server(String),
    #[error(transparent)]
    Store(#[from] CoreError),
}

impl From<rusqlite::Error> for SyncError {
    fn from(error: rusqlite::Error) -> Self {
        SyncError::Store(CoreError::Sqlite(error))
    }
}

impl From<serde_json::Error> for SyncError {
    fn from(error: serde_json::Error) -> Self {
        SyncError::Store(CoreError::from(error))
    }
}

/// How the store reaches the server: one push, one pull page. `Sync` so the next page can
/// be fetched on another thread while this one is written.
pub trait Transport: Sync {
    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError>;
    /// The page after `cursor`; `initial` while this device is in its initial sync, which
    /// wants current rows without their history.
    fn pull(&self, cursor: u64, limit: u32, initial: bool) -> Result<PullResponse, SyncError>;
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncReport {
    pub pushed: u32,
    pub rejected: u32,
    pub pulled: u32,
    pub new_conflicts: u32,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncStatus {
    pub waiting: u32,
    pub last_sync: Option<String>,
    pub open_conflicts: u32,
}

/// A value the server overwrote with a write that had not seen it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConflictRecord {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    /// The field, or `deleted` when an edit and a delete crossed.
    pub field: String,
    pub overwritten: serde_json::Value,
    pub overwritten_by: String,
    pub value: serde_json::Value,
    pub by: String,
    pub at: String,
    pub resolved_at: Option<String>,
}

/// One record as this replica holds it, deleted or not: what replicas compare to converge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaRecord {
    pub entity: String,
    pub id: String,
    pub deleted: bool,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// One line of the sync log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncLogEntry {
    pub at: String,
    pub level: String,
    pub message: String,
}

impl Store {
    /// Pushes everything waiting, then pulls until up to date. Errors leave the store
    /// consistent; calling again resumes.
    pub fn sync(&mut self, transport: &dyn Transport) -> Result<SyncReport, SyncError> {
        let result = self.sync_inner(transport);
        if let Err(SyncError::Revoked(_)) = &result {
            self.wipe_synced_data()?;
        }
        let (level, message) = match &result {
            // A round that moved nothing is not news: the log keeps what a person would look for.
            Ok(report) if *report == SyncReport::default() => return result,
            Ok(report) => (
                "info",
                format!(
                    "synced: {} sent, {} refused, {} received, {} new conflicts",
                    report.pushed, report.rejected, report.pulled, report.new_conflicts
                ),
            ),
            Err(error @ SyncError::Offline(_)) => ("warning", error.to_string()),
            Err(error) => ("error", error.to_string()),
        };
        self.log_sync(level, &message)?;
        result
    }

    fn sync_inner(&mut self, transport: &dyn Transport) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        // A batch may acknowledge nothing once (its rows were renumbered after a restore);
        // a server that keeps acknowledging nothing must not keep this loop sending forever.
        let mut stalls = 0;
        loop {
            let waiting = self.outbox_len()?;
            let (pushed, rejected) = self.push_batch(transport, PUSH_BATCH)?;
            report.pushed += pushed;
            report.rejected += rejected;
            let left = self.outbox_len()?;
            stalls = if left < waiting { 0 } else { stalls + 1 };
            if pushed == 0 || left == 0 || stalls > 1 {
                break;
            }
        }
        let cursor = self.sync_cursor()?;
        let page = transport.pull(cursor, PULL_PAGE, self.in_initial_sync(cursor)?)?;
        if !page.has_more {
            report.new_conflicts += self.apply_page(&page)?;
            report.pulled += page.changes.len() as u32;
            return Ok(report);
        }
        // Many pages to come (an initial sync, or a laptop long offline). SQLite copies its
        // write-ahead log into the database whenever the log passes its threshold, which a
        // page of thousands of rows does each time: one copy (and fsync) per page, each
        // rewriting the same index pages. The log is let grow while the pages land and
        // copied once at the end, in the background; each page is as durable in the log as
        // in the database.
        let pulled = self.in_bulk(BULK_WAL_PAGES, |store| store.pull_pages(transport, page, &mut report))?;
        pulled?;
        Ok(report)
    }

    /// Applies `page` and every page after it, fetching each next page while the one before
    /// is written: the network and the server then cost (almost) nothing on top of the local
    /// writes. Each page still lands with its own cursor, so stopping anywhere loses nothing.
    fn pull_pages(&mut self, transport: &dyn Transport, mut page: PullResponse, report: &mut SyncReport) -> Result<(), SyncError> {
        loop {
            let next = if page.has_more {
                let (cursor, initial) = (page.next_cursor, page.initial);
                let (applied, fetched) = std::thread::scope(|scope| {
                    let fetch = scope.spawn(|| transport.pull(cursor, PULL_PAGE, initial));
                    let applied = self.apply_page(&page);
                    (applied, fetch.join())
                });
                report.new_conflicts += applied?;
                Some(fetched.map_err(|_| SyncError::Server("the page fetch failed".into()))??)
            } else {
                report.new_conflicts += self.apply_page(&page)?;
                None
            };
            report.pulled += page.changes.len() as u32;
            match next {
                Some(following) => page = following,
                None => return Ok(()),
            }
        }
    }

    /// Sends up to `limit` outbox rows, oldest first, and drops those the server
    /// acknowledged. Returns how many were sent and how many of them were refused.
    pub fn push_batch(&mut self, transport: &dyn Transport, limit: u32) -> Result<(u32, u32), SyncError> {
        let mutations = self.outbox_batch(limit)?;
        if mutations.is_empty() {
            return Ok((0, 0));
        }
        let request = PushRequest { client_id: self.author.device.clone(), schema_version: SCHEMA_VERSION, mutations };
        let response = transport.push(&request)?;
        let tx = self.conn.transaction()?;
        let mut rejected = 0;
        for result in response.results.iter().filter(|r| r.status == MutationStatus::Rejected) {
            rejected += 1;
            let message = format!("the server refused change {}: {}", result.id, result.message.as_deref().unwrap_or("no reason given"));
            tx.execute("INSERT INTO sync_log (at, level, message) VALUES (?1, 'warning', ?2)", params![now(), message])?;
            apply::take_back(&tx, result.id)?;
        }
        if let Some(first) = response.results.iter().filter(|r| r.status == MutationStatus::Behind).map(|r| r.id).min() {
            renumber_from(&tx, first, response.last_mutation_id)?;
        }
        ack(&tx, response.last_mutation_id)?;
        tx.commit()?;
        Ok((request.mutations.len() as u32, rejected))
    }

    fn outbox_batch(&self, limit: u32) -> Result<Vec<Mutation>, SyncError> {
        let mut statement = self.conn.prepare(
            "SELECT o.seq, m.id, m.name, m.args, o.base_versions, m.at FROM outbox o JOIN mutations m ON m.id = o.mutation_id
             ORDER BY o.seq LIMIT ?1",
        )?;
        let mut rows = statement.query_map([limit], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get(5)?))
        })?;
        // Whole mutations up to the size budget, and always at least one; rows are read one
        // at a time, so the batches past the budget are not even loaded.
        let mut taken: Vec<(i64, String, String, String, String, String)> = Vec::new();
        let mut bytes = 0;
        for row in rows.by_ref() {
            let row = row?;
            bytes += row.3.len();
            if !taken.is_empty() && bytes > PUSH_BYTES {
                break;
            }
            taken.push(row);
        }
        let rows = taken;
        rows.into_iter()
            .map(|(seq, uuid, name, args, base, at)| {
                Ok(Mutation {
                    id: seq as u64,
                    uuid,
                    name,
                    args: serde_json::from_str(&args)?,
                    base_versions: serde_json::from_str(&base)?,
                    at,
                })
            })
            .collect()
    }

    /// Pulls one page after the saved cursor and applies it, with its cursor and the ack, in
    /// one transaction. Returns (changes applied, new conflicts, whether more is waiting).
    pub fn pull_page(&mut self, transport: &dyn Transport, limit: u32) -> Result<(u32, u32, bool), SyncError> {
        let cursor = self.sync_cursor()?;
        let page = transport.pull(cursor, limit, self.in_initial_sync(cursor)?)?;
        let conflicts = self.apply_page(&page)?;
        Ok((page.changes.len() as u32, conflicts, page.has_more))
    }

    /// Applies pages already fetched, one transaction each, written in bulk as a multi-page
    /// pull writes them (see `store::bulk`). Returns how many conflicts were new.
    pub fn apply_pages(&mut self, pages: &[PullResponse]) -> Result<u32, SyncError> {
        self.in_bulk(BULK_WAL_PAGES, |store| pages.iter().try_fold(0, |conflicts, page| Ok(conflicts + store.apply_page(page)?)))?
    }

    /// Applies a pulled page: its records, its cursor and the ack land together or not at all.
    pub fn apply_page(&mut self, page: &PullResponse) -> Result<u32, SyncError> {
        // Pages come in commit order, so a person may arrive before the organisation it
        // points to when that organisation changed later; the server is the authority on
        // references, so foreign keys are not checked while its rows are written.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        // A page that brings an erasure (GDPR) zeroes what it overwrites, then purges the old
        // text from the search index and the write-ahead log.
        let erasing = page.changes.iter().any(|change| change.erased);
        if erasing {
            self.conn.pragma_update(None, "secure_delete", "ON")?;
        }
        let result = (|| {
            let tx = self.conn.transaction()?;
            ack(&tx, page.last_mutation_id)?;
            let conflicts = apply::apply_page(&tx, page)?;
            tx.execute(
                "INSERT INTO sync_cursors (scope, cursor, last_mutation_id, synced_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, last_mutation_id = excluded.last_mutation_id,
                    synced_at = excluded.synced_at",
                params![SCOPE, page.next_cursor as i64, page.last_mutation_id as i64, now()],
            )?;
            if page.initial && page.has_more {
                tx.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, '1')", [INITIAL_SYNC_SETTING])?;
            } else {
                tx.execute("DELETE FROM settings WHERE key = ?1", [INITIAL_SYNC_SETTING])?;
            }
            tx.commit()?;
            Ok(conflicts)
        })();
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if erasing && result.is_ok() {
            self.purge_freed_text()?;
        }
        result
    }

    /// Whether the next pull, from `cursor`, belongs to an initial sync: one from the start,
    /// or one whose first pages landed and whose last has not.
    fn in_initial_sync(&self, cursor: u64) -> Result<bool, SyncError> {
        if cursor == 0 {
            return Ok(true);
        }
        let pending: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)", [INITIAL_SYNC_SETTING], |r| r.get(0))?;
        Ok(pending)
    }

    /// How far this device has pulled (0: never).
    pub fn sync_cursor(&self) -> Result<u64, SyncError> {
        let cursor: Option<i64> =
            self.conn.query_row("SELECT cursor FROM sync_cursors WHERE scope = ?1", [SCOPE], |r| r.get(0)).optional()?;
        Ok(cursor.unwrap_or(0).max(0) as u64)
    }

    pub fn sync_status(&self) -> crate::Result<SyncStatus> {
        let last_sync = self
            .conn
            .query_row("SELECT synced_at FROM sync_cursors WHERE scope = ?1", [SCOPE], |r| r.get(0))
            .optional()?;
        let open_conflicts = self.conn.query_row("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL", [], |r| r.get(0))?;
        Ok(SyncStatus { waiting: self.outbox_len()?, last_sync, open_conflicts })
    }

    /// The conflicts not yet resolved, newest first: what the Conflicts screen lists.
    pub fn conflicts(&self) -> crate::Result<Vec<ConflictRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT id, entity, entity_id, field, overwritten, overwritten_by, value, by, at, resolved_at
             FROM conflicts WHERE resolved_at IS NULL ORDER BY at DESC, id DESC",
        )?;
        let rows = statement
            .query_map([], |r| {
                Ok((
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                    (r.get::<_, String>(4)?, r.get(5)?, r.get::<_, String>(6)?, r.get(7)?, r.get(8)?, r.get(9)?),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|((id, entity, entity_id, field), (overwritten, overwritten_by, value, by, at, resolved_at))| {
                Ok(ConflictRecord {
                    id,
                    entity,
                    entity_id,
                    field,
                    overwritten: serde_json::from_str(&overwritten)?,
                    overwritten_by,
                    value: serde_json::from_str(&value)?,
                    by,
                    at,
                    resolved_at,
                })
            })
            .collect()
    }

    /// The newest lines of the sync log.
    pub fn sync_log(&self, limit: u32) -> crate::Result<Vec<SyncLogEntry>> {
        let mut statement = self.conn.prepare("SELECT at, level, message FROM sync_log ORDER BY seq DESC LIMIT ?1")?;
        let rows = statement.query_map([limit], |r| Ok(SyncLogEntry { at: r.get(0)?, level: r.get(1)?, message: r.get(2)? }))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Forgets everything this device synced or wrote (records, history, outbox, conflicts,
    /// cursors): what a device does when its account is revoked. Settings (the device id)
    /// stay, so the laptop can be signed in again and start with an initial sync.
    pub fn wipe_synced_data(&mut self) -> crate::Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM outbox; DELETE FROM mutations; DELETE FROM conflicts; DELETE FROM sync_cursors;
             DELETE FROM people; DELETE FROM organisations;
             DELETE FROM payments; DELETE FROM invoices; DELETE FROM fee_bands; DELETE FROM committee_seats;
             DELETE FROM events; DELETE FROM event_sessions; DELETE FROM price_tiers; DELETE FROM registrations;
             DELETE FROM check_ins;
             DELETE FROM reviews; DELETE FROM review_assignments; DELETE FROM applications;
             DELETE FROM best_practices; DELETE FROM publications; DELETE FROM grants;
             DELETE FROM erasures; DELETE FROM conflict_resolutions;",
        )?;
        crate::search::clear(&tx)?;
        tx.execute("DELETE FROM settings WHERE key = ?1", [INITIAL_SYNC_SETTING])?;
        tx.commit()?;
        Ok(())
    }

    /// Every record of every synced table, in id order, for comparing replicas.
    pub fn replica_state(&self) -> crate::Result<Vec<ReplicaRecord>> {
        let mut out = Vec::new();
        for table in crate::record::SYNCED.iter().copied() {
            let mut statement = self.conn.prepare(&format!("SELECT id FROM {} ORDER BY id", table.sql))?;
            let ids: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            for id in ids {
                if let Some(stored) = crate::record::read(&self.conn, table, &id)? {
                    out.push(ReplicaRecord { entity: table.entity_name().to_string(), id, deleted: stored.deleted, fields: stored.fields });
                }
            }
        }
        Ok(out)
    }

    /// Adds a line unless it repeats the last one (an offline laptop retries every few
    /// seconds), and keeps only the newest lines.
    fn log_sync(&self, level: &str, message: &str) -> crate::Result<()> {
        let last: Option<String> =
            self.conn.query_row("SELECT message FROM sync_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).optional()?;
        if last.as_deref() == Some(message) {
            return Ok(());
        }
        self.conn.execute("INSERT INTO sync_log (at, level, message) VALUES (?1, ?2, ?3)", params![now(), level, message])?;
        self.conn.execute(
            "DELETE FROM sync_log WHERE seq <= (SELECT max(seq) FROM sync_log) - ?1",
            [SYNC_LOG_KEPT],
        )?;
        Ok(())
    }
}

/// Moves the outbox rows from `first` on above `last_mutation_id`, keeping their order, and
/// makes later mutations number above them: after a restore from a backup the laptop's
/// counter is behind what the server already handled for it, and reused ids would be
/// taken for retries.
fn renumber_from(tx: &rusqlite::Transaction, first: u64, last_mutation_id: u64) -> Result<(), SyncError> {
    let first = i64::try_from(first).unwrap_or(i64::MAX);
    let offset = i64::try_from(last_mutation_id).unwrap_or(i64::MAX).saturating_sub(first).saturating_add(1);
    // Through negative values, so no row lands on a seq another still holds mid-update.
    tx.execute("UPDATE outbox SET seq = -(seq + ?2) WHERE seq >= ?1", params![first, offset])?;
    tx.execute("UPDATE outbox SET seq = -seq WHERE seq < 0", [])?;
    tx.execute(
        "UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM outbox)) WHERE name = 'mutations'",
        [],
    )?;
    Ok(())
}

/// Drops the outbox rows the server has handled: their effect is in its state now.
fn ack(tx: &rusqlite::Transaction, last_mutation_id: u64) -> Result<(), SyncError> {
    tx.execute("DELETE FROM outbox WHERE seq <= ?1", [i64::try_from(last_mutation_id).unwrap_or(i64::MAX)])?;
    Ok(())
}

#[cfg(test)]
mod tests;
