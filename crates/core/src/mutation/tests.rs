use crate::model::EntityKind;
use crate::test_support::{organisation, person, store};
use crate::CoreError;

fn outbox_names(store: &crate::Store) -> Vec<String> {
    let mut statement = store
        .conn
        .prepare("SELECT m.name FROM outbox o JOIN mutations m ON m.id = o.mutation_id ORDER BY o.seq")
        .expect("prepare");
    statement.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

#[test]
fn every_write_is_a_named_mutation_in_the_log_and_the_outbox_in_order() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    let mut edit = org.fields.clone();
    edit.population = Some(231_800);
    store.update_organisation(&org.id, &edit).expect("update");
    let who = store.create_person(&person("Rui", "Sousa", Some(&org.id))).expect("person");
    store.delete_person(&who.id).expect("delete");
    assert_eq!(outbox_names(&store), vec!["CreateOrganisation", "UpdateOrganisation", "CreatePerson", "DeletePerson"]);
}

#[test]
fn an_update_records_only_what_changed_with_its_base_version_and_author() {
    let mut store = store();
    store.set_actor("secretariat@lesrencontres.example").expect("actor");
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    let mut edit = org.fields.clone();
    edit.population = Some(231_800);
    let updated = store.update_organisation(&org.id, &edit).expect("update");
    assert_eq!(updated.version, 2);
    let history = store.history(EntityKind::Organisation, &org.id).expect("history");
    assert_eq!(history.len(), 2);
    let last = &history[0];
    assert_eq!(last.name, "UpdateOrganisation");
    assert_eq!(last.actor, "secretariat@lesrencontres.example");
    assert_eq!(last.changes.len(), 1);
    assert_eq!(last.changes[0].field, "population");
    assert_eq!(last.changes[0].before, serde_json::json!(100_000));
    assert_eq!(last.changes[0].after, serde_json::json!(231_800));
    let (args, base): (String, String) = store
        .conn
        .query_row(
            "SELECT m.args, o.base_versions FROM mutations m JOIN outbox o ON o.mutation_id = m.id WHERE m.id = ?1",
            [&last.mutation_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("outbox row");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&args).expect("json")["fields"], serde_json::json!({"population": 231_800}));
    // The base is the server version last pulled: 0 for a record that never synced.
    assert_eq!(serde_json::from_str::<serde_json::Value>(&base).expect("json"), serde_json::json!({"population": 0}));
}

#[test]
fn saving_an_unchanged_form_records_nothing() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    store.update_organisation(&org.id, &org.fields).expect("no-op");
    assert_eq!(store.outbox_len().expect("outbox"), 1);
}

#[test]
fn undo_of_a_delete_restores_the_record_and_its_search_entry() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Västerbotten", "SE")).expect("create");
    let deletion = store.delete_organisation(&org.id).expect("delete");
    store.undo(&deletion).expect("undo");
    assert_eq!(store.organisation(&org.id).expect("back").fields.name, "Västerbotten");
    let query = crate::model::OrganisationQuery { search: "vasterbotten".into(), ..Default::default() };
    assert_eq!(store.list_organisations(&query).expect("search").total, 1);
    let history = store.history(EntityKind::Organisation, &org.id).expect("history");
    assert_eq!(history[0].name, "RestoreOrganisation");
    assert_eq!(history[0].undoes.as_deref(), Some(deletion.as_str()));
    assert!(matches!(store.undo(&deletion), Err(CoreError::Undo(_))), "a change is undone once");
}

#[test]
fn undo_of_an_edit_sets_the_fields_back() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    let mut edit = org.fields.clone();
    edit.population = Some(1);
    edit.name = "Oporto".into();
    store.update_organisation(&org.id, &edit).expect("update");
    let edit_id = store.history(EntityKind::Organisation, &org.id).expect("history")[0].mutation_id.clone();
    store.undo(&edit_id).expect("undo");
    let back = store.organisation(&org.id).expect("read");
    assert_eq!((back.fields.name.as_str(), back.fields.population), ("Porto", Some(100_000)));
}

#[test]
fn undo_refuses_to_overwrite_a_later_edit_of_the_same_field() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    let mut first = org.fields.clone();
    first.population = Some(1);
    store.update_organisation(&org.id, &first).expect("first");
    let first_id = store.history(EntityKind::Organisation, &org.id).expect("history")[0].mutation_id.clone();
    let mut second = first.clone();
    second.population = Some(2);
    store.update_organisation(&org.id, &second).expect("second");
    assert!(matches!(store.undo(&first_id), Err(CoreError::Undo(message)) if message.contains("population")));
    assert_eq!(store.organisation(&org.id).expect("read").fields.population, Some(2));
}

#[test]
fn undo_of_a_create_deletes_the_record() {
    let mut store = store();
    let who = store.create_person(&person("Aoife", "Murphy", None)).expect("create");
    let create_id = store.history(EntityKind::Person, &who.id).expect("history")[0].mutation_id.clone();
    store.undo(&create_id).expect("undo");
    assert!(matches!(store.person(&who.id), Err(CoreError::NotFound { .. })));
}

#[test]
fn a_failed_write_leaves_no_mutation_behind() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Porto", "PT")).expect("create");
    let mut bad = org.fields.clone();
    bad.email = "nope".into();
    assert!(store.update_organisation(&org.id, &bad).is_err());
    assert!(store.update_organisation("01900000-0000-7000-8000-000000000000", &org.fields).is_err());
    assert_eq!(store.outbox_len().expect("outbox"), 1);
}
