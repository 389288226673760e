//! Events through the real server: door laptops scanning the same badge offline meet as one
//! flagged duplicate after sync, with the same present-count everywhere; an organiser pulls
//! and pushes only the events assigned to them; a newly assigned organiser receives the rows
//! older than its cursor; check-ins are never changed once made.

use rencontres_core::events::checkins::CheckInOutcome;
use rencontres_core::events::registrations::RegistrationRequest;
use rencontres_core::events::{EventInput, EventKind, EventStatus};
use rencontres_core::sync::Transport;
use rencontres_protocol::{Mutation, MutationStatus, PushRequest, Role, SCHEMA_VERSION};
use rencontres_sync_tests::{city, Laptop, TestServer};
use serde_json::json;

fn event(title: &str, organisers: &[&str]) -> EventInput {
    EventInput {
        kind: EventKind::GeneralAssembly,
        title: title.into(),
        city: "Évora".into(),
        country: "PT".into(),
        venue: "Teatro".into(),
        starts_on: "2027-05-12".into(),
        ends_on: "2027-05-14".into(),
        capacity: Some(300),
        status: EventStatus::Open,
        organisers: organisers.iter().map(|o| o.to_string()).collect(),
        notes: String::new(),
    }
}

fn guest(event_id: &str, last: &str) -> RegistrationRequest {
    RegistrationRequest {
        event_id: event_id.into(),
        first_name: "Guest".into(),
        last_name: last.into(),
        organisation_name: "Elsewhere".into(),
        country: "FR".into(),
        ..Default::default()
    }
}

fn green_id(outcome: CheckInOutcome) -> String {
    match outcome {
        CheckInOutcome::Green { check_in_id, .. } => check_in_id,
        other => panic!("expected green, got {other:?}"),
    }
}

/// Pushes one hand-made mutation as `laptop`'s device, numbered after everything it sent.
fn push_raw(laptop: &Laptop, name: &str, args: serde_json::Value) -> anyhow::Result<(MutationStatus, Option<String>)> {
    let request = PushRequest {
        client_id: laptop.store.author().device.clone(),
        schema_version: SCHEMA_VERSION,
        mutations: vec![Mutation {
            id: 1_000_000 + next(),
            uuid: format!("raw-{}-{}", std::process::id(), next()),
            name: name.into(),
            args,
            base_versions: Default::default(),
            at: "2027-05-12T09:00:00.000Z".into(),
        }],
    };
    let response = laptop.transport().push(&request)?;
    let result = response.results.into_iter().next().ok_or_else(|| anyhow::anyhow!("no result"))?;
    Ok((result.status, result.message))
}

