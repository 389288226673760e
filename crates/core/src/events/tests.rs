use super::checkins::{CheckInNote, CheckInOutcome, RedReason};
use super::registrations::{normalise_code, new_badge_code, PaymentStatus, RegistrationRequest, RegistrationStatus, TierOverride};
use super::tiers::{choose_tier, price_on, Membership, PriceTierInput, Tier};
use super::*;
use crate::model::{MembershipCategory, MembershipStatus, OrganisationInput};
use crate::test_support::{organisation, person, store};

fn event_input(title: &str, capacity: Option<i64>) -> EventInput {
    EventInput {
        kind: EventKind::GeneralAssembly,
        title: title.to_string(),
        city: "Évora".into(),
        country: "PT".into(),
        venue: "Teatro Garcia de Resende".into(),
        starts_on: "2027-05-12".into(),
        ends_on: "2027-05-14".into(),
        capacity,
        status: EventStatus::Open,
        organisers: vec!["door1".into()],
        notes: String::new(),
    }
}

fn open_event(store: &mut Store, capacity: Option<i64>) -> Event {
    let event = store.create_event(&event_input("General Assembly 2027", capacity)).expect("event");
    for (tier, price, early) in [(Tier::Member, 10_000, Some(8_000)), (Tier::Associate, 15_000, None), (Tier::NonMember, 25_000, Some(20_000))] {
        store
            .set_price_tier(&PriceTierInput {
                event_id: event.id.clone(),
                tier,
                price_cents: price,
                early_price_cents: early,
                early_until: early.map(|_| "2027-03-31".to_string()),
            })
            .expect("tier");
    }
    event
}

fn walk(event_id: &str, first: &str, last: &str) -> RegistrationRequest {
    RegistrationRequest {
        event_id: event_id.to_string(),
        first_name: first.into(),
        last_name: last.into(),
        organisation_name: "Somewhere".into(),
        country: "FR".into(),
        on: Some("2027-04-15".into()),
        ..Default::default()
    }
}

fn member(status: MembershipStatus, category: MembershipCategory, good_standing: bool) -> Membership {
    Membership { category, status, joined_on: Some("2020-01-01".into()), left_on: None, good_standing }
}

// ---- tier choice ----

#[test]
fn an_active_full_member_in_good_standing_gets_the_member_tier() {
    let m = member(MembershipStatus::Active, MembershipCategory::Full, true);
    assert_eq!(choose_tier(Some(&m), "2027-04-01"), (Tier::Member, false));
}

#[test]
fn an_active_associate_in_good_standing_gets_the_associate_tier() {
    let m = member(MembershipStatus::Active, MembershipCategory::Associate, true);
    assert_eq!(choose_tier(Some(&m), "2027-04-01"), (Tier::Associate, false));
}

#[test]
fn a_member_with_dues_overdue_pays_the_non_member_price_and_is_flagged() {
    let m = member(MembershipStatus::Active, MembershipCategory::Full, false);
    assert_eq!(choose_tier(Some(&m), "2027-04-01"), (Tier::NonMember, true));
}

#[test]
fn lapsed_suspended_resigned_applicants_and_contacts_only_are_non_members() {
    for status in [MembershipStatus::Lapsed, MembershipStatus::Suspended, MembershipStatus::Resigned, MembershipStatus::Applicant] {
        let m = member(status, MembershipCategory::Full, true);
        assert_eq!(choose_tier(Some(&m), "2027-04-01"), (Tier::NonMember, false), "{status:?}");
    }
    let contact_only = member(MembershipStatus::Active, MembershipCategory::None, true);
    assert_eq!(choose_tier(Some(&contact_only), "2027-04-01").0, Tier::NonMember);
    assert_eq!(choose_tier(None, "2027-04-01"), (Tier::NonMember, false));
}

#[test]
fn membership_counts_only_between_joining_and_leaving_on_the_registration_date() {
    let mut m = member(MembershipStatus::Active, MembershipCategory::Full, true);
    m.joined_on = Some("2027-05-01".into());
    assert_eq!(choose_tier(Some(&m), "2027-04-30").0, Tier::NonMember, "not joined yet");
    assert_eq!(choose_tier(Some(&m), "2027-05-01").0, Tier::Member, "joined that day");
    m.left_on = Some("2027-06-30".into());
    assert_eq!(choose_tier(Some(&m), "2027-06-30").0, Tier::Member, "last day");
    assert_eq!(choose_tier(Some(&m), "2027-07-01").0, Tier::NonMember, "left");
}

