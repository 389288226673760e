//! `rencontres-protocol`: the wire types shared by the app and the central server, and
//! nothing else (serde only). The sync messages themselves arrive with the server.

use serde::{Deserialize, Serialize};

/// The schema version this build speaks; every sync request carries it.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON body of every error answer: what went wrong, for a person, and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
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
}
