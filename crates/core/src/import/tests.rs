use super::*;
use crate::fold::fold;
use crate::model::{OrganisationQuery, PersonQuery};
use crate::test_support::{organisation, person, store};

fn options(mapping: ColumnMapping) -> ImportOptions {
    ImportOptions { mapping, ..ImportOptions::default() }
}

fn mapping_for(store: &Store, kind: ImportKind, bytes: &[u8], file: &str) -> ColumnMapping {
    store.import_preview(kind, bytes, file).expect("preview").mapping
}

/// What an import may change: records, log, outbox, remembered settings.
fn footprint(store: &Store) -> (i64, i64, i64, u32, i64) {
    let count = |sql: &str| store.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    (
        count("SELECT count(*) FROM organisations"),
        count("SELECT count(*) FROM people"),
        count("SELECT count(*) FROM mutations"),
        store.outbox_len().expect("outbox"),
        count("SELECT count(*) FROM settings"),
    )
}

fn names(store: &Store) -> Vec<String> {
    let query = OrganisationQuery { limit: 1000, ..OrganisationQuery::default() };
    store.list_organisations(&query).expect("list").rows.into_iter().map(|r| r.name).collect()
}

fn error(line: u32, field: TargetField, message: &str) -> RowError {
    RowError { line, field, message: message.to_string() }
}

/// A French Excel export: BOM, `;`, a quoted newline, blank lines and every kind of mistake.
const MESSY: &str = "\u{feff}Nom;Pays;Population;Courriel;Adresse\r\n\
\"Besançon\";FR;116775;culture@besancon.fr;\"2 rue Mégevand\r\n25000 Besançon\"\r\n\
\r\n\
Göttingen;Germany;118911;kultur@goettingen;Rathaus\r\n\
Atlantis;Atlantis;1000;;\r\n\
Porto;PT;-5;;\r\n\
Porto;Portugal;231800;;\r\n\
;;;;\r\n\
Lyon;FR;abc;info@lyon.fr;\r\n\
Besancon;fr;;;\r\n";

#[test]
fn a_french_excel_file_is_read_as_utf8_with_bom_and_semicolons() {
    let store = store();
    let preview = store.import_preview(ImportKind::Organisations, MESSY.as_bytes(), "membres.csv").expect("preview");
    assert_eq!(preview.encoding, SourceEncoding::Utf8Bom);
    assert_eq!(preview.delimiter.as_deref(), Some(";"));
    assert_eq!(preview.columns, vec!["Nom", "Pays", "Population", "Courriel", "Adresse"]);
    assert_eq!(preview.rows, 7, "blank lines and a line of bare delimiters are not rows");
    assert_eq!(preview.sample[0][4], "2 rue Mégevand\r\n25000 Besançon");
    use TargetField::*;
    assert_eq!(preview.mapping.columns, vec![Some(Name), Some(Country), Some(Population), Some(Email), Some(Address)]);
}

#[test]
fn the_check_reports_each_broken_rule_with_its_physical_line_and_field() {
    let store = store();
    let mapping = mapping_for(&store, ImportKind::Organisations, MESSY.as_bytes(), "membres.csv");
    let check = store.import_check(ImportKind::Organisations, MESSY.as_bytes(), "membres.csv", &mapping).expect("check");
    assert_eq!(
        check.errors,
        vec![
            error(5, TargetField::Email, "\"kultur@goettingen\" is not a valid e-mail address (expected name@domain.org)"),
            error(6, TargetField::Country, "\"Atlantis\" is not a known country (expected an ISO code such as FR or an English name such as France)"),
            error(7, TargetField::Population, "Population cannot be negative"),
            error(10, TargetField::Population, "\"abc\" is not a whole number"),
        ]
    );
    assert_eq!(check.errors[0].to_string(), "line 5, e-mail: \"kultur@goettingen\" is not a valid e-mail address (expected name@domain.org)");
    assert_eq!(
        check.duplicates,
        vec![Duplicate { line: 11, matched: "Besancon (FR)".into(), of: DuplicateOf::Line { line: 2 } }]
    );
}

#[test]
fn a_file_with_errors_is_refused_whole_and_leaves_the_store_unchanged() {
    let mut store = store();
    store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let before = footprint(&store);
    let mapping = mapping_for(&store, ImportKind::Organisations, MESSY.as_bytes(), "membres.csv");
    let failed = store.import_commit(ImportKind::Organisations, MESSY.as_bytes(), "membres.csv", &options(mapping), |_, _| true);
    match failed {
        Err(ImportError::Rows { errors }) => assert_eq!(errors.len(), 4),
        other => panic!("expected row errors, got {other:?}"),
    }
    assert_eq!(footprint(&store), before);
    assert_eq!(names(&store), vec!["Porto"]);
}