#[test]
fn the_early_bird_price_holds_up_to_and_including_its_last_day() {
    let tier = PriceTierInput {
        event_id: "e".into(),
        tier: Tier::Member,
        price_cents: 10_000,
        early_price_cents: Some(8_000),
        early_until: Some("2027-03-31".into()),
    };
    assert_eq!(price_on(Some(&tier), "2027-03-31"), 8_000);
    assert_eq!(price_on(Some(&tier), "2027-04-01"), 10_000);
    assert_eq!(price_on(None, "2027-04-01"), 0);
}

#[test]
fn registering_a_contact_of_a_member_in_good_standing_snapshots_member_tier_and_early_price() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let ana = store.create_person(&person("Ana", "Silva", Some(&porto.id))).expect("person");
    let early = store
        .register(&RegistrationRequest { event_id: event.id.clone(), person_id: Some(ana.id.clone()), on: Some("2027-03-01".into()), ..Default::default() })
        .expect("registered");
    assert_eq!((early.tier, early.price_cents, early.dues_unpaid), (Tier::Member, 8_000, false));
    assert_eq!(early.organisation_name, "Porto");
    assert_eq!(early.country, "PT");
    assert_eq!(early.status, RegistrationStatus::Registered);
    assert_eq!(early.payment, PaymentStatus::Unpaid);
    let late = store
        .register(&RegistrationRequest { event_id: event.id.clone(), person_id: Some(ana.id.clone()), on: Some("2027-04-01".into()), ..Default::default() })
        .expect("registered");
    assert_eq!((late.tier, late.price_cents), (Tier::Member, 10_000));
}

#[test]
fn a_lapsed_members_contact_registers_at_the_non_member_price() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let lapsed = store.create_organisation(&OrganisationInput { status: MembershipStatus::Lapsed, ..organisation("Lapsed town", "IT") }).expect("org");
    let r = store
        .register(&RegistrationRequest { organisation_id: Some(lapsed.id), ..walk(&event.id, "Luca", "Rossi") })
        .expect("registered");
    assert_eq!((r.tier, r.price_cents), (Tier::NonMember, 25_000));
}

#[test]
fn a_tier_override_needs_a_reason_and_the_history_keeps_it() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let refused = store.register(&RegistrationRequest {
        tier_override: Some(TierOverride { tier: Tier::Speaker, reason: "  ".into() }),
        ..walk(&event.id, "Eva", "Novak")
    });
    assert!(matches!(refused, Err(CoreError::Validation { ref field, .. }) if field == "tier_reason"), "{refused:?}");
    let r = store.register(&walk(&event.id, "Eva", "Novak")).expect("registered");
    assert_eq!((r.tier, r.price_cents), (Tier::NonMember, 25_000));
    let speaker = store.override_tier(&r.id, Tier::Speaker, "keynote speaker").expect("override");
    assert_eq!((speaker.tier, speaker.price_cents, speaker.tier_reason.as_str()), (Tier::Speaker, 0, "keynote speaker"));
    let history = store.history(EntityKind::Registration, &r.id).expect("history");
    let change = &history[0].changes;
    assert!(change.iter().any(|c| c.field == "tier_reason" && c.after == "keynote speaker"), "{change:?}");
    assert!(change.iter().any(|c| c.field == "tier" && c.before == "non_member" && c.after == "speaker"), "{change:?}");
}

// ---- capacity and waitlist ----

#[test]
fn beyond_capacity_registrations_wait_and_a_cancellation_promotes_the_first_waiting() {
    let mut store = store();
    let event = open_event(&mut store, Some(2));
    let a = store.register(&walk(&event.id, "A", "One")).expect("a");
    let _b = store.register(&walk(&event.id, "B", "Two")).expect("b");
    let c = store.register(&walk(&event.id, "C", "Three")).expect("c");
    let d = store.register(&walk(&event.id, "D", "Four")).expect("d");
    assert_eq!(c.status, RegistrationStatus::Waitlisted);
    assert_eq!(d.status, RegistrationStatus::Waitlisted);
    assert_eq!(store.waitlist(&event.id).expect("waitlist").iter().map(|r| r.id.clone()).collect::<Vec<_>>(), vec![c.id.clone(), d.id.clone()]);

    let (cancelled, promoted) = store.cancel_registration(&a.id).expect("cancel");
    assert_eq!(cancelled.status, RegistrationStatus::Cancelled);
    assert_eq!(promoted.map(|p| p.id), Some(c.id.clone()), "the first waiting gets the seat");
    assert_eq!(store.registration(&c.id).expect("c").status, RegistrationStatus::Registered);
    assert_eq!(store.registration(&d.id).expect("d").status, RegistrationStatus::Waitlisted);
    let counters = store.counters(&event.id).expect("counters");
    assert_eq!((counters.registered, counters.waitlisted, counters.cancelled), (2, 1, 1));

    // Cancelling someone waiting frees no seat: nobody is promoted.
    let (_, promoted) = store.cancel_registration(&d.id).expect("cancel d");
    assert!(promoted.is_none());
    assert!(store.cancel_registration(&d.id).is_err(), "a second cancel is refused");
}

