use std::collections::VecDeque;
use std::sync::Mutex;

use rencontres_protocol::{Change, MutationResult, PullResponse, PushRequest, PushResponse};
use serde_json::{json, Map, Value};

use super::*;
use crate::model::{OrganisationQuery, PersonQuery};

/// A server stand-in: answers pushes by acknowledging everything, and pulls with pages
/// prepared by the test.
#[derive(Default)]
struct Canned {
    pages: Mutex<VecDeque<PullResponse>>,
    pushes: Mutex<Vec<PushRequest>>,
    /// Each pull's cursor and whether it asked for an initial sync.
    asked: Mutex<Vec<(u64, bool)>>,
}

impl Transport for Canned {
    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        self.pushes.lock().expect("lock").push(request.clone());
        let results = request.mutations.iter().map(|m| MutationResult { id: m.id, status: MutationStatus::Applied, message: None }).collect();
        Ok(PushResponse { last_mutation_id: request.mutations.last().map(|m| m.id).unwrap_or(0), results })
    }

    fn pull(&self, cursor: u64, _limit: u32, initial: bool) -> Result<PullResponse, SyncError> {
        self.asked.lock().expect("lock").push((cursor, initial));
        Ok(self.pages.lock().expect("lock").pop_front().unwrap_or(PullResponse {
            changes: Vec::new(),
            next_cursor: cursor,
            has_more: false,
            last_mutation_id: 0,
            initial: false,
            moved: Vec::new(),
        }))
    }
}

fn organisation(id: &str, seq: u64, version: i64, name: &str) -> Change {
    let fields = json!({
        "name": name, "kind": "city", "country": "PT", "subdivision": "", "population": null, "population_year": null,
        "population_source": "", "address": "", "website": "", "email": "", "languages": [], "notes": "",
        "category": "full", "status": "active", "joined_on": null, "left_on": null
    });
    change("organisation", id, seq, version, fields)
}

fn person(id: &str, seq: u64, organisation_id: &str) -> Change {
    let fields = json!({
        "first_name": "Rui", "last_name": "Moreira", "function": "Mayor", "role": "elected",
        "organisation_id": organisation_id, "emails": [], "phones": [], "languages": [], "notes": ""
    });
    change("person", id, seq, 1, fields)
}

fn change(entity: &str, id: &str, seq: u64, version: i64, fields: Value) -> Change {
    let fields: Map<String, Value> = fields.as_object().cloned().unwrap_or_default();
    Change { seq, entity: entity.into(), id: id.into(), version, deleted: false, fields, log: Vec::new(), conflicts: Vec::new(), erased: false }
}

fn page(changes: Vec<Change>, has_more: bool) -> PullResponse {
    let next_cursor = changes.last().map(|c| c.seq).unwrap_or(0);
    PullResponse { changes, next_cursor, has_more, last_mutation_id: 0, initial: false, moved: Vec::new() }
}

#[test]
fn a_person_pulled_before_the_organisation_it_belongs_to_is_found_by_its_name_once_it_arrives() {
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    server.pages.lock().expect("lock").extend([page(vec![person("p1", 1, "o1")], true), page(vec![organisation("o1", 2, 3, "Porto")], false)]);
    let report = store.sync(&server).expect("sync");
    assert_eq!(report.pulled, 2);
    assert_eq!(store.sync_cursor().expect("cursor"), 2);
    let found = store.list_people(&PersonQuery { search: "porto".into(), limit: 10, ..Default::default() }).expect("search");
    assert_eq!(found.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["p1"]);
    assert_eq!(found.rows[0].organisation_name.as_deref(), Some("Porto"));
}

