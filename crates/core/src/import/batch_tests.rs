//! The bulk path of an import: records created in batch mutations, their History, undo,
//! GDPR erasure, and all-or-nothing.

use super::*;
use crate::model::{EntityKind, OrganisationQuery, PersonQuery};
use crate::mutation::batch::BATCH_ROWS;
use crate::test_support::store;

fn import(store: &mut Store, kind: ImportKind, file: &str, name: &str) -> ImportSummary {
    let mapping = store.import_preview(kind, file.as_bytes(), name).expect("preview").mapping;
    let options = ImportOptions { mapping, ..ImportOptions::default() };
    store.import_commit(kind, file.as_bytes(), name, &options, |_, _| true).expect("commit")
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

/// `n` distinct organisations as a CSV file.
fn organisations_csv(n: usize) -> String {
    let mut file = String::from("Name;Country;Population\n");
    for i in 0..n {
        file.push_str(&format!("Ville {i};FR;{}\n", 1000 + i));
    }
    file
}

/// Everything an import may write, table by table.
fn footprint(store: &Store) -> Vec<i64> {
    ["organisations", "people", "mutations", "outbox", "batch_records", "search_rows", "person_search", "organisation_search", "settings"]
        .iter()
        .map(|t| count(store, &format!("SELECT count(*) FROM {t}")))
        .collect()
}

/// Imports organisations, merging duplicates into the records they match.
fn import_merging(store: &mut Store, file: &str) -> ImportSummary {
    let mapping = store.import_preview(ImportKind::Organisations, file.as_bytes(), "f.csv").expect("preview").mapping;
    let options = ImportOptions { mapping, duplicates: DuplicateAction::Merge, per_line: vec![] };
    store.import_commit(ImportKind::Organisations, file.as_bytes(), "f.csv", &options, |_, _| true).expect("commit")
}

/// The text values of one column, in the query's order.
fn column(store: &Store, sql: &str) -> Vec<String> {
    store.conn.prepare(sql).expect(sql).query_map([], |r| r.get(0)).expect(sql).collect::<Result<_, _>>().expect(sql)
}

fn person_id(store: &Store, search: &str) -> String {
    store.list_people(&PersonQuery { search: search.into(), ..Default::default() }).expect("people").rows[0].id.clone()
}

const CONTACTS: &str = "First name;Last name;E-mail\nMarie;Curie;m.curie@besancon.fr\nPaul;Martin;paul@example.org\n";

#[test]
fn an_import_logs_one_batch_mutation_and_one_outbox_row_per_thousand_records() {
    let mut store = store();
    let n = 2 * BATCH_ROWS + 500;
    let summary = import(&mut store, ImportKind::Organisations, &organisations_csv(n), "members.csv");
    assert_eq!(summary.created as usize, n);
    assert_eq!(count(&store, "SELECT count(*) FROM mutations"), 3);
    assert_eq!(count(&store, "SELECT count(*) FROM outbox"), 3);
    assert_eq!(count(&store, "SELECT count(*) FROM mutations WHERE name = 'ImportOrganisations'"), 3);
    assert_eq!(count(&store, "SELECT count(*) FROM batch_records") as usize, n);
    assert_eq!(store.outbox_len().expect("waiting") as usize, n, "changes waiting count the records");
    let found = store.list_organisations(&OrganisationQuery { search: "ville 2345".into(), ..Default::default() }).expect("search");
    assert_eq!(found.rows.len(), 1, "imported records are in the search index");
}

#[test]
fn an_imported_record_has_a_history_entry_naming_the_file_the_actor_and_its_values() {
    let mut store = store();
    store.set_actor("secretariat@rencontres").expect("actor");
    import(&mut store, ImportKind::Organisations, &organisations_csv(3), "members-2026.csv");
    let id = store.list_organisations(&OrganisationQuery { search: "ville 1".into(), ..Default::default() }).expect("search").rows[0].id.clone();
    store.update_organisation(&id, &{
        let mut input = store.organisation(&id).expect("read").fields;
        input.website = "https://ville1.fr".into();
        input
    })
    .expect("edit");
    let history = store.history(EntityKind::Organisation, &id).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].name, "UpdateOrganisation", "newest first");
    let created = &history[1];
    assert_eq!(created.name, "CreateOrganisation");
    assert_eq!(created.actor, "secretariat@rencontres");
    assert!(created.at.len() >= 20, "{}", created.at);
    assert_eq!(created.changes[0].field, "import");
    assert_eq!(created.changes[0].after, serde_json::json!("members-2026.csv"));
    let after = |field: &str| created.changes.iter().find(|c| c.field == field).map(|c| c.after.clone());
    assert_eq!(after("name"), Some(serde_json::json!("Ville 1")));
    assert_eq!(after("population"), Some(serde_json::json!(1001)));
    assert_eq!(after("website"), None, "blank fields are not shown");
}