#[test]
fn a_walk_in_is_registered_even_when_the_event_is_full_or_closed_but_not_a_draft() {
    let mut store = store();
    let event = open_event(&mut store, Some(1));
    store.register(&walk(&event.id, "A", "One")).expect("a");
    let mut closed = event.fields.clone();
    closed.status = EventStatus::Closed;
    store.update_event(&event.id, &closed).expect("closed");
    assert!(store.register(&walk(&event.id, "B", "Two")).is_err(), "registration is closed");
    let walk_in = store.walk_in(&walk(&event.id, "B", "Two")).expect("walk-in");
    assert_eq!(walk_in.status, RegistrationStatus::Registered);
    assert!(walk_in.walk_in);
    let draft = store.create_event(&EventInput { status: EventStatus::Draft, ..event_input("Draft", None) }).expect("draft");
    let refused = store.walk_in(&walk(&draft.id, "C", "Three"));
    assert!(matches!(refused, Err(CoreError::Validation { ref field, .. }) if field == "event_id"));
}

// ---- check-in outcomes ----

#[test]
fn a_first_scan_is_green_a_second_amber_and_unknown_codes_red() {
    let mut store = store();
    store.set_device_name("Door 2").expect("name");
    let event = open_event(&mut store, None);
    let r = store.register(&walk(&event.id, "Ana", "Silva")).expect("registered");
    // Scanners send the code in any case; typists add dashes.
    let typed = format!("{}-{}", &r.badge_code[..10].to_lowercase(), &r.badge_code[10..]);
    match store.check_in(&event.id, &typed, false).expect("scan") {
        CheckInOutcome::Green { name, organisation, tier, notes, .. } => {
            assert_eq!(name, "Ana Silva");
            assert_eq!(organisation, "Somewhere");
            assert_eq!(tier, Tier::NonMember);
            assert!(notes.contains(&CheckInNote::PaymentDue { cents: 25_000 }), "{notes:?}");
        }
        other => panic!("expected green, got {other:?}"),
    }
    match store.check_in(&event.id, &r.badge_code, false).expect("scan again") {
        CheckInOutcome::Amber { device, local_time, name, .. } => {
            assert_eq!(device, "Door 2");
            assert_eq!(local_time.len(), 5, "HH:MM: {local_time}");
            assert_eq!(name, "Ana Silva");
        }
        other => panic!("expected amber, got {other:?}"),
    }
    assert_eq!(store.check_ins_of(&r.id).expect("facts").len(), 1, "amber records nothing");
    match store.check_in(&event.id, "NOTACODE1234", false).expect("scan") {
        CheckInOutcome::Red { reason, name, .. } => {
            assert_eq!(reason, RedReason::UnknownCode);
            assert!(name.is_none());
        }
        other => panic!("expected red, got {other:?}"),
    }
    assert_eq!(store.counters(&event.id).expect("counters").present, 1);
}

#[test]
fn cancelled_waitlisted_and_other_events_badges_are_red() {
    let mut store = store();
    let event = open_event(&mut store, Some(1));
    let other = store.create_event(&event_input("Photography meeting", None)).expect("other");
    let seated = store.register(&walk(&event.id, "A", "One")).expect("a");
    let waiting = store.register(&walk(&event.id, "B", "Two")).expect("b");
    let elsewhere = store.register(&walk(&other.id, "C", "Three")).expect("c");
    let red = |outcome: CheckInOutcome| match outcome {
        CheckInOutcome::Red { reason, event_title, .. } => (reason, event_title),
        other => panic!("expected red, got {other:?}"),
    };
    assert_eq!(red(store.check_in(&event.id, &waiting.badge_code, false).expect("scan")).0, RedReason::Waitlisted);
    assert_eq!(
        red(store.check_in(&event.id, &elsewhere.badge_code, false).expect("scan")),
        (RedReason::AnotherEvent, Some("Photography meeting".to_string()))
    );
    store.cancel_registration(&seated.id).expect("cancel");
    assert_eq!(red(store.check_in(&event.id, &seated.badge_code, false).expect("scan")).0, RedReason::Cancelled);
}

