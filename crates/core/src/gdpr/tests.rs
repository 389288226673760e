//! Erasure, export and the review of inactive contacts on a real in-memory store.

use super::*;
use crate::model::{PersonInput, PersonRole};
use crate::test_support::{organisation, store};

fn ioana(organisation_id: &str) -> PersonInput {
    PersonInput {
        first_name: "Ioana".into(),
        last_name: "Țepeș".into(),
        function: "Deputy mayor in charge of culture".into(),
        role: PersonRole::Elected,
        organisation_id: Some(organisation_id.into()),
        emails: vec!["ioana.tepes@example.ro".into()],
        phones: vec!["+40 241 000 000".into()],
        languages: vec!["ro".into(), "fr".into()],
        notes: "Met in Esch 2022".into(),
    }
}

/// Every text column of the store that could hold a person's data, in one string.
fn everything(store: &Store) -> String {
    let mut all = String::new();
    for sql in [
        "SELECT first_name || last_name || function || emails || phones || notes FROM people",
        "SELECT args || changes FROM mutations",
        "SELECT overwritten || value FROM conflicts",
        "SELECT text FROM search_index",
        "SELECT words FROM person_search",
    ] {
        let mut statement = store.conn.prepare(sql).expect("query");
        let rows = statement.query_map([], |r| r.get::<_, String>(0)).expect("rows");
        for row in rows {
            all.push_str(&row.expect("row"));
            all.push('\n');
        }
    }
    all
}

#[test]
fn erasing_a_person_leaves_no_trace_of_their_data_but_keeps_the_record_and_its_history_shape() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let person = store.create_person(&ioana(&porto.id)).expect("person");
    let mut edited = ioana(&porto.id);
    edited.emails = vec!["ioana@constanta.example.ro".into()];
    store.update_person(&person.id, &edited).expect("edit");
    assert!(everything(&store).contains("Țepeș"));

    store.erase_person(&person.id).expect("erases");

    let all = everything(&store);
    for secret in ["Ioana", "Țepeș", "tepes", "example.ro", "Deputy mayor", "+40", "Esch"] {
        assert!(!all.contains(secret), "{secret} is still stored:\n{all}");
    }
    // The history keeps who changed which field when; the values are gone.
    let history = store.history(EntityKind::Person, &person.id).expect("history");
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].name, "ErasePerson");
    assert!(history[1].changes.iter().any(|c| c.field == "emails" && c.after == json!(ERASED_VALUE)));
    // Not found by the search box, not in the contacts list; the organisation keeps its count.
    let found = store
        .list_people(&crate::model::PersonQuery { search: "tepes".into(), limit: 10, ..Default::default() })
        .expect("search");
    assert_eq!(found.total, 0);
    assert!(store.is_person_erased(&person.id).expect("erased"));
    let stored = record::read(&store.conn, &PEOPLE, &person.id).expect("read").expect("the record stays");
    assert!(stored.deleted);
    assert_eq!(stored.fields["organisation_id"], json!(porto.id));
}

#[test]
fn an_erasure_cannot_be_undone_nor_repeated() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let person = store.create_person(&ioana(&porto.id)).expect("person");
    let delete = store.delete_person(&person.id).expect("delete");
    store.erase_person(&person.id).expect("erases a deleted person too");
    assert!(matches!(store.undo(&delete), Err(CoreError::Undo(_))));
    assert!(matches!(store.erase_person(&person.id), Err(CoreError::Validation { .. })));
    assert!(matches!(store.erase_person("nobody"), Err(CoreError::NotFound { .. })));
}

#[test]
fn unsent_edits_of_an_erased_person_go_out_with_the_erased_values() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let person = store.create_person(&ioana(&porto.id)).expect("person");
    store.erase_person(&person.id).expect("erases");
    let pending: Vec<(String, String)> = store
        .conn
        .prepare("SELECT m.name, m.args FROM outbox o JOIN mutations m ON m.id = o.mutation_id WHERE m.entity = 'person' ORDER BY o.seq")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<std::result::Result<_, _>>()
        .expect("rows");
    assert_eq!(pending.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["CreatePerson", "ErasePerson"]);
    let create: Value = serde_json::from_str(&pending[0].1).expect("json");
    assert_eq!(create["fields"]["last_name"], json!(ERASED_VALUE));
    assert_eq!(create["fields"]["emails"], json!([]));
    assert_eq!(create["fields"]["organisation_id"], json!(porto.id));
}