/// Increasing numbers for hand-made mutations (their ids must increase per device).
fn next() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[test]
fn two_laptops_scanning_one_badge_offline_flag_one_duplicate_and_agree_on_the_present_count() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("door1", Role::Organiser)?;
    server.add_user("door2", Role::Organiser)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut door1 = Laptop::new(&server, "door1")?;
    let mut door2 = Laptop::new(&server, "door2")?;
    door1.store.set_device_name("Door 1")?;
    door2.store.set_device_name("Door 2")?;

    let ga = office.store.create_event(&event("General Assembly 2027", &["door1", "door2"]))?;
    let ana = office.store.register(&guest(&ga.id, "Silva"))?;
    let rui = office.store.register(&guest(&ga.id, "Costa"))?;
    office.store.register(&guest(&ga.id, "Absent"))?;
    assert_eq!(office.sync()?.rejected, 0);
    door1.sync()?;
    door2.sync()?;
    assert_eq!(door1.store.counters(&ga.id)?.registered, 3, "the door laptops hold the event");

    // The wifi is down: both doors let Ana in; Door 1 also lets Rui in.
    let first = green_id(door1.store.check_in(&ga.id, &ana.badge_code, true)?);
    let second = green_id(door2.store.check_in(&ga.id, &ana.badge_code, true)?);
    green_id(door1.store.check_in(&ga.id, &rui.badge_code, true)?);

    // The wifi is back.
    for report in [door1.sync()?, door2.sync()?, door1.sync()?, office.sync()?] {
        assert_eq!(report.rejected, 0);
    }
    for (name, laptop) in [("office", &office), ("door1", &door1), ("door2", &door2)] {
        let duplicates = laptop.store.duplicates(&ga.id)?;
        assert_eq!(duplicates.len(), 1, "{name}: exactly one duplicate");
        assert_eq!(duplicates[0].registration_id, ana.id, "{name}");
        let devices: Vec<&str> = duplicates[0].check_ins.iter().map(|c| c.device.as_str()).collect();
        assert_eq!(devices.len(), 2, "{name}: both facts kept, none merged");
        assert!(devices.contains(&"Door 1") && devices.contains(&"Door 2"), "{name}: {devices:?}");
        assert_eq!(laptop.store.counters(&ga.id)?.present, 2, "{name}: Ana counts once, Rui once");
    }
    // Each door can tell its own scan had company.
    assert_eq!(door2.store.other_check_ins(&second)?.iter().map(|c| c.device.as_str()).collect::<Vec<_>>(), vec!["Door 1"]);
    assert_eq!(door1.store.other_check_ins(&first)?.iter().map(|c| c.device.as_str()).collect::<Vec<_>>(), vec!["Door 2"]);

    // Online now: Door 1 lets Paula in and pushes at once; Door 2, which has not pulled since,
    // scans her badge too and hears of Door 1's scan in the same sync that pushes its own.
    let paula = office.store.register(&guest(&ga.id, "Paula"))?;
    office.sync()?;
    door1.sync()?;
    door2.sync()?;
    green_id(door1.store.check_in(&ga.id, &paula.badge_code, false)?);
    door1.sync()?;
    match door2.store.check_in(&ga.id, &paula.badge_code, false)? {
        CheckInOutcome::Green { check_in_id, .. } => {
            door2.sync()?;
            let others = door2.store.other_check_ins(&check_in_id)?;
            assert_eq!(others.iter().map(|c| c.device.as_str()).collect::<Vec<_>>(), vec!["Door 1"]);
        }
        other => panic!("Door 2 had not heard of the scan yet: {other:?}"),
    }
    Ok(())
}

#[test]
fn an_organiser_can_neither_pull_nor_push_another_events_registrations() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("door1", Role::Organiser)?;
    server.add_user("other", Role::Organiser)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut door1 = Laptop::new(&server, "door1")?;
    let porto = office.store.create_organisation(&city("Porto"))?;
    let mine = office.store.create_event(&event("Mine", &["door1"]))?;
    let theirs = office.store.create_event(&event("Theirs", &["other"]))?;
    office.store.register(&guest(&mine.id, "Visible"))?;
    let hidden = office.store.register(&guest(&theirs.id, "Hidden"))?;
    office.sync()?;

    door1.sync()?;
    let listed: Vec<String> = door1.store.events()?.into_iter().map(|e| e.title).collect();
    assert_eq!(listed, vec!["Mine"], "only the event assigned");
    assert!(door1.store.registration(&hidden.id).is_err(), "another event's registration is not pulled");
    assert_eq!(door1.store.organisation(&porto.id)?.fields.name, "Porto", "organisations come read-only");

    // Pushes the laptop could not even make through the app, made by hand: all refused.
    let refused = |outcome: (MutationStatus, Option<String>)| {
        assert_eq!(outcome.0, MutationStatus::Rejected, "{outcome:?}");
        outcome.1.unwrap_or_default()
    };
    let why = refused(push_raw(&door1, "UpdateRegistration", json!({"id": hidden.id, "fields": {"payment": "paid"}}))?);
    assert!(why.contains("not one of yours"), "{why}");
    let create = json!({"id": "forged", "fields": {
        "event_id": theirs.id, "person_id": null, "first_name": "F", "last_name": "Orged", "function": "",
        "organisation_id": null, "organisation_name": "", "country": "", "tier": "member", "price_cents": 0,
        "tier_reason": "", "dues_unpaid": 0, "payment": "paid", "diet": "", "access": "", "status": "registered",
        "badge_code": "FORGEDFORGEDFORGED00", "registered_at": "2027-05-12T09:00:00.000Z", "walk_in": 0, "proxy_for": null}});
    refused(push_raw(&door1, "CreateRegistration", create)?);
    let check_in = json!({"id": "sneaky", "fields": {
        "event_id": theirs.id, "registration_id": hidden.id, "device": "Door 1", "device_id": "x",
        "scanned_at": "2027-05-12T09:00:00.000Z", "user": "door1", "offline": 0, "session_id": null}});
    refused(push_raw(&door1, "CreateCheckIn", check_in)?);
    // Moving a registration of theirs into my event is refused as well.
    refused(push_raw(&door1, "UpdateRegistration", json!({"id": hidden.id, "fields": {"event_id": mine.id}}))?);
    // Nor may an organiser assign organisers, or create an event.
    let why = refused(push_raw(&door1, "UpdateEvent", json!({"id": mine.id, "fields": {"organisers": ["door1", "friend"]}}))?);
    assert!(why.contains("secretariat"), "{why}");
    refused(push_raw(&door1, "CreateEvent", json!({"id": "e2", "fields": {
        "kind": "thematic", "title": "Mine too", "city": "Porto", "country": "PT", "venue": "", "starts_on": "2027-01-01",
        "ends_on": "2027-01-01", "capacity": null, "status": "open", "organisers": ["door1"], "notes": ""}}))?);

    office.sync()?;
    let untouched = office.store.registration(&hidden.id)?;
    assert_eq!((untouched.event_id, untouched.payment), (theirs.id.clone(), hidden.payment));
    assert!(office.store.registration("forged").is_err());
    assert!(office.store.check_ins_of(&hidden.id)?.is_empty());
    assert_eq!(office.store.event(&mine.id)?.fields.organisers, vec!["door1".to_string()]);

    // Within its own event the organiser works normally: a walk-in and a check-in go through.
    let mut held = door1.store.event(&mine.id)?.fields;
    held.status = EventStatus::Held;
    door1.store.update_event(&mine.id, &held)?;
    let walk_in = door1.store.walk_in(&guest(&mine.id, "Walker"))?;
    green_id(door1.store.check_in(&mine.id, &walk_in.badge_code, false)?);
    assert_eq!(door1.sync()?.rejected, 0);
    office.sync()?;
    assert_eq!(office.store.counters(&mine.id)?.present, 1);
    assert_eq!(office.store.event(&mine.id)?.fields.status, EventStatus::Held);
    Ok(())
}