#[test]
fn notes_say_speaker_and_dues_unpaid() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let speaker = store
        .register(&RegistrationRequest { tier_override: Some(TierOverride { tier: Tier::Speaker, reason: "panel".into() }), ..walk(&event.id, "S", "Peaker") })
        .expect("speaker");
    match store.check_in(&event.id, &speaker.badge_code, false).expect("scan") {
        CheckInOutcome::Green { notes, tier, .. } => {
            assert_eq!(tier, Tier::Speaker);
            assert_eq!(notes, vec![CheckInNote::Speaker], "free, so no payment due");
        }
        other => panic!("{other:?}"),
    }
    let owing = store.create_organisation(&organisation("Owing city", "BE")).expect("org");
    store.issue_dues_run(2026, "2026-01-15").expect("dues run");
    let late = store.register(&RegistrationRequest { organisation_id: Some(owing.id), ..walk(&event.id, "D", "Ue") }).expect("r");
    assert!(late.dues_unpaid, "an invoice of 2026 unpaid in April 2027");
    match store.check_in(&event.id, &late.badge_code, false).expect("scan") {
        CheckInOutcome::Green { notes, tier, .. } => {
            assert_eq!(tier, Tier::NonMember);
            assert!(notes.contains(&CheckInNote::DuesUnpaid), "{notes:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn undo_takes_back_this_laptops_last_check_in_and_the_badge_scans_green_again() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let a = store.register(&walk(&event.id, "A", "One")).expect("a");
    let b = store.register(&walk(&event.id, "B", "Two")).expect("b");
    store.check_in(&event.id, &a.badge_code, false).expect("a in");
    store.check_in(&event.id, &b.badge_code, true).expect("b in");
    let undone = store.undo_last_check_in(&event.id).expect("undo");
    assert_eq!(undone.registration_id, b.id);
    assert!(undone.offline);
    assert_eq!(store.counters(&event.id).expect("counters").present, 1);
    assert!(matches!(store.check_in(&event.id, &b.badge_code, false).expect("scan"), CheckInOutcome::Green { .. }));
    // The taken-back fact stays as a tombstone with its history.
    let history = store.history(EntityKind::CheckIn, &undone.id).expect("history");
    assert_eq!(history.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), vec!["DeleteCheckIn", "CreateCheckIn"]);
    assert!(store.undo_check_in(&undone.id).is_err(), "already taken back");
}

#[test]
fn counters_count_registered_and_present_per_tier() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let m = store.register(&RegistrationRequest { organisation_id: Some(porto.id), ..walk(&event.id, "M", "Ember") }).expect("m");
    let n = store.register(&walk(&event.id, "N", "On")).expect("n");
    store.register(&walk(&event.id, "O", "Ther")).expect("o");
    store.check_in(&event.id, &m.badge_code, false).expect("in");
    store.check_in(&event.id, &n.badge_code, false).expect("in");
    let counters = store.counters(&event.id).expect("counters");
    assert_eq!((counters.registered, counters.present), (3, 2));
    let member = counters.per_tier.iter().find(|t| t.tier == Tier::Member).expect("member tier");
    let non_member = counters.per_tier.iter().find(|t| t.tier == Tier::NonMember).expect("non-member tier");
    assert_eq!((member.registered, member.present), (1, 1));
    assert_eq!((non_member.registered, non_member.present), (2, 1));
}

// ---- quorum ----

#[test]
fn quorum_counts_members_in_good_standing_present_or_represented_out_of_all_active_members() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let mut members = Vec::new();
    for name in ["A", "B", "C", "D", "E"] {
        members.push(store.create_organisation(&organisation(&format!("{name} city"), "FR")).expect("org").id);
    }
    // Not counted in the denominator: a lapsed member and an associate.
    store.create_organisation(&OrganisationInput { status: MembershipStatus::Lapsed, ..organisation("Lapsed", "FR") }).expect("org");
    store.create_organisation(&OrganisationInput { category: MembershipCategory::Associate, ..organisation("Assoc", "FR") }).expect("org");
    let at = |store: &mut Store, org: &str, proxy: Option<&str>| {
        store
            .register(&RegistrationRequest { organisation_id: Some(org.to_string()), proxy_for: proxy.map(str::to_string), ..walk(&event.id, "X", "Y") })
            .expect("registered")
    };
    let a = at(&mut store, &members[0], None);
    let b = at(&mut store, &members[1], Some(&members[2]));
    let q = store.quorum(&event.id, "").expect("quorum");
    assert_eq!((q.members, q.counted, q.needed, q.reached), (5, 0, 3, false), "nobody checked in yet");
    store.check_in(&event.id, &a.badge_code, false).expect("in");
    store.check_in(&event.id, &b.badge_code, false).expect("in");
    let q = store.quorum(&event.id, "").expect("quorum");
    assert_eq!((q.present, q.represented, q.counted, q.reached), (2, 1, 3, true), "{q:?}");
    // A member whose dues are overdue on the day does not count, present or not.
    store.undo_last_check_in(&event.id).expect("undo b");
    store.issue_dues_run(2026, "2026-01-15").expect("dues");
    let q = store.quorum(&event.id, "2027-05-12").expect("quorum");
    assert_eq!((q.present, q.counted, q.reached), (0, 0, false), "{q:?}");
}