#[test]
fn a_page_indexes_its_records_together_in_name_order_new_renamed_and_deleted_alike() {
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    // In one page: a contact before its organisation, organisations in no order of name.
    let first = vec![
        person("p1", 1, "o2"),
        organisation("o1", 2, 1, "Zagreb"),
        organisation("o2", 3, 1, "Porto"),
        organisation("o3", 4, 1, "Aarhus"),
        organisation("o4", 5, 1, "Mainz"),
    ];
    // Then: one renamed, one deleted, one new between the others.
    let mut deleted = organisation("o4", 8, 2, "Mainz");
    deleted.deleted = true;
    let second = vec![organisation("o1", 6, 2, "Braga"), organisation("o5", 7, 1, "Lyon"), deleted];
    server.pages.lock().expect("lock").extend([page(first, true), page(second, false)]);
    store.sync(&server).expect("sync");
    let found = store.list_people(&PersonQuery { search: "porto".into(), limit: 10, ..Default::default() }).expect("search");
    assert_eq!(found.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["p1"], "found by its organisation's name");
    let names = |search: &str| -> Vec<String> {
        let query = OrganisationQuery { search: search.into(), limit: 10, ..Default::default() };
        store.list_organisations(&query).expect("search").rows.into_iter().map(|r| r.name).collect()
    };
    assert_eq!(names("portugal"), ["Aarhus", "Braga", "Lyon", "Porto"].map(String::from), "in name order, the deleted one gone");
    assert!(names("zagreb").is_empty() && names("mainz").is_empty());
    let keys: Vec<i64> = store.conn.prepare("SELECT key FROM organisation_search ORDER BY sort_key, id").expect("sql")
        .query_map([], |r| r.get(0)).expect("rows").collect::<rusqlite::Result<_>>().expect("keys");
    assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "keys follow names: {keys:?}");
    store.conn.execute("INSERT INTO organisation_fts (organisation_fts) VALUES ('integrity-check')", []).expect("the FTS matches its rows");
}

#[test]
fn a_change_of_an_entity_this_build_does_not_know_is_skipped_and_the_rest_applies() {
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    let unknown = change("future_entity_kind", "b1", 1, 1, json!({"title": "Reading aloud"}));
    server.pages.lock().expect("lock").push_back(page(vec![unknown, organisation("o1", 2, 1, "Porto")], false));
    store.sync(&server).expect("sync");
    assert_eq!(store.organisation("o1").expect("applied").fields.name, "Porto");
}

#[test]
fn local_edits_are_pushed_in_order_based_on_the_version_last_pulled() {
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    server.pages.lock().expect("lock").push_back(page(vec![organisation("o1", 9, 5, "Porto")], false));
    store.sync(&server).expect("first sync");
    let mut fields = store.organisation("o1").expect("o1").fields;
    fields.name = "Porto!".into();
    store.update_organisation("o1", &fields).expect("edit");
    fields.notes = "second".into();
    store.update_organisation("o1", &fields).expect("second edit");
    store.sync(&server).expect("second sync");
    let pushes = server.pushes.lock().expect("lock");
    let mutations = &pushes.last().expect("a push").mutations;
    assert_eq!(mutations.len(), 2);
    assert!(mutations[0].id < mutations[1].id);
    assert_eq!(mutations[0].base_versions.get("name"), Some(&5));
    assert_eq!(mutations[1].base_versions.get("notes"), Some(&5));
    assert_eq!(store.outbox_len().expect("outbox"), 0);
}

#[test]
fn a_store_that_never_synced_works_and_reports_its_waiting_changes() {
    let mut store = Store::open_in_memory().expect("store");
    let status = store.sync_status().expect("status");
    assert_eq!((status.waiting, status.last_sync, status.open_conflicts), (0, None, 0));
    let fields = crate::model::OrganisationInput {
        name: "Porto".into(),
        kind: crate::model::OrganisationKind::City,
        country: "PT".into(),
        subdivision: String::new(),
        population: None,
        population_year: None,
        population_source: String::new(),
        address: String::new(),
        website: String::new(),
        email: String::new(),
        languages: Vec::new(),
        notes: String::new(),
        category: crate::model::MembershipCategory::Full,
        status: crate::model::MembershipStatus::Active,
        joined_on: None,
        left_on: None,
    };
    store.create_organisation(&fields).expect("create offline");
    assert_eq!(store.sync_status().expect("status").waiting, 1);
    let listed = store.list_organisations(&OrganisationQuery { limit: 10, ..Default::default() }).expect("list");
    assert_eq!(listed.total, 1);
}

