//! Router-level checks that need no socket: an oversized body is refused before the store
//! sees it (over TCP the server may close while the client is still sending, so the client
//! could see a reset instead of the answer; here the answer itself is checked).

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::*;
use crate::storage::sqlite::SqliteStorage;

fn small_limit_router() -> (Router, String) {
    let storage = Arc::new(SqliteStorage::open_in_memory().expect("store"));
    storage.add_user("ana", rencontres_protocol::Role::Secretariat, "a long enough password").expect("user");
    let LoginOutcome::Ok { token, .. } = storage.login("ana", "a long enough password", "laptop", chrono::Duration::hours(1)).expect("login")
    else {
        panic!("login refused")
    };
    let mut config = Config::new(([127, 0, 0, 1], 0).into(), std::path::PathBuf::from("unused"));
    config.max_body_bytes = 1024;
    (router(storage, &config), token)
}

async fn answer(router: Router, request: Request<Body>) -> (StatusCode, ErrorBody) {
    let response = router.oneshot(request).await.expect("answered");
    let status = response.status();
    let bytes = to_bytes(response.into_body(), 64 * 1024).await.expect("body");
    (status, serde_json::from_slice(&bytes).expect("a JSON error body"))
}

#[tokio::test]
async fn an_oversized_push_is_refused_with_413_and_a_json_body() {
    let (router, token) = small_limit_router();
    let body = format!("{{\"padding\": \"{}\"}}", "x".repeat(4096));
    let request = Request::post("/api/v1/sync/push")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let (status, error) = answer(router, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error.code, codes::TOO_LARGE);
}
