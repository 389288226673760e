//! The blocking HTTP transport (ureq) to the central server, and sign-in / sign-out.
//! Blocking keeps core free of an async runtime; the app calls it from a worker thread.

use std::time::Duration;

use rencontres_protocol::{codes, ErrorBody, LoginRequest, LoginResponse, PullResponse, PushRequest, PushResponse, SCHEMA_VERSION};
use serde::de::DeserializeOwned;

use super::{SyncError, Transport};

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout_connect(Duration::from_secs(5)).timeout(Duration::from_secs(120)).build()
}

/// Turns a transport result into the answer or a [`SyncError`] the user can act on.
fn answer<T: DeserializeOwned>(result: Result<ureq::Response, ureq::Error>) -> Result<T, SyncError> {
    match result {
        Ok(response) => {
            // Read whole, then parse: parsing straight from ureq's reader goes byte by byte
            // and made a page of 1,000 records cost more than the server took to make it.
            // Sized from the announced length (capped: it is the server's word), so a page
            // of megabytes is not copied again at each doubling of the buffer.
            let announced = response.header("Content-Length").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
            let mut body = Vec::with_capacity(announced.min(64 * 1024 * 1024));
            std::io::Read::read_to_end(&mut response.into_reader(), &mut body)
                .map_err(|e| SyncError::Offline(format!("the answer was cut off: {e}")))?;
            serde_json::from_slice(&body).map_err(|e| SyncError::Server(format!("unreadable answer: {e}")))
        }
        Err(ureq::Error::Status(status, response)) => {
            let body: ErrorBody = response.into_json().unwrap_or_else(|_| ErrorBody {
                code: "unknown".into(),
                message: format!("the server answered {status}"),
            });
            Err(match (status, body.code.as_str()) {
                (_, codes::SCHEMA_UNSUPPORTED) | (426, _) => SyncError::UpdateApp(body.message),
                (_, codes::REVOKED) => SyncError::Revoked(body.message),
                (401, _) => SyncError::Unauthorized(body.message),
                (500.., _) => SyncError::Server(body.message),
                _ => SyncError::Refused { status, code: body.code, message: body.message },
            })
        }
        Err(ureq::Error::Transport(transport)) => Err(SyncError::Offline(transport.to_string())),
    }
}

fn base(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

/// Signs in; the token that comes back belongs outside the store (keyring or a private file).
pub fn login(server_url: &str, username: &str, password: &str, device_id: &str) -> Result<LoginResponse, SyncError> {
    let request = LoginRequest { username: username.into(), password: password.into(), device_id: device_id.into() };
    answer(agent().post(&format!("{}/api/v1/auth/login", base(server_url))).send_json(&request))
}

pub struct HttpTransport {
    base: String,
    authorization: String,
    agent: ureq::Agent,
}

impl HttpTransport {
    pub fn new(server_url: &str, token: &str) -> HttpTransport {
        HttpTransport { base: base(server_url), authorization: format!("Bearer {token}"), agent: agent() }
    }

    /// Revokes the token on the server.
    pub fn logout(&self) -> Result<(), SyncError> {
        let result = self.agent.post(&format!("{}/api/v1/auth/logout", self.base)).set("Authorization", &self.authorization).call();
        match result {
            Ok(_) => Ok(()),
            Err(error) => answer::<serde_json::Value>(Err(error)).map(|_| ()),
        }
    }
}

/// Files attached to applications, by SHA-256 (see `applications::transfer`).
impl HttpTransport {
    /// Uploads a kept file (the secretariat's laptops).
    pub fn put_file(&self, sha256: &str, content: &[u8]) -> Result<(), SyncError> {
        let result = self
            .agent
            .put(&format!("{}/api/v1/files/{sha256}", self.base))
            .set("Authorization", &self.authorization)
            .set("Content-Type", "application/octet-stream")
            .send_bytes(content);
        match result {
            Ok(_) => Ok(()),
            Err(error) => answer::<serde_json::Value>(Err(error)).map(|_| ()),
        }
    }

    /// Downloads a file; None when the server does not have it yet.
    pub fn get_file(&self, sha256: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let result = self.agent.get(&format!("{}/api/v1/files/{sha256}", self.base)).set("Authorization", &self.authorization).call();
        match result {
            Ok(response) => {
                let mut body = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(response.into_reader(), 64 * 1024 * 1024), &mut body)
                    .map_err(|e| SyncError::Offline(format!("the file was cut off: {e}")))?;
                Ok(Some(body))
            }
            Err(ureq::Error::Status(404, _)) => Ok(None),
            Err(error) => answer::<serde_json::Value>(Err(error)).map(|_| None),
        }
    }
}

impl Transport for HttpTransport {
    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        answer(
            self.agent
                .post(&format!("{}/api/v1/sync/push", self.base))
                .set("Authorization", &self.authorization)
                .send_json(request),
        )
    }

    fn pull(&self, cursor: u64, limit: u32, initial: bool) -> Result<PullResponse, SyncError> {
        let mut request = self
            .agent
            .get(&format!("{}/api/v1/sync/pull", self.base))
            .set("Authorization", &self.authorization)
            .query("cursor", &cursor.to_string())
            .query("limit", &limit.to_string())
            .query("schema_version", &SCHEMA_VERSION.to_string());
        if initial {
            // Only when set: a server that predates it would still ignore it, but the plain
            // request stays what it always was.
            request = request.query("initial", "true");
        }
        answer(request.call())
    }
}