const CLEAN: &str = "Name,Country,Population,Website\nBesançon,FR,116775,www.besancon.fr\nGöttingen,DE,118911,\nPorto,PT,231800,\n";

#[test]
fn a_cancelled_import_rolls_back_every_row_already_written() {
    let mut store = store();
    let before = footprint(&store);
    let mapping = mapping_for(&store, ImportKind::Organisations, CLEAN.as_bytes(), "clean.csv");
    let mut calls = Vec::new();
    let result = store.import_commit(ImportKind::Organisations, CLEAN.as_bytes(), "clean.csv", &options(mapping), |done, total| {
        calls.push((done, total));
        done < total // cancels once every row is written, just before the commit
    });
    assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    assert_eq!(calls, vec![(0, 3), (3, 3)]);
    assert_eq!(footprint(&store), before);
}

#[test]
fn a_committed_import_goes_through_the_mutation_path_and_reports_its_progress() {
    let mut store = store();
    let mapping = mapping_for(&store, ImportKind::Organisations, CLEAN.as_bytes(), "clean.csv");
    let mut last = (0, 0);
    let summary = store
        .import_commit(ImportKind::Organisations, CLEAN.as_bytes(), "clean.csv", &options(mapping), |d, t| {
            last = (d, t);
            true
        })
        .expect("commit");
    assert_eq!(summary, ImportSummary { created: 3, merged: 0, skipped: 0 });
    assert_eq!(last, (3, 3));
    assert_eq!(names(&store), vec!["Besançon", "Göttingen", "Porto"]);
    assert_eq!(store.outbox_len().expect("outbox"), 3, "imported rows sync");
    let found = store.list_organisations(&OrganisationQuery { search: "besancon".into(), ..OrganisationQuery::default() }).expect("search");
    let id = &found.rows[0].id;
    let history = store.history(crate::model::EntityKind::Organisation, id).expect("history");
    assert_eq!(history[0].name, "CreateOrganisation");
    assert_eq!(store.organisation(id).expect("read").fields.website, "https://www.besancon.fr");
}

#[test]
fn windows_1252_bytes_are_detected_and_accents_survive() {
    let text = "Nom;Pays;Population\r\nBesançon;France;116775\r\nGöttingen;Allemagne;118911\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture really is cp1252");
    let mut store = store();
    let preview = store.import_preview(ImportKind::Organisations, &bytes, "export.csv").expect("preview");
    assert_eq!(preview.encoding, SourceEncoding::Windows1252);
    assert_eq!(preview.sample[0][0], "Besançon");
    let check = store.import_check(ImportKind::Organisations, &bytes, "export.csv", &preview.mapping).expect("check");
    assert_eq!(
        check.errors,
        vec![error(3, TargetField::Country, "\"Allemagne\" is not a known country (expected an ISO code such as FR or an English name such as France)")]
    );
    let fixed = encoding_rs::WINDOWS_1252.encode(&text.replace("Allemagne", "DE")).0.into_owned();
    store.import_commit(ImportKind::Organisations, &fixed, "export.csv", &options(preview.mapping), |_, _| true).expect("commit");
    assert_eq!(names(&store), vec!["Besançon", "Göttingen"]);
}

#[test]
fn utf16_files_with_a_byte_order_mark_and_tabs_are_read() {
    let text = "Name\tCountry\nKraków\tPL\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let store = store();
    for (bytes, encoding) in [(le, SourceEncoding::Utf16Le), (be, SourceEncoding::Utf16Be)] {
        let preview = store.import_preview(ImportKind::Organisations, &bytes, "x.txt").expect("preview");
        assert_eq!(preview.encoding, encoding);
        assert_eq!(preview.delimiter.as_deref(), Some("\t"));
        assert_eq!(preview.sample, vec![vec!["Kraków".to_string(), "PL".to_string()]]);
    }
}

