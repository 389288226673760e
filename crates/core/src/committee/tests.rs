use super::*;
use crate::test_support::{organisation, person, store};

fn holder(store: &mut Store, first: &str, last: &str) -> String {
    let org = store.create_organisation(&organisation(&format!("{last} city"), "FR")).expect("organisation").id;
    store.create_person(&person(first, last, Some(&org))).expect("person").id
}

fn seat(person_id: &str, role: SeatRole, start: &str, end: Option<&str>) -> SeatInput {
    SeatInput {
        person_id: person_id.to_string(),
        role,
        term_start: start.to_string(),
        term_end: end.map(str::to_string),
        account_username: None,
    }
}

fn field_of(result: Result<Seat>) -> String {
    match result {
        Err(CoreError::Validation { field, .. }) => field.to_string(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_seat_is_current_from_its_first_to_its_last_day_inclusive() {
    let mut store = store();
    let ana = holder(&mut store, "Ana", "Silva");
    let added = store.add_seat(&seat(&ana, SeatRole::Treasurer, "2024-01-15", Some("2025-12-31"))).expect("seat");
    assert_eq!(added.person_name, "Ana Silva");
    assert_eq!(added.organisation_name.as_deref(), Some("Silva city"));
    let ids = |c: &[Seat]| c.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let before = store.committee("2024-01-14").expect("committee");
    assert!(before.current.is_empty());
    assert_eq!(ids(&before.upcoming), vec![added.id.clone()]);
    assert_eq!(ids(&store.committee("2024-01-15").expect("committee").current), vec![added.id.clone()]);
    assert_eq!(ids(&store.committee("2025-12-31").expect("committee").current), vec![added.id.clone()]);
    let after = store.committee("2026-01-01").expect("committee");
    assert!(after.current.is_empty());
    assert_eq!(ids(&after.past), vec![added.id.clone()]);
    assert_eq!(store.current_seats_of_person(&ana, "2025-06-01").expect("seats").len(), 1);
    assert!(store.current_seats_of_person(&ana, "2026-06-01").expect("seats").is_empty());
}

#[test]
fn the_current_committee_lists_the_president_first_then_vice_presidents_treasurer_members() {
    let mut store = store();
    let ids: Vec<String> =
        [("Zoe", "Member"), ("Yan", "Treasurer"), ("Xavier", "Vice"), ("Will", "President")].iter().map(|(f, l)| holder(&mut store, f, l)).collect();
    store.add_seat(&seat(&ids[0], SeatRole::Member, "2024-01-01", None)).expect("member");
    store.add_seat(&seat(&ids[1], SeatRole::Treasurer, "2024-01-01", None)).expect("treasurer");
    store.add_seat(&seat(&ids[2], SeatRole::VicePresident, "2024-01-01", None)).expect("vice");
    store.add_seat(&seat(&ids[3], SeatRole::President, "2024-01-01", None)).expect("president");
    let roles: Vec<SeatRole> = store.committee("2024-06-01").expect("committee").current.iter().map(|s| s.fields.role).collect();
    assert_eq!(roles, vec![SeatRole::President, SeatRole::VicePresident, SeatRole::Treasurer, SeatRole::Member]);
}

#[test]
fn there_is_one_president_at_a_time() {
    let mut store = store();
    let ana = holder(&mut store, "Ana", "Silva");
    let ben = holder(&mut store, "Ben", "Weber");
    let first = store.add_seat(&seat(&ana, SeatRole::President, "2022-01-01", None)).expect("first president");
    assert_eq!(field_of(store.add_seat(&seat(&ben, SeatRole::President, "2024-01-01", None))), "role");
    // Ending the first term the day before makes room; the same day does not.
    store.end_seat(&first.id, "2024-01-01").expect("ended");
    assert_eq!(field_of(store.add_seat(&seat(&ben, SeatRole::President, "2024-01-01", None))), "role");
    store.end_seat(&first.id, "2023-12-31").expect("ended earlier");
    store.add_seat(&seat(&ben, SeatRole::President, "2024-01-01", None)).expect("second president");
    // Several vice-presidents are fine.
    store.add_seat(&seat(&ana, SeatRole::VicePresident, "2024-01-01", None)).expect("vice");
    store.add_seat(&seat(&ana, SeatRole::VicePresident, "2024-02-01", None)).expect("another vice");
    // An earlier president term that runs into the current one is refused too.
    assert_eq!(field_of(store.add_seat(&seat(&ana, SeatRole::President, "2020-01-01", Some("2024-01-01")))), "role");
    store.add_seat(&seat(&ana, SeatRole::President, "2020-01-01", Some("2021-12-31"))).expect("an earlier term");
}

#[test]
fn a_term_ending_before_it_starts_and_a_missing_holder_are_refused() {
    let mut store = store();
    let ana = holder(&mut store, "Ana", "Silva");
    assert_eq!(field_of(store.add_seat(&seat(&ana, SeatRole::Member, "2024-01-15", Some("2024-01-14")))), "term_end");
    store.add_seat(&seat(&ana, SeatRole::Member, "2024-01-15", Some("2024-01-15"))).expect("a one-day term");
    assert_eq!(field_of(store.add_seat(&seat(&ana, SeatRole::Member, "2024-13-01", None))), "term_start");
    assert_eq!(field_of(store.add_seat(&seat("", SeatRole::Member, "2024-01-15", None))), "person_id");
    assert_eq!(field_of(store.add_seat(&seat("nobody", SeatRole::Member, "2024-01-15", None))), "person_id");
    let open = store.add_seat(&seat(&ana, SeatRole::Member, "2024-01-15", None)).expect("open");
    assert!(matches!(store.end_seat(&open.id, "2024-01-01"), Err(CoreError::Validation { field, .. }) if field == "term_end"));
}

#[test]
fn a_seat_is_written_to_history_and_the_outbox_and_can_be_undone() {
    let mut store = store();
    let ana = holder(&mut store, "Ana", "Silva");
    let outbox = store.outbox_len().expect("outbox");
    let added = store
        .add_seat(&SeatInput { account_username: Some(" ana ".into()), ..seat(&ana, SeatRole::Treasurer, "2024-01-15", None) })
        .expect("seat");
    assert_eq!(added.fields.account_username.as_deref(), Some("ana"));
    assert_eq!(store.outbox_len().expect("outbox"), outbox + 1);
    store.end_seat(&added.id, "2024-12-31").expect("ended");
    assert_eq!(store.outbox_len().expect("outbox"), outbox + 2);
    let history = store.history(EntityKind::CommitteeSeat, &added.id).expect("history");
    assert_eq!(history.len(), 2);
    // Undo the end: the seat is open again.
    store.undo(&history[0].mutation_id).expect("undo the end");
    assert_eq!(store.seat(&added.id).expect("seat").fields.term_end, None);
    // Undo the creation: the seat is gone.
    let create = store.history(EntityKind::CommitteeSeat, &added.id).expect("history").last().expect("create").mutation_id.clone();
    store.undo(&create).expect("undo the creation");
    assert!(store.committee("2024-06-01").expect("committee").current.is_empty());
    assert!(store.seat(&added.id).is_err());
}

#[test]
fn seats_stay_out_of_the_search_index() {
    let mut store = store();
    let ana = holder(&mut store, "Ana", "Silva");
    let rows: i64 = store.conn.query_row("SELECT COUNT(*) FROM search_rows", [], |r| r.get(0)).expect("count");
    store.add_seat(&seat(&ana, SeatRole::Member, "2024-01-15", None)).expect("seat");
    let after: i64 = store.conn.query_row("SELECT COUNT(*) FROM search_rows", [], |r| r.get(0)).expect("count");
    assert_eq!(rows, after);
}

#[test]
fn the_seats_table_matches_the_synced_entity_schema_field_for_field() {
    let entity = rencontres_protocol::entity(SEATS.entity_name()).expect("entity is synced");
    assert_eq!(entity.noun, SEATS.noun);
    let names: Vec<&str> = entity.fields.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, SEATS.fields.to_vec());
}
