//! The error of every core operation, worded for the person who will read it.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CoreError {
    /// Input that breaks a rule; `field` is the input's field name (as in the model structs).
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("no {what} with id {id}: it may have been deleted")]
    NotFound { what: &'static str, id: String },
    #[error("cannot undo: {0}")]
    Undo(String),
    #[error("the local store failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a stored record is unreadable: {0}")]
    Corrupt(String),
    /// A PDF or other document could not be written (a packaging fault, not the user's input).
    #[error("the document could not be written: {0}")]
    Document(String),
}

impl CoreError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        CoreError::Validation { field: field.to_string(), message: message.into() }
    }
}

impl From<serde_json::Error> for CoreError {
    fn from(error: serde_json::Error) -> Self {
        CoreError::Corrupt(error.to_string())
    }
}
