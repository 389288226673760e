use super::catalogue::{render, CatalogueLanguage};
use super::*;
use crate::model::EntityKind;
use crate::test_support::{organisation, practice, store};

fn titles(rows: &[PracticeRow]) -> Vec<&str> {
    rows.iter().map(|r| r.title.as_str()).collect()
}

fn field_of<T: std::fmt::Debug>(result: Result<T>) -> String {
    match result {
        Err(CoreError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn search(store: &Store, words: &str) -> Vec<String> {
    store.practices(&PracticeQuery { search: words.into(), ..Default::default() }).expect("search").into_iter().map(|r| r.title).collect()
}

#[test]
fn a_practice_is_created_read_edited_and_deleted() {
    let mut store = store();
    let created = store
        .create_practice(&PracticeInput {
            summary: "Schools and orchestras".into(),
            body: "**Every** pupil plays.".into(),
            place: "Porto".into(),
            themes: vec![Theme::Heritage, Theme::ArtisticEducation, Theme::Heritage],
            tags: vec!["music".into(), " Music ".into(), "youth".into()],
            period_start: Some(2019),
            links: vec!["www.porto.pt/orquestra".into()],
            event: "Conference in Porto 2023".into(),
            ..practice("Orchestra at school", "pt")
        })
        .expect("created");
    assert_eq!(created.fields.country, "PT");
    assert_eq!(created.country_name, "Portugal");
    assert_eq!(created.fields.themes, vec![Theme::ArtisticEducation, Theme::Heritage], "sorted, no duplicates");
    assert_eq!(created.fields.tags, vec!["music".to_string(), "youth".to_string()], "a tag differing by case is one tag");
    assert_eq!(created.fields.links, vec!["https://www.porto.pt/orquestra".to_string()]);
    assert_eq!(created.body_html.trim(), "<p><strong>Every</strong> pupil plays.</p>");

    let edited = store.update_practice(&created.id, &PracticeInput { period_end: Some(2024), ..created.fields.clone() }).expect("edited");
    assert_eq!(edited.fields.period_end, Some(2024));
    assert_eq!(store.history(EntityKind::BestPractice, &created.id).expect("history").len(), 2);

    store.delete_practice(&created.id).expect("deleted");
    assert!(matches!(store.practice(&created.id), Err(CoreError::NotFound { .. })));
    assert!(store.practices(&PracticeQuery::default()).expect("list").is_empty());
    assert!(search(&store, "orchestra").is_empty(), "a deleted practice leaves the index");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut store = store();
    assert_eq!(field_of(store.create_practice(&practice("  ", "PT"))), "title");
    assert_eq!(field_of(store.create_practice(&practice("A", ""))), "country");
    assert_eq!(field_of(store.create_practice(&practice("A", "XX"))), "country");
    assert_eq!(field_of(store.create_practice(&PracticeInput { period_start: Some(2020), period_end: Some(2019), ..practice("A", "PT") })), "period_end");
    assert_eq!(field_of(store.create_practice(&PracticeInput { period_start: Some(20), ..practice("A", "PT") })), "period_start");
    assert_eq!(field_of(store.create_practice(&PracticeInput { links: vec!["javascript:alert(1)".into()], ..practice("A", "PT") })), "links");
    assert_eq!(field_of(store.create_practice(&PracticeInput { organisation_id: Some("nope".into()), ..practice("A", "PT") })), "organisation_id");
    assert!(store.practices(&PracticeQuery::default()).expect("list").is_empty());
    assert_eq!(store.outbox_len().expect("outbox"), 0);
}

#[test]
fn an_organisation_fills_an_empty_place_and_country() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Timișoara", "RO")).expect("organisation");
    let created = store.create_practice(&PracticeInput { organisation_id: Some(org.id.clone()), ..practice("Capital of culture", "") }).expect("created");
    assert_eq!(created.fields.country, "RO");
    assert_eq!(created.fields.place, "Timișoara");
    assert_eq!(created.organisation_name.as_deref(), Some("Timișoara"));
}

#[test]
fn a_practice_is_found_by_its_organisations_new_name_after_a_rename() {
    let mut store = store();
    let org = store.create_organisation(&organisation("Karl-Marx-Stadt", "DE")).expect("organisation");
    store.create_practice(&PracticeInput { organisation_id: Some(org.id.clone()), place: "Saxony".into(), ..practice("Open studios", "") }).expect("created");
    assert_eq!(search(&store, "karl marx"), vec!["Open studios".to_string()]);
    let mut renamed = store.organisation(&org.id).expect("read").fields;
    renamed.name = "Chemnitz".into();
    store.update_organisation(&org.id, &renamed).expect("renamed");
    assert_eq!(search(&store, "chemnitz"), vec!["Open studios".to_string()]);
    assert!(search(&store, "karl marx").is_empty());
}

#[test]
fn search_ignores_accents_and_case_and_finds_every_field() {
    let mut store = store();
    store
        .create_practice(&PracticeInput {
            summary: "Médiation culturelle dans les quartiers".into(),
            body: "Une *résidence* d'artistes à Łódź.".into(),
            place: "Région Île-de-France".into(),
            tags: vec!["Künstlerhaus".into()],
            event: "Assemblée générale de Košice".into(),
            ..practice("Théâtre de la Cité", "FR")
        })
        .expect("created");
    store.create_practice(&practice("Book fair", "DE")).expect("created");
    for words in ["theatre", "THÉÂTRE", "theatre cite", "mediation", "residence", "lodz", "ile-de-france", "kunstlerhaus", "kosice", "france", "thea"] {
        assert_eq!(search(&store, words), vec!["Théâtre de la Cité".to_string()], "searching {words:?}");
    }
    assert!(search(&store, "opera").is_empty());
    assert_eq!(search(&store, "book"), vec!["Book fair".to_string()]);
}

#[test]
fn themes_are_found_by_their_english_and_french_names() {
    let mut store = store();
    store.create_practice(&PracticeInput { themes: vec![Theme::Heritage, Theme::CitizensParticipation], ..practice("Old mills", "BE") }).expect("created");
    assert_eq!(search(&store, "heritage"), vec!["Old mills".to_string()]);
    assert_eq!(search(&store, "patrimoine"), vec!["Old mills".to_string()]);
    assert_eq!(search(&store, "participation citoyenne"), vec!["Old mills".to_string()]);
    assert_eq!(search(&store, "Belgium"), vec!["Old mills".to_string()]);
}

#[test]
fn filters_by_theme_country_and_year_combine_with_search() {
    let mut store = store();
    store.create_practice(&PracticeInput { themes: vec![Theme::Urbanism], period_start: Some(2015), period_end: Some(2018), ..practice("Street art map", "PT") }).expect("a");
    store.create_practice(&PracticeInput { themes: vec![Theme::Urbanism, Theme::Heritage], period_start: Some(2020), ..practice("Reused factory", "PT") }).expect("b");
    store.create_practice(&PracticeInput { themes: vec![Theme::Heritage], period_start: Some(2017), period_end: Some(2017), ..practice("Castle nights", "ES") }).expect("c");
    store.create_practice(&practice("No period", "ES")).expect("d");
    let list = |query: PracticeQuery| titles(&store.practices(&query).expect("list")).iter().map(|s| s.to_string()).collect::<Vec<_>>();

    assert_eq!(list(PracticeQuery::default()), vec!["Castle nights", "No period", "Reused factory", "Street art map"]);
    assert_eq!(list(PracticeQuery { theme: Some(Theme::Urbanism), ..Default::default() }), vec!["Reused factory", "Street art map"]);
    assert_eq!(list(PracticeQuery { country: Some("es".into()), ..Default::default() }), vec!["Castle nights", "No period"]);
    assert_eq!(list(PracticeQuery { year: Some(2017), ..Default::default() }), vec!["Castle nights", "Street art map"]);
    assert_eq!(list(PracticeQuery { year: Some(2019), ..Default::default() }), Vec::<String>::new());
    assert_eq!(list(PracticeQuery { year: Some(2030), ..Default::default() }), vec!["Reused factory"], "no last year: still running");
    assert_eq!(list(PracticeQuery { theme: Some(Theme::Heritage), country: Some("PT".into()), ..Default::default() }), vec!["Reused factory"]);
    assert_eq!(list(PracticeQuery { search: "factory".into(), theme: Some(Theme::Heritage), year: Some(2021), ..Default::default() }), vec!["Reused factory"]);
    assert_eq!(list(PracticeQuery { search: "factory".into(), country: Some("ES".into()), ..Default::default() }), Vec::<String>::new());

    let countries: Vec<String> = store.practice_countries().expect("countries").into_iter().map(|c| c.name).collect();
    assert_eq!(countries, vec!["Portugal", "Spain"]);
}

#[test]
fn a_deleted_practice_comes_back_with_undo() {
    let mut store = store();
    let created = store.create_practice(&practice("Undo me", "IT")).expect("created");
    let deletion = store.delete_practice(&created.id).expect("deleted");
    store.undo(&deletion).expect("undone");
    assert_eq!(store.practice(&created.id).expect("back").fields.title, "Undo me");
    assert_eq!(search(&store, "undo"), vec!["Undo me".to_string()]);
}

#[test]
fn the_body_is_sanitised_when_read() {
    let mut store = store();
    let created = store
        .create_practice(&PracticeInput {
            body: "Hi <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>".into(),
            ..practice("Sneaky", "FR")
        })
        .expect("created");
    let html = created.body_html.to_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "the text is kept visible: {html}");
}

#[test]
fn the_catalogue_is_one_self_contained_file_with_every_practice_escaped() {
    let mut store = store();
    store
        .create_practice(&PracticeInput {
            summary: "A <b>bold</b> claim & more".into(),
            body: "## Steps\n\n1. Ask <script>x()</script>\n".into(),
            themes: vec![Theme::Heritage],
            tags: vec!["<tag>".into()],
            period_start: Some(2018),
            period_end: Some(2021),
            links: vec!["https://example.org/a?b=1&c=2".into()],
            event: "Graz 2024".into(),
            ..practice("Festival \"Nuits\"", "AT")
        })
        .expect("created");
    store.create_practice(&practice("Second one", "AT")).expect("created");
    let (html, count) = store.practice_catalogue(&PracticeQuery::default(), CatalogueLanguage::En).expect("catalogue");
    assert_eq!(count, 2);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h2>Festival &quot;Nuits&quot;</h2>"), "{html}");
    assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; claim &amp; more"));
    assert!(html.contains("<span>&lt;tag&gt;</span>"));
    assert!(html.contains("2018–2021"));
    assert!(html.contains("Heritage"));
    assert!(html.contains("href=\"https://example.org/a?b=1&amp;c=2\""));
    assert!(html.contains("<h2>Steps</h2>"));
    assert!(html.contains("2 practices"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script at all");
    assert!(!lower.contains("<link") && !lower.contains("src=\"http"), "nothing loaded from elsewhere");

    let french = render(&store.practices_in_full(&PracticeQuery::default()).expect("full"), CatalogueLanguage::Fr, "2026-01-01");
    assert!(french.contains("Patrimoine") && french.contains("2 pratiques") && french.contains("lang=\"fr\""));
    let filtered = store.practice_catalogue(&PracticeQuery { search: "second".into(), ..Default::default() }, CatalogueLanguage::En).expect("filtered");
    assert_eq!(filtered.1, 1);
    assert!(!filtered.0.contains("Nuits"));
}
