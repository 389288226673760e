//! The OpenAPI 3.1 document of every endpoint, maintained by hand beside the routes (the
//! sync tests check that every route of the router is listed here).

use serde_json::{json, Value};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } } })
}

fn json_response(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

pub fn document() -> Value {
    let errors = |extra: &[(&str, &str)]| {
        let mut map = serde_json::Map::new();
        map.insert("400".into(), error_response("Malformed or invalid request"));
        map.insert("401".into(), error_response("Missing, expired, revoked or forged token"));
        map.insert("413".into(), error_response("Body too large"));
        for (status, description) in extra {
            map.insert((*status).into(), error_response(description));
        }
        map
    };
    let sync_errors = [
        ("403", "The account was disabled (code `revoked`): the device wipes what it synced"),
        ("426", "Schema version outside the server's range: update the app"),
    ];
    let mut push_responses = errors(&sync_errors);
    push_responses.insert("200".into(), json_response("Per-mutation status", "PushResponse"));
    let mut pull_responses = errors(&sync_errors);
    pull_responses.insert("200".into(), json_response("A page of changes in server commit order", "PullResponse"));
    let mut login_responses = errors(&[("429", "Locked after repeated failed sign-ins")]);
    login_responses.insert("200".into(), json_response("A bearer token", "LoginResponse"));
    let mut logout_responses = errors(&[]);
    logout_responses.insert("204".into(), json!({ "description": "The token is revoked" }));
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Rencontres sync server", "version": env!("CARGO_PKG_VERSION"),
                  "description": "Accounts and the server-authoritative mutation log that Rencontres laptops sync through." },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "ErrorBody": { "type": "object", "required": ["code", "message"],
                    "properties": { "code": { "type": "string" }, "message": { "type": "string" } } },
                "LoginRequest": { "type": "object", "required": ["username", "password", "device_id"],
                    "properties": { "username": { "type": "string" }, "password": { "type": "string" }, "device_id": { "type": "string" } } },
                "LoginResponse": { "type": "object", "required": ["token", "expires_at", "username", "role"],
                    "properties": { "token": { "type": "string" }, "expires_at": { "type": "string", "format": "date-time" },
                                    "username": { "type": "string" }, "role": { "enum": ["secretariat", "committee", "organiser"] } } },
                "Mutation": { "type": "object", "required": ["id", "uuid", "name", "args", "at"],
                    "properties": { "id": { "type": "integer", "minimum": 1 }, "uuid": { "type": "string" },
                                    "name": { "type": "string", "examples": ["UpdateOrganisation"] }, "args": { "type": "object" },
                                    "base_versions": { "type": "object", "additionalProperties": { "type": "integer" } },
                                    "at": { "type": "string", "format": "date-time" } } },
                "PushRequest": { "type": "object", "required": ["client_id", "schema_version", "mutations"],
                    "properties": { "client_id": { "type": "string" }, "schema_version": { "type": "integer" },
                                    "mutations": { "type": "array", "items": { "$ref": "#/components/schemas/Mutation" } } } },
                "PushResponse": { "type": "object", "required": ["last_mutation_id", "results"],
                    "properties": { "last_mutation_id": { "type": "integer" },
                                    "results": { "type": "array", "items": { "type": "object", "required": ["id", "status"],
                                        "properties": { "id": { "type": "integer" }, "status": { "enum": ["applied", "conflicted", "duplicate", "behind", "rejected"] },
                                                        "message": { "type": "string" } } } } } },
                "Change": { "type": "object", "required": ["seq", "entity", "id", "version", "deleted", "fields"],
                    "properties": { "seq": { "type": "integer" }, "entity": { "type": "string" }, "id": { "type": "string" },
                                    "version": { "type": "integer" }, "deleted": { "type": "boolean" }, "fields": { "type": "object" },
                                    "log": { "type": "array", "items": { "type": "object" } },
                                    "conflicts": { "type": "array", "items": { "type": "object" } } } },
                "PullResponse": { "type": "object", "required": ["changes", "next_cursor", "has_more", "last_mutation_id"],
                    "properties": { "changes": { "type": "array", "items": { "$ref": "#/components/schemas/Change" } },
                                    "next_cursor": { "type": "integer" }, "has_more": { "type": "boolean" },
                                    "last_mutation_id": { "type": "integer" }, "initial": { "type": "boolean" },
                                    "moved": { "type": "array", "items": { "type": "object", "required": ["entity", "id"],
                                        "properties": { "entity": { "type": "string" }, "id": { "type": "string" },
                                                        "log": { "type": "array", "items": { "type": "object" } },
                                                        "conflicts": { "type": "array", "items": { "type": "object" } } } } } } }
            }
        },
        "paths": {
            "/healthz": { "get": { "summary": "Liveness", "responses": { "200": { "description": "The server is up" } } } },
            "/api/v1/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI document" } } } },
            "/api/v1/auth/login": { "post": { "summary": "Sign in: a bearer token that expires",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LoginRequest" } } } },
                "responses": login_responses } },
            "/api/v1/auth/logout": { "post": { "summary": "Revoke the token used", "security": [{ "bearer": [] }], "responses": logout_responses } },
            "/api/v1/sync/push": { "post": { "summary": "Apply a batch of mutations in order, idempotently",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PushRequest" } } } },
                "responses": push_responses } },
            "/api/v1/sync/pull": { "get": { "summary": "Changes after a cursor, in server commit order",
                "security": [{ "bearer": [] }],
                "parameters": [
                    { "name": "cursor", "in": "query", "schema": { "type": "integer", "minimum": 0 } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 5000 } },
                    { "name": "schema_version", "in": "query", "required": true, "schema": { "type": "integer" } },
                    { "name": "scope", "in": "query", "schema": { "enum": ["all"], "default": "all" } },
                    { "name": "initial", "in": "query", "description": "An initial sync: current rows only, without history",
                      "schema": { "type": "boolean", "default": false } }
                ],
                "responses": pull_responses } },
            "/api/v1/files/{sha256}": {
                "parameters": [{ "name": "sha256", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" } }],
                "get": { "summary": "A file attached to an application (a committee account: of an application assigned to it)",
                    "security": [{ "bearer": [] }],
                    "responses": { "200": { "description": "The file's bytes", "content": { "application/octet-stream": {} } },
                                   "401": error_response("Not signed in"), "403": error_response("Not this account's to read"),
                                   "404": error_response("Not uploaded yet") } },
                "put": { "summary": "Upload a file attached to an application (secretariat); its name is its SHA-256",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": { "application/octet-stream": {} } },
                    "responses": { "204": { "description": "Kept" }, "401": error_response("Not signed in"),
                                   "403": error_response("Refused: the role, or a content that does not match its SHA-256"),
                                   "413": error_response("Larger than 50 MB") } } },
            "/api/v1/unsubscribe/{token}": {
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[0-9a-f]{32}$" } }],
                "get": { "summary": "E-bulletin unsubscribe page: asks to confirm, changes nothing",
                    "responses": { "200": { "description": "HTML page with the confirm button", "content": { "text/html": {} } },
                                   "404": { "description": "HTML page: the link is not valid", "content": { "text/html": {} } } } },
                "post": { "summary": "Unsubscribe the person the token names (also RFC 8058 one-click); syncs to every laptop",
                    "responses": { "200": { "description": "HTML page: unsubscribed", "content": { "text/html": {} } },
                                   "404": { "description": "HTML page: the link is not valid", "content": { "text/html": {} } } } } }
        }
    })
}
