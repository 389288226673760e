//! The one error every command returns to the UI: `{kind, message, field}`. `kind` exists
//! because the UI branches on it (an inline field error, a not-found page, a store dialog).

use rencontres_core::CoreError;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Input that failed validation; `field` names the form field at fault.
    Validation,
    NotFound,
    /// The local store could not be opened or written.
    Store,
    /// Nothing left to undo, or the record changed since.
    Undo,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
}

impl IpcError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        IpcError { kind: ErrorKind::Validation, message: message.into(), field: Some(field.to_string()) }
    }

    pub fn store(message: impl Into<String>) -> Self {
        IpcError { kind: ErrorKind::Store, message: message.into(), field: None }
    }
}

impl From<CoreError> for IpcError {
    fn from(error: CoreError) -> Self {
        let message = error.to_string();
        match error {
            CoreError::Validation { field, .. } => {
                IpcError { kind: ErrorKind::Validation, message, field: Some(field) }
            }
            CoreError::NotFound { .. } => IpcError { kind: ErrorKind::NotFound, message, field: None },
            CoreError::Undo(_) => IpcError { kind: ErrorKind::Undo, message, field: None },
            _ => IpcError::store(message),
        }
    }
}