// ---- duplicates, badges, suggestions ----

#[test]
fn a_badge_checked_in_on_two_laptops_is_one_duplicate_and_counts_once() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let r = store.register(&walk(&event.id, "A", "One")).expect("a");
    store.check_in(&event.id, &r.badge_code, true).expect("in");
    // The same scan made offline on another laptop, as a pull would bring it.
    store
        .conn
        .execute(
            "INSERT INTO check_ins (id, event_id, registration_id, device, device_id, scanned_at, user, offline, sort_key, created_at, updated_at)
             VALUES ('other', ?1, ?2, 'Door 1', 'device-b', '2020-05-12T08:00:00.000Z', 'bob', 1, '', '', '')",
            [&event.id, &r.id],
        )
        .expect("insert");
    let duplicates = store.duplicates(&event.id).expect("duplicates");
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].check_ins.len(), 2);
    assert_eq!(duplicates[0].check_ins[0].device, "Door 1", "first scan first");
    assert_eq!(store.counters(&event.id).expect("counters").present, 1);
    let mine = duplicates[0].check_ins[1].id.clone();
    assert_eq!(store.other_check_ins(&mine).expect("others").iter().map(|f| f.device.as_str()).collect::<Vec<_>>(), vec!["Door 1"]);
}

#[test]
fn badge_codes_are_twenty_unguessable_characters_and_typing_slips_are_forgiven() {
    let a = new_badge_code().expect("code");
    let b = new_badge_code().expect("code");
    assert_eq!(a.len(), 20);
    assert_ne!(a, b);
    assert!(a.chars().all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{a}");
    assert_eq!(normalise_code(" ab-cd oil "), "ABCD011");
}

#[test]
fn badges_list_the_registered_with_name_function_organisation_country_and_code() {
    let mut store = store();
    let event = open_event(&mut store, Some(1));
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let ana = store.create_person(&person("Ana", "Silva", Some(&porto.id))).expect("person");
    let r = store.register(&RegistrationRequest { event_id: event.id.clone(), person_id: Some(ana.id), ..Default::default() }).expect("r");
    store.register(&walk(&event.id, "W", "Aiting")).expect("waitlisted");
    let badges = store.badges(&event.id).expect("badges");
    assert_eq!(badges.len(), 1);
    assert_eq!(badges[0].name, "Ana Silva");
    assert_eq!(badges[0].function, "Deputy mayor in charge of culture");
    assert_eq!(badges[0].organisation, "Porto");
    assert_eq!(badges[0].country, "Portugal");
    assert_eq!(badges[0].code, r.badge_code);
}

#[test]
fn a_new_contact_and_their_registration_land_together_or_not_at_all() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let r = store
        .register_new_contact(&person("Rui", "Costa", Some(&porto.id)), &RegistrationRequest { event_id: event.id.clone(), on: Some("2027-04-15".into()), ..Default::default() })
        .expect("registered");
    assert_eq!(r.tier, Tier::Member);
    assert!(r.person_id.is_some());
    let mut bad = person("", "", Some(&porto.id));
    bad.first_name = "Only".into();
    let refused = store.register_new_contact(&bad, &RegistrationRequest { event_id: event.id.clone(), ..Default::default() });
    assert!(refused.is_err());
    let people: u32 = store.conn.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).expect("count");
    assert_eq!(people, 1, "the refused contact was not written");
}

#[test]
fn name_search_at_the_door_finds_by_any_part_of_the_name_accent_blind() {
    let mut store = store();
    let event = open_event(&mut store, None);
    store.register(&walk(&event.id, "José", "Saramago")).expect("r");
    store.register(&walk(&event.id, "Ana", "Silva")).expect("r");
    let found = store.registrations(&event.id, &registrations::RegistrationQuery { search: "jose".into(), ..Default::default() }).expect("search");
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].last_name, "Saramago");
}

