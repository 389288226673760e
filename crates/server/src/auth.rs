//! Passwords and tokens: argon2id password hashes (PHC strings with their own salt and
//! parameters), random bearer tokens of which the server keeps only a SHA-256 digest (a
//! stolen database yields no usable token), and what each role may pull and push.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rencontres_protocol::Role;
use sha2::{Digest, Sha256};

use crate::storage::StorageError;

fn random_bytes<const N: usize>() -> Result<[u8; N], StorageError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| StorageError::Hash(e.to_string()))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An argon2id hash of `password` in PHC format.
pub fn hash_password(password: &str) -> Result<String, StorageError> {
    let salt_bytes: [u8; 16] = random_bytes()?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| StorageError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| StorageError::Hash(e.to_string()))
}

/// True when `password` matches the PHC string `hash`; an unreadable hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Spends the time of one verification, so that an unknown account name answers as slowly
/// as a wrong password and account names cannot be probed by timing.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(hash) = DUMMY.get_or_init(|| hash_password("no account has this password").ok()) {
        verify_password(password, hash);
    }
}

/// A new bearer token: 32 random bytes, hex.
pub fn new_token() -> Result<String, StorageError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// What the server stores of a token.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `role` may pull records of `entity`. Committee members see the member directory
/// and the committee read-only (not dues). Organisers see the events assigned to them and
/// their rows (the row-level rule is in `scope`), plus the organisations read-only (public
/// bodies: the door's organisation picker and the General Assembly quorum need them), but no
/// contacts and no dues: registrations carry a snapshot of names for badges and the door, so
/// an organiser's laptop holds no personal data it does not need.
pub fn may_pull(role: Role, entity: &str) -> bool {
    match role {
        Role::Secretariat => true,
        Role::Committee => matches!(entity, "organisation" | "person" | "committee_seat" | "application" | "review_assignment" | "review" | "best_practice" | "conflict_resolution"),
        Role::Organiser => matches!(entity, "organisation") || is_event_entity(entity),
    }
}

/// The entities of the events module: an event and the rows that hang from it.
pub fn is_event_entity(entity: &str) -> bool {
    matches!(entity, "event" | "event_session" | "price_tier" | "registration" | "check_in")
}

/// Whether `role` may push a mutation of `entity`: only the secretariat edits members; a
/// committee member writes reviews and organisers their events' rows (which ones: `scope`).
pub fn may_push(role: Role, entity: &str) -> bool {
    match role {
        Role::Secretariat => true,
        Role::Committee => entity == "review",
        Role::Organiser => is_event_entity(entity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_a_wrong_one_does_not() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct hors", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn two_tokens_differ_and_the_digest_is_not_the_token() {
        let a = new_token().expect("token");
        let b = new_token().expect("token");
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_digest(&a), a);
        assert_eq!(token_digest(&a), token_digest(&a));
    }

    #[test]
    fn only_the_secretariat_may_push_member_edits() {
        assert!(may_push(Role::Secretariat, "organisation"));
        assert!(!may_push(Role::Committee, "organisation"));
        assert!(!may_push(Role::Organiser, "person"));
        assert!(may_pull(Role::Committee, "person"));
        assert!(!may_pull(Role::Organiser, "person"));
        assert!(may_pull(Role::Committee, "committee_seat"));
        assert!(!may_pull(Role::Committee, "invoice"));
        assert!(!may_pull(Role::Organiser, "committee_seat"));
        assert!(may_pull(Role::Organiser, "registration"));
        assert!(may_pull(Role::Organiser, "organisation"));
        assert!(!may_pull(Role::Organiser, "invoice"));
        assert!(may_push(Role::Organiser, "check_in"));
        assert!(!may_push(Role::Organiser, "organisation"));
        assert!(!may_push(Role::Committee, "registration"));
        assert!(may_push(Role::Committee, "review"));
        assert!(!may_push(Role::Committee, "application"));
        assert!(!may_push(Role::Committee, "review_assignment"));
        assert!(may_pull(Role::Committee, "application"));
        assert!(!may_pull(Role::Organiser, "review"));
    }
}
