//! The SQLite backend of [`Storage`]: one file in the data folder, WAL, one connection
//! behind a mutex (SQLite has one writer anyway, and this keeps commit order = seq order).
//! Accounts, tokens and logins live here; push and pull in [`sync`].

mod numbering;
mod sync;
mod files;
mod unsubscribe;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, SecondsFormat, Utc};
use rencontres_protocol::{PushRequest, PushResponse, Role};
use rusqlite::{params, Connection, OptionalExtension};

use super::{FileRead, FileWrite, LoginOutcome, RawPage, Session, SessionLookup, Storage, StorageError, Unsubscribe, User};
use crate::auth;

const MIGRATIONS: &[&str] = &[
    include_str!("sqlite/0001_init.sql"),
    include_str!("sqlite/0002_review.sql"),
    include_str!("sqlite/0003_unsubscribe.sql"),
    include_str!("sqlite/0004_conflicts_seq.sql"),
];

/// Failed logins in a row before an account is locked, and for how long.
const MAX_FAILED_LOGINS: i64 = 5;
const LOCK_MINUTES: i64 = 15;

pub struct SqliteStorage {
    conn: Mutex<Connection>,
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StorageError::Corrupt(format!("time {text}: {e}")))
}

fn user_from_row(row: &rusqlite::Row) -> rusqlite::Result<(i64, String, String, bool)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn to_user((id, username, role, disabled): (i64, String, String, bool)) -> Result<User, StorageError> {
    let role = Role::parse(&role).ok_or_else(|| StorageError::Corrupt(format!("role {role}")))?;
    Ok(User { id, username, role, disabled })
}

/// id, username, role, disabled, password hash, failed logins, locked until.
type LoginRow = (i64, String, String, bool, String, i64, Option<String>);

impl SqliteStorage {
    /// Opens (creating) `server.sqlite3` in `folder`.
    pub fn open_folder(folder: &Path) -> Result<SqliteStorage, StorageError> {
        std::fs::create_dir_all(folder)
            .map_err(|source| StorageError::Folder { path: folder.display().to_string(), source })?;
        Self::from_connection(Connection::open(folder.join("server.sqlite3"))?)
    }

    pub fn open_in_memory() -> Result<SqliteStorage, StorageError> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<SqliteStorage, StorageError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Deleted and rewritten content is zeroed in the file: an erased person's data (GDPR)
        // must not linger in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StorageError::NewerSchema { found, known });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(SqliteStorage { conn: Mutex::new(conn) })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-committed (it rolls
        // back on drop), so the connection is still sound: take it back.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn user_named(conn: &Connection, username: &str) -> Result<User, StorageError> {
        let row = conn
            .query_row("SELECT id, username, role, disabled FROM users WHERE username = ?1", [username], user_from_row)
            .optional()?;
        to_user(row.ok_or_else(|| StorageError::NoSuchUser(username.to_string()))?)
    }
}