#[test]
fn bad_event_input_names_the_field_at_fault() {
    let mut store = store();
    let field = |r: Result<Event>| match r {
        Err(CoreError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(field(store.create_event(&EventInput { title: " ".into(), ..event_input("x", None) })), "title");
    assert_eq!(field(store.create_event(&EventInput { country: "XX".into(), ..event_input("x", None) })), "country");
    assert_eq!(field(store.create_event(&EventInput { ends_on: "2027-05-01".into(), ..event_input("x", None) })), "ends_on");
    assert_eq!(field(store.create_event(&EventInput { capacity: Some(0), ..event_input("x", None) })), "capacity");
    assert_eq!(field(store.create_event(&EventInput { organisers: vec!["two words".into()], ..event_input("x", None) })), "organisers");
    assert!(store.events().expect("events").is_empty());
}

#[test]
fn sessions_are_listed_in_time_order_and_must_fall_within_the_event() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let session = |title: &str, start: &str, end: &str| sessions::SessionInput {
        event_id: event.id.clone(),
        title: title.into(),
        starts_at: start.into(),
        ends_at: end.into(),
        room: "Main hall".into(),
        speakers: vec!["Ana Silva".into()],
    };
    store.add_session(&session("Closing", "2027-05-14 16:00", "2027-05-14 17:00")).expect("closing");
    store.add_session(&session("Opening", "2027-05-12 09:00", "2027-05-12 10:00")).expect("opening");
    let titles: Vec<String> = store.sessions(&event.id).expect("sessions").into_iter().map(|s| s.fields.title).collect();
    assert_eq!(titles, vec!["Opening", "Closing"]);
    assert!(store.add_session(&session("Late", "2027-05-20 09:00", "2027-05-20 10:00")).is_err());
    assert!(store.add_session(&session("Backwards", "2027-05-12 11:00", "2027-05-12 10:00")).is_err());
}

#[test]
fn suggestions_put_the_general_assembly_in_the_capitals_of_culture_and_national_meetings_in_the_presidency() {
    let s = suggestions::suggestions(2027);
    let ga: Vec<&str> = s.iter().filter(|s| s.kind == EventKind::GeneralAssembly).map(|s| s.city.as_str()).collect();
    assert_eq!(ga, vec!["Évora", "Liepāja"]);
    let national: Vec<(&str, &str)> = s.iter().filter(|s| s.kind == EventKind::National).map(|s| (s.country.as_str(), s.city.as_str())).collect();
    assert_eq!(national, vec![("LT", "Vilnius"), ("GR", "Athens")]);
}

#[test]
fn the_attendee_list_exports_everyone_by_name_with_a_header() {
    let mut store = store();
    let event = open_event(&mut store, Some(1));
    store.register(&walk(&event.id, "Zoe", "Zed")).expect("r");
    let waiting = store.register(&walk(&event.id, "Ana", "Alves")).expect("r");
    let csv = store.export_attendees(&event.id, crate::export::ExportFormat::Csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf-8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("Last name,First name,"), "{}", lines[0]);
    assert!(lines[1].starts_with("Alves,Ana,") && lines[1].contains("waitlisted") && lines[1].contains(&waiting.badge_code), "{}", lines[1]);
    assert!(lines[2].starts_with("Zed,Zoe,") && lines[2].contains(",25000,"), "{}", lines[2]);
    let xlsx = store.export_attendees(&event.id, crate::export::ExportFormat::Xlsx).expect("xlsx");
    assert_eq!(&xlsx[..2], b"PK", "an XLSX is a zip");
}

#[test]
fn statistics_count_people_countries_and_members_per_event_and_year() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let porto = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let member = store.register(&RegistrationRequest { organisation_id: Some(porto.id), ..walk(&event.id, "M", "Ember") }).expect("m");
    store.register(&walk(&event.id, "A", "One")).expect("fr");
    let gone = store.register(&walk(&event.id, "B", "Two")).expect("fr");
    store.cancel_registration(&gone.id).expect("cancelled");
    store.check_in(&event.id, &member.badge_code, false).expect("in");
    let stats = store.event_statistics(&event.id).expect("stats");
    assert_eq!((stats.registered, stats.present, stats.members, stats.non_members), (2, 1, 1, 1));
    let countries: Vec<(&str, u32, u32)> = stats.countries.iter().map(|c| (c.country.as_str(), c.registered, c.present)).collect();
    assert_eq!(countries, vec![("FR", 1, 0), ("PT", 1, 1)]);
    store.create_event(&EventInput { starts_on: "2028-01-10".into(), ends_on: "2028-01-10".into(), ..event_input("Next year", None) }).expect("2028");
    let year = store.year_statistics(2027).expect("year");
    assert_eq!((year.events.len(), year.registered, year.present, year.countries), (1, 2, 1, 2));
    assert_eq!(store.year_statistics(2028).expect("2028").registered, 0);
}

