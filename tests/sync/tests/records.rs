//! Publications and grants through the real server: made on one laptop, they reach another
//! unchanged, and a report marked done there comes back to the first.

use rencontres_core::grants::GrantInput;
use rencontres_core::publications::{PublicationInput, PublicationKind};
use rencontres_protocol::Role;
use rencontres_sync_tests::{Laptop, TestServer};

#[test]
fn a_publication_and_a_grant_reach_a_second_laptop_and_an_edit_comes_back() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let mut train = Laptop::new(&server, "assistant")?;

    let report = office.store.create_publication(&PublicationInput {
        kind: PublicationKind::ConferenceReport,
        title: "Chemnitz 2025: the report".into(),
        published_on: Some("2025-11-02".into()),
        event: "General assembly, Chemnitz".into(),
        summary: "What was said".into(),
        files: vec![],
    })?;
    let grant = office.store.create_grant(&GrantInput {
        funder_id: None,
        funder_name: "European Commission".into(),
        year: 2025,
        amount_cents: Some(12_500_000),
        programme: "Creative Europe".into(),
        purpose: "Operating grant".into(),
        reporting_deadline: Some("2026-03-31".into()),
        reported_on: None,
        notes: String::new(),
    })?;
    assert_eq!(office.sync()?.rejected, 0, "the server accepts both");
    train.sync()?;
    assert_eq!(train.store.publication(&report.id, None)?.fields, report.fields);
    assert_eq!(train.store.grants()?, vec![grant.clone()]);

    train.store.update_grant(&grant.id, &GrantInput { reported_on: Some("2026-03-20".into()), ..grant.fields.clone() })?;
    train.sync()?;
    office.sync()?;
    assert!(office.store.grant_reminders("2026-03-25", 30)?.is_empty(), "the report is made");
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    Ok(())
}
