//! The HTTP face of attached files: `PUT /api/v1/files/{sha256}` (raw bytes, the
//! secretariat's laptops upload what they kept) and `GET /api/v1/files/{sha256}` (a reviewer's
//! laptop fetches the files of the applications assigned to it).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rencontres_protocol::codes;

use super::{authenticate, blocking, ApiError, AppState};
use crate::storage::{FileRead, FileWrite};

/// The largest attachment taken: the desktop app keeps files up to 50 MB.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

pub(super) async fn put_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let (session, _) = authenticate(&state, &headers).await?;
    let content = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE, "The file is larger than 50 MB.")
        } else {
            ApiError::bad_request(format!("The file could not be read: {rejection}"))
        }
    })?;
    let storage = state.storage.clone();
    let user = session.user.username.clone();
    let name = sha256.clone();
    match blocking(move || storage.put_file(&session, &name, &content)).await? {
        FileWrite::Stored => {
            tracing::info!(%user, file = %sha256, "file stored");
            Ok(StatusCode::NO_CONTENT)
        }
        FileWrite::Refused(why) => Err(ApiError::new(StatusCode::FORBIDDEN, "refused", why)),
    }
}

pub(super) async fn get_file(State(state): State<AppState>, headers: HeaderMap, Path(sha256): Path<String>) -> Result<Response, ApiError> {
    let (session, _) = authenticate(&state, &headers).await?;
    let storage = state.storage.clone();
    match blocking(move || storage.get_file(&session, &sha256)).await? {
        FileRead::Found(content) => Ok(([(header::CONTENT_TYPE, "application/octet-stream")], content).into_response()),
        FileRead::Forbidden => Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", "This file belongs to an application not assigned to this account.")),
        FileRead::Missing => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            "The file is not on the server yet: the secretariat's laptop that received it has not synced since.",
        )),
    }
}
