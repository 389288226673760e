use std::collections::BTreeMap;

use rencontres_protocol::{Mutation, MutationStatus, PushRequest, Role, SCHEMA_VERSION};
use serde_json::{json, Value};

use super::*;

fn storage_with(role: Role) -> (SqliteStorage, Session) {
    let storage = SqliteStorage::open_in_memory().expect("store");
    let user = storage.add_user("ana", role, "a long enough password").expect("user");
    (storage, Session { user, device_id: "laptop-1".into() })
}

fn organisation_fields(name: &str) -> Value {
    json!({
        "name": name, "kind": "city", "country": "PT", "subdivision": "", "population": 230000,
        "population_year": 2021, "population_source": "", "address": "", "website": "", "email": "",
        "languages": ["pt"], "notes": "", "category": "full", "status": "active", "joined_on": null, "left_on": null
    })
}

fn mutation(id: u64, name: &str, args: Value, base: &[(&str, i64)]) -> Mutation {
    Mutation {
        id,
        uuid: format!("uuid-{id}-{name}"),
        name: name.into(),
        args,
        base_versions: base.iter().map(|(k, v)| ((*k).to_string(), *v)).collect::<BTreeMap<_, _>>(),
        at: "2026-01-01T00:00:00.000Z".into(),
    }
}

fn push(storage: &SqliteStorage, session: &Session, mutations: Vec<Mutation>) -> Result<PushResponse, StorageError> {
    storage.push(session, &PushRequest { client_id: session.device_id.clone(), schema_version: SCHEMA_VERSION, mutations })
}

#[test]
fn a_good_login_gives_a_token_that_opens_a_session_until_logout() {
    let (storage, _) = storage_with(Role::Secretariat);
    let LoginOutcome::Ok { token, .. } = storage.login("ana", "a long enough password", "dev", chrono::Duration::hours(1)).expect("login") else {
        panic!("refused")
    };
    assert!(matches!(storage.session(&token).expect("session"), SessionLookup::Valid(ref s) if s.device_id == "dev"));
    storage.logout(&token).expect("logout");
    assert_eq!(storage.session(&token).expect("session"), SessionLookup::Unknown);
}

#[test]
fn an_expired_token_opens_no_session() {
    let (storage, _) = storage_with(Role::Secretariat);
    let LoginOutcome::Ok { token, .. } = storage.login("ana", "a long enough password", "dev", chrono::Duration::seconds(-1)).expect("login") else {
        panic!("refused")
    };
    assert_eq!(storage.session(&token).expect("session"), SessionLookup::Unknown);
}

#[test]
fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    let (storage, _) = storage_with(Role::Secretariat);
    for _ in 0..4 {
        assert_eq!(storage.login("ana", "wrong", "dev", chrono::Duration::hours(1)).expect("login"), LoginOutcome::Refused);
    }
    assert!(matches!(storage.login("ana", "wrong", "dev", chrono::Duration::hours(1)).expect("login"), LoginOutcome::Locked { .. }));
    let outcome = storage.login("ana", "a long enough password", "dev", chrono::Duration::hours(1)).expect("login");
    assert!(matches!(outcome, LoginOutcome::Locked { .. }), "{outcome:?}");
    storage.reset_password("ana", "another long password").expect("reset");
    assert!(matches!(storage.login("ana", "another long password", "dev", chrono::Duration::hours(1)).expect("login"), LoginOutcome::Ok { .. }));
}

#[test]
fn disabling_an_account_revokes_its_tokens_until_a_password_reset_removes_them() {
    let (storage, _) = storage_with(Role::Secretariat);
    let LoginOutcome::Ok { token, .. } = storage.login("ana", "a long enough password", "dev", chrono::Duration::hours(1)).expect("login") else {
        panic!("refused")
    };
    storage.disable_user("ana").expect("disable");
    assert_eq!(storage.session(&token).expect("session"), SessionLookup::Revoked);
    assert!(storage.users().expect("users")[0].disabled);
    storage.reset_password("ana", "another long password").expect("reset");
    assert_eq!(storage.session(&token).expect("session"), SessionLookup::Unknown);
}