#[test]
fn undoing_an_import_is_refused_with_a_reason_and_changes_nothing() {
    let mut store = store();
    import(&mut store, ImportKind::Organisations, &organisations_csv(3), "members.csv");
    let id = store.list_organisations(&OrganisationQuery::default()).expect("list").rows[0].id.clone();
    let entry = store.history(EntityKind::Organisation, &id).expect("history").remove(0);
    let before = footprint(&store);
    let refused = store.undo(&entry.mutation_id).expect_err("an import is not undone");
    let message = refused.to_string();
    assert!(message.contains("import of members.csv created 3 records"), "{message}");
    assert!(message.contains("delete the records you do not want"), "{message}");
    assert_eq!(footprint(&store), before);
    store.delete_organisation(&id).expect("one imported record is deleted as any other");
    assert_eq!(store.list_organisations(&OrganisationQuery::default()).expect("list").rows.len(), 2);
}

#[test]
fn a_cancel_after_several_batches_were_logged_leaves_the_store_as_it_was() {
    let mut store = store();
    let before = footprint(&store);
    let file = organisations_csv(2 * BATCH_ROWS + 10);
    let mapping = store.import_preview(ImportKind::Organisations, file.as_bytes(), "big.csv").expect("preview").mapping;
    let options = ImportOptions { mapping, ..ImportOptions::default() };
    let result = store.import_commit(ImportKind::Organisations, file.as_bytes(), "big.csv", &options, |done, _| done < 2 * BATCH_ROWS as u32);
    assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    assert_eq!(footprint(&store), before);
}

#[test]
fn a_file_with_one_bad_row_among_thousands_writes_nothing_and_names_the_line_and_field() {
    let mut store = store();
    let before = footprint(&store);
    let file = organisations_csv(1500).replace("Ville 1400;FR;2400", "Ville 1400;Atlantis;2400");
    let mapping = store.import_preview(ImportKind::Organisations, file.as_bytes(), "bad.csv").expect("preview").mapping;
    let options = ImportOptions { mapping, ..ImportOptions::default() };
    let Err(ImportError::Rows { errors }) = store.import_commit(ImportKind::Organisations, file.as_bytes(), "bad.csv", &options, |_, _| true) else {
        panic!("the bad row refuses the file");
    };
    assert_eq!((errors.len(), errors[0].line, errors[0].field), (1, 1402, TargetField::Country));
    assert_eq!(footprint(&store), before);
}

#[test]
fn a_duplicate_line_merged_into_a_record_of_the_same_file_is_logged_after_its_batch() {
    let mut store = store();
    let summary = import_merging(&mut store, "Name;Country;Website\nPorto;PT;\nPorto;PT;https://porto.pt\n");
    assert_eq!(summary, ImportSummary { created: 1, merged: 1, skipped: 0 });
    assert_eq!(column(&store, "SELECT name FROM mutations ORDER BY seq"), vec!["ImportOrganisations", "UpdateOrganisation"]);
    let id = store.list_organisations(&OrganisationQuery::default()).expect("list").rows[0].id.clone();
    assert_eq!(store.organisation(&id).expect("read").fields.website, "https://porto.pt");
}

#[test]
fn erasing_a_person_imported_in_a_sent_batch_scrubs_their_values_from_the_batch_only() {
    let mut store = store();
    import(&mut store, ImportKind::People, CONTACTS, "contacts.csv");
    // As if the server had acknowledged the batch.
    store.conn.execute("DELETE FROM outbox", []).expect("ack");
    let marie = person_id(&store, "curie");
    store.erase_person(&marie).expect("erase");
    let args: String = store.conn.query_row("SELECT args FROM mutations WHERE name = 'ImportPeople'", [], |r| r.get(0)).expect("batch");
    assert!(!args.contains("Curie") && !args.contains("m.curie@besancon.fr"), "{args}");
    assert!(args.contains("paul@example.org"), "the other person's row stays: {args}");
    let history = store.history(EntityKind::Person, &marie).expect("history");
    let created = history.iter().find(|e| e.name == "CreatePerson").expect("create entry");
    assert!(created.changes.iter().filter(|c| c.field != "import").all(|c| c.after == serde_json::json!("(erased)")), "{created:?}");
    assert!(created.changes.iter().any(|c| c.field == "last_name"), "which fields had a value stays");
}

#[test]
fn erasing_a_person_imported_in_a_batch_not_yet_sent_sends_the_batch_with_the_erased_values() {
    let mut store = store();
    import(&mut store, ImportKind::People, CONTACTS, "contacts.csv");
    let marie = person_id(&store, "curie");
    store.erase_person(&marie).expect("erase");
    let args: String = store.conn.query_row("SELECT args FROM mutations WHERE name = 'ImportPeople'", [], |r| r.get(0)).expect("batch");
    assert!(!args.contains("Curie") && !args.contains("m.curie@besancon.fr"), "{args}");
    let args: serde_json::Value = serde_json::from_str(&args).expect("json");
    let row = args["rows"].as_array().expect("rows").iter().find(|r| r["id"] == serde_json::json!(marie)).expect("row");
    assert_eq!(row["fields"]["emails"], serde_json::json!([]), "still a valid list for the server");
    assert_eq!(row["fields"]["last_name"], serde_json::json!("(erased)"));
    assert_eq!(count(&store, "SELECT count(*) FROM outbox"), 2, "the batch, then the erasure");
}

