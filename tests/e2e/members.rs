//! The member authority's whole life in the real app: create, find without accents, edit,
//! survive a restart, delete and undo.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_member_is_created_found_edited_kept_across_restart_deleted_and_restored() {
    let app = App::start().await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("new-member").await;
    app.fill("field-name", "Târgu Mureș").await;
    app.choose("field-country", "RO").await;
    app.fill("field-population", "116033").await;
    app.click("save").await;
    app.find("saved").await;

    app.click("nav-members").await;
    app.fill("search", "targu mures").await;
    let rows = app.wait_texts("member-row", "the new member found by an accent-free search", |rows| {
        rows.len() == 1 && rows[0].contains("Târgu Mureș")
    })
    .await;
    assert!(rows[0].contains("Romania"), "the row names the country: {rows:?}");

    app.click("member-row").await;
    app.fill("field-population", "134290").await;
    app.click("save").await;
    app.find("saved").await;

    let app = app.restart().await;
    app.click("nav-members").await;
    app.fill("search", "targu").await;
    app.wait_texts("member-row", "the member after a restart", |rows| rows.len() == 1).await;
    app.click("member-row").await;
    assert_eq!(app.value_of("field-population").await.replace([' ', ',', '\u{a0}', '\u{202f}'], ""), "134290");
    let history = app.text_of("history").await;
    assert!(history.contains("116") && history.contains("134"), "history shows the population change: {history}");

    app.click("delete").await;
    app.click("confirm-delete").await;
    app.fill("search", "targu").await;
    app.wait_texts("member-row", "the deleted member gone from the list", |rows| rows.is_empty()).await;
    app.click("undo").await;
    app.fill("search", "targu ").await;
    app.wait_texts("member-row", "the member back after undo", |rows| rows.len() == 1 && rows[0].contains("Târgu Mureș"))
        .await;
    app.quit().await;
}
