//! Best practices in the real app: add one with accents, Markdown and a script in its text,
//! see it rendered safely, find it by an accent-free search and a theme filter, and export the
//! catalogue (the save dialog's answer comes from `RENCONTRES_TEST_SAVE_FILE`; writing the file
//! is the real path).

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_practice_is_added_found_without_accents_and_exported_in_the_catalogue() {
    let files = tempfile::tempdir().expect("temp dir");
    let catalogue = files.path().join("catalogue.html");
    let app = App::start_with_env(&[("RENCONTRES_TEST_SAVE_FILE", catalogue.to_str().expect("utf-8 path"))]).await;
    app.click("skip-demo").await;

    app.click("nav-practices").await;
    app.find("practices-empty").await;
    app.click("new-practice").await;
    // Saving with no title is refused next to the field.
    app.click("save-practice").await;
    app.find("error-title").await;

    app.fill("field-title", "Théâtre dans les écoles de Besançon").await;
    app.fill("field-summary", "Des comédiens répètent avec les élèves").await;
    app.fill("field-body", "Une **résidence** d'artistes.\n\n<script>document.title='pwned'</script>\n\n[lien](javascript:alert(1))").await;
    app.fill("field-place", "Besançon").await;
    app.choose("field-country", "FR").await;
    app.click("theme-artistic_education").await;
    app.fill("field-tags", "théâtre, jeunesse").await;
    app.fill("field-period_start", "2021").await;
    app.fill("field-event", "Assemblée générale 2024").await;
    app.click("save-practice").await;

    let title = app.text_of("practice-title").await;
    assert_eq!(title, "Théâtre dans les écoles de Besançon");
    let body = app.find("practice-body").await.html(true).await.expect("body html");
    assert!(body.contains("<strong>résidence</strong>"), "Markdown rendered: {body}");
    assert!(!body.to_lowercase().contains("<script"), "no script element in the page: {body}");
    assert!(!body.contains("javascript:"), "no javascript: link: {body}");
    let page_title = app.client.title().await.expect("title");
    assert_ne!(page_title, "pwned");

    // A second practice, so the search and the filter have something to leave out.
    app.click("new-practice").await;
    app.fill("field-title", "Street art map").await;
    app.choose("field-country", "PT").await;
    app.click("theme-urbanism").await;
    app.click("save-practice").await;
    app.wait_texts("practice-row", "both practices listed", |rows| rows.len() == 2).await;

    app.choose("filter-theme", "artistic_education").await;
    let rows = app.wait_texts("practice-row", "the theme filter", |rows| rows.len() == 1).await;
    assert!(rows[0].contains("Théâtre"), "{rows:?}");
    app.choose("filter-theme", "").await;
    app.wait_texts("practice-row", "the theme filter cleared", |rows| rows.len() == 2).await;

    app.fill("search", "theatre ecoles besancon").await;
    let rows = app.wait_texts("practice-row", "the practice found without accents", |rows| rows.len() == 1).await;
    assert!(rows[0].contains("Théâtre dans les écoles"), "{rows:?}");

    app.click("export-catalogue").await;
    let started = std::time::Instant::now();
    // The file appears when it is created, before it is written: wait for its end.
    let written = || std::fs::read_to_string(&catalogue).ok().filter(|html| html.trim_end().ends_with("</html>"));
    while written().is_none() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let html = std::fs::read_to_string(&catalogue).expect("the catalogue file");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("Théâtre dans les écoles de Besançon"), "the practice is in the catalogue");
    assert!(html.contains("<strong>résidence</strong>"));
    assert!(!html.contains("Street art map"), "the catalogue holds what the filters show");
    assert!(!html.to_lowercase().contains("<script"), "the catalogue runs no script");
    app.quit().await;
}