#[test]
fn an_organiser_assigned_later_receives_the_events_rows_older_than_its_cursor() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("late", Role::Organiser)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut late = Laptop::new(&server, "late")?;
    let meeting = office.store.create_event(&event("Photography meeting", &[]))?;
    let a = office.store.register(&guest(&meeting.id, "Early"))?;
    office.store.register(&guest(&meeting.id, "Earlier"))?;
    green_id(office.store.check_in(&meeting.id, &a.badge_code, false)?);
    office.sync()?;
    late.sync()?;
    assert!(late.store.events()?.is_empty());
    // Something else happens after, so the late laptop's cursor is well past the rows.
    office.store.create_organisation(&city("Porto"))?;
    office.sync()?;
    late.sync()?;

    let mut assigned = office.store.event(&meeting.id)?.fields;
    assigned.organisers = vec!["late".into()];
    office.store.update_event(&meeting.id, &assigned)?;
    office.sync()?;
    late.sync()?;
    assert_eq!(late.store.events()?.len(), 1);
    let counters = late.store.counters(&meeting.id)?;
    assert_eq!((counters.registered, counters.present), (2, 1), "the old registrations and check-in came too");
    Ok(())
}

#[test]
fn a_check_in_is_never_changed_but_may_be_taken_back_everywhere() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("door1", Role::Organiser)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut door1 = Laptop::new(&server, "door1")?;
    let ga = office.store.create_event(&event("GA", &["door1"]))?;
    let r = office.store.register(&guest(&ga.id, "Silva"))?;
    office.sync()?;
    door1.sync()?;
    let id = green_id(door1.store.check_in(&ga.id, &r.badge_code, false)?);
    door1.sync()?;
    let (status, why) = push_raw(&office, "UpdateCheckIn", json!({"id": id, "fields": {"device": "Elsewhere"}}))?;
    assert_eq!(status, MutationStatus::Rejected);
    assert!(why.unwrap_or_default().contains("never changed"));

    door1.store.undo_last_check_in(&ga.id)?;
    door1.sync()?;
    office.sync()?;
    assert_eq!(office.store.counters(&ga.id)?.present, 0, "the undo reached the office");
    let tombstone = |laptop: &Laptop| -> anyhow::Result<Option<bool>> {
        Ok(laptop.store.replica_state()?.into_iter().find(|rec| rec.id == id).map(|rec| rec.deleted))
    };
    assert_eq!(tombstone(&office)?, Some(true), "the fact stays, taken back");
    assert_eq!(tombstone(&door1)?, Some(true));
    Ok(())
}
