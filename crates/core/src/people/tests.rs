use crate::model::{PersonQuery, PersonSort};
use crate::test_support::{crowd, expected_people, organisation, person, store};
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

fn ids(page: &crate::model::Page<crate::model::PersonRow>) -> Vec<String> {
    page.rows.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn short_prefixes_list_every_match_in_name_order_with_an_exact_count() {
    let store = crowd();
    for search in ["s", "so", "m", "ma", "z", "sophie dubois", "deputy"] {
        for descending in [false, true] {
            let all = expected_people(&store, search, descending);
            for (limit, offset) in [(100, 0), (25, 40)] {
                let query = PersonQuery { search: search.into(), descending, limit, offset, ..PersonQuery::default() };
                let page = store.list_people(&query).expect("list");
                assert_eq!(page.total as usize, all.len(), "{search:?}");
                let expected: Vec<String> = all.iter().skip(offset as usize).take(limit as usize).cloned().collect();
                assert_eq!(ids(&page), expected, "{search:?} desc={descending} {limit}@{offset}");
            }
        }
    }
}

#[test]
fn lodz_finds_the_people_of_lodz_and_lukasik_finds_lukasik() {
    let store = crowd();
    let page = store.list_people(&PersonQuery { search: "lodz".into(), limit: 1000, ..PersonQuery::default() }).expect("list");
    assert!(page.total > 0);
    assert_eq!(page.total as usize, expected_people(&store, "lodz", false).len());
    assert!(page.rows.iter().all(|r| r.organisation_name.as_deref() == Some("Łódź")));
    let page = store.list_people(&PersonQuery { search: "LUKASIK".into(), limit: 1000, ..PersonQuery::default() }).expect("list");
    assert!(page.total > 0);
    assert!(page.rows.iter().all(|r| r.last_name == "Łukasik"));
}

#[test]
fn a_search_combines_with_the_country_and_organisation_filters_and_other_sorts() {
    let store = crowd();
    let country_of = |id: &str| -> Option<String> {
        store
            .conn
            .query_row("SELECT o.country FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?1", [id], |r| r.get(0))
            .expect("country")
    };
    let lodz: String = store.conn.query_row("SELECT id FROM organisations WHERE name = 'Łódź'", [], |r| r.get(0)).expect("lodz");
    for search in ["s", "m", "martin", "deputy"] {
        let all = expected_people(&store, search, false);
        let in_poland: Vec<String> = all.iter().filter(|id| country_of(id).as_deref() == Some("PL")).cloned().collect();
        let query = PersonQuery { search: search.into(), country: Some("pl".into()), limit: 1000, ..PersonQuery::default() };
        let page = store.list_people(&query).expect("by country");
        assert_eq!((page.total as usize, ids(&page)), (in_poland.len(), in_poland.clone()), "{search:?} in PL");
        let query = PersonQuery { search: search.into(), organisation_id: Some(lodz.clone()), limit: 1000, ..PersonQuery::default() };
        let page = store.list_people(&query).expect("by organisation");
        assert_eq!((page.total as usize, ids(&page)), (in_poland.len(), in_poland), "{search:?} of Łódź, the only Polish organisation");
        let query = PersonQuery { search: search.into(), sort: PersonSort::FirstName, limit: 1000, ..PersonQuery::default() };
        let page = store.list_people(&query).expect("by first name");
        let mut found = ids(&page);
        found.sort();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!((page.total as usize, found), (all.len(), expected), "{search:?} by first name");
        let firsts: Vec<String> = page.rows.iter().map(|r| r.first_name.to_lowercase()).collect();
        assert!(firsts.windows(2).all(|pair| pair[0] <= pair[1]), "{search:?} sorted by first name");
    }
}

#[test]
fn a_deleted_contact_leaves_short_searches_and_their_count_and_comes_back_with_undo() {
    let mut store = crowd();
    let before = expected_people(&store, "s", false);
    let gone = before[0].clone();
    let deleted = store.delete_person(&gone).expect("deleted");
    let query = PersonQuery { search: "s".into(), ..PersonQuery::default() };
    let page = store.list_people(&query).expect("list");
    assert_eq!(page.total as usize, before.len() - 1);
    assert!(!ids(&page).contains(&gone));
    assert_eq!(ids(&page), expected_people(&store, "s", false).into_iter().take(100).collect::<Vec<_>>());
    store.undo(&deleted).expect("undone");
    let page = store.list_people(&query).expect("list");
    assert_eq!(page.total as usize, before.len());
    assert_eq!(ids(&page)[0], gone);
}
