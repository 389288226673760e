use super::*;
use crate::model::{MembershipCategory, MembershipStatus, OrganisationInput};
use crate::test_support::{organisation, store};

const YEAR: i32 = 2027;

fn member(store: &mut Store, name: &str, population: Option<i64>) -> String {
    let input = OrganisationInput { population, ..organisation(name, "FR") };
    store.create_organisation(&input).expect("member created").id
}

fn associate(store: &mut Store, name: &str) -> String {
    let input = OrganisationInput {
        category: MembershipCategory::Associate,
        population: None,
        population_year: None,
        ..organisation(name, "BE")
    };
    store.create_organisation(&input).expect("associate created").id
}

fn fee(store: &Store, id: &str) -> Option<i64> {
    store.fee_for(id, YEAR).expect("quote").fee_cents
}

fn pay(store: &mut Store, invoice_id: &str, cents: i64) -> Result<Payment> {
    store.record_payment(&PaymentInput {
        invoice_id: invoice_id.to_string(),
        paid_on: "2027-02-01".into(),
        amount_cents: cents,
        method: "bank transfer".into(),
        reference: String::new(),
    })
}

/// One member with an invoice issued on 2027-01-15 (due 2027-02-14 with the default 30 days).
fn invoiced_member(population: i64) -> (Store, String, Invoice) {
    let mut store = store();
    let id = member(&mut store, "Porto", Some(population));
    let mut outcome = store.issue_dues_run(YEAR, "2027-01-15").expect("run");
    let invoice = outcome.issued.pop().expect("one invoice");
    (store, id, invoice)
}

#[test]
fn population_bands_are_inclusive_below_and_exclusive_above_at_every_edge() {
    let mut store = store();
    let cases = [
        (0, 30_000),
        (19_999, 30_000),
        (20_000, 60_000),
        (99_999, 60_000),
        (100_000, 120_000),
        (499_999, 120_000),
        (500_000, 200_000),
        (999_999, 200_000),
        (1_000_000, 300_000),
        (12_000_000, 300_000),
    ];
    for (population, expected) in cases {
        let id = member(&mut store, &format!("City of {population}"), Some(population));
        assert_eq!(fee(&store, &id), Some(expected), "population {population}");
    }
}

#[test]
fn a_quote_says_which_figure_fell_in_which_band_for_how_much() {
    let mut store = store();
    let input = OrganisationInput {
        population: Some(252_687),
        population_year: Some(2023),
        population_source: "GeoNames".into(),
        ..organisation("Porto", "PT")
    };
    let id = store.create_organisation(&input).expect("created").id;
    let quote = store.fee_for(&id, YEAR).expect("quote");
    assert_eq!(quote.band_label, "100,000–500,000");
    assert_eq!(quote.why, "population 252,687 (GeoNames, 2023) falls in 100,000–500,000 → €1,200");
}

#[test]
fn a_full_member_without_population_gets_an_unknown_band_that_says_what_is_missing() {
    let mut store = store();
    let id = member(&mut store, "Nowhere", None);
    let quote = store.fee_for(&id, YEAR).expect("quote");
    assert_eq!(quote.fee_cents, None);
    assert_eq!(quote.band_label, "unknown band");
    assert!(quote.why.contains("no population figure"), "{}", quote.why);
}

#[test]
fn an_associate_pays_the_flat_fee_without_a_population_figure() {
    let mut store = store();
    let id = associate(&mut store, "Théâtre du Soleil");
    let quote = store.fee_for(&id, YEAR).expect("quote");
    assert_eq!(quote.fee_cents, Some(25_000));
    assert_eq!(quote.band_label, "flat fee");
}

#[test]
fn an_organisation_that_is_not_a_member_owes_no_dues() {
    let mut store = store();
    let input = OrganisationInput { category: MembershipCategory::None, ..organisation("A funder", "DE") };
    let id = store.create_organisation(&input).expect("created").id;
    assert!(matches!(store.fee_for(&id, YEAR), Err(CoreError::Validation { field, .. }) if field == "category"));
}

