//! The real app connects to a real server, says "Synced", and what was typed on the laptop
//! reaches another laptop through the server.

use rencontres_core::model::OrganisationQuery;
use rencontres_core::sync::http::{login, HttpTransport};
use rencontres_core::Store;

use crate::harness::App;
use crate::server::{Server, PASSWORD, USERNAME};

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn the_app_connects_to_a_server_syncs_and_another_laptop_receives_its_member() {
    let server = Server::start();
    let app = App::start().await;
    app.click("skip-demo").await;
    app.click("new-member").await;
    app.fill("field-name", "Sibiu").await;
    app.choose("field-country", "RO").await;
    app.click("save").await;
    app.find("saved").await;

    app.click("nav-sync").await;
    app.fill("sync-url", &server.url).await;
    app.fill("sync-username", USERNAME).await;
    app.fill("sync-password", PASSWORD).await;
    app.click("sync-connect").await;
    app.wait_texts("sync-state", "the status bar to say the laptop is synced", |t| {
        t.first().is_some_and(|t| t.contains("Synced"))
    })
    .await;

    let url = server.url.clone();
    let names = tokio::task::spawn_blocking(move || {
        let folder = tempfile::tempdir().expect("second laptop");
        let mut other = Store::open(&folder.path().join("other.sqlite3")).expect("second store");
        let device = other.author().device.clone();
        let token = login(&url, USERNAME, PASSWORD, &device).expect("second laptop signs in").token;
        other.sync(&HttpTransport::new(&url, &token)).expect("second laptop syncs");
        let query = OrganisationQuery { search: "sibiu".into(), ..OrganisationQuery::default() };
        other.list_organisations(&query).expect("list").rows.into_iter().map(|r| r.name).collect::<Vec<_>>()
    })
    .await
    .expect("second laptop thread");
    assert_eq!(names, vec!["Sibiu"]);
    app.quit().await;
}
