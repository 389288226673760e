//! English and French: switching in Settings relabels the app at once and is remembered.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn switching_to_french_relabels_the_app_and_is_remembered() {
    let app = App::start().await;
    app.click("skip-demo").await;
    app.click("nav-settings").await;
    app.choose("language", "fr").await;
    app.wait_texts("nav-members", "the French label of Members", |t| t.first().is_some_and(|t| t.contains("Membres")))
        .await;
    let app = app.restart().await;
    app.wait_texts("nav-settings", "French labels after a restart", |t| t.first().is_some_and(|t| t.contains("Paramètres")))
        .await;
    app.click("nav-members").await;
    assert!(app.text_of("page-title").await.contains("Membres"));
    app.quit().await;
}