#[test]
fn quoting_a_year_without_a_schedule_proposes_the_defaults_and_writes_nothing() {
    let mut store = store();
    let id = member(&mut store, "Lille", Some(230_000));
    let outbox = store.outbox_len().expect("outbox");
    let schedule = store.fee_schedule(YEAR).expect("schedule");
    assert!(!schedule.stored);
    assert_eq!(schedule.copied_from, None);
    assert_eq!(schedule.bands.len(), 6);
    assert_eq!(fee(&store, &id), Some(120_000));
    assert_eq!(store.outbox_len().expect("outbox"), outbox);
}

#[test]
fn a_new_year_copies_the_latest_earlier_schedule_with_its_edits() {
    let mut store = store();
    let stored = store.ensure_fee_schedule(2026).expect("2026 stored");
    assert!(stored.stored);
    let top = stored.bands.iter().find(|b| b.label == "≥ 1,000,000").expect("top band").clone();
    store.update_fee_band(&top.id, &FeeBandInput { fee_cents: 350_000, ..top.fields.clone() }).expect("edited");
    let next = store.ensure_fee_schedule(YEAR).expect("2027 stored");
    assert!(next.stored);
    let schedule = store.fee_schedule(YEAR).expect("schedule");
    assert!(schedule.bands.iter().all(|b| b.fields.year == YEAR));
    let copied_top = schedule.bands.iter().find(|b| b.label == "≥ 1,000,000").expect("top band");
    assert_eq!(copied_top.fields.fee_cents, 350_000);
    assert_eq!(store.fee_schedule(2028).expect("2028").copied_from, Some(YEAR));
}

#[test]
fn ensuring_a_stored_schedule_again_adds_nothing() {
    let mut store = store();
    store.ensure_fee_schedule(YEAR).expect("first");
    let outbox = store.outbox_len().expect("outbox");
    let again = store.ensure_fee_schedule(YEAR).expect("second");
    assert_eq!(again.bands.len(), 6);
    assert_eq!(store.outbox_len().expect("outbox"), outbox);
}

#[test]
fn a_band_that_overlaps_another_of_its_category_is_refused() {
    let mut store = store();
    let overlapping = FeeBandInput { year: YEAR, category: FeeCategory::Full, population_from: 50_000, population_to: Some(150_000), fee_cents: 1 };
    let error = store.add_fee_band(&overlapping).expect_err("overlap refused");
    assert!(error.to_string().contains("overlaps"), "{error}");
    let backwards = FeeBandInput { population_from: 9_000_000, population_to: Some(8_000_000), ..overlapping };
    assert!(matches!(store.add_fee_band(&backwards), Err(CoreError::Validation { field, .. }) if field == "population_to"));
}

#[test]
fn a_fee_band_can_be_edited_deleted_and_the_delete_undone() {
    let mut store = store();
    let schedule = store.ensure_fee_schedule(YEAR).expect("stored");
    let associate_band = schedule.bands.iter().find(|b| b.fields.category == FeeCategory::Associate).expect("associate").clone();
    let edited = store.update_fee_band(&associate_band.id, &FeeBandInput { fee_cents: 27_500, ..associate_band.fields.clone() }).expect("edit");
    assert_eq!(edited.fields.fee_cents, 27_500);
    let deletion = store.delete_fee_band(&associate_band.id).expect("delete");
    assert_eq!(store.fee_schedule(YEAR).expect("schedule").bands.len(), 5);
    store.undo(&deletion).expect("undo");
    assert_eq!(store.fee_schedule(YEAR).expect("schedule").bands.len(), 6);
}