#[test]
fn a_repeated_push_is_answered_as_duplicate_and_applied_once() {
    let (storage, session) = storage_with(Role::Secretariat);
    let create = mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[]);
    let first = push(&storage, &session, vec![create.clone()]).expect("push");
    assert_eq!(first.results[0].status, MutationStatus::Applied);
    let again = push(&storage, &session, vec![create]).expect("push again");
    assert_eq!(again.results[0].status, MutationStatus::Duplicate);
    assert_eq!(again.last_mutation_id, 1);
    let page = storage.pull(&session, 0, 100, false).expect("pull");
    assert_eq!(page.changes.len(), 1);
    assert_eq!(page.changes[0].version, 1);
}

#[test]
fn a_push_with_one_bad_mutation_applies_none_of_it() {
    let (storage, session) = storage_with(Role::Secretariat);
    let good = mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[]);
    let wrong_type = mutation(2, "UpdateOrganisation", json!({"id": "o1", "fields": {"population": "many"}}), &[]);
    let error = push(&storage, &session, vec![good.clone(), wrong_type]).expect_err("refused");
    assert!(matches!(error, StorageError::BadPush(ref m) if m.contains("population")), "{error}");
    let unknown = mutation(2, "RenameOrganisation", json!({"id": "o1"}), &[]);
    assert!(push(&storage, &session, vec![good, unknown]).is_err());
    assert!(storage.pull(&session, 0, 100, false).expect("pull").changes.is_empty());
}

#[test]
fn a_stale_edit_of_a_field_still_lands_and_records_what_it_overwrote() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let ben_user = storage.add_user("ben", Role::Secretariat, "a long enough password").expect("ben");
    let ben = Session { user: ben_user, device_id: "laptop-2".into() };
    push(&storage, &ana, vec![mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[])]).expect("create");
    push(&storage, &ana, vec![mutation(2, "UpdateOrganisation", json!({"id": "o1", "fields": {"name": "Porto (Ana)"}}), &[("name", 1)])])
        .expect("ana edits");
    let answer = push(&storage, &ben, vec![mutation(1, "UpdateOrganisation", json!({"id": "o1", "fields": {"name": "Porto (Ben)"}}), &[("name", 1)])])
        .expect("ben edits");
    assert_eq!(answer.results[0].status, MutationStatus::Conflicted);
    let page = storage.pull(&ana, 0, 100, false).expect("pull");
    let change = &page.changes[0];
    let fields: Value = serde_json::from_str(change.fields.get()).expect("fields");
    assert_eq!(fields["name"], json!("Porto (Ben)"));
    assert_eq!(change.conflicts.len(), 1);
    let conflict = &change.conflicts[0];
    assert_eq!((conflict.field.as_str(), &conflict.overwritten, conflict.overwritten_by.as_str()), ("name", &json!("Porto (Ana)"), "ana"));
    assert_eq!((&conflict.value, conflict.by.as_str()), (&json!("Porto (Ben)"), "ben"));
}

#[test]
fn two_edits_of_one_field_from_the_same_laptop_do_not_conflict() {
    let (storage, ana) = storage_with(Role::Secretariat);
    push(&storage, &ana, vec![
        mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[]),
        mutation(2, "UpdateOrganisation", json!({"id": "o1", "fields": {"name": "Porto 2"}}), &[("name", 1)]),
        mutation(3, "UpdateOrganisation", json!({"id": "o1", "fields": {"name": "Porto 3"}}), &[("name", 1)]),
    ])
    .expect("push");
    let page = storage.pull(&ana, 0, 100, false).expect("pull");
    assert!(page.changes[0].conflicts.is_empty());
    assert_eq!(page.changes[0].version, 3);
}

#[test]
fn a_committee_member_pushing_a_member_edit_is_rejected_and_nothing_changes() {
    let (storage, committee) = storage_with(Role::Committee);
    let answer = push(&storage, &committee, vec![mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[])])
        .expect("answered");
    assert_eq!(answer.results[0].status, MutationStatus::Rejected);
    assert_eq!(answer.last_mutation_id, 1, "a refusal is acknowledged so the outbox moves on");
    assert!(storage.pull(&committee, 0, 100, false).expect("pull").changes.is_empty());
}

