//! The committee through the real server: a seat made on one laptop reaches another, a
//! committee member's laptop sees the committee (but not the dues), and the server refuses
//! nothing of it.

use rencontres_core::committee::{SeatInput, SeatRole};
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, contact, Laptop, TestServer};

#[test]
fn a_seat_reaches_a_second_laptop_and_a_committee_member_sees_the_committee() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    server.add_user("reviewer", Role::Committee)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let mut train = Laptop::new(&server, "assistant")?;
    let mut reviewer = Laptop::new(&server, "reviewer")?;

    let porto = office.store.create_organisation(&city("Porto"))?;
    let ana = office.store.create_person(&contact("Ana", "Silva", &porto.id))?;
    let seat = office.store.add_seat(&SeatInput {
        person_id: ana.id.clone(),
        role: SeatRole::President,
        term_start: "2024-01-15".into(),
        term_end: None,
        account_username: Some("reviewer".into()),
    })?;
    office.store.issue_dues_run(2027, "2027-01-15")?;
    let report = office.sync()?;
    assert_eq!(report.rejected, 0, "the server accepts committee mutations");
    assert_eq!(office.store.outbox_len()?, 0);

    train.sync()?;
    let current = train.store.committee("2025-01-01")?.current;
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].id, seat.id);
    assert_eq!(current[0].person_name, "Ana Silva");
    assert_eq!(current[0].organisation_name.as_deref(), Some("Porto"));
    assert_eq!(current[0].fields.account_username.as_deref(), Some("reviewer"));

    // Ended on the second laptop, the seat comes back ended to the first.
    train.store.end_seat(&seat.id, "2025-06-30")?;
    train.sync()?;
    office.sync()?;
    assert_eq!(office.store.seat(&seat.id)?.fields.term_end.as_deref(), Some("2025-06-30"));
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);

    // A committee member's laptop holds the committee, not the dues.
    reviewer.sync()?;
    assert_eq!(reviewer.store.committee("2025-01-01")?.current.len(), 1);
    assert!(reviewer.store.invoices_of_year(2027)?.is_empty());
    Ok(())
}