#[test]
fn the_preview_lists_active_full_and_associate_members_with_their_fees_and_writes_nothing() {
    let mut store = store();
    member(&mut store, "Lyon", Some(520_000));
    associate(&mut store, "Opera Europa");
    let lapsed = OrganisationInput { status: MembershipStatus::Lapsed, ..organisation("Gone", "IT") };
    store.create_organisation(&lapsed).expect("lapsed");
    let outbox = store.outbox_len().expect("outbox");
    let preview = store.preview_dues_run(YEAR).expect("preview");
    let names: Vec<&str> = preview.lines.iter().map(|l| l.quote.organisation_name.as_str()).collect();
    assert_eq!(names, vec!["Lyon", "Opera Europa"]);
    assert_eq!(preview.to_issue_cents, 200_000 + 25_000);
    assert_eq!(store.outbox_len().expect("outbox"), outbox);
}

#[test]
fn running_the_dues_twice_issues_nothing_twice() {
    let mut store = store();
    member(&mut store, "Lyon", Some(520_000));
    member(&mut store, "Nantes", Some(320_000));
    let first = store.issue_dues_run(YEAR, "2027-01-15").expect("first run");
    assert_eq!(first.issued.len(), 2);
    let second = store.issue_dues_run(YEAR, "2027-01-16").expect("second run");
    assert!(second.issued.is_empty());
    assert_eq!(second.already_invoiced, 2);
    assert_eq!(store.invoices_of_year(YEAR).expect("invoices").len(), 2);
    let preview = store.preview_dues_run(YEAR).expect("preview");
    assert!(preview.lines.iter().all(|l| l.existing_invoice.is_some()));
    assert_eq!(preview.to_issue_cents, 0);
}

#[test]
fn a_member_joining_after_the_run_is_invoiced_by_the_next_run_alone() {
    let mut store = store();
    member(&mut store, "Lyon", Some(520_000));
    store.issue_dues_run(YEAR, "2027-01-15").expect("first run");
    member(&mut store, "Nantes", Some(320_000));
    let second = store.issue_dues_run(YEAR, "2027-03-01").expect("second run");
    assert_eq!(second.issued.len(), 1);
    assert_eq!(second.issued[0].organisation_name, "Nantes");
    assert_eq!(second.issued[0].number.as_deref(), Some("2027-0002"));
}

#[test]
fn a_member_without_a_fee_is_skipped_and_listed_with_the_reason() {
    let mut store = store();
    member(&mut store, "Nowhere", None);
    let outcome = store.issue_dues_run(YEAR, "2027-01-15").expect("run");
    assert!(outcome.issued.is_empty());
    assert_eq!(outcome.skipped.len(), 1);
    assert!(outcome.skipped[0].why.contains("no population figure"));
}

#[test]
fn local_numbering_gives_gapless_final_numbers_per_year() {
    let mut store = store();
    for name in ["Aachen", "Bergen", "Cork"] {
        member(&mut store, name, Some(150_000));
    }
    store.issue_dues_run(2026, "2026-01-10").expect("2026");
    store.issue_dues_run(YEAR, "2027-01-10").expect("2027");
    for year in [2026, YEAR] {
        let numbers: Vec<Option<String>> = store.invoices_of_year(year).expect("invoices").into_iter().map(|i| i.number).collect();
        let expected: Vec<Option<String>> = (1..=3).map(|n| Some(format!("{year}-{n:04}"))).collect();
        assert_eq!(numbers, expected);
    }
}

#[test]
fn server_numbering_leaves_invoices_provisional_until_local_numbering_numbers_them_in_order() {
    let mut store = store();
    store.set_dues_settings(&DuesSettings { numbering: InvoiceNumbering::Server, ..DuesSettings::default() }).expect("settings");
    for name in ["Aachen", "Bergen", "Cork"] {
        member(&mut store, name, Some(150_000));
    }
    let outcome = store.issue_dues_run(YEAR, "2027-01-10").expect("run");
    let provisional: Vec<&str> = outcome.issued.iter().map(|i| i.provisional_number.as_str()).collect();
    assert_eq!(provisional, vec!["2027-P-0001", "2027-P-0002", "2027-P-0003"]);
    assert!(outcome.issued.iter().all(|i| i.number.is_none() && i.shown_number().starts_with("2027-P-")));
    assert!(store.finalise_invoice_numbers(YEAR).is_err(), "only the server numbers under server numbering");
    store.set_dues_settings(&DuesSettings::default()).expect("back to local numbering");
    let numbered = store.finalise_invoice_numbers(YEAR).expect("finalised");
    let finals: Vec<(&str, Option<&str>)> = numbered.iter().map(|i| (i.provisional_number.as_str(), i.number.as_deref())).collect();
    assert_eq!(finals, vec![("2027-P-0001", Some("2027-0001")), ("2027-P-0002", Some("2027-0002")), ("2027-P-0003", Some("2027-0003"))]);
}

