//! `rencontres-protocol`: the wire types shared by the app and the central server, and
//! nothing else (serde only): login, push, pull, the error body, schema version negotiation
//! and the field schema of every synced entity (so both ends check the same shapes).

mod entities;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use entities::{entity, erased_fields, is_erasable, Entity, FieldType, ENTITIES, ERASED_VALUE};

/// The schema version this build speaks; every sync request carries it.
pub const SCHEMA_VERSION: u32 = 1;

/// The oldest client schema version a server of this build still serves.
pub const MIN_SCHEMA_VERSION: u32 = 1;




/// The JSON body of every error answer: what went wrong, for a person, and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// Stable error codes the app branches on.
pub mod codes {
    /// The app is older (or newer) than the server accepts: the user must update the app.
    pub const SCHEMA_UNSUPPORTED: &str = "schema_unsupported";
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// The account was disabled: the device must wipe the data it synced.
    pub const REVOKED: &str = "revoked";
    pub const FORBIDDEN: &str = "forbidden";
    pub const BAD_REQUEST: &str = "bad_request";
    pub const TOO_LARGE: &str = "too_large";
    pub const LOCKED: &str = "locked";
    pub const NOT_FOUND: &str = "not_found";
}

/// The accounts' roles; each decides what a device may pull and push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Secretariat,
    Committee,
    Organiser,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Secretariat, Role::Committee, Role::Organiser];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretariat => "secretariat",
            Role::Committee => "committee",
            Role::Organiser => "organiser",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The device signing in; becomes the sync client id.
    pub device_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Bearer token for `Authorization: Bearer ...`; the server keeps only its hash.
    pub token: String,
    /// ISO 8601 UTC.
    pub expires_at: String,
    pub username: String,
    pub role: Role,
}

/// One local mutation as pushed: `id` increases per client (the client's outbox order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    pub id: u64,
    /// The mutation's UUID in the client's log: history entries keep it on every replica.
    pub uuid: String,
    /// e.g. `UpdateOrganisation`.
    pub name: String,
    /// `{id, fields}` for create and update, `{id}` for delete and restore.
    pub args: Value,
    /// `{field: row version the edit was based on}`; `deleted` for delete and restore.
    #[serde(default)]
    pub base_versions: BTreeMap<String, i64>,
    /// When the user made the change on the device (ISO 8601 UTC): shown in history only,
    /// never used to order writes, so clock skew cannot reorder them.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub client_id: String,
    pub schema_version: u32,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationStatus {
    /// Applied now.
    Applied,
    /// Applied now, overwriting a value the client had not seen: conflict records were written.
    Conflicted,
    /// Seen before (a retried push): ignored.
    Duplicate,
    /// Not applied: its id is at or below what the server already handled for this client,
    /// yet the server never saw it (the laptop's store was restored from a backup). The
    /// client renumbers it and what follows above `last_mutation_id` and sends them again.
    Behind,
    /// Well-formed but refused (e.g. a record that does not exist, a right the role lacks);
    /// acknowledged all the same so the outbox moves on, and the next pull restores the truth.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResult {
    pub id: u64,
    pub status: MutationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The highest mutation id of this client the server has handled.
    pub last_mutation_id: u64,
    pub results: Vec<MutationResult>,
}

/// One field's change in a history entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// A mutation as the server applied it: who, when, what changed (for History on every replica).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub uuid: String,
    pub name: String,
    pub actor: String,
    pub device: String,
    pub at: String,
    pub changes: Vec<FieldChange>,
}

/// A value overwritten by a later arrival that had not seen it: kept for the Conflicts screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    /// The field, or `deleted` when an edit and a delete crossed.
    pub field: String,
    /// The value that was overwritten, and who wrote it.
    pub overwritten: Value,
    pub overwritten_by: String,
    /// The value now stored, and who wrote it.
    pub value: Value,
    pub by: String,
    pub at: String,
}

/// The current state of one record as the server holds it, with what happened to it since
/// the cursor (history entries are left out of an initial sync, which pages current rows).
///
/// `F` is how the fields are held, not what goes on the wire (always one JSON object): a
/// map for whoever reads them, or the server's stored JSON text passed through untouched
/// (`Box<RawValue>`), which spares it parsing and re-writing every record of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change<F = serde_json::Map<String, Value>> {
    /// The server commit this state is from; changes come in this order.
    pub seq: u64,
    pub entity: String,
    pub id: String,
    pub version: i64,
    pub deleted: bool,
    pub fields: F,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<LogEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The record was erased (GDPR, `Erase<Noun>`): its personal fields hold the erased values
    /// and every history entry and conflict of it lost its values. A client drops what it still
    /// holds of the record: its history values and its own edits waiting to be sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
}

/// History entries and conflicts a page's range of seq holds for a record that is not in the
/// page: written again while the client was paging, the record moved past the range and
/// comes in a later page, which brings only what followed that page's cursor. A client files
/// them as it files a change's (they may arrive again with the record: ids make that harmless).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moved {
    pub entity: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<LogEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

/// One page of a pull; `F` as in [`Change`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse<F = serde_json::Map<String, Value>> {
    pub changes: Vec<Change<F>>,
    /// Pass this as `cursor` next time; it covers every change of this page.
    pub next_cursor: u64,
    pub has_more: bool,
    /// The highest mutation id of the pulling client the server has handled: the state above
    /// includes every one of them, so the client may drop them from its outbox.
    pub last_mutation_id: u64,
    /// The page was made for an initial sync (the client asked with `initial=true`): current
    /// rows only, without their history. A client keeps asking so until a page says
    /// `has_more: false`; a server that does not know the parameter leaves this false and
    /// sends history, which the client then takes as it always did.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initial: bool,
    /// See [`Moved`]; empty on most pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Moved>,
}

/// Whether a server accepts a client of `version`; the error says what the user should do.
pub fn check_schema(version: u32) -> Result<(), ErrorBody> {
    if (MIN_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&version) {
        return Ok(());
    }
    let message = if version < MIN_SCHEMA_VERSION {
        format!("This version of Rencontres is too old for the server (schema {version}, the server needs {MIN_SCHEMA_VERSION} to {SCHEMA_VERSION}): please update the app.")
    } else {
        format!("This version of Rencontres is newer than the server (schema {version}, the server knows up to {SCHEMA_VERSION}): ask the secretariat to update the server, or install the app version it supports (update the app).")
    };
    Err(ErrorBody { code: codes::SCHEMA_UNSUPPORTED.into(), message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_reads_back_what_was_written() {
        let body = ErrorBody { code: "schema_too_old".into(), message: "update the app".into() };
        let text = serde_json::to_string(&body).expect("serialises");
        assert_eq!(serde_json::from_str::<ErrorBody>(&text).expect("parses"), body);
    }

    #[test]
    fn a_schema_version_outside_the_range_is_refused_with_advice_to_update() {
        assert!(check_schema(SCHEMA_VERSION).is_ok());
        let error = check_schema(0).expect_err("too old");
        assert_eq!(error.code, codes::SCHEMA_UNSUPPORTED);
        assert!(error.message.contains("update the app"), "{}", error.message);
        assert!(check_schema(SCHEMA_VERSION + 1).is_err());
    }

    #[test]
    fn a_push_with_an_unknown_key_does_not_parse() {
        let text = r#"{"client_id":"c","schema_version":1,"mutations":[],"extra":1}"#;
        assert!(serde_json::from_str::<PushRequest>(text).is_err());
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