#[test]
fn a_session_check_in_is_its_own_fact_and_does_not_count_at_the_door() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let other = store.create_event(&event_input("Other", None)).expect("other");
    let session = store
        .add_session(&sessions::SessionInput {
            event_id: event.id.clone(),
            title: "Opening".into(),
            starts_at: "2027-05-12 09:00".into(),
            ends_at: "2027-05-12 10:00".into(),
            room: "Main hall".into(),
            speakers: vec![],
        })
        .expect("session");
    let r = store.register(&walk(&event.id, "A", "One")).expect("r");
    let stranger = store.register(&walk(&other.id, "B", "Two")).expect("r");
    assert!(matches!(store.check_in_session(&session.id, &r.badge_code, false).expect("in"), CheckInOutcome::Green { .. }));
    assert!(matches!(store.check_in_session(&session.id, &r.badge_code, false).expect("again"), CheckInOutcome::Amber { .. }));
    assert!(matches!(
        store.check_in_session(&session.id, &stranger.badge_code, false).expect("stranger"),
        CheckInOutcome::Red { reason: RedReason::AnotherEvent, .. }
    ));
    assert_eq!(store.counters(&event.id).expect("counters").present, 0, "a session is not the door");
    assert!(matches!(store.check_in(&event.id, &r.badge_code, false).expect("door"), CheckInOutcome::Green { .. }));
    assert!(store.duplicates(&event.id).expect("duplicates").is_empty());
    let attendance = store.session_attendance(&event.id).expect("attendance");
    assert_eq!(attendance, vec![checkins::SessionAttendance { session_id: session.id.clone(), present: 1 }]);
    assert!(store.check_in_session("nope", &r.badge_code, false).is_err());
}

#[test]
fn a_csv_of_registrations_imports_whole_or_names_the_line_at_fault() {
    let mut store = store();
    let event = open_event(&mut store, Some(2));
    store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let bad = "Prénom;Nom;Organisation;Pays\nAna;Silva;Porto;PT\nLuca;;Bologna;IT\n";
    match store.import_registrations(&event.id, bad.as_bytes()) {
        Err(CoreError::Validation { field, message }) => {
            assert_eq!(field, "file");
            assert!(message.contains("Line 3"), "{message}");
        }
        other => panic!("expected the file refused, got {other:?}"),
    }
    assert_eq!(store.counters(&event.id).expect("counters").registered, 0, "nothing half-written");
    let good = "\u{feff}First name,Last name,Organisation,Country,Diet\nAna,Silva,porto,PT,vegetarian\nLuca,Rossi,Bologna,Italy,\nEva,Novak,,SI,\n";
    let outcome = store.import_registrations(&event.id, good.as_bytes()).expect("imported");
    assert_eq!((outcome.registered, outcome.waitlisted, outcome.matched_organisations), (2, 1, 1));
    let rows = store.registrations(&event.id, &registrations::RegistrationQuery::default()).expect("rows").rows;
    let ana = rows.iter().find(|r| r.last_name == "Silva").expect("Ana");
    assert_eq!((ana.tier, ana.organisation_name.as_str(), ana.diet.as_str()), (Tier::Member, "Porto", "vegetarian"));
    assert_eq!(rows.iter().find(|r| r.last_name == "Rossi").expect("Luca").country, "IT");
    let unnamed = store.import_registrations(&event.id, b"Email\nx@y.org\n");
    assert!(matches!(unnamed, Err(CoreError::Validation { .. })));
}

#[test]
fn an_event_round_trips_and_lists_with_its_counts() {
    let mut store = store();
    let event = open_event(&mut store, Some(10));
    store.register(&walk(&event.id, "A", "One")).expect("r");
    let read = store.event(&event.id).expect("event");
    assert_eq!(read.fields.organisers, vec!["door1".to_string()]);
    let rows = store.events().expect("events");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].registered, rows[0].capacity), (1, Some(10)));
}