#[test]
fn an_invoice_is_due_after_the_configured_number_of_days() {
    let mut store = store();
    store.set_dues_settings(&DuesSettings { payment_days: 45, ..DuesSettings::default() }).expect("settings");
    member(&mut store, "Lyon", Some(520_000));
    let outcome = store.issue_dues_run(YEAR, "2027-01-15").expect("run");
    assert_eq!(outcome.issued[0].due_on, "2027-03-01");
    assert_eq!(outcome.issued[0].why, "population 520,000 (census, 2021) falls in 500,000–1,000,000 → €2,000");
}

#[test]
fn an_invoice_cannot_be_undone_so_its_number_never_leaves_a_gap() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    let create = store.history(crate::model::EntityKind::Invoice, &invoice.id).expect("history")[0].mutation_id.clone();
    assert!(matches!(store.undo(&create), Err(CoreError::Undo(_))));
}

#[test]
fn partial_payments_reduce_the_invoice_and_member_balances() {
    let (mut store, member_id, invoice) = invoiced_member(150_000);
    pay(&mut store, &invoice.id, 50_000).expect("first part");
    pay(&mut store, &invoice.id, 20_000).expect("second part");
    let after = store.invoice(&invoice.id).expect("invoice");
    assert_eq!((after.amount_cents, after.paid_cents, after.balance_cents), (120_000, 70_000, 50_000));
    let balance = store.member_balance(&member_id, "2027-02-01").expect("balance");
    assert_eq!((balance.invoiced_cents, balance.paid_cents, balance.balance_cents), (120_000, 70_000, 50_000));
    assert_eq!(store.payments_of_invoice(&invoice.id).expect("payments").len(), 2);
}

#[test]
fn a_payment_above_what_is_due_is_refused_and_names_the_amount_due() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    pay(&mut store, &invoice.id, 100_000).expect("part");
    let error = pay(&mut store, &invoice.id, 20_001).expect_err("over-payment refused");
    assert!(error.to_string().contains("€200 still due"), "{error}");
    pay(&mut store, &invoice.id, 20_000).expect("exact rest");
    let error = pay(&mut store, &invoice.id, 1).expect_err("paid in full");
    assert!(error.to_string().contains("paid in full"), "{error}");
    assert!(pay(&mut store, &invoice.id, 0).is_err());
}

#[test]
fn a_payment_recorded_by_mistake_can_be_deleted_and_the_balance_comes_back() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    let payment = pay(&mut store, &invoice.id, 120_000).expect("paid");
    let deletion = store.delete_payment(&payment.id).expect("deleted");
    assert_eq!(store.invoice(&invoice.id).expect("invoice").balance_cents, 120_000);
    store.undo(&deletion).expect("undo");
    assert_eq!(store.invoice(&invoice.id).expect("invoice").balance_cents, 0);
}

#[test]
fn an_unpaid_invoice_is_overdue_only_after_its_due_date() {
    let (store, member_id, invoice) = invoiced_member(150_000);
    assert_eq!(invoice.due_on, "2027-02-14");
    assert!(store.overdue_invoices("2027-02-14").expect("on due date").is_empty());
    assert!(store.good_standing(&member_id, "2027-02-14").expect("standing"));
    assert_eq!(store.overdue_invoices("2027-02-15").expect("day after").len(), 1);
    assert!(!store.good_standing(&member_id, "2027-02-15").expect("standing"));
    assert_eq!(store.member_balance(&member_id, "2027-02-15").expect("balance").overdue_cents, 120_000);
}

