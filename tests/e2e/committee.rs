//! The committee in the real app: seat a demo contact as president from today, see them in
//! the current committee, and see the seat on their contact page.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_demo_contact_seated_as_president_is_in_the_current_committee_and_on_their_page() {
    let app = App::start().await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("nav-committee").await;
    app.click("new-seat").await;
    // Saving with no person is refused next to the field.
    app.click("save-seat").await;
    app.find("error-person_id").await;

    app.click("field-person_id").await;
    app.wait_texts("person-option", "contacts offered", |options| !options.is_empty()).await;
    app.click("person-option").await;
    let name = app.value_of("field-person_id").await;
    assert!(!name.trim().is_empty(), "a contact was picked");
    app.choose("field-role", "president").await;
    let start = app.value_of("field-term_start").await;
    assert_eq!(start.len(), 10, "the term starts today by default: {start:?}");
    app.click("save-seat").await;

    let rows = app
        .wait_texts("seat-row", "the new president in the current committee", |rows| {
            rows.iter().any(|r| r.contains(&name) && r.contains("President"))
        })
        .await;
    assert_eq!(rows.len(), 1, "one seat: {rows:?}");

    // A second president over the same days is refused with a clear error.
    app.click("new-seat").await;
    app.click("field-person_id").await;
    app.wait_texts("person-option", "contacts offered", |options| !options.is_empty()).await;
    app.click("person-option").await;
    app.choose("field-role", "president").await;
    app.click("save-seat").await;
    let error = app.text_of("error-role").await;
    assert!(error.contains("one president at a time"), "{error}");
    app.click("cancel-seat").await;

    app.click("seat-person").await;
    let line = app
        .wait_texts("committee-seat", "the seat on the contact page", |lines| lines.len() == 1)
        .await;
    assert_eq!(line[0], format!("Committee: President since {start}"));
    app.quit().await;
}
