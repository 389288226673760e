use crate::model::{PersonQuery, PersonSort};
use crate::test_support::{organisation, person, store};
use crate::CoreError;

#[test]
fn a_contact_is_linked_both_ways_to_its_organisation() {
    let mut store = store();
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let mut input = person("Inês", "Gonçalves", Some(&porto.id));
    input.emails = vec!["ines.goncalves@porto.example".into()];
    let created = store.create_person(&input).expect("person");
    assert_eq!(created.organisation_name.as_deref(), Some("Porto"));
    let detail = store.organisation_detail(&porto.id).expect("detail");
    assert_eq!(detail.contacts.len(), 1);
    assert_eq!(detail.contacts[0].email.as_deref(), Some("ines.goncalves@porto.example"));
    let rows = store.list_organisations(&Default::default()).expect("list").rows;
    assert_eq!(rows[0].contacts, 1);
}

#[test]
fn a_bad_email_is_refused_on_the_emails_field_and_nothing_is_saved() {
    let mut store = store();
    let mut input = person("Jan", "Novák", None);
    input.emails = vec!["jan.novak@brno.example".into(), "jan at brno".into()];
    match store.create_person(&input) {
        Err(CoreError::Validation { field, message }) => {
            assert_eq!(field, "emails");
            assert!(message.contains("jan at brno"), "{message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(store.is_empty().expect("empty"));
}

#[test]
fn a_person_needs_a_name_and_an_existing_organisation() {
    let mut store = store();
    let nameless = person(" ", "", None);
    assert!(matches!(store.create_person(&nameless), Err(CoreError::Validation { field, .. }) if field == "last_name"));
    let orphan = person("Ana", "Horvat", Some("01900000-0000-7000-8000-000000000000"));
    assert!(matches!(store.create_person(&orphan), Err(CoreError::Validation { field, .. }) if field == "organisation_id"));
}

#[test]
fn people_are_found_by_accent_free_name_function_and_organisation() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Constanța County", "RO")).expect("org");
    store.create_person(&person("Ioana", "Țurcanu", Some(&org.id))).expect("p1");
    store.create_person(&person("Piotr", "Łukasik", None)).expect("p2");
    let found = |text: &str| {
        let query = PersonQuery { search: text.into(), ..PersonQuery::default() };
        store.list_people(&query).expect("list").rows.into_iter().map(|r| r.last_name).collect::<Vec<_>>()
    };
    assert_eq!(found("turcanu"), vec!["Țurcanu"]);
    assert_eq!(found("lukasik"), vec!["Łukasik"]);
    assert_eq!(found("constanta"), vec!["Țurcanu"]);
    assert_eq!(found("deputy culture").len(), 2);
}

#[test]
fn renaming_an_organisation_makes_its_people_findable_under_the_new_name() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Tartu", "EE")).expect("org");
    store.create_person(&person("Kadri", "Tamm", Some(&org.id))).expect("person");
    let mut renamed = org.fields.clone();
    renamed.name = "Tartu 2024".into();
    store.update_organisation(&org.id, &renamed).expect("renamed");
    let query = PersonQuery { search: "2024".into(), ..PersonQuery::default() };
    assert_eq!(store.list_people(&query).expect("list").total, 1);
}

#[test]
fn contacts_sort_by_organisation_with_the_unattached_last() {
    let mut store = store();
    let b = store.create_organisation(&organisation("Bologna", "IT")).expect("b");
    let a = store.create_organisation(&organisation("Aarhus", "DK")).expect("a");
    store.create_person(&person("Zoe", "Alone", None)).expect("z");
    store.create_person(&person("Marco", "Rossi", Some(&b.id))).expect("m");
    store.create_person(&person("Freja", "Nielsen", Some(&a.id))).expect("f");
    let query = PersonQuery { sort: PersonSort::Organisation, ..PersonQuery::default() };
    let names: Vec<String> = store.list_people(&query).expect("list").rows.into_iter().map(|r| r.last_name).collect();
    assert_eq!(names, vec!["Nielsen", "Rossi", "Alone"]);
}

#[test]
fn a_search_counts_only_people_still_there() {
    let mut store = store();
    let kept = store.create_person(&person("Maria", "Ivanova", None)).expect("kept");
    let gone = store.create_person(&person("Maria", "Georgiev", None)).expect("gone");
    store.delete_person(&gone.id).expect("deleted");
    let query = PersonQuery { search: "maria".into(), ..PersonQuery::default() };
    let page = store.list_people(&query).expect("list");
    assert_eq!(page.total, 1);
    assert_eq!(page.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec![kept.id.as_str()]);
}
