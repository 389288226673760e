//! Moving attached files between laptops through the server: a secretariat laptop uploads
//! every file it keeps that the server has not had from it; a reviewer's laptop fetches the
//! file of an application assigned to it when the reviewer opens it. Files travel by SHA-256
//! and are checked on arrival, so a damaged download is refused rather than kept. This laptop
//! remembers what it sent or received (table `uploaded_files`) so nothing goes twice.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::attachments::attachment_path;
use super::Attachment;
use crate::store::Store;
use crate::sync::http::HttpTransport;
use crate::sync::SyncError;
use crate::CoreError;

fn digest(content: &[u8]) -> String {
    Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// The attachments of live applications kept in `folder` and not yet sent to the server.
    pub fn attachments_to_upload(&self, folder: &Path) -> crate::Result<Vec<Attachment>> {
        let mut statement = self.conn.prepare(
            "SELECT DISTINCT j.value FROM applications a, json_each(a.attachments) j
             WHERE a.deleted_at IS NULL AND json_extract(j.value, '$.sha256') NOT IN (SELECT sha256 FROM uploaded_files)",
        )?;
        let texts: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<Attachment> = Vec::new();
        for text in texts {
            let attachment: Attachment = serde_json::from_str(&text)?;
            if attachment_path(folder, &attachment.sha256).is_file() && !out.iter().any(|a| a.sha256 == attachment.sha256) {
                out.push(attachment);
            }
        }
        Ok(out)
    }

    /// Remembers that the server has this file (sent from here, or fetched from it).
    pub fn mark_transferred(&self, sha256: &str) -> crate::Result<()> {
        self.conn.execute("INSERT OR IGNORE INTO uploaded_files (sha256) VALUES (?1)", params![sha256])?;
        Ok(())
    }
}

/// Uploads what [`Store::attachments_to_upload`] lists; answers how many files went.
pub fn upload_attachments(store: &Store, folder: &Path, transport: &HttpTransport) -> Result<u32, SyncError> {
    let mut sent = 0;
    for attachment in store.attachments_to_upload(folder)? {
        let content = std::fs::read(attachment_path(folder, &attachment.sha256))
            .map_err(|e| CoreError::invalid("attachments", format!("{} cannot be read: {e}", attachment.name)))?;
        transport.put_file(&attachment.sha256, &content)?;
        store.mark_transferred(&attachment.sha256)?;
        sent += 1;
    }
    Ok(sent)
}

/// The kept copy of `attachment`, fetched from the server first when this laptop lacks it.
/// None when the server does not have it yet either. The caller then marks it with
/// [`Store::mark_transferred`] (apart, so that no store lock is held during the download).
pub fn fetch_attachment(folder: &Path, attachment: &Attachment, transport: &HttpTransport) -> Result<Option<PathBuf>, SyncError> {
    let kept = attachment_path(folder, &attachment.sha256);
    if kept.is_file() {
        return Ok(Some(kept));
    }
    let Some(content) = transport.get_file(&attachment.sha256)? else { return Ok(None) };
    let found = digest(&content);
    if found != attachment.sha256 {
        return Err(SyncError::Server(format!("{} arrived damaged (SHA-256 {found}); try again", attachment.name)));
    }
    std::fs::create_dir_all(folder).map_err(|e| CoreError::invalid("attachments", format!("{} cannot be created: {e}", folder.display())))?;
    let partial = folder.join(format!(".partial-{}", uuid::Uuid::now_v7()));
    let written = std::fs::File::create(&partial).and_then(|mut file| {
        file.write_all(&content)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&partial, &kept)) {
        let _ = std::fs::remove_file(&partial);
        return Err(CoreError::invalid("attachments", format!("{} cannot be kept: {e}", attachment.name)).into());
    }
    Ok(Some(kept))
}
