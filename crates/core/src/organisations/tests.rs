use crate::model::{MembershipCategory, MembershipStatus, OrganisationQuery, OrganisationSort};
use crate::test_support::{organisation, store};
use crate::CoreError;

fn field_of(error: CoreError) -> String {
    match error {
        CoreError::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other}"),
    }
}

fn search(store: &crate::Store, text: &str) -> Vec<String> {
    let query = OrganisationQuery { search: text.into(), ..OrganisationQuery::default() };
    store.list_organisations(&query).expect("list").rows.into_iter().map(|r| r.name).collect()
}

#[test]
fn creating_an_organisation_stores_it_normalised() {
    let mut store = store();
    let mut input = organisation("  Porto ", "pt");
    input.website = "www.porto.pt".into();
    input.languages = vec!["PT".into(), "en".into()];
    let created = store.create_organisation(&input).expect("created");
    assert_eq!(created.fields.name, "Porto");
    assert_eq!(created.fields.country, "PT");
    assert_eq!(created.fields.website, "https://www.porto.pt");
    assert_eq!(created.fields.languages, vec!["pt", "en"]);
    assert_eq!(created.version, 1);
    assert_eq!(store.organisation(&created.id).expect("read back"), created);
}

#[test]
fn each_broken_rule_names_its_field_and_stores_nothing() {
    let mut store = store();
    let cases = [
        ("name", { let mut i = organisation("", "FR"); i.name = "   ".into(); i }),
        ("country", organisation("Lyon", "ZZ")),
        ("population", { let mut i = organisation("Lyon", "FR"); i.population = Some(-1); i }),
        ("email", { let mut i = organisation("Lyon", "FR"); i.email = "culture@lyon".into(); i }),
        ("website", { let mut i = organisation("Lyon", "FR"); i.website = "not a site".into(); i }),
        ("left_on", { let mut i = organisation("Lyon", "FR"); i.joined_on = Some("2020-01-01".into()); i.left_on = Some("2019-01-01".into()); i }),
    ];
    for (field, input) in cases {
        assert_eq!(field_of(store.create_organisation(&input).expect_err(field)), field);
    }
    assert!(store.is_empty().expect("empty"));
    assert_eq!(store.outbox_len().expect("outbox"), 0);
}

#[test]
fn search_ignores_case_and_accents_including_comma_below() {
    let mut store = store();
    for (name, country) in [("Västerbotten", "SE"), ("Constanța County", "RO"), ("Łódź", "PL"), ("Porto", "PT")] {
        store.create_organisation(&organisation(name, country)).expect("created");
    }
    assert_eq!(search(&store, "vasterbotten"), vec!["Västerbotten"]);
    assert_eq!(search(&store, "CONSTANTA"), vec!["Constanța County"]);
    assert_eq!(search(&store, "lodz"), vec!["Łódź"]);
    assert_eq!(search(&store, "por"), vec!["Porto"]);
    assert_eq!(search(&store, "romania"), vec!["Constanța County"], "found by its country's name");
    assert!(search(&store, "berlin").is_empty());
}

#[test]
fn an_edit_is_found_under_its_new_name_only() {
    let mut store = store();
    let created = store.create_organisation(&organisation("Constanta", "RO")).expect("created");
    let mut input = created.fields.clone();
    input.name = "Sibiu".into();
    store.update_organisation(&created.id, &input).expect("updated");
    assert!(search(&store, "constanta").is_empty());
    assert_eq!(search(&store, "sibiu"), vec!["Sibiu"]);
}

#[test]
fn the_list_filters_sorts_and_pages() {
    let mut store = store();
    for (name, country, population) in [("Évora", "PT", 56_596), ("Aarhus", "DK", 285_273), ("Braga", "PT", 181_494), ("Cork", "IE", 222_526)] {
        let mut input = organisation(name, country);
        input.population = Some(population);
        store.create_organisation(&input).expect("created");
    }
    let mut query = OrganisationQuery::default();
    let names = |q: &OrganisationQuery| store.list_organisations(q).expect("list").rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(names(&query), vec!["Aarhus", "Braga", "Cork", "Évora"], "accented names sort with their letter");
    query.sort = OrganisationSort::Population;
    query.descending = true;
    assert_eq!(names(&query), vec!["Aarhus", "Cork", "Braga", "Évora"]);
    query.country = Some("pt".into());
    assert_eq!(names(&query), vec!["Braga", "Évora"]);
    query.country = None;
    query.limit = 2;
    query.offset = 2;
    let page = store.list_organisations(&query).expect("page");
    assert_eq!(page.total, 4);
    assert_eq!(page.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["Braga", "Évora"]);
}

