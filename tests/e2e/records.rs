//! Publications and grants in the real app: a conference report added, a file attached to it
//! (the open dialog's answer comes from `RENCONTRES_TEST_OPEN_FILE`) and a copy saved elsewhere
//! (`RENCONTRES_TEST_SAVE_FILE`); a grant recorded and listed with its amount.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_report_gets_a_file_and_a_grant_is_listed() {
    let files = tempfile::tempdir().expect("temp dir");
    let source = files.path().join("Rapport Chemnitz.pdf");
    std::fs::write(&source, b"%PDF-1.4 the report").expect("source file");
    let copy = files.path().join("copy.pdf");
    let app = App::start_with_env(&[
        ("RENCONTRES_TEST_OPEN_FILE", source.to_str().expect("utf-8")),
        ("RENCONTRES_TEST_SAVE_FILE", copy.to_str().expect("utf-8")),
    ])
    .await;
    app.click("skip-demo").await;

    app.click("nav-publications").await;
    app.click("new-publication").await;
    app.click("save-publication").await;
    app.find("error-title").await;
    app.fill("field-title", "Chemnitz 2025: the report").await;
    app.fill("field-event", "General assembly, Chemnitz").await;
    app.click("save-publication").await;
    app.wait_texts("publication-row", "the report listed", |rows| rows.len() == 1 && rows[0].contains("Chemnitz 2025")).await;

    app.click("attach-file").await;
    app.wait_texts("publication-file", "the file attached", |files| files.len() == 1 && files[0].contains("Rapport Chemnitz.pdf")).await;
    app.click("save-file-copy").await;
    let started = std::time::Instant::now();
    while !copy.exists() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(std::fs::read(&copy).expect("the copy"), b"%PDF-1.4 the report");

    app.click("nav-funding").await;
    app.click("new-grant").await;
    app.fill("field-funder_name", "European Commission").await;
    app.fill("field-year", "2025").await;
    app.fill("field-amount_cents", "twelve").await;
    app.click("save-grant").await;
    app.find("error-amount_cents").await;
    app.fill("field-amount_cents", "125000").await;
    app.fill("field-programme", "Creative Europe").await;
    app.click("save-grant").await;
    let rows = app.wait_texts("grant-row", "the grant listed", |rows| rows.len() == 1).await;
    assert!(rows[0].contains("European Commission") && rows[0].contains("Creative Europe") && rows[0].contains("125,000"), "{rows:?}");
    app.quit().await;
}
