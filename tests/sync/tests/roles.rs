//! The role matrix: every endpoint for every role (and for no account), allowed or denied.
//! Committee members read the member directory but may not change it; organisers read the
//! organisations (not the contacts) and change neither; the secretariat does both. The server re-authorises every mutation.

use rencontres_core::sync::http::login;
use rencontres_protocol::{Role, SCHEMA_VERSION};
use rencontres_server::Storage;
use rencontres_sync_tests::{city, Laptop, TestServer, PASSWORD};

fn get_status(url: &str, token: Option<&str>) -> u16 {
    let mut request = ureq::get(url);
    if let Some(token) = token {
        request = request.set("Authorization", &format!("Bearer {token}"));
    }
    match request.call() {
        Ok(response) => response.status(),
        Err(ureq::Error::Status(status, _)) => status,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn every_endpoint_allows_or_denies_each_role_as_the_scopes_say() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretary", Role::Secretariat)?;
    server.add_user("reviewer", Role::Committee)?;
    server.add_user("doorkeeper", Role::Organiser)?;
    let mut secretary = Laptop::new(&server, "secretary")?;
    let mut reviewer = Laptop::new(&server, "reviewer")?;
    let mut doorkeeper = Laptop::new(&server, "doorkeeper")?;
    let porto = secretary.store.create_organisation(&city("Porto"))?;
    let ana = secretary.store.create_person(&rencontres_sync_tests::contact("Ana", "Silva", &porto.id))?;
    let report = secretary.sync()?;
    assert_eq!((report.pushed, report.rejected), (2, 0), "the secretariat may create a member and a contact");

    // Anyone may check health, read the API document and try to sign in; nothing else.
    for path in ["/healthz", "/api/v1/openapi.json"] {
        assert_eq!(get_status(&format!("{}{path}", server.url()), None), 200, "{path}");
    }
    let pull_url = format!("{}/api/v1/sync/pull?schema_version={SCHEMA_VERSION}", server.url());
    assert_eq!(get_status(&pull_url, None), 401, "no account, no pull");
    for (laptop, allowed) in [(&secretary, 200), (&reviewer, 200), (&doorkeeper, 200)] {
        assert_eq!(get_status(&pull_url, Some(&laptop.token)), allowed);
    }

    // Pull: the committee sees members read-only; the organiser sees the organisations (the
    // door's picker and the General Assembly quorum need them) but no contacts.
    reviewer.sync()?;
    doorkeeper.sync()?;
    assert_eq!(reviewer.store.organisation(&porto.id)?.fields.name, "Porto");
    assert_eq!(doorkeeper.store.organisation(&porto.id)?.fields.name, "Porto");
    assert!(doorkeeper.store.person(&ana.id).is_err(), "an organiser pulls no contacts");

    // Push: a committee member editing a member, an organiser creating one: both refused,
    // and each laptop is put back to the server's truth.
    let mut edit = reviewer.store.organisation(&porto.id)?.fields;
    edit.name = "Porto (reviewer)".into();
    reviewer.store.update_organisation(&porto.id, &edit)?;
    let report = reviewer.sync()?;
    assert_eq!(report.rejected, 1);
    assert_eq!(reviewer.store.organisation(&porto.id)?.fields.name, "Porto", "the refused edit is taken back");
    assert_eq!(reviewer.store.outbox_len()?, 0);
    let intruder = doorkeeper.store.create_organisation(&city("Intruder"))?;
    assert_eq!(doorkeeper.sync()?.rejected, 1);
    assert!(doorkeeper.store.organisation(&intruder.id).is_err(), "the refused create is taken back");
    let warnings = doorkeeper.store.sync_log(10)?;
    assert!(warnings.iter().any(|line| line.message.contains("organiser account may not change")), "{warnings:?}");

    secretary.sync()?;
    assert_eq!(secretary.store.organisation(&porto.id)?.fields.name, "Porto");
    assert!(secretary.store.organisation(&intruder.id).is_err());

    // Every role may sign in and out.
    for name in ["secretary", "reviewer", "doorkeeper"] {
        let answer = login(&server.url(), name, PASSWORD, "another-device")?;
        rencontres_core::sync::http::HttpTransport::new(&server.url(), &answer.token).logout()?;
    }
    Ok(())
}

#[test]
fn a_laptop_whose_account_is_disabled_wipes_what_it_synced_at_its_next_sync() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretary", Role::Secretariat)?;
    server.add_user("leaver", Role::Secretariat)?;
    let mut secretary = Laptop::new(&server, "secretary")?;
    let mut leaver = Laptop::new(&server, "leaver")?;
    secretary.store.create_organisation(&city("Porto"))?;
    secretary.sync()?;
    leaver.sync()?;
    leaver.store.create_organisation(&city("Unpushed"))?;
    assert_eq!(leaver.store.replica_state()?.len(), 2);

    rencontres_server::SqliteStorage::open_folder(server.data.path())?.disable_user("leaver")?;
    let error = leaver.sync().expect_err("revoked");
    assert!(matches!(error, rencontres_core::sync::SyncError::Revoked(_)), "{error}");
    assert!(leaver.store.replica_state()?.is_empty(), "no member data is left on the laptop");
    assert_eq!(leaver.store.outbox_len()?, 0);
    assert!(leaver.store.is_empty()?);
    // The other account is untouched.
    assert_eq!(secretary.sync()?.rejected, 0);
    Ok(())
}
