use crate::fold::fold;
use crate::model::{OrganisationQuery, PersonQuery};
use crate::practices::PracticeQuery;
use crate::test_support::{organisation, person, practice};
use crate::Store;

/// Puts a store made by this build back in schema 9's layout: no own indexes, everyone in the
/// shared index, as the app before migration 10 wrote them, none of migration 11's batches and
/// not migration 12's index.
fn as_schema_9(store: &Store) {
    store
        .conn
        .execute_batch(
            "DROP TABLE person_fts; DROP TABLE person_search; DROP TABLE organisation_fts; DROP TABLE organisation_search;
             DROP TABLE search_rebuilds; DROP TABLE batch_records; ALTER TABLE outbox DROP COLUMN records;
             DROP INDEX registrations_live_status;",
        )
        .expect("drop the new layout");
    let mut live = store
        .conn
        .prepare(
            "SELECT 'person', id, first_name || ' ' || last_name || ' ' || function FROM people WHERE deleted_at IS NULL
             UNION ALL SELECT 'organisation', id, name || ' ' || country FROM organisations WHERE deleted_at IS NULL",
        )
        .expect("query");
    let entries: Vec<(String, String, String)> =
        live.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("rows").collect::<rusqlite::Result<_>>().expect("rows");
    for (entity, id, text) in entries {
        store.conn.execute("INSERT INTO search_rows (entity, entity_id) VALUES (?1, ?2)", [&entity, &id]).expect("row");
        let rowid = store.conn.last_insert_rowid();
        store.conn.execute("INSERT INTO search_index (rowid, text) VALUES (?1, ?2)", rusqlite::params![rowid, fold(&text)]).expect("text");
    }
    store.conn.pragma_update(None, "user_version", 9).expect("version 9");
}

#[test]
fn an_existing_store_is_moved_to_the_list_indexes_when_it_is_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite3");
    let (lodz_person, gone) = {
        let mut store = Store::open(&path).expect("open");
        let lodz = store.create_organisation(&organisation("Łódź", "PL")).expect("lodz");
        store.create_organisation(&organisation("Sevilla", "ES")).expect("sevilla");
        let kept = store.create_person(&person("Ewa", "Nowak", Some(&lodz.id))).expect("ewa");
        let gone = store.create_person(&person("Sara", "Nowak", None)).expect("sara");
        for i in 0..30 {
            store.create_person(&person("Sam", &format!("Smith {i}"), None)).expect("smith");
        }
        store.delete_person(&gone.id).expect("deleted");
        store.create_practice(&practice("Łódź reads aloud", "PL")).expect("practice");
        as_schema_9(&store);
        (kept.id, gone.id)
    };
    let store = Store::open(&path).expect("migrates");
    assert!(store.schema_version().expect("version") >= 10);
    let pending: i64 = store.conn.query_row("SELECT count(*) FROM search_rebuilds", [], |r| r.get(0)).expect("pending");
    assert_eq!(pending, 0, "the rebuild ran and was recorded");
    let moved: i64 =
        store.conn.query_row("SELECT count(*) FROM search_rows WHERE entity IN ('person', 'organisation')", [], |r| r.get(0)).expect("rows");
    assert_eq!(moved, 0, "people and organisations left the shared index");
    store.conn.execute("INSERT INTO person_fts (person_fts) VALUES ('integrity-check')", []).expect("people's FTS matches its rows");

    let page = store.list_people(&PersonQuery { search: "lodz".into(), ..PersonQuery::default() }).expect("lodz");
    assert_eq!((page.total, page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>()), (1, vec![lodz_person]));
    let page = store.list_people(&PersonQuery { search: "s".into(), limit: 10, ..PersonQuery::default() }).expect("s");
    assert_eq!(page.total, 30, "the deleted Sara stays out");
    assert!(page.rows.iter().all(|r| r.id != gone && r.last_name.starts_with("Smith")));
    let names: Vec<&str> = page.rows.iter().map(|r| r.last_name.as_str()).collect();
    assert_eq!(names[..3], ["Smith 0", "Smith 1", "Smith 10"]);
    let orgs = store.list_organisations(&OrganisationQuery { search: "s".into(), ..OrganisationQuery::default() }).expect("orgs");
    assert_eq!((orgs.total, orgs.rows[0].name.as_str()), (1, "Sevilla"));
    let practices = store.practices(&PracticeQuery { search: "lodz".into(), ..PracticeQuery::default() }).expect("practices");
    assert_eq!(practices.len(), 1, "best practices are still found in the shared index");
}
