//! Contacts in the real app: a bad e-mail is shown next to its field and nothing is saved.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn an_invalid_email_shows_an_inline_error_and_nothing_is_saved() {
    let app = App::start().await;
    app.click("skip-demo").await;
    app.click("nav-contacts").await;
    app.click("new-contact").await;
    app.fill("field-first_name", "Ioana").await;
    app.fill("field-last_name", "Popescu").await;
    app.fill("field-emails", "ioana.popescu-at-constanta").await;
    app.click("save").await;
    let error = app.text_of("error-emails").await;
    assert!(error.contains("ioana.popescu-at-constanta"), "the error names the bad address: {error}");
    assert_eq!(app.value_of("field-last_name").await, "Popescu", "nothing typed is lost");

    app.click("nav-contacts").await;
    app.fill("search", "popescu").await;
    // Give the debounced search time to answer, then check that no contact was stored.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(app.texts("contact-row").await.is_empty(), "no contact was saved");
    app.quit().await;
}
