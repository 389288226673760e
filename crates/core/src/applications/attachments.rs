//! Keeping an application's files: each chosen file is copied into the app-data folder
//! under its SHA-256 (so the same file attached twice is kept once, and a kept copy can be
//! checked against the digest recorded with the application). The name, size and digest sync
//! with the application; the files themselves travel through the server's file endpoint
//! (see `transfer`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Attachment;
use crate::{CoreError, Result};

/// The largest file kept: application dossiers are letters and brochures, not videos.
pub const MAX_ATTACHMENT_BYTES: u64 = 50 * 1024 * 1024;

fn failed(name: &str, what: &str, error: std::io::Error) -> CoreError {
    CoreError::invalid("attachments", format!("{name} could not be {what}: {error}"))
}

/// Where the kept copy of the file with digest `sha256` lives under `folder`.
pub fn attachment_path(folder: &Path, sha256: &str) -> PathBuf {
    folder.join(sha256)
}

/// Copies `source` into `folder` (created if needed) under its SHA-256, hashing while it
/// copies; answers what the application records of it.
pub fn keep_attachment(folder: &Path, source: &Path) -> Result<Attachment> {
    let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| source.display().to_string());
    let mut input = std::fs::File::open(source).map_err(|e| failed(&name, "opened", e))?;
    let size = input.metadata().map_err(|e| failed(&name, "read", e))?.len();
    if size > MAX_ATTACHMENT_BYTES {
        return Err(CoreError::invalid(
            "attachments",
            format!("{name} is {} MB: attachments are limited to {} MB", size / (1024 * 1024), MAX_ATTACHMENT_BYTES / (1024 * 1024)),
        ));
    }
    std::fs::create_dir_all(folder).map_err(|e| failed(&folder.display().to_string(), "created", e))?;
    // Written under a temporary name first: a copy cut short never passes for a kept file.
    let partial = folder.join(format!(".partial-{}", uuid::Uuid::now_v7()));
    let mut output = std::fs::File::create(&partial).map_err(|e| failed(&name, "copied", e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut copied: u64 = 0;
    let result = loop {
        match input.read(&mut buffer) {
            Ok(0) => break output.sync_all(),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                copied += n as u64;
                if let Err(e) = output.write_all(&buffer[..n]) {
                    break Err(e);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(e),
        }
    };
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(&name, "copied", e));
    }
    let sha256: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let kept = attachment_path(folder, &sha256);
    std::fs::rename(&partial, &kept).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(&name, "kept", e)
    })?;
    Ok(Attachment { name, size: copied as i64, sha256 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_kept_under_its_sha256_with_its_name_and_size() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = dir.path().join("Motivation letter.txt");
        std::fs::write(&source, b"abc").expect("write");
        let kept = keep_attachment(&dir.path().join("attachments"), &source).expect("kept");
        // The SHA-256 of "abc" (FIPS 180-2 test vector).
        assert_eq!(kept.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(kept.name, "Motivation letter.txt");
        assert_eq!(kept.size, 3);
        let copy = attachment_path(&dir.path().join("attachments"), &kept.sha256);
        assert_eq!(std::fs::read(copy).expect("copy"), b"abc");
    }

    #[test]
    fn a_missing_file_is_refused_naming_the_attachments_field() {
        let dir = tempfile::tempdir().expect("temp dir");
        match keep_attachment(dir.path(), &dir.path().join("gone.pdf")) {
            Err(CoreError::Validation { field, message }) => {
                assert_eq!(field, "attachments");
                assert!(message.contains("gone.pdf"), "{message}");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}
