//! Where a laptop keeps its sign-in: a small JSON file beside (never inside) the store,
//! readable only by the user (mode 0600 on Unix), so a copied or backed-up database
//! carries no token. The app may prefer the OS keyring and fall back to this file.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub server_url: String,
    pub username: String,
    pub token: String,
    pub expires_at: String,
}

#[derive(Debug, Error)]
pub enum CredentialsError {
    #[error("cannot write the sign-in file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read the sign-in file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the sign-in file {path} is damaged; sign in again ({message})")]
    Damaged { path: PathBuf, message: String },
}

/// Writes `credentials` to `path` atomically (a private temporary file, then a rename), so a
/// crash leaves the old file or the new one, and no other user can read it at any moment.
pub fn save(path: &Path, credentials: &Credentials) -> Result<(), CredentialsError> {
    let fail = |source| CredentialsError::Write { path: path.to_path_buf(), source };
    let text = serde_json::to_vec_pretty(credentials).map_err(|e| fail(std::io::Error::other(e)))?;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary).map_err(fail)?;
    file.write_all(&text).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(fail)
}

/// The saved sign-in, or None when this laptop never signed in (or signed out).
pub fn load(path: &Path) -> Result<Option<Credentials>, CredentialsError> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(CredentialsError::Read { path: path.to_path_buf(), source }),
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|e| CredentialsError::Damaged { path: path.to_path_buf(), message: e.to_string() })
}

/// Removes the saved sign-in (sign-out); removing what is not there is fine.
pub fn forget(path: &Path) -> Result<(), CredentialsError> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(CredentialsError::Write { path: path.to_path_buf(), source: error })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Credentials {
        Credentials {
            server_url: "https://sync.example.org".into(),
            username: "ana".into(),
            token: "ab".repeat(32),
            expires_at: "2026-12-25T00:00:00.000Z".into(),
        }
    }

    #[test]
    fn saved_credentials_read_back_and_are_gone_after_forgetting() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("signin.json");
        assert_eq!(load(&path).expect("load"), None);
        save(&path, &sample()).expect("save");
        assert_eq!(load(&path).expect("load"), Some(sample()));
        forget(&path).expect("forget");
        assert_eq!(load(&path).expect("load"), None);
        forget(&path).expect("forgetting twice is fine");
    }

    #[cfg(unix)]
    #[test]
    fn the_sign_in_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("signin.json");
        save(&path, &sample()).expect("save");
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
    }

    #[test]
    fn a_damaged_file_says_to_sign_in_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("signin.json");
        std::fs::write(&path, b"{not json").expect("write");
        let error = load(&path).expect_err("damaged");
        assert!(error.to_string().contains("sign in again"), "{error}");
    }
}