#[test]
fn membership_filters_select_by_category_and_status() {
    let mut store = store();
    let mut associate = organisation("Kulturhaus", "DE");
    associate.category = MembershipCategory::Associate;
    store.create_organisation(&associate).expect("associate");
    let mut lapsed = organisation("Graz", "AT");
    lapsed.status = MembershipStatus::Lapsed;
    store.create_organisation(&lapsed).expect("lapsed");
    store.create_organisation(&organisation("Linz", "AT")).expect("active");
    let query = OrganisationQuery { category: Some(MembershipCategory::Associate), ..OrganisationQuery::default() };
    assert_eq!(store.list_organisations(&query).expect("list").total, 1);
    let query = OrganisationQuery { status: Some(MembershipStatus::Lapsed), ..OrganisationQuery::default() };
    assert_eq!(store.list_organisations(&query).expect("list").rows[0].name, "Graz");
}

#[test]
fn a_deleted_organisation_leaves_lists_and_search_but_keeps_a_tombstone() {
    let mut store = store();
    let created = store.create_organisation(&organisation("Rijeka", "HR")).expect("created");
    store.delete_organisation(&created.id).expect("deleted");
    assert!(search(&store, "rijeka").is_empty());
    assert_eq!(store.list_organisations(&OrganisationQuery::default()).expect("list").total, 0);
    assert!(matches!(store.organisation(&created.id), Err(CoreError::NotFound { .. })));
    let deleted_at: Option<String> = store
        .conn
        .query_row("SELECT deleted_at FROM organisations WHERE id = ?1", [&created.id], |r| r.get(0))
        .expect("row kept");
    assert!(deleted_at.is_some());
    assert!(!store.is_empty().expect("not empty"));
}

#[test]
fn short_prefixes_and_filters_find_organisations_in_name_order_with_exact_counts() {
    let mut store = store();
    let mut lapsed = organisation("Szczecin", "PL");
    lapsed.status = MembershipStatus::Lapsed;
    store.create_organisation(&lapsed).expect("szczecin");
    for (name, country) in [("Sevilla", "ES"), ("Salzburg", "AT"), ("Sibiu", "RO"), ("Łódź", "PL"), ("Słupsk", "PL"), ("Aarhus", "DK"), ("Santander", "ES")] {
        store.create_organisation(&organisation(name, country)).expect("created");
    }
    let gone = store.create_organisation(&organisation("Sopot", "PL")).expect("sopot");
    store.delete_organisation(&gone.id).expect("deleted");
    let list = |query: OrganisationQuery| {
        let page = store.list_organisations(&query).expect("list");
        (page.total, page.rows.into_iter().map(|r| r.name).collect::<Vec<_>>())
    };
    let s = |more: OrganisationQuery| OrganisationQuery { search: "s".into(), ..more };
    assert_eq!(list(s(OrganisationQuery::default())), (6, vec!["Salzburg", "Santander", "Sevilla", "Sibiu", "Słupsk", "Szczecin"].into_iter().map(String::from).collect()));
    assert_eq!(list(s(OrganisationQuery { descending: true, limit: 2, ..OrganisationQuery::default() })).1, vec!["Szczecin", "Słupsk"]);
    assert_eq!(list(s(OrganisationQuery { offset: 4, limit: 1, ..OrganisationQuery::default() })), (6, vec!["Słupsk".to_string()]));
    assert_eq!(list(s(OrganisationQuery { country: Some("PL".into()), ..OrganisationQuery::default() })), (2, vec!["Słupsk".to_string(), "Szczecin".to_string()]));
    assert_eq!(list(s(OrganisationQuery { status: Some(MembershipStatus::Lapsed), ..OrganisationQuery::default() })), (1, vec!["Szczecin".to_string()]));
    assert_eq!(list(OrganisationQuery { search: "lodz".into(), ..OrganisationQuery::default() }), (1, vec!["Łódź".to_string()]));
    assert_eq!(list(OrganisationQuery { search: "poland".into(), sort: OrganisationSort::Country, ..OrganisationQuery::default() }).0, 3);
}