#[test]
fn an_excel_sep_line_names_the_delimiter_and_counts_as_a_line() {
    let store = store();
    let file = "sep=,\r\nNom,Pays;Région,Courriel\r\nDijon,FR;x,bad\r\n";
    let preview = store.import_preview(ImportKind::Organisations, file.as_bytes(), "f.csv").expect("preview");
    assert_eq!(preview.delimiter.as_deref(), Some(","));
    assert_eq!(preview.columns, vec!["Nom", "Pays;Région", "Courriel"]);
    let mapping = ColumnMapping { columns: vec![Some(TargetField::Name), Some(TargetField::Country), Some(TargetField::Email)] };
    let check = store.import_check(ImportKind::Organisations, file.as_bytes(), "f.csv", &mapping).expect("check");
    let lines: Vec<(u32, TargetField)> = check.errors.iter().map(|e| (e.line, e.field)).collect();
    assert_eq!(lines, vec![(3, TargetField::Country), (3, TargetField::Email)]);
}

#[test]
fn an_xlsx_row_error_names_the_row_excel_shows() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in ["Name", "Country", "Population", "E-mail"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header).expect("header");
    }
    sheet.write_string(1, 0, "Göttingen").expect("cell");
    sheet.write_string(1, 1, "DE").expect("cell");
    sheet.write_number(1, 2, 118911.0).expect("cell");
    // Row 3 (index 2) is left blank, as people do between groups.
    sheet.write_string(3, 0, "Besançon").expect("cell");
    sheet.write_string(3, 1, "FR").expect("cell");
    sheet.write_number(3, 2, -3.0).expect("cell");
    sheet.write_string(3, 3, "culture@besancon").expect("cell");
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let store = store();
    let preview = store.import_preview(ImportKind::Organisations, &bytes, "membres.xlsx").expect("preview");
    assert_eq!(preview.encoding, SourceEncoding::Xlsx);
    assert_eq!(preview.sample[0], vec!["Göttingen", "DE", "118911", ""]);
    let check = store.import_check(ImportKind::Organisations, &bytes, "membres.xlsx", &preview.mapping).expect("check");
    assert_eq!(
        check.errors,
        vec![
            error(4, TargetField::Population, "Population cannot be negative"),
            error(4, TargetField::Email, "\"culture@besancon\" is not a valid e-mail address (expected name@domain.org)"),
        ],
        "every field at fault is reported, not only the first"
    );
}

#[test]
fn duplicates_of_stored_records_and_of_earlier_rows_are_skipped_or_merged() {
    let mut store = store();
    let mut porto = organisation("Porto", "PT");
    porto.website = String::new();
    porto.population = Some(200_000);
    let porto_id = store.create_organisation(&porto).expect("porto").id;
    let file = "Nom;Pays;Population;Site web\nPORTO;Portugal;999999;www.porto.pt\nLyon;FR;;\nlyon;FR;513275;www.lyon.fr\nLeeds;GB;;\n";
    let mapping = mapping_for(&store, ImportKind::Organisations, file.as_bytes(), "f.csv");
    let check = store.import_check(ImportKind::Organisations, file.as_bytes(), "f.csv", &mapping).expect("check");
    assert_eq!(
        check.duplicates,
        vec![
            Duplicate { line: 2, matched: "PORTO (PT)".into(), of: DuplicateOf::Existing { id: porto_id.clone() } },
            Duplicate { line: 4, matched: "lyon (FR)".into(), of: DuplicateOf::Line { line: 3 } },
        ]
    );
    let choose = ImportOptions {
        mapping,
        duplicates: DuplicateAction::Merge,
        per_line: vec![LineAction { line: 2, action: DuplicateAction::Merge }],
    };
    let summary = store.import_commit(ImportKind::Organisations, file.as_bytes(), "f.csv", &choose, |_, _| true).expect("commit");
    assert_eq!(summary, ImportSummary { created: 2, merged: 2, skipped: 0 });
    let porto = store.organisation(&porto_id).expect("porto").fields;
    assert_eq!(porto.population, Some(200_000), "a merge never overwrites a stored value");
    assert_eq!(porto.website, "https://www.porto.pt", "a merge fills an empty field");
    let lyon = store.list_organisations(&OrganisationQuery { search: "lyon".into(), ..Default::default() }).expect("lyon");
    assert_eq!(lyon.total, 1);
    assert_eq!(lyon.rows[0].population, Some(513_275), "a later row fills what the first left empty");
}

#[test]
fn skipping_duplicates_writes_nothing_for_them() {
    let mut store = store();
    store.create_organisation(&organisation("Porto", "PT")).expect("porto");
    let file = "Name,Country\nPorto,PT\nBraga,PT\nBraga,PT\n";
    let mapping = mapping_for(&store, ImportKind::Organisations, file.as_bytes(), "f.csv");
    let summary = store.import_commit(ImportKind::Organisations, file.as_bytes(), "f.csv", &options(mapping), |_, _| true).expect("commit");
    assert_eq!(summary, ImportSummary { created: 1, merged: 0, skipped: 2 });
    assert_eq!(store.outbox_len().expect("outbox"), 2);
}