#[test]
fn a_member_who_paid_in_full_is_in_good_standing_after_the_due_date() {
    let (mut store, member_id, invoice) = invoiced_member(150_000);
    pay(&mut store, &invoice.id, 120_000).expect("paid");
    assert!(store.good_standing(&member_id, "2027-12-31").expect("standing"));
    assert!(store.overdue_invoices("2027-12-31").expect("overdue").is_empty());
}

#[test]
fn a_reminder_gives_the_invoice_number_due_date_and_amount_due() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    pay(&mut store, &invoice.id, 40_000).expect("part");
    let text = store.reminder_text(&invoice.id).expect("reminder");
    assert!(text.contains("invoice 2027-0001"), "{text}");
    assert!(text.contains("was due on 2027-02-14"), "{text}");
    assert!(text.contains("Amount due:      €800"), "{text}");
    assert!(text.contains("Porto"), "{text}");
    pay(&mut store, &invoice.id, 80_000).expect("rest");
    assert!(store.reminder_text(&invoice.id).is_err());
}

#[test]
fn a_member_stays_active_on_the_last_day_of_grace_and_lapses_the_day_after() {
    let (mut store, member_id, _) = invoiced_member(150_000);
    // Due 2027-02-14, 90 days of grace: the last day of grace is 2027-05-15.
    assert!(store.status_changes_due("2027-05-15").expect("last day").is_empty());
    let due = store.status_changes_due("2027-05-16").expect("day after");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].to, MembershipStatus::Lapsed);
    assert!(due[0].reason.contains("invoice 2027-0001 (€1,200 due 2027-02-14)"), "{}", due[0].reason);
    assert_eq!(store.organisation(&member_id).expect("org").fields.status, MembershipStatus::Active);
    let applied = store.apply_status_rules("2027-05-16").expect("applied");
    assert_eq!(applied, due);
    assert_eq!(store.organisation(&member_id).expect("org").fields.status, MembershipStatus::Lapsed);
    assert!(store.apply_status_rules("2027-05-17").expect("again").is_empty());
}

#[test]
fn the_grace_period_is_configurable() {
    let (store, _, _) = invoiced_member(150_000);
    store.set_dues_settings(&DuesSettings { grace_days: 10, ..DuesSettings::default() }).expect("settings");
    assert!(store.status_changes_due("2027-02-24").expect("last day").is_empty());
    assert_eq!(store.status_changes_due("2027-02-25").expect("day after").len(), 1);
}

#[test]
fn a_member_that_paid_part_of_its_dues_still_lapses_but_one_that_paid_all_does_not() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    pay(&mut store, &invoice.id, 119_999).expect("almost all");
    assert_eq!(store.status_changes_due("2027-06-01").expect("due").len(), 1);
    pay(&mut store, &invoice.id, 1).expect("the last cent");
    assert!(store.status_changes_due("2027-06-01").expect("due").is_empty());
}

#[test]
fn settings_have_defaults_and_refuse_nonsense() {
    let store = store();
    assert_eq!(store.dues_settings().expect("settings"), DuesSettings::default());
    let error = store.set_dues_settings(&DuesSettings { payment_days: 400, ..DuesSettings::default() }).expect_err("refused");
    assert!(matches!(error, CoreError::Validation { field, .. } if field == "payment_days"));
}

#[test]
fn every_dues_table_matches_the_synced_entity_schema_field_for_field() {
    for table in [&FEE_BANDS, &INVOICES, &PAYMENTS] {
        let entity = rencontres_protocol::entity(table.entity_name()).expect("entity is synced");
        assert_eq!(entity.noun, table.noun);
        let names: Vec<&str> = entity.fields.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, table.fields.to_vec(), "{}", table.noun);
    }
}

#[test]
fn dues_writes_wait_in_the_outbox_for_sync() {
    let (mut store, _, invoice) = invoiced_member(150_000);
    let before = store.outbox_len().expect("outbox");
    pay(&mut store, &invoice.id, 10_000).expect("paid");
    assert_eq!(store.outbox_len().expect("outbox"), before + 1);
}
