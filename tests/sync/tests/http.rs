//! The server's HTTP face against bad input: every malformed, forged, oversized or
//! out-of-date request gets a 4xx with a JSON error body, never a 500, and changes nothing.

use rencontres_core::sync::http::login;
use rencontres_protocol::{codes, ErrorBody, Role, SCHEMA_VERSION};
use rencontres_sync_tests::{city, Laptop, TestServer, PASSWORD};
use serde_json::{json, Value};

struct Answer {
    status: u16,
    body: Value,
}

fn send(request: ureq::Request, body: Option<&str>) -> Answer {
    let result = match body {
        Some(text) => request.set("Content-Type", "application/json").send_string(text),
        None => request.call(),
    };
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(error) => panic!("transport failed: {error}"),
    };
    let status = response.status();
    let body = response.into_json().unwrap_or(Value::Null);
    Answer { status, body }
}

/// Asserts a client error with the JSON error body, and returns its message.
fn assert_client_error(answer: &Answer, status: u16) -> String {
    assert_eq!(answer.status, status, "{}", answer.body);
    let error: ErrorBody = serde_json::from_value(answer.body.clone()).expect("a JSON error body");
    assert!(!error.message.is_empty());
    error.message
}

fn signed_in() -> anyhow::Result<(TestServer, Laptop)> {
    let server = TestServer::start()?;
    server.add_user("ana", Role::Secretariat)?;
    let laptop = Laptop::new(&server, "ana")?;
    Ok((server, laptop))
}

fn push(server: &TestServer, token: &str, body: &str) -> Answer {
    send(ureq::post(&format!("{}/api/v1/sync/push", server.url())).set("Authorization", &format!("Bearer {token}")), Some(body))
}

fn pull(server: &TestServer, token: &str, query: &str) -> Answer {
    send(ureq::get(&format!("{}/api/v1/sync/pull?{query}", server.url())).set("Authorization", &format!("Bearer {token}")), None)
}

fn organisation_count(server: &TestServer, token: &str) -> usize {
    let answer = pull(server, token, &format!("schema_version={SCHEMA_VERSION}"));
    answer.body["changes"].as_array().map(Vec::len).unwrap_or(usize::MAX)
}

fn create_body(device: &str, mutation_id: u64, fields: Value) -> String {
    json!({
        "client_id": device, "schema_version": SCHEMA_VERSION,
        "mutations": [
            { "id": mutation_id, "uuid": format!("u-{mutation_id}"), "name": "CreateOrganisation",
              "args": { "id": format!("o-{mutation_id}"), "fields": fields }, "base_versions": {}, "at": "2026-01-01T00:00:00Z" }
        ]
    })
    .to_string()
}

fn valid_fields() -> Value {
    serde_json::to_value(city("Porto")).expect("fields")
}

#[test]
fn health_and_the_openapi_document_answer_and_list_every_endpoint() -> anyhow::Result<()> {
    let (server, _) = signed_in()?;
    assert_eq!(send(ureq::get(&format!("{}/healthz", server.url())), None).status, 200);
    let document = send(ureq::get(&format!("{}/api/v1/openapi.json", server.url())), None).body;
    for path in ["/healthz", "/api/v1/openapi.json", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/unsubscribe/{token}"] {
        assert!(document["paths"].get(path).is_some(), "{path} is missing from the OpenAPI document");
    }
    Ok(())
}

#[test]
fn malformed_json_unknown_mutations_and_wrong_types_are_refused_with_nothing_applied() -> anyhow::Result<()> {
    let (server, laptop) = signed_in()?;
    let device = laptop.store.author().device.clone();
    assert_client_error(&push(&server, &laptop.token, "{\"client_id\": "), 400);
    assert_client_error(&push(&server, &laptop.token, "[1, 2, 3]"), 400);
    let unknown = create_body(&device, 1, valid_fields()).replace("CreateOrganisation", "DropDatabase");
    assert!(assert_client_error(&push(&server, &laptop.token, &unknown), 400).contains("unknown mutation"));
    let mut wrong = valid_fields();
    wrong["population"] = json!("a lot");
    assert!(assert_client_error(&push(&server, &laptop.token, &create_body(&device, 1, wrong)), 400).contains("population"));
    let mut unknown_field = valid_fields();
    unknown_field["password"] = json!("x");
    assert_client_error(&push(&server, &laptop.token, &create_body(&device, 1, unknown_field)), 400);
    // A good mutation followed by a bad one: the good one is not applied either.
    let mut both: Value = serde_json::from_str(&create_body(&device, 1, valid_fields()))?;
    let mut bad = both["mutations"][0].clone();
    bad["id"] = json!(2);
    bad["args"]["fields"]["languages"] = json!([1, 2]);
    both["mutations"].as_array_mut().expect("array").push(bad);
    assert_client_error(&push(&server, &laptop.token, &both.to_string()), 400);
    assert_eq!(organisation_count(&server, &laptop.token), 0);
    // And the same laptop's good push still goes through afterwards.
    assert_eq!(push(&server, &laptop.token, &create_body(&device, 1, valid_fields())).status, 200);
    assert_eq!(organisation_count(&server, &laptop.token), 1);
    Ok(())
}

