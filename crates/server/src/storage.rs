//! What the server keeps, behind a small trait so a PostgreSQL backend can follow the
//! SQLite one: accounts and tokens, each client's last mutation id, the current records,
//! the applied-mutation log and the conflict records. Calls are blocking; the HTTP layer
//! runs them off the async threads.

pub mod sqlite;

use chrono::{DateTime, Utc};
use rencontres_protocol::{PullResponse, PushRequest, PushResponse, Role};
use thiserror::Error;

/// A pull page as the server sends it: each record's fields are its stored JSON text, passed
/// through to the wire without being parsed and written again.
pub type RawPage = PullResponse<Box<serde_json::value::RawValue>>;

#[derive(Debug, Error)]
pub enum StorageError {
    #[error("the server store failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the server store holds an unreadable value: {0}")]
    Corrupt(String),
    #[error("cannot create the data folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("the server store was written by a newer server (schema {found}, this one knows {known})")]
    NewerSchema { found: i64, known: i64 },
    #[error("no account named {0}")]
    NoSuchUser(String),
    #[error("an account named {0} exists already")]
    UserExists(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
    /// The request is well-formed JSON but not a valid push (the whole push is refused).
    #[error("{0}")]
    BadPush(String),
}

impl From<serde_json::Error> for StorageError {
    fn from(error: serde_json::Error) -> Self {
        StorageError::Corrupt(error.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
}

/// Who is calling: the account behind a valid token, and the device it signed in from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub device_id: String,
}

/// What a bearer token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionLookup {
    Valid(Session),
    /// The token was issued to an account disabled since: the device should forget its data.
    Revoked,
    /// Unknown, forged, expired or signed out.
    Unknown,
}

/// What a login attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    Ok { token: String, expires_at: DateTime<Utc>, user: User },
    /// Unknown account, wrong password or disabled account: the caller cannot tell which.
    Refused,
    /// Too many failures in a row: refused without checking until `until`.
    Locked { until: DateTime<Utc> },
}

pub trait Storage: Send + Sync {
    fn add_user(&self, username: &str, role: Role, password: &str) -> Result<User, StorageError>;
    fn users(&self) -> Result<Vec<User>, StorageError>;
    /// Disables the account: its tokens answer "revoked" from now on (so its devices learn
    /// to wipe what they synced) until a password reset removes them.
    fn disable_user(&self, username: &str) -> Result<(), StorageError>;
    /// Sets a new password, re-enables and unlocks the account, revokes its tokens.
    fn reset_password(&self, username: &str, password: &str) -> Result<(), StorageError>;

    fn login(&self, username: &str, password: &str, device_id: &str, ttl: chrono::Duration) -> Result<LoginOutcome, StorageError>;
    /// The session of a bearer token, if it is known, unexpired and its account enabled.
    fn session(&self, token: &str) -> Result<SessionLookup, StorageError>;
    fn logout(&self, token: &str) -> Result<(), StorageError>;

    /// Applies a push in one transaction: all of it or (on error) none of it.
    fn push(&self, session: &Session, request: &PushRequest) -> Result<PushResponse, StorageError>;
    /// The records changed after `cursor` that the session's role may see, oldest commit first;
    /// with their history unless `initial` (a new device pages current rows only).
    fn pull(&self, session: &Session, cursor: u64, limit: u32, initial: bool) -> Result<RawPage, StorageError>;

    /// Keeps a file attached to an application, under its SHA-256 (checked against the content).
    fn put_file(&self, session: &Session, sha256: &str, content: &[u8]) -> Result<FileWrite, StorageError>;
    /// A kept file, if the session may read it.
    fn get_file(&self, session: &Session, sha256: &str) -> Result<FileRead, StorageError>;
    /// Who an e-bulletin unsubscribe token names, without changing anything.
    fn unsubscribe_lookup(&self, token: &str) -> Result<Unsubscribe, StorageError>;
    /// Unsubscribes the person a token names (a logged change that syncs to every laptop);
    /// answers the state before.
    fn unsubscribe(&self, token: &str) -> Result<Unsubscribe, StorageError>;
}

/// What became of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileWrite {
    Stored,
    /// Why it was not kept (the role, or a content that does not match its name).
    Refused(String),
}

/// The answer to a file request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRead {
    Found(Vec<u8>),
    /// The file exists or not; this account may not know which.
    Forbidden,
    /// Not uploaded (yet): the laptop that received it has not synced since.
    Missing,
}

/// What an e-bulletin unsubscribe token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscribe {
    Subscribed,
    AlreadyOut,
    /// Not a token, or no (live) person holds it.
    Unknown,
}
