use super::*;
use crate::import::{ImportKind, ImportOptions};
use crate::model::{MembershipCategory, MembershipStatus, OrganisationKind};
use crate::test_support::{organisation, person, store};

/// A small directory with the awkward values: accents, quotes, commas, newlines, lists, dates.
fn directory(store: &mut Store) {
    let mut besancon = organisation("Besançon", "FR");
    besancon.address = "2 rue Mégevand,\n25000 Besançon".into();
    besancon.website = "https://www.besancon.fr".into();
    besancon.email = "culture@besancon.fr".into();
    besancon.languages = vec!["fr".into(), "en".into()];
    besancon.joined_on = Some("2011-05-20".into());
    besancon.notes = "Says \"bonjour\"; hosts 2026".into();
    let besancon = store.create_organisation(&besancon).expect("besancon").id;
    let mut teatro = organisation("Teatro Nacional São João", "PT");
    teatro.kind = OrganisationKind::CulturalOrganisation;
    teatro.category = MembershipCategory::Associate;
    teatro.status = MembershipStatus::Applicant;
    teatro.population = None;
    teatro.population_year = None;
    teatro.population_source = String::new();
    store.create_organisation(&teatro).expect("teatro");
    store.create_organisation(&organisation("Göttingen", "DE")).expect("gottingen");
    let mut anne = person("Anne", "Vignot", Some(&besancon));
    anne.emails = vec!["anne.vignot@besancon.fr".into(), "maire@besancon.fr".into()];
    anne.phones = vec!["+33 3 81 61 50 50".into()];
    anne.languages = vec!["fr".into()];
    store.create_person(&anne).expect("anne");
    store.create_person(&person("Łukasz", "Żuławski", None)).expect("lukasz");
}

#[test]
fn a_csv_export_has_a_bom_english_headers_and_commas() {
    let mut store = store();
    directory(&mut store);
    let csv = store.export_organisations(&OrganisationQuery::default(), ExportFormat::Csv).expect("export");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "Excel needs the BOM to read UTF-8");
    let text = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert_eq!(
        header,
        "Name,Kind,Country,Subdivision,Population,Population year,Population source,Address,Website,E-mail,Languages,Category,Status,Joined on,Left on,Notes"
    );
    assert!(text.contains("Besançon,city,FR,,100000,2021,census,\"2 rue Mégevand,\n25000 Besançon\",https://www.besancon.fr,"));
}

#[test]
fn an_export_holds_every_row_the_list_query_matches_across_pages() {
    let mut store = store();
    directory(&mut store);
    let query = OrganisationQuery { country: Some("PT".into()), limit: 1, offset: 2, ..OrganisationQuery::default() };
    let csv = store.export_organisations(&query, ExportFormat::Csv).expect("export");
    let text = String::from_utf8_lossy(&csv);
    assert_eq!(text.lines().count(), 2, "the query's filter applies, its paging does not");
    assert!(text.contains("Teatro Nacional São João"));
}

fn import(store: &mut Store, kind: ImportKind, bytes: &[u8], file: &str) {
    let preview = store.import_preview(kind, bytes, file).expect("preview");
    let options = ImportOptions { mapping: preview.mapping, ..ImportOptions::default() };
    store.import_commit(kind, bytes, file, &options, |_, _| true).expect("import");
}

#[test]
fn an_xlsx_export_imports_back_as_the_same_rows() {
    let mut original = store();
    directory(&mut original);
    let organisations = original.export_organisations(&OrganisationQuery::default(), ExportFormat::Xlsx).expect("xlsx");
    let people = original.export_people(&PersonQuery::default(), ExportFormat::Xlsx).expect("xlsx");
    assert!(organisations.starts_with(b"PK"), "an XLSX file is a zip");

    let mut copy = store();
    import(&mut copy, ImportKind::Organisations, &organisations, "organisations.xlsx");
    import(&mut copy, ImportKind::People, &people, "people.xlsx");

    for (a, b) in [
        (
            original.export_organisations(&OrganisationQuery::default(), ExportFormat::Csv),
            copy.export_organisations(&OrganisationQuery::default(), ExportFormat::Csv),
        ),
        (original.export_people(&PersonQuery::default(), ExportFormat::Csv), copy.export_people(&PersonQuery::default(), ExportFormat::Csv)),
    ] {
        let (a, b) = (a.expect("original"), b.expect("copy"));
        assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
    }
}

#[test]
fn a_csv_export_imports_back_as_the_same_rows() {
    let mut original = store();
    directory(&mut original);
    let organisations = original.export_organisations(&OrganisationQuery::default(), ExportFormat::Csv).expect("csv");
    let mut copy = store();
    import(&mut copy, ImportKind::Organisations, &organisations, "organisations.csv");
    let again = copy.export_organisations(&OrganisationQuery::default(), ExportFormat::Csv).expect("csv");
    assert_eq!(String::from_utf8_lossy(&organisations), String::from_utf8_lossy(&again));
}
