//! `rencontres-core`: the domain, the local SQLite store and the sync client of
//! Rencontres. It knows nothing of Tauri or of the server: the app and the tests drive it alike.
//!
//! Every write goes through [`mutation`]: a named mutation applied in one transaction together
//! with its row in the mutation log and the outbox, so history, undo and sync share one path.

pub mod applications;
pub mod bulletin;
pub mod association;
pub mod badges;
pub mod calendar;
pub mod committee;
mod conflicts;
pub mod countries;
pub mod demo;
pub mod dues;
pub mod events;
mod error;
pub mod export;
pub mod fold;
pub mod grants;
pub mod gdpr;
pub mod import;
pub mod markdown;
pub mod model;
pub mod mutation;
pub mod overview;
pub mod pdf;
mod organisations;
mod people;
pub mod practices;
pub mod publications;
mod record;
mod search;
pub mod store;
pub mod sync;
pub mod validate;

#[cfg(test)]
mod test_support;

pub use error::CoreError;
pub use store::{Store, StoreOpenError};

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
