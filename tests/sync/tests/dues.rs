//! Dues through the real server: a fee schedule, an invoice and a payment made on one laptop
//! reach another; two laptops that run the same year's dues offline end with one invoice
//! per member, not two.

use rencontres_core::dues::PaymentInput;
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, Laptop, TestServer};

fn payment(invoice_id: &str, cents: i64) -> PaymentInput {
    PaymentInput {
        invoice_id: invoice_id.to_string(),
        paid_on: "2027-02-03".into(),
        amount_cents: cents,
        method: "bank transfer".into(),
        reference: "statement 12".into(),
    }
}

#[test]
fn an_invoice_and_its_payment_reach_a_second_laptop_through_the_server() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("treasurer", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "treasurer")?;
    let mut train = Laptop::new(&server, "assistant")?;

    let porto = office.store.create_organisation(&city("Porto"))?;
    let outcome = office.store.issue_dues_run(2027, "2027-01-15")?;
    let invoice = outcome.issued.first().cloned().ok_or_else(|| anyhow::anyhow!("no invoice issued"))?;
    office.store.record_payment(&payment(&invoice.id, 50_000))?;
    let report = office.sync()?;
    assert_eq!(report.rejected, 0, "the server accepts dues mutations");
    assert_eq!(office.store.outbox_len()?, 0);

    train.sync()?;
    let seen = train.store.invoice(&invoice.id)?;
    assert_eq!(seen.number.as_deref(), Some("2027-0001"));
    assert_eq!((seen.amount_cents, seen.paid_cents, seen.balance_cents), (120_000, 50_000, 70_000));
    assert_eq!(seen.organisation_name, "Porto");
    assert_eq!(train.store.payments_of_invoice(&invoice.id)?.len(), 1);
    assert!(train.store.fee_schedule(2027)?.stored, "the schedule the run stored syncs too");
    assert!(!train.store.good_standing(&porto.id, "2027-03-01")?);

    // The rest is paid on the second laptop and comes back to the first.
    train.store.record_payment(&payment(&invoice.id, 70_000))?;
    train.sync()?;
    office.sync()?;
    assert_eq!(office.store.invoice(&invoice.id)?.balance_cents, 0);
    assert!(office.store.good_standing(&porto.id, "2027-03-01")?);
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    Ok(())
}

#[test]
fn two_laptops_running_the_same_dues_offline_end_with_one_invoice_per_member() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("treasurer", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "treasurer")?;
    let mut train = Laptop::new(&server, "assistant")?;
    office.store.create_organisation(&city("Porto"))?;
    office.store.create_organisation(&city("Braga"))?;
    office.sync()?;
    train.sync()?;

    office.store.issue_dues_run(2027, "2027-01-15")?;
    train.store.issue_dues_run(2027, "2027-01-16")?;
    office.sync()?;
    train.sync()?;
    office.sync()?;

    for laptop in [&office, &train] {
        let invoices = laptop.store.invoices_of_year(2027)?;
        assert_eq!(invoices.len(), 2, "one invoice per member");
        assert!(invoices.iter().all(|i| i.issued_on == "2027-01-15"), "the first to reach the server is kept");
        assert_eq!(laptop.store.fee_schedule(2027)?.bands.len(), 6, "one schedule, not two");
        assert_eq!(laptop.store.outbox_len()?, 0);
    }
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    Ok(())
}

#[test]
fn under_server_numbering_the_server_gives_gapless_final_numbers_in_arrival_order() -> anyhow::Result<()> {
    use rencontres_core::dues::{DuesSettings, InvoiceNumbering};
    let server = TestServer::start()?;
    server.add_user("treasurer", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "treasurer")?;
    let mut train = Laptop::new(&server, "assistant")?;
    let by_server = DuesSettings { numbering: InvoiceNumbering::Server, ..DuesSettings::default() };
    office.store.set_dues_settings(&by_server)?;
    train.store.set_dues_settings(&by_server)?;
    office.store.create_organisation(&city("Braga"))?;
    office.store.create_organisation(&city("Porto"))?;
    office.sync()?;
    train.sync()?;

    let issued = office.store.issue_dues_run(2027, "2027-01-15")?.issued;
    assert!(issued.iter().all(|i| i.number.is_none()), "provisional until the server numbers them");
    // A member that joins on the train is invoiced there, offline, with the same provisional number.
    train.store.create_organisation(&city("Coimbra"))?;
    let late = train.store.issue_dues_run(2027, "2027-01-20")?.issued;
    assert_eq!(late.len(), 3, "the train laptop has not seen the office's invoices yet");
    office.sync()?;
    train.sync()?;
    office.sync()?;

    for laptop in [&office, &train] {
        let mut numbers: Vec<String> =
            laptop.store.invoices_of_year(2027)?.into_iter().map(|i| i.number.unwrap_or_default()).collect();
        numbers.sort();
        assert_eq!(numbers, vec!["2027-0001", "2027-0002", "2027-0003"]);
    }
    let coimbra = office.store.invoices_of_year(2027)?.into_iter().find(|i| i.organisation_name == "Coimbra");
    assert_eq!(coimbra.and_then(|i| i.number).as_deref(), Some("2027-0003"), "numbered after the office's two");
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    Ok(())
}
