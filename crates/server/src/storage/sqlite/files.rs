//! The files attached to applications, kept by SHA-256. Only the secretariat uploads (its
//! laptops received the files); a content whose digest is not its name is refused, so a
//! file read back is the one the application recorded. Who may read one is the scope's
//! call (`scope::review::may_read_file`).

use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use super::now;
use crate::scope::{review, Viewer};
use crate::storage::{FileRead, FileWrite, Session, StorageError};
use rencontres_protocol::Role;

pub(super) fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(super) fn put(tx: &Transaction, session: &Session, sha256: &str, content: &[u8]) -> Result<FileWrite, StorageError> {
    if session.user.role != Role::Secretariat {
        return Ok(FileWrite::Refused(format!("a {} account may not upload files", session.user.role.as_str())));
    }
    if !is_digest(sha256) {
        return Ok(FileWrite::Refused("a file is named by its SHA-256: 64 lower-case hex characters".into()));
    }
    let digest: String = Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect();
    if digest != sha256 {
        return Ok(FileWrite::Refused(format!("the content's SHA-256 is {digest}, not {sha256}: the upload was damaged")));
    }
    tx.execute(
        "INSERT INTO files (sha256, content, size, uploaded_by, at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
        params![sha256, content, content.len() as i64, session.user.username, now()],
    )?;
    Ok(FileWrite::Stored)
}

pub(super) fn get(tx: &Transaction, session: &Session, sha256: &str) -> Result<FileRead, StorageError> {
    if !is_digest(sha256) || !review::may_read_file(tx, Viewer::of(session), sha256)? {
        return Ok(FileRead::Forbidden);
    }
    let content: Option<Vec<u8>> = tx.query_row("SELECT content FROM files WHERE sha256 = ?1", [sha256], |r| r.get(0)).optional()?;
    Ok(content.map(FileRead::Found).unwrap_or(FileRead::Missing))
}