#[test]
fn a_large_file_is_checked_in_parts_and_its_errors_and_duplicates_come_in_file_order() {
    let store = store();
    // Large enough to be converted in parts, one per core: its errors still come in file
    // order, and a duplicate in the last part still names its line in the first.
    let file = organisations_csv(9000)
        .replace("Ville 10;FR;1010", "Ville 10;Atlantis;1010")
        .replace("Ville 4600;FR;5600", "Ville 4600;FR;many")
        .replace("Ville 8990;FR;9990", "Ville 8990;Utopia;9990")
        .replace("Ville 8000;FR;9000", "Ville 5;FR;9000");
    let mapping = store.import_preview(ImportKind::Organisations, file.as_bytes(), "big.csv").expect("preview").mapping;
    let check = store.import_check(ImportKind::Organisations, file.as_bytes(), "big.csv", &mapping).expect("check");
    let errors: Vec<(u32, TargetField)> = check.errors.iter().map(|e| (e.line, e.field)).collect();
    assert_eq!(errors, vec![(12, TargetField::Country), (4602, TargetField::Population), (8992, TargetField::Country)]);
    assert_eq!(check.duplicates.len(), 1);
    assert_eq!((check.duplicates[0].line, &check.duplicates[0].of), (8002, &DuplicateOf::Line { line: 7 }));
}

#[test]
fn new_records_are_written_in_name_order_and_a_duplicate_merges_after_them() {
    let mut store = store();
    let file = "Name;Country;Website\nZagreb;HR;\nÁ Coruña;ES;\nMainz;DE;\nZagreb;HR;https://zagreb.hr\nBesançon;FR;\n";
    assert_eq!(import_merging(&mut store, file), ImportSummary { created: 4, merged: 1, skipped: 0 });
    let in_writing_order = column(&store, "SELECT name FROM organisations ORDER BY rowid");
    assert_eq!(in_writing_order, vec!["Á Coruña", "Besançon", "Mainz", "Zagreb"]);
    let keys_by_name: Vec<i64> = store.conn.prepare("SELECT key FROM organisation_search ORDER BY sort_key, id").expect("sql")
        .query_map([], |r| r.get(0)).expect("rows").collect::<Result<_, _>>().expect("keys");
    assert!(keys_by_name.windows(2).all(|pair| pair[0] < pair[1]), "search keys follow names: {keys_by_name:?}");
    store.conn.execute("INSERT INTO organisation_fts (organisation_fts) VALUES ('integrity-check')", []).expect("the FTS matches its rows");
    let zagreb = store.list_organisations(&OrganisationQuery { search: "zagreb".into(), ..Default::default() }).expect("search");
    assert_eq!(store.organisation(&zagreb.rows[0].id).expect("read").fields.website, "https://zagreb.hr");
}

#[test]
fn after_an_import_the_threshold_is_restored_and_the_log_is_copied_into_the_database_file_in_the_background() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("store.sqlite3");
    let mut store = Store::open(&path).expect("open");
    import(&mut store, ImportKind::Organisations, &organisations_csv(3000), "members.csv");
    let threshold: i64 = store.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).expect("pragma");
    assert_eq!(threshold, 1000, "SQLite's own threshold is back after the import");
    store.wait_for_checkpoint();
    // The database file alone, without its log, already holds the rows.
    let copy = folder.path().join("copy.sqlite3");
    std::fs::copy(&path, &copy).expect("copy the database file");
    let alone = rusqlite::Connection::open(&copy).expect("open the copy");
    let rows: i64 = alone.query_row("SELECT count(*) FROM organisations", [], |r| r.get(0)).expect("count");
    assert_eq!(rows, 3000);
}

#[test]
fn erasing_a_contact_right_after_a_large_import_leaves_their_name_in_neither_the_database_nor_its_log() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("store.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let mut file = String::from("First name;Last name;E-mail\nIoana;Țepeș;ioana.tepes@example.ro\n");
    for i in 0..5000 {
        file.push_str(&format!("Sam;Smith {i};sam{i}@example.org\n"));
    }
    import(&mut store, ImportKind::People, &file, "contacts.csv");
    // At once: the copy of the import's log may still be running in the background.
    store.erase_person(&person_id(&store, "tepes")).expect("erase");
    let mut bytes = std::fs::read(&path).expect("database");
    bytes.extend(std::fs::read(folder.path().join("store.sqlite3-wal")).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Țepeș") && !text.contains("ioana.tepes"), "the erased contact is still in the store's files");
}