#[test]
fn people_are_linked_to_their_organisation_by_name_and_country_and_deduplicated_by_email() {
    let mut store = store();
    let besancon = store.create_organisation(&organisation("Besançon", "FR")).expect("org").id;
    let mut known = person("Anne", "Vignot", Some(&besancon));
    known.emails = vec!["anne.vignot@besancon.fr".into()];
    known.function = String::new();
    store.create_person(&known).expect("person");
    let file = "Prénom;Nom;Fonction;Courriel;Téléphone;Organisation;Pays\n\
Marie;Curie;Adjointe à la culture;m.curie@besancon.fr;+33 3 81 61 50 50;besancon;France\n\
Anne;Vignot;Maire;ANNE.VIGNOT@besancon.fr, maire@besancon.fr;;Besançon;FR\n\
Jean;Dupont;;jean@@lyon;;Lyon;FR\n\
Paul;Martin;;paul@example.org;12;;\n";
    let preview = store.import_preview(ImportKind::People, file.as_bytes(), "contacts.csv").expect("preview");
    use TargetField::*;
    assert_eq!(
        preview.mapping.columns,
        vec![Some(FirstName), Some(LastName), Some(Function), Some(Email), Some(Phone), Some(OrganisationName), Some(OrganisationCountry)]
    );
    let check = store.import_check(ImportKind::People, file.as_bytes(), "contacts.csv", &preview.mapping).expect("check");
    assert_eq!(
        check.errors,
        vec![
            error(4, Email, "\"jean@@lyon\" is not a valid e-mail address (expected name@domain.org)"),
            error(4, OrganisationName, "no organisation \"Lyon\" (FR) in the store: import or create it first"),
            error(5, Phone, "\"12\" is not a phone number (e.g. +33 1 23 45 67 89)"),
        ]
    );
    let fixed = file.replace("jean@@lyon;;Lyon;FR", "jean@lyon.fr;;;").replace(";12;;", ";;;");
    let check = store.import_check(ImportKind::People, fixed.as_bytes(), "contacts.csv", &preview.mapping).expect("check");
    assert_eq!(check.errors, vec![]);
    assert_eq!(check.duplicates.len(), 1);
    assert_eq!(check.duplicates[0].line, 3);
    let merge = ImportOptions { mapping: preview.mapping, duplicates: DuplicateAction::Merge, per_line: vec![] };
    let summary = store.import_commit(ImportKind::People, fixed.as_bytes(), "contacts.csv", &merge, |_, _| true).expect("commit");
    assert_eq!(summary, ImportSummary { created: 3, merged: 1, skipped: 0 });
    let contacts = store.organisation_detail(&besancon).expect("detail").contacts;
    assert_eq!(contacts.len(), 2, "Marie Curie was linked to Besançon");
    let anne = store.list_people(&PersonQuery { search: "vignot".into(), ..Default::default() }).expect("anne");
    let anne = store.person(&anne.rows[0].id).expect("read").fields;
    assert_eq!(anne.emails, vec!["anne.vignot@besancon.fr", "maire@besancon.fr"], "a merge adds the new address only");
    assert_eq!(anne.function, "Maire", "a merge fills an empty function");
}

#[test]
fn the_mapping_chosen_is_remembered_for_the_next_file_of_that_kind() {
    let mut store = store();
    let file = "Ville,Code,Habitants,Remarque\nPorto,PT,231800,x\n";
    let suggested = mapping_for(&store, ImportKind::Organisations, file.as_bytes(), "f.csv");
    use TargetField::*;
    assert_eq!(suggested.columns, vec![Some(Name), None, Some(Population), None]);
    let chosen = ColumnMapping { columns: vec![Some(Name), Some(Country), Some(Population), Some(Notes)] };
    store.import_commit(ImportKind::Organisations, file.as_bytes(), "f.csv", &options(chosen.clone()), |_, _| true).expect("commit");
    let moved = "Code,Ville,Remarque\nFR,Lyon,y\n";
    assert_eq!(mapping_for(&store, ImportKind::Organisations, moved.as_bytes(), "g.csv").columns, vec![Some(Country), Some(Name), Some(Notes)]);
    assert_eq!(mapping_for(&store, ImportKind::People, moved.as_bytes(), "g.csv").columns, vec![None, Some(OrganisationName), None]);
}