#[test]
fn the_export_holds_the_record_its_history_and_seats_as_json_and_readable_html() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let person = store.create_person(&ioana(&porto.id)).expect("person");
    store
        .add_seat(&crate::committee::SeatInput {
            person_id: person.id.clone(),
            role: crate::committee::SeatRole::Treasurer,
            term_start: "2024-06-01".into(),
            term_end: None,
            account_username: None,
        })
        .expect("seat");
    let files = store.person_export_files(&person.id, DocumentLanguage::En).expect("export");
    assert_eq!(files.stem, "Personal data — Ioana Țepeș");
    let json: Value = serde_json::from_str(&files.json).expect("valid json");
    assert_eq!(json["person"]["emails"], json!(["ioana.tepes@example.ro"]));
    assert_eq!(json["organisation"]["name"], "Porto");
    assert_eq!(json["committee_seats"][0]["role"], "treasurer");
    assert_eq!(json["history"][0]["name"], "CreatePerson");
    assert!(files.html.contains("<h1>Personal data held about Ioana Țepeș</h1>"));
    assert!(files.html.contains("ioana.tepes@example.ro") && files.html.contains("Porto (PT)"));
    // Text is escaped: a note with markup stays text.
    let mut tricky = ioana(&porto.id);
    tricky.notes = "<script>alert(1)</script>".into();
    store.update_person(&person.id, &tricky).expect("edit");
    let html = store.person_export_files(&person.id, DocumentLanguage::Fr).expect("export").html;
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert!(html.contains("Données personnelles détenues sur"));
}

#[test]
fn contacts_with_no_activity_for_the_set_number_of_years_are_listed_for_review() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let old = store.create_person(&ioana(&porto.id)).expect("old");
    let mut recent_input = ioana(&porto.id);
    recent_input.first_name = "Ana".into();
    let recent = store.create_person(&recent_input).expect("recent");
    let mut seated_input = ioana(&porto.id);
    seated_input.first_name = "Gábor".into();
    let seated = store.create_person(&seated_input).expect("seated");
    // Age the records as if they were written in 2020.
    for id in [&old.id, &seated.id] {
        store.conn.execute("UPDATE mutations SET at = '2020-03-01T10:00:00.000Z' WHERE entity_id = ?1", [id]).expect("age");
        store.conn.execute("UPDATE people SET created_at = '2020-03-01T10:00:00.000Z' WHERE id = ?1", [id]).expect("age");
    }
    store
        .add_seat(&crate::committee::SeatInput {
            person_id: seated.id.clone(),
            role: crate::committee::SeatRole::Member,
            term_start: "2019-01-01".into(),
            term_end: Some("2025-12-31".into()),
            account_username: None,
        })
        .expect("seat");
    store.conn.execute("UPDATE mutations SET at = '2019-01-01T10:00:00.000Z' WHERE entity = 'committee_seat'", []).expect("age");

    let review = store.inactive_contacts("2026-11-25").expect("review");
    assert_eq!((review.years, review.since.as_str()), (3, "2023-11-25"));
    assert_eq!(review.contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [old.id.as_str()]);
    assert_eq!(review.contacts[0].last_activity, "2020-03-01");
    assert_eq!(review.contacts[0].organisation_name.as_deref(), Some("Porto"));
    let _ = recent;

    store.set_gdpr_settings(&GdprSettings { inactive_years: 1 }).expect("settings");
    let review = store.inactive_contacts("2027-06-01").expect("review");
    assert_eq!(review.contacts.len(), 2, "the seat ended in 2025: Gábor is listed too");
    assert!(matches!(store.set_gdpr_settings(&GdprSettings { inactive_years: 0 }), Err(CoreError::Validation { .. })));
}

#[test]
fn erasing_a_subscriber_drops_their_consent_token_and_their_lines_in_the_sending_log() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let person = store.create_person(&ioana(&porto.id)).expect("person");
    let consent = crate::bulletin::ConsentInput { given_on: "2026-01-15".into(), how: "sign-up form in Porto".into() };
    store.record_bulletin_consent(&person.id, &consent).expect("consent");
    let issue = store
        .create_issue(&crate::bulletin::issues::IssueInput { subject: "News".into(), body: "Hello".into() })
        .expect("issue");
    store.queue_issue(&issue.id).expect("queued");
    assert_eq!(store.deliveries(&issue.id).expect("deliveries").len(), 1);

    store.erase_person(&person.id).expect("erases");

    assert!(store.deliveries(&issue.id).expect("deliveries").is_empty(), "the sending log names nobody erased");
    let (token, consent_how): (Option<String>, Option<String>) = store
        .conn
        .query_row("SELECT bulletin_token, bulletin_consent_how FROM people WHERE id = ?1", [&person.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("row");
    assert_eq!((token, consent_how), (None, None));
}