#[test]
fn pull_pages_in_commit_order_and_says_when_there_is_more() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let creates = (1..=5)
        .map(|i| mutation(i, "CreateOrganisation", json!({"id": format!("o{i}"), "fields": organisation_fields(&format!("City {i}"))}), &[]))
        .collect();
    push(&storage, &ana, creates).expect("push");
    let first = storage.pull(&ana, 0, 3, false).expect("page 1");
    assert_eq!(first.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o1", "o2", "o3"]);
    assert!(first.has_more);
    let second = storage.pull(&ana, first.next_cursor, 3, false).expect("page 2");
    assert_eq!(second.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o4", "o5"]);
    assert!(!second.has_more);
    assert_eq!(second.last_mutation_id, 5);
}

#[test]
fn every_page_of_an_initial_sync_leaves_history_out_and_later_pulls_bring_it() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let creates = (1..=4)
        .map(|i| mutation(i, "CreateOrganisation", json!({"id": format!("o{i}"), "fields": organisation_fields(&format!("City {i}"))}), &[]))
        .collect();
    push(&storage, &ana, creates).expect("push");
    let first = storage.pull(&ana, 0, 2, true).expect("page 1");
    assert!(first.initial && first.has_more);
    let second = storage.pull(&ana, first.next_cursor, 2, true).expect("page 2");
    assert_eq!(second.changes.len(), 2);
    assert!(second.changes.iter().all(|c| c.log.is_empty()), "an initial sync pages current rows only");
    // A client that does not ask for an initial sync past the first page gets history as before.
    let plain = storage.pull(&ana, first.next_cursor, 2, false).expect("page 2, not initial");
    assert!(!plain.initial);
    assert!(plain.changes.iter().all(|c| c.log.len() == 1));
    push(&storage, &ana, vec![mutation(5, "UpdateOrganisation", json!({"id": "o1", "fields": {"notes": "later"}}), &[])]).expect("edit");
    let later = storage.pull(&ana, second.next_cursor, 100, false).expect("later");
    assert_eq!(later.changes[0].log.len(), 1, "after the initial sync, changes come with their history");
}

#[test]
fn a_page_goes_out_as_the_json_a_client_reads_with_the_stored_fields_and_the_erased_mark() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let person = json!({"first_name": "Rui", "last_name": "Moreira", "function": "", "role": "elected", "organisation_id": null,
        "emails": ["rui@example.org"], "phones": [], "languages": [], "notes": ""});
    let mut fields = person.as_object().cloned().unwrap_or_default();
    for (name, kind) in rencontres_protocol::entity("person").expect("person").fields {
        if !fields.contains_key(*name) {
            let blank = if matches!(kind, rencontres_protocol::FieldType::TextList) { json!([]) } else if matches!(kind, rencontres_protocol::FieldType::Text) { json!("") } else { Value::Null };
            fields.insert((*name).to_string(), blank);
        }
    }
    push(
        &storage,
        &ana,
        vec![
            mutation(1, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[]),
            mutation(2, "CreatePerson", json!({"id": "p1", "fields": fields}), &[]),
            mutation(3, "ErasePerson", json!({"id": "p1"}), &[]),
        ],
    )
    .expect("push");
    let raw = storage.pull(&ana, 0, 100, false).expect("pull");
    let text = serde_json::to_string(&raw).expect("serialise");
    let page: rencontres_protocol::PullResponse = serde_json::from_str(&text).expect("a client reads it");
    assert_eq!(page.changes.len(), 2);
    assert_eq!(Value::Object(page.changes[0].fields.clone()), organisation_fields("Porto"));
    assert!(!page.changes[0].erased);
    assert!(page.changes[1].erased && page.changes[1].deleted);
    assert!(!text.contains("rui@example.org"), "an erased person's data stays on the server: {text}");
}

#[test]
fn a_mutation_id_beyond_what_the_store_can_count_is_refused() {
    let (storage, session) = storage_with(Role::Secretariat);
    let huge = mutation(u64::MAX, "CreateOrganisation", json!({"id": "o1", "fields": organisation_fields("Porto")}), &[]);
    assert!(matches!(push(&storage, &session, vec![huge]), Err(StorageError::BadPush(_))));
}