#[test]
fn missing_forged_and_revoked_tokens_are_refused_with_401() -> anyhow::Result<()> {
    let (server, laptop) = signed_in()?;
    let body = create_body(&laptop.store.author().device, 1, valid_fields());
    let anonymous = send(ureq::post(&format!("{}/api/v1/sync/push", server.url())), Some(&body));
    assert_client_error(&anonymous, 401);
    assert_client_error(&push(&server, &"ab".repeat(32), &body), 401);
    assert_client_error(&push(&server, "not a token at all", &body), 401);
    assert_client_error(&pull(&server, &"0".repeat(64), "schema_version=1"), 401);
    let logout = send(ureq::post(&format!("{}/api/v1/auth/logout", server.url())).set("Authorization", &format!("Bearer {}", laptop.token)), None);
    assert_eq!(logout.status, 204);
    assert_client_error(&push(&server, &laptop.token, &body), 401);
    Ok(())
}

#[test]
fn a_client_with_an_unsupported_schema_version_is_told_to_update_the_app() -> anyhow::Result<()> {
    let (server, laptop) = signed_in()?;
    let body = create_body(&laptop.store.author().device, 1, valid_fields()).replace(
        &format!("\"schema_version\":{SCHEMA_VERSION}"),
        &format!("\"schema_version\":{}", SCHEMA_VERSION + 1),
    );
    assert!(assert_client_error(&push(&server, &laptop.token, &body), 426).contains("update the app"));
    assert!(assert_client_error(&pull(&server, &laptop.token, "schema_version=0"), 426).contains("update the app"));
    assert_eq!(organisation_count(&server, &laptop.token), 0);
    Ok(())
}

#[test]
fn bad_pull_parameters_unknown_paths_and_wrong_methods_get_json_client_errors() -> anyhow::Result<()> {
    let (server, laptop) = signed_in()?;
    assert_client_error(&pull(&server, &laptop.token, "cursor=yesterday&schema_version=1"), 400);
    assert_client_error(&pull(&server, &laptop.token, "cursor=-1&schema_version=1"), 400);
    assert_client_error(&pull(&server, &laptop.token, "cursor=0"), 400);
    assert_client_error(&pull(&server, &laptop.token, "scope=everything&schema_version=1"), 400);
    assert_eq!(pull(&server, &laptop.token, "scope=all&schema_version=1").status, 200);
    assert_client_error(&send(ureq::get(&format!("{}/api/v1/nothing", server.url())), None), 404);
    assert_client_error(&send(ureq::get(&format!("{}/api/v1/sync/push", server.url())), None), 405);
    Ok(())
}

#[test]
fn a_push_for_another_device_than_the_token_was_issued_to_is_refused() -> anyhow::Result<()> {
    let (server, laptop) = signed_in()?;
    let answer = push(&server, &laptop.token, &create_body("someone-elses-laptop", 1, valid_fields()));
    assert_client_error(&answer, 400);
    assert_eq!(organisation_count(&server, &laptop.token), 0);
    Ok(())
}

#[test]
fn a_wrong_password_is_refused_and_five_in_a_row_lock_the_account() -> anyhow::Result<()> {
    let (server, _) = signed_in()?;
    let attempt = |password: &str| login(&server.url(), "ana", password, "device");
    for _ in 0..4 {
        let error = attempt("wrong").expect_err("refused");
        assert!(error.to_string().contains("Wrong user name or password"), "{error}");
    }
    let locked = attempt("wrong").expect_err("locked");
    assert!(matches!(locked, rencontres_core::sync::SyncError::Refused { status: 429, ref code, .. } if code == codes::LOCKED), "{locked}");
    assert!(attempt(PASSWORD).is_err(), "locked even with the right password");
    assert!(login(&server.url(), "nobody", PASSWORD, "device").is_err());
    Ok(())
}
