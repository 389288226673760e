//! Importing members from a CSV in the real app: the open dialog's answer comes from
//! `RENCONTRES_TEST_OPEN_FILE` (and the save dialog's from `RENCONTRES_TEST_SAVE_FILE`);
//! reading, checking and importing the file, and writing the export, are the real path.

use crate::harness::App;

/// `;`-delimited with a byte-order mark, accents, and a bad e-mail on line 3.
const WITH_ERROR: &str = "\u{feff}Nom;Pays;Population;E-mail\r\n\
Besançon;FR;116775;culture@besancon.fr\r\n\
Göttingen;DE;118911;kultur@goettingen\r\n\
Porto;PT;231800;\r\n";

/// The same file with the e-mail corrected.
const CLEAN: &str = "\u{feff}Nom;Pays;Population;E-mail\r\n\
Besançon;FR;116775;culture@besancon.fr\r\n\
Göttingen;DE;118911;kultur@goettingen.de\r\n\
Porto;PT;231800;\r\n";

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_csv_with_an_error_is_refused_then_the_corrected_file_is_imported_and_found_without_accents() {
    let files = tempfile::tempdir().expect("temp dir");
    let path = files.path().join("membres.csv");
    std::fs::write(&path, WITH_ERROR).expect("write the CSV");
    let exported = files.path().join("export.csv");
    let app = App::start_with_env(&[
        ("RENCONTRES_TEST_OPEN_FILE", path.to_str().expect("utf-8 path")),
        ("RENCONTRES_TEST_SAVE_FILE", exported.to_str().expect("utf-8 path")),
    ])
    .await;
    app.click("skip-demo").await;

    app.click("nav-members").await;
    app.click("import-open").await;
    app.click("import-choose").await;
    let delimiter = app.text_of("import-delimiter").await;
    assert!(delimiter.contains(';'), "the delimiter is detected: {delimiter}");
    let encoding = app.text_of("import-encoding").await;
    assert!(encoding.contains("BOM"), "the byte-order mark is detected: {encoding}");
    app.click("import-check").await;
    let errors = app
        .wait_texts("import-error", "the bad e-mail reported", |errors| errors.len() == 1)
        .await;
    assert!(errors[0].contains("3,") && errors[0].contains("kultur@goettingen"), "line and value named: {errors:?}");

    // The user corrects the file and chooses it again.
    std::fs::write(&path, CLEAN).expect("rewrite the CSV");
    app.click("import-choose").await;
    app.wait_texts("import-error", "the errors of the old file cleared by the new preview", |errors| errors.is_empty()).await;
    app.click("import-check").await;
    app.find("import-ok").await;
    app.click("import-commit").await;
    let summary = app.text_of("import-summary").await;
    assert!(summary.contains("3 created"), "the summary counts the rows: {summary}");
    app.click("import-close").await;

    app.fill("search", "besancon").await;
    app.wait_texts("member-row", "the imported member found by an accent-free search", |rows| {
        rows.len() == 1 && rows[0].contains("Besançon")
    })
    .await;

    // The filtered list exported (the save dialog's answer comes from RENCONTRES_TEST_SAVE_FILE).
    app.click("export-csv").await;
    let started = std::time::Instant::now();
    while !exported.exists() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let text = std::fs::read_to_string(&exported).expect("the exported file");
    assert!(text.contains("Besançon") && !text.contains("Porto"), "the export holds the filtered list: {text}");
    app.quit().await;
}