impl Storage for SqliteStorage {
    fn add_user(&self, username: &str, role: Role, password: &str) -> Result<User, StorageError> {
        let hash = auth::hash_password(password)?;
        let conn = self.conn();
        let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE username = ?1)", [username], |r| r.get(0))?;
        if exists {
            return Err(StorageError::UserExists(username.to_string()));
        }
        conn.execute(
            "INSERT INTO users (username, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![username, role.as_str(), hash, now()],
        )?;
        Self::user_named(&conn, username)
    }

    fn users(&self) -> Result<Vec<User>, StorageError> {
        let conn = self.conn();
        let mut statement = conn.prepare("SELECT id, username, role, disabled FROM users ORDER BY username")?;
        let rows = statement.query_map([], user_from_row)?.collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(to_user).collect()
    }

    fn disable_user(&self, username: &str) -> Result<(), StorageError> {
        let conn = self.conn();
        let user = Self::user_named(&conn, username)?;
        conn.execute("UPDATE users SET disabled = 1 WHERE id = ?1", [user.id])?;
        Ok(())
    }

    fn reset_password(&self, username: &str, password: &str) -> Result<(), StorageError> {
        let hash = auth::hash_password(password)?;
        let mut conn = self.conn();
        let user = Self::user_named(&conn, username)?;
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE users SET password_hash = ?2, disabled = 0, failed_logins = 0, locked_until = NULL WHERE id = ?1",
            params![user.id, hash],
        )?;
        tx.execute("DELETE FROM tokens WHERE user_id = ?1", [user.id])?;
        tx.commit()?;
        Ok(())
    }

    fn login(&self, username: &str, password: &str, device_id: &str, ttl: chrono::Duration) -> Result<LoginOutcome, StorageError> {
        let found: Option<LoginRow> = self
            .conn()
            .query_row(
                "SELECT id, username, role, disabled, password_hash, failed_logins, locked_until FROM users WHERE username = ?1",
                [username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .optional()?;
        let Some((id, name, role, disabled, hash, failed, locked_until)) = found else {
            auth::verify_nothing(password);
            return Ok(LoginOutcome::Refused);
        };
        if let Some(until) = locked_until.as_deref().map(parse_time).transpose()? {
            if until > Utc::now() {
                return Ok(LoginOutcome::Locked { until });
            }
        }
        // The slow hash check runs without holding the store, so logins do not stall sync.
        let good = auth::verify_password(password, &hash);
        let conn = self.conn();
        if !good || disabled {
            let failed = failed + 1;
            let lock = (failed >= MAX_FAILED_LOGINS).then(|| Utc::now() + chrono::Duration::minutes(LOCK_MINUTES));
            conn.execute(
                "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                params![id, if lock.is_some() { 0 } else { failed }, lock.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))],
            )?;
            return Ok(match lock {
                Some(until) => LoginOutcome::Locked { until },
                None => LoginOutcome::Refused,
            });
        }
        conn.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1", [id])?;
        let token = auth::new_token()?;
        let expires_at = Utc::now() + ttl;
        conn.execute(
            "INSERT INTO tokens (digest, user_id, device_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![auth::token_digest(&token), id, device_id, now(), expires_at.to_rfc3339_opts(SecondsFormat::Millis, true)],
        )?;
        Ok(LoginOutcome::Ok { token, expires_at, user: to_user((id, name, role, false))? })
    }

    fn session(&self, token: &str) -> Result<SessionLookup, StorageError> {
        let conn = self.conn();
        let found: Option<(i64, String, String, bool, String, String)> = conn
            .query_row(
                "SELECT u.id, u.username, u.role, u.disabled, t.device_id, t.expires_at
                 FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.digest = ?1",
                [auth::token_digest(token)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((id, username, role, disabled, device_id, expires_at)) = found else { return Ok(SessionLookup::Unknown) };
        if disabled {
            return Ok(SessionLookup::Revoked);
        }
        if parse_time(&expires_at)? <= Utc::now() {
            return Ok(SessionLookup::Unknown);
        }
        Ok(SessionLookup::Valid(Session { user: to_user((id, username, role, disabled))?, device_id }))
    }

    fn logout(&self, token: &str) -> Result<(), StorageError> {
        self.conn().execute("DELETE FROM tokens WHERE digest = ?1", [auth::token_digest(token)])?;
        Ok(())
    }

    fn push(&self, session: &Session, request: &PushRequest) -> Result<PushResponse, StorageError> {
        let checked = sync::check_push(request)?;
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let response = sync::apply_push(&tx, session, request, &checked)?;
        tx.commit()?;
        Ok(response)
    }

    fn pull(&self, session: &Session, cursor: u64, limit: u32, initial: bool) -> Result<RawPage, StorageError> {
        let mut conn = self.conn();
        // One read transaction: the page and last_mutation_id describe the same moment.
        let tx = conn.transaction()?;
        let response = sync::pull(&tx, session, cursor, limit, initial)?;
        tx.commit()?;
        Ok(response)
    }

    fn put_file(&self, session: &Session, sha256: &str, content: &[u8]) -> Result<FileWrite, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let answer = files::put(&tx, session, sha256, content)?;
        tx.commit()?;
        Ok(answer)
    }

    fn get_file(&self, session: &Session, sha256: &str) -> Result<FileRead, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let answer = files::get(&tx, session, sha256)?;
        tx.commit()?;
        Ok(answer)
    }

    fn unsubscribe_lookup(&self, token: &str) -> Result<Unsubscribe, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        unsubscribe::lookup(&tx, token)
    }

    fn unsubscribe(&self, token: &str) -> Result<Unsubscribe, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let before = unsubscribe::unsubscribe(&tx, token)?;
        tx.commit()?;
        Ok(before)
    }
}

#[cfg(test)]
mod tests;