#[test]
fn the_events_list_counts_live_registrations_and_the_waitlist_apart() {
    let mut store = store();
    let event = open_event(&mut store, Some(2));
    let ids: Vec<String> = ["One", "Two", "Three", "Four"].iter().map(|name| store.register(&walk(&event.id, "A", name)).expect("register").id).collect();
    // As a deletion pulled from the server leaves it: the row stays, marked deleted.
    store.conn.execute("UPDATE registrations SET deleted_at = '2027-01-01T00:00:00.000Z' WHERE id = ?1", [&ids[3]]).expect("delete");
    let rows = store.events().expect("events");
    assert_eq!((rows[0].registered, rows[0].waitlisted), (2, 1));
}

// ---- documents: badges and calendar ----

#[test]
fn the_event_badges_hold_every_registered_attendee_and_their_qr_codes_decode_to_the_badge_codes() {
    let mut store = store();
    let event = open_event(&mut store, Some(2));
    let ana = store.register(&walk(&event.id, "Ana", "Łukasiewicz")).expect("ana");
    let ben = store.register(&walk(&event.id, "Ben", "Győri")).expect("ben");
    let waiting = store.register(&walk(&event.id, "Chloé", "Waits")).expect("waitlisted");
    assert_eq!(waiting.status, RegistrationStatus::Waitlisted);

    let pdf = store.event_badges_pdf(&event.id, crate::badges::BadgeLayout::A6).expect("badges");
    let mut codes: Vec<String> = (1..=2).flat_map(|page| crate::pdf::tests::decode_qr_codes(&pdf, page)).collect();
    codes.sort();
    let mut expected = vec![ana.badge_code.clone(), ben.badge_code.clone()];
    expected.sort();
    assert_eq!(codes, expected, "one A6 page per registered attendee, none for the waitlist");
    let text = crate::pdf::tests::pdf_text(&pdf);
    assert!(text.contains("Łukasiewicz") && text.contains("Győri") && !text.contains("Waits"), "{text}");

    let one = store.registration_badge_pdf(&ben.id).expect("one badge");
    assert_eq!(crate::pdf::tests::decode_qr_codes(&one, 1), vec![ben.badge_code.clone()]);
}

#[test]
fn an_event_with_nobody_registered_has_no_badges_to_print() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let error = store.event_badges_pdf(&event.id, crate::badges::BadgeLayout::A4Four).expect_err("nothing to print");
    assert!(error.to_string().contains("Nobody is registered"), "{error}");
}

#[test]
fn the_calendar_has_the_announced_events_with_their_programme_in_the_venues_time_zone() {
    let mut store = store();
    let event = open_event(&mut store, None);
    store
        .add_session(&sessions::SessionInput {
            event_id: event.id.clone(),
            title: "Opening; culture & cities".into(),
            starts_at: "2027-05-12T09:30".into(),
            ends_at: "2027-05-12T11:00".into(),
            room: "Sala Principal".into(),
            speakers: vec!["Ana Łukasiewicz".into()],
        })
        .expect("session");
    let mut draft = event_input("Not announced yet", None);
    draft.status = EventStatus::Draft;
    store.create_event(&draft).expect("draft");

    let ics = store.events_calendar(None).expect("calendar");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("SUMMARY:General Assembly 2027"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20270512") && ics.contains("DTEND;VALUE=DATE:20270515"), "{ics}");
    assert!(ics.contains("DTSTART;TZID=Europe/Lisbon:20270512T093000"), "{ics}");
    assert!(ics.contains("SUMMARY:Opening\\; culture & cities"), "{ics}");
    assert!(!ics.contains("Not announced yet"), "drafts are not announced");
    assert!(store.events_calendar(None).expect("again").contains("BEGIN:VTIMEZONE"));
}

#[test]
fn the_printed_attendee_list_names_everyone_but_the_cancelled_and_runs_onto_more_pages() {
    let mut store = store();
    let event = open_event(&mut store, None);
    let gone = store.register(&walk(&event.id, "Gone", "Cancelled")).expect("gone");
    store.cancel_registration(&gone.id).expect("cancelled");
    store.register(&walk(&event.id, "Zoë", "Ólafsdóttir")).expect("zoë");
    for i in 0..60 {
        store.register(&walk(&event.id, "Guest", &format!("Number{i:02}"))).expect("guest");
    }
    let pdf = store.attendees_pdf(&event.id).expect("list");
    let text = crate::pdf::tests::pdf_text(&pdf);
    assert!(text.contains("Ólafsdóttir, Zoë") && text.contains("Number59, Guest"), "{text}");
    assert!(!text.contains("Cancelled, Gone"), "the cancelled are not on the list");
    assert!(text.contains("61 people · page 2 / 2"), "{text}");
}