#[test]
fn the_sync_log_skips_rounds_that_moved_nothing_and_repeated_failures() {
    struct Unreachable;
    impl Transport for Unreachable {
        fn push(&self, _: &PushRequest) -> Result<PushResponse, SyncError> {
            Err(SyncError::Offline("connection refused".into()))
        }
        fn pull(&self, _: u64, _: u32, _: bool) -> Result<PullResponse, SyncError> {
            Err(SyncError::Offline("connection refused".into()))
        }
    }
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    store.sync(&server).expect("an idle round");
    assert!(store.sync_log(10).expect("log").is_empty(), "an idle round is not logged");
    for _ in 0..3 {
        assert!(store.sync(&Unreachable).is_err());
    }
    let log = store.sync_log(10).expect("log");
    assert_eq!(log.len(), 1, "one line for three identical failures: {log:?}");
    assert_eq!(log[0].level, "warning");
}

#[test]
fn an_initial_sync_stays_initial_across_its_pages_even_when_resumed_and_ends_with_its_last_page() {
    let mut store = Store::open_in_memory().expect("store");
    let server = Canned::default();
    let initial = |mut page: PullResponse| {
        page.initial = true;
        page
    };
    server.pages.lock().expect("lock").extend([
        initial(page(vec![organisation("o1", 1, 1, "Porto")], true)),
        initial(page(vec![organisation("o2", 2, 1, "Braga")], false)),
        page(vec![organisation("o1", 3, 2, "Porto (renamed)")], false),
    ]);
    store.pull_page(&server, 1).expect("first page");
    // A stop here (the app closed): the next pull, however it comes, still asks for current rows.
    store.pull_page(&server, 1).expect("second page");
    store.pull_page(&server, 1).expect("a later pull");
    assert_eq!(*server.asked.lock().expect("lock"), [(0, true), (1, true), (2, false)]);
}

#[test]
fn history_and_a_conflict_of_a_record_that_moved_past_a_page_are_filed_before_the_record_comes() {
    let mut store = Store::open_in_memory().expect("store");
    let conflict = rencontres_protocol::Conflict {
        id: "c1".into(),
        entity: "organisation".into(),
        entity_id: "o1".into(),
        field: "name".into(),
        overwritten: json!("Porto (Ana)"),
        overwritten_by: "ana".into(),
        value: json!("Porto (Ben)"),
        by: "ben".into(),
        at: "2026-01-01T00:00:00.000Z".into(),
    };
    let entry = rencontres_protocol::LogEntry {
        uuid: "u-rename".into(),
        name: "UpdateOrganisation".into(),
        actor: "ben".into(),
        device: "laptop-2".into(),
        at: "2026-01-01T00:00:00.000Z".into(),
        changes: vec![rencontres_protocol::FieldChange { field: "name".into(), before: json!("Porto (Ana)"), after: json!("Porto (Ben)") }],
    };
    let mut first = page(vec![organisation("o2", 2, 1, "Braga")], true);
    first.moved = vec![rencontres_protocol::Moved { entity: "organisation".into(), id: "o1".into(), log: vec![entry.clone()], conflicts: vec![conflict.clone()] }];
    assert_eq!(store.apply_page(&first).expect("page 1"), 1, "one new conflict");
    // The record comes later, with the same entry again: nothing is filed twice.
    let mut later = organisation("o1", 6, 3, "Porto");
    later.log = vec![entry];
    later.conflicts = vec![conflict];
    assert_eq!(store.apply_page(&page(vec![later], false)).expect("page 2"), 0);
    assert_eq!(store.conflicts().expect("conflicts").len(), 1);
    let history = store.history(crate::model::EntityKind::Organisation, "o1").expect("history");
    assert_eq!(history.iter().filter(|h| h.mutation_id == "u-rename").count(), 1, "{history:?}");
}
