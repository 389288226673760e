//! The HTTP face of the server: routes, authentication of bearer tokens, and the mapping of
//! every failure to a status and a JSON [`ErrorBody`]. Bad input is always a 4xx; only a
//! failing store is a 500. Store calls run on the blocking pool, off the async threads.

mod files;
mod openapi;
mod unsubscribe;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rencontres_protocol::{codes, check_schema, ErrorBody, LoginRequest, LoginResponse, PushRequest, SCHEMA_VERSION};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::storage::{LoginOutcome, Session, SessionLookup, Storage, StorageError};
use crate::Config;

/// How long a refused sign-in waits before it is answered.
const FAILED_LOGIN_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

#[derive(Clone)]
struct AppState {
    storage: Arc<dyn Storage>,
    token_ttl: chrono::Duration,
}

/// An error answer: a status and a JSON body.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status, body: ErrorBody { code: code.to_string(), message: message.into() } }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }

    fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, "Sign in again: the session is missing, expired or was revoked.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> ApiError {
        match error {
            StorageError::BadPush(message) => ApiError::bad_request(message),
            other => {
                tracing::error!(error = %other, "store failure");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "The server failed; try again later. Nothing was half-applied.")
            }
        }
    }
}

/// Runs a blocking store call on the blocking pool.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, StorageError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "store task failed");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "The server failed; try again later.")
    })?
    .map_err(ApiError::from)
}

/// Parses a JSON body, turning every way it can be wrong into a 4xx with a JSON body.
fn json_body<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE, "The request is too large: send fewer changes at once.")
        } else {
            ApiError::bad_request(format!("The request body could not be read: {rejection}"))
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|error| ApiError::bad_request(format!("The request is not valid: {error}")))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    // Tokens are 64 hex characters; anything else cannot be one and skips the store.
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_string())
}

async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<(Session, String), ApiError> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    let storage = state.storage.clone();
    let lookup = token.clone();
    match blocking(move || storage.session(&lookup)).await? {
        SessionLookup::Valid(session) => Ok((session, token)),
        SessionLookup::Revoked => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::REVOKED,
            "This account was disabled by the secretariat: the data this laptop synced has been removed from it.",
        )),
        SessionLookup::Unknown => Err(ApiError::unauthorized()),
    }
}

fn schema(version: u32) -> Result<(), ApiError> {
    check_schema(version).map_err(|body| ApiError { status: StatusCode::UPGRADE_REQUIRED, body })
}

/// All routes, with the body limit and JSON answers for unknown paths and methods.
pub fn router(storage: Arc<dyn Storage>, config: &Config) -> Router {
    let token_ttl = chrono::Duration::from_std(config.token_ttl).unwrap_or(chrono::Duration::days(30));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/sync/push", post(push))
        .route("/api/v1/sync/pull", get(pull))
        .route(
            "/api/v1/files/{sha256}",
            get(files::get_file).put(files::put_file).layer(DefaultBodyLimit::max(files::MAX_FILE_BYTES)),
        )
        .route("/api/v1/unsubscribe/{token}", get(unsubscribe::confirm_page).post(unsubscribe::unsubscribe))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "No such endpoint: see /api/v1/openapi.json.") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This endpoint does not take that method: see /api/v1/openapi.json.")
        })
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .with_state(AppState { storage, token_ttl })
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "schema_version": SCHEMA_VERSION }))
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi::document())
}

async fn login(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Result<Json<LoginResponse>, ApiError> {
    let request: LoginRequest = json_body(body)?;
    if request.username.is_empty() || request.username.len() > 200 || request.password.len() > 1024 {
        return Err(ApiError::bad_request("A user name (up to 200 characters) and a password are needed."));
    }
    if request.device_id.is_empty() || request.device_id.len() > 64 {
        return Err(ApiError::bad_request("device_id must be 1 to 64 characters."));
    }
    let storage = state.storage.clone();
    let ttl = state.token_ttl;
    let username = request.username.clone();
    let outcome = blocking(move || storage.login(&request.username, &request.password, &request.device_id, ttl)).await?;
    match outcome {
        LoginOutcome::Ok { token, expires_at, user } => {
            tracing::info!(user = %user.username, "login");
            Ok(Json(LoginResponse {
                token,
                expires_at: expires_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                username: user.username,
                role: user.role,
            }))
        }
        LoginOutcome::Refused => {
            tracing::info!(user = %username, "login refused");
            // Slows password guessing down (on top of the hash's own cost and the lock-out)
            // without holding a thread: the answer simply comes later.
            tokio::time::sleep(FAILED_LOGIN_DELAY).await;
            Err(ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, "Wrong user name or password, or the account is disabled."))
        }
        LoginOutcome::Locked { until } => {
            tracing::warn!(user = %username, %until, "login locked");
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::LOCKED,
                format!("Too many failed sign-ins: try again after {} UTC, or ask the secretariat to reset the password.", until.format("%H:%M")),
            ))
        }
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    let (_, token) = authenticate(&state, &headers).await?;
    let storage = state.storage.clone();
    blocking(move || storage.logout(&token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn push(State(state): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let (session, _) = authenticate(&state, &headers).await?;
    let request: PushRequest = json_body(body)?;
    schema(request.schema_version)?;
    let storage = state.storage.clone();
    let count = request.mutations.len();
    let user = session.user.username.clone();
    let response = blocking(move || storage.push(&session, &request)).await?;
    tracing::info!(%user, mutations = count, last = response.last_mutation_id, "push");
    Ok(Json(response).into_response())
}

#[derive(Debug, Deserialize)]
struct PullParams {
    #[serde(default)]
    cursor: u64,
    #[serde(default = "default_limit")]
    limit: u32,
    schema_version: u32,
    /// What to pull; the role decides what it holds. Only `all` exists until events and
    /// applications bring scopes of their own.
    #[serde(default)]
    scope: Option<String>,
    /// The client is in its initial sync: it wants current rows, not their history.
    #[serde(default)]
    initial: bool,
}

fn default_limit() -> u32 {
    1000
}

async fn pull(State(state): State<AppState>, headers: HeaderMap, params: Result<Query<PullParams>, QueryRejection>) -> Result<Response, ApiError> {
    let (session, _) = authenticate(&state, &headers).await?;
    let Query(params) = params.map_err(|rejection| ApiError::bad_request(format!("Bad pull parameters: {}", rejection.body_text())))?;
    schema(params.schema_version)?;
    if let Some(scope) = params.scope.as_deref().filter(|s| *s != "all") {
        return Err(ApiError::bad_request(format!("Unknown scope {scope:?}: this server knows \"all\".")));
    }
    let storage = state.storage.clone();
    let response = blocking(move || storage.pull(&session, params.cursor, params.limit, params.initial)).await?;
    Ok(Json(response).into_response())
}

#[cfg(test)]
mod tests;