#[test]
fn a_mapping_without_name_or_country_is_refused_before_any_row() {
    let store = store();
    let mapping = ColumnMapping { columns: vec![Some(TargetField::Name), None, None, None] };
    let refused = store.import_check(ImportKind::Organisations, CLEAN.as_bytes(), "clean.csv", &mapping);
    assert_eq!(refused.expect_err("unmapped").to_string(), "no column is mapped to Country: choose the column that holds it");
}

#[test]
fn kinds_categories_statuses_and_dates_are_read_in_english_or_french() {
    let mut store = store();
    let file = "Nom;Pays;Type;Catégorie;Statut;Date d'adhésion;Langues;Population\n\
Région Bretagne;FR;Région;Membre;Actif;01/03/2019;fr, br;3 394 567\n\
Teatro;IT;cultural_organisation;associate;applicant;2024-05-02;it;\n\
Bad;FR;castle;gold;asleep;2024-13-40;;1.5\n";
    let mapping = mapping_for(&store, ImportKind::Organisations, file.as_bytes(), "f.csv");
    let check = store.import_check(ImportKind::Organisations, file.as_bytes(), "f.csv", &mapping).expect("check");
    let fields: Vec<(u32, TargetField)> = check.errors.iter().map(|e| (e.line, e.field)).collect();
    use TargetField::*;
    assert_eq!(fields, vec![(4, Kind), (4, Category), (4, Status), (4, JoinedOn), (4, Population)]);
    assert_eq!(check.errors[3].message, "Joined on \"2024-13-40\" is not a date (expected YYYY-MM-DD)");
    assert_eq!(check.errors[1].message, "\"gold\" is not a category (expected one of: full, associate, none)");
    let good: String = file.lines().take(3).map(|l| format!("{l}\n")).collect();
    store.import_commit(ImportKind::Organisations, good.as_bytes(), "f.csv", &options(mapping), |_, _| true).expect("commit");
    let bretagne = store.list_organisations(&OrganisationQuery { search: "bretagne".into(), ..Default::default() }).expect("found");
    let bretagne = store.organisation(&bretagne.rows[0].id).expect("read").fields;
    assert_eq!(bretagne.kind, crate::model::OrganisationKind::Region);
    assert_eq!(bretagne.joined_on.as_deref(), Some("2019-03-01"));
    assert_eq!(bretagne.population, Some(3_394_567));
    assert_eq!(bretagne.languages, vec!["fr", "br"]);
}

const CITIES: &str = include_str!("../../../../assets/reference/european_cities.csv");

/// The `n` most populous places of the reference data, one per folded name and country.
pub(crate) fn cities_csv(n: usize) -> String {
    let mut reader = csv::Reader::from_reader(CITIES.as_bytes());
    let mut rows: Vec<(String, String, i64)> = reader
        .records()
        .map(|r| r.expect("reference row"))
        .map(|r| (r[0].to_string(), r[1].to_string(), r[2].parse().expect("population")))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.2));
    let mut seen = std::collections::HashSet::new();
    rows.retain(|(name, country, _)| seen.insert(format!("{}|{country}", fold(name))));
    let mut out = String::from("name,country_code,population\n");
    for (name, country, population) in rows.into_iter().take(n) {
        out.push_str(&format!("\"{name}\",{country},{population}\n"));
    }
    out
}

#[test]
fn five_thousand_reference_cities_import_fully_and_are_found_without_accents() {
    let mut store = store();
    let file = cities_csv(5000);
    let mut mapping = mapping_for(&store, ImportKind::Organisations, file.as_bytes(), "cities.csv");
    assert_eq!(mapping.columns, vec![Some(TargetField::Name), Some(TargetField::Country), Some(TargetField::Population)]);
    let check = store.import_check(ImportKind::Organisations, file.as_bytes(), "cities.csv", &mapping).expect("check");
    assert_eq!((check.rows, check.errors.len(), check.duplicates.len()), (5000, 0, 0));
    mapping.columns.truncate(3);
    let summary = store.import_commit(ImportKind::Organisations, file.as_bytes(), "cities.csv", &options(mapping), |_, _| true).expect("commit");
    assert_eq!(summary.created, 5000);
    assert_eq!(store.outbox_len().expect("outbox"), 5000);
    for (typed, expected) in [("besancon", "Besançon"), ("gottingen", "Göttingen"), ("krakow", "Kraków")] {
        let found = store.list_organisations(&OrganisationQuery { search: typed.into(), ..Default::default() }).expect("search");
        assert!(found.rows.iter().any(|r| r.name == expected), "{typed} finds {expected}");
    }
}