#[test]
fn a_restamped_record_comes_again_after_the_cursor_and_later_writes_still_follow_it() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let creates = (1..=3)
        .map(|i| mutation(i, "CreateOrganisation", json!({"id": format!("o{i}"), "fields": organisation_fields(&format!("City {i}"))}), &[]))
        .collect();
    push(&storage, &ana, creates).expect("push");
    let all = storage.pull(&ana, 0, 100, false).expect("pull");
    assert_eq!(all.changes.len(), 3);
    {
        let mut conn = storage.conn();
        let tx = conn.transaction().expect("tx");
        crate::scope::restamp(&tx, "organisation", "o1").expect("restamp");
        crate::scope::restamp(&tx, "organisation", "o2").expect("restamp");
        tx.commit().expect("commit");
    }
    let again = storage.pull(&ana, all.next_cursor, 1, false).expect("pull");
    assert_eq!(again.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o1"]);
    assert!(again.has_more, "one record per page: o2 is still to come");
    let rest = storage.pull(&ana, again.next_cursor, 100, false).expect("pull");
    assert_eq!(rest.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o2"]);
    assert!(rest.changes[0].log.is_empty(), "a restamp writes no history");
    push(&storage, &ana, vec![mutation(4, "UpdateOrganisation", json!({"id": "o3", "fields": {"notes": "later"}}), &[])]).expect("push");
    let later = storage.pull(&ana, rest.next_cursor, 100, false).expect("pull");
    assert_eq!(later.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o3"]);
}

#[test]
fn the_review_scope_lookups_use_their_indexes_rather_than_scanning_every_record() {
    let storage = SqliteStorage::open_in_memory().expect("storage");
    let conn = storage.conn();
    for (sql, index) in [
        (crate::scope::review::ASSIGNED_SQL, "records_review_assignment_reviewer"),
        (crate::scope::review::SUBMITTED_OWN_SQL, "records_review_reviewer"),
    ] {
        let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
        let steps: Vec<String> = plan.query_map(["a1", "ana"], |r| r.get::<_, String>(3)).expect("rows").map(|r| r.expect("step")).collect();
        assert!(steps.iter().any(|s| s.contains(index)), "{index} not used: {steps:?}");
    }
}

/// An import batch of organisations `ids`, with only the fields an import fills.
fn batch(id: u64, ids: &[&str]) -> Mutation {
    let rows: Vec<Value> = ids
        .iter()
        .map(|rid| {
            let mut fields = organisation_fields(&format!("City {rid}"));
            // A batch leaves out its nulls: the server reads them as null.
            if let Some(map) = fields.as_object_mut() {
                map.retain(|_, v| !v.is_null());
            }
            json!({"id": rid, "fields": fields})
        })
        .collect();
    mutation(id, "ImportOrganisations", json!({"file": "members.csv", "rows": rows}), &[])
}

#[test]
fn an_import_batch_applies_whole_logs_a_create_per_record_and_is_seen_again_as_a_duplicate() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let answer = push(&storage, &ana, vec![batch(1, &["o1", "o2", "o3"])]).expect("push");
    assert_eq!(answer.results[0].status, MutationStatus::Applied);
    let page = storage.pull(&ana, 0, 100, false).expect("pull");
    assert_eq!(page.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o1", "o2", "o3"]);
    let fields: Value = serde_json::from_str(page.changes[0].fields.get()).expect("fields");
    assert_eq!(fields.get("joined_on"), Some(&Value::Null), "a left-out field is stored null");
    let log: Vec<(String, String)> = storage
        .conn()
        .prepare("SELECT uuid, name FROM log ORDER BY seq")
        .expect("sql")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    let uuid = "uuid-1-ImportOrganisations";
    assert_eq!(log[0], (format!("{uuid}#0"), "CreateOrganisation".to_string()));
    assert_eq!(log.len(), 3);
    let again = push(&storage, &ana, vec![batch(1, &["o1", "o2", "o3"])]).expect("retry");
    assert_eq!(again.results[0].status, MutationStatus::Duplicate);
}

#[test]
fn an_import_batch_with_one_record_already_present_is_refused_whole() {
    let (storage, ana) = storage_with(Role::Secretariat);
    push(&storage, &ana, vec![mutation(1, "CreateOrganisation", json!({"id": "o2", "fields": organisation_fields("Porto")}), &[])]).expect("push");
    let answer = push(&storage, &ana, vec![batch(2, &["o1", "o2", "o3"])]).expect("push");
    assert_eq!(answer.results[0].status, MutationStatus::Rejected);
    let message = answer.results[0].message.clone().unwrap_or_default();
    assert!(message.contains("row 1") && message.contains("nothing of the batch was applied"), "{message}");
    let page = storage.pull(&ana, 0, 100, false).expect("pull");
    assert_eq!(page.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o2"]);
}

#[test]
fn an_import_batch_from_a_committee_account_is_refused_and_a_malformed_one_is_a_bad_push() {
    let (storage, reviewer) = storage_with(Role::Committee);
    let answer = push(&storage, &reviewer, vec![batch(1, &["o1"])]).expect("push");
    assert_eq!(answer.results[0].status, MutationStatus::Rejected);
    assert!(storage.pull(&reviewer, 0, 100, false).expect("pull").changes.is_empty());
    let (storage, ana) = storage_with(Role::Secretariat);
    let mut unknown = batch(1, &["o1"]);
    unknown.args["rows"][0]["fields"]["mayor"] = json!("someone");
    let twice = batch(1, &["o1", "o1"]);
    let mut nameless = batch(1, &["o1"]);
    if let Some(fields) = nameless.args["rows"][0]["fields"].as_object_mut() {
        fields.remove("name");
    }
    for (bad, expected) in [(unknown, "no field \"mayor\""), (twice, "comes twice"), (nameless, "organisation.name must be Text")] {
        let error = push(&storage, &ana, vec![bad]).expect_err("bad push");
        assert!(matches!(error, StorageError::BadPush(ref m) if m.contains(expected)), "{error}");
    }
    assert!(storage.pull(&ana, 0, 100, false).expect("pull").changes.is_empty());
}

#[test]
fn a_record_written_again_while_a_laptop_pages_still_brings_the_conflict_and_history_its_pages_passed() {
    let (storage, ana) = storage_with(Role::Secretariat);
    let ben = Session { user: storage.add_user("ben", Role::Secretariat, "a long enough password").expect("ben"), device_id: "laptop-2".into() };
    let carl = Session { user: storage.add_user("carl", Role::Secretariat, "a long enough password").expect("carl"), device_id: "laptop-3".into() };
    let create = |id: u64, key: &str, name: &str| mutation(id, "CreateOrganisation", json!({"id": key, "fields": organisation_fields(name)}), &[]);
    let rename = |id: u64, name: &str, base: i64| mutation(id, "UpdateOrganisation", json!({"id": "o1", "fields": {"name": name}}), &[("name", base)]);
    push(&storage, &ana, vec![create(1, "o1", "Porto"), create(2, "o2", "Braga")]).expect("seq 1, 2");
    push(&storage, &ana, vec![rename(3, "Porto (Ana)", 1)]).expect("seq 3");
    assert_eq!(push(&storage, &ben, vec![rename(1, "Porto (Ben)", 1)]).expect("seq 4").results[0].status, MutationStatus::Conflicted);
    push(&storage, &ana, vec![create(4, "o3", "Faro")]).expect("seq 5");

    // Carl pages one record at a time: o2 (seq 2) first.
    let first = storage.pull(&carl, 0, 1, false).expect("page 1");
    assert_eq!(first.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o2"]);
    // o1 is written again before the next page: it moves from seq 4 to seq 6.
    push(&storage, &ana, vec![rename(5, "Porto", 3)]).expect("seq 6");
    let second = storage.pull(&carl, first.next_cursor, 1, false).expect("page 2");
    assert_eq!(second.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o3"]);
    let third = storage.pull(&carl, second.next_cursor, 1, false).expect("page 3");
    assert_eq!(third.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["o1"]);
    assert!(third.changes[0].conflicts.is_empty(), "the conflict (seq 4) is behind page 3's cursor");

    // Page 2's range (seq 3 to 5) held o1's conflict and two of its edits: they came with it.
    assert_eq!(second.moved.len(), 1);
    let moved = &second.moved[0];
    assert_eq!((moved.entity.as_str(), moved.id.as_str()), ("organisation", "o1"));
    assert_eq!(moved.conflicts.iter().map(|c| &c.value).collect::<Vec<_>>(), [&json!("Porto (Ben)")]);
    let names: Vec<&str> = moved.log.iter().map(|e| e.uuid.as_str()).collect();
    assert!(names.contains(&"uuid-3-UpdateOrganisation") && names.contains(&"uuid-1-UpdateOrganisation"), "{names:?}");
    assert!(first.moved.is_empty() && third.moved.is_empty());

    // A laptop that never saw o1 in an earlier range is not told twice.
    let whole = storage.pull(&carl, 0, 100, false).expect("one page");
    assert!(whole.moved.is_empty());
    assert_eq!(whole.changes.iter().find(|c| c.id == "o1").map(|c| c.conflicts.len()), Some(1));
}
