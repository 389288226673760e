//! Best practices through the real server: a practice written on one laptop reaches another,
//! is found there by an accent-free search, and its deletion reaches the first laptop back.

use rencontres_core::practices::{PracticeInput, PracticeQuery, Theme};
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, Laptop, TestServer};

#[test]
fn a_practice_reaches_a_second_laptop_is_found_there_and_its_deletion_comes_back() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let mut train = Laptop::new(&server, "assistant")?;

    let porto = office.store.create_organisation(&city("Porto"))?;
    let practice = office.store.create_practice(&PracticeInput {
        title: "Música nas escolas".into(),
        summary: "An orchestra in every school".into(),
        body: "Pupils *play* together.".into(),
        place: String::new(),
        country: String::new(),
        organisation_id: Some(porto.id.clone()),
        themes: vec![Theme::ArtisticEducation],
        tags: vec!["music".into()],
        period_start: Some(2019),
        period_end: None,
        links: vec!["https://www.porto.pt".into()],
        event: "Conference 2023".into(),
    })?;
    let report = office.sync()?;
    assert_eq!(report.rejected, 0, "the server accepts best-practice mutations");
    assert_eq!(office.store.outbox_len()?, 0);

    train.sync()?;
    let found = train.store.practices(&PracticeQuery { search: "musica escolas".into(), ..Default::default() })?;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, practice.id);
    let there = train.store.practice(&practice.id)?;
    assert_eq!(there.fields, practice.fields);
    assert_eq!(there.organisation_name.as_deref(), Some("Porto"));

    train.store.delete_practice(&practice.id)?;
    train.sync()?;
    office.sync()?;
    assert!(office.store.practices(&PracticeQuery::default())?.is_empty());
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    Ok(())
}
