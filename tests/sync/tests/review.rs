//! Membership applications through the real server: two reviewers review offline and sync;
//! neither sees the other's review before submitting their own (the server does not even
//! send it), each receives the other's once their own is in, even though it is older than
//! their cursor; the secretariat sees both and decides. A committee laptop pulls only the
//! applications assigned to it, receives one assigned later (an old row) at its next sync,
//! and cannot push a review in another reviewer's name, nor change a submitted review.

use rencontres_core::applications::{
    fetch_attachment, keep_attachment, upload_attachments, ApplicationInput, ApplicationStatus, CriterionScore, DecisionInput, Outcome, Recommendation, ReviewInput, ReviewSettings,
};
use rencontres_core::committee::{SeatInput, SeatRole};
use rencontres_core::model::{MembershipCategory, OrganisationKind};
use rencontres_core::sync::Transport;
use rencontres_protocol::{Mutation, MutationStatus, PushRequest, Role, SCHEMA_VERSION};
use rencontres_sync_tests::{city, contact, Laptop, TestServer};
use serde_json::json;

fn application(name: &str, country: &str) -> ApplicationInput {
    ApplicationInput {
        organisation_id: None,
        organisation_name: name.to_string(),
        kind: OrganisationKind::City,
        country: country.to_string(),
        population: Some(280_000),
        contact_first_name: "Marta".into(),
        contact_last_name: "Novak".into(),
        contact_function: "Head of culture".into(),
        contact_email: "culture@example.org".into(),
        category: MembershipCategory::Full,
        motivation: "European cultural cooperation".into(),
        attachments: vec![],
        declared_conflicts: vec![],
        received_on: "2026-10-01".into(),
    }
}

fn review(criteria: &[String], score: u8, recommendation: Recommendation) -> ReviewInput {
    ReviewInput {
        scores: criteria.iter().map(|c| CriterionScore { criterion: c.clone(), score: Some(score) }).collect(),
        recommendation: Some(recommendation),
        comment: format!("{score} out of 5"),
    }
}

/// A seat on the committee held by a contact of a city in `country`, signing in as `account`.
fn seat(office: &mut Laptop, account: &str, country: &str) -> anyhow::Result<String> {
    let mut home = city(&format!("{account} town"));
    home.country = country.to_string();
    let org = office.store.create_organisation(&home)?;
    let person = office.store.create_person(&contact(account, "Reviewer", &org.id))?;
    Ok(office
        .store
        .add_seat(&SeatInput {
            person_id: person.id,
            role: SeatRole::Member,
            term_start: "2020-01-01".into(),
            term_end: None,
            account_username: Some(account.to_string()),
        })?
        .id)
}

/// Pushes one hand-made mutation from `laptop`'s device, as a tampered client would.
fn push_raw(laptop: &Laptop, id: u64, name: &str, args: serde_json::Value) -> anyhow::Result<(MutationStatus, String)> {
    let request = PushRequest {
        client_id: laptop.store.author().device.clone(),
        schema_version: SCHEMA_VERSION,
        mutations: vec![Mutation {
            id,
            uuid: uuid_like(id, name),
            name: name.to_string(),
            args,
            base_versions: Default::default(),
            at: "2026-11-25T05:00:00.000Z".into(),
        }],
    };
    let answer = laptop.transport().push(&request)?;
    let result = answer.results.into_iter().next().ok_or_else(|| anyhow::anyhow!("no result"))?;
    Ok((result.status, result.message.unwrap_or_default()))
}

fn uuid_like(id: u64, name: &str) -> String {
    format!("tampered-{name}-{id}")
}

#[test]
fn two_reviewers_review_offline_see_each_other_only_after_submitting_and_the_secretariat_sees_both() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    for reviewer in ["ana", "ben", "carl"] {
        server.add_user(reviewer, Role::Committee)?;
    }
    let mut office = Laptop::new(&server, "office")?;
    let mut ana = Laptop::new(&server, "ana")?;
    let mut ben = Laptop::new(&server, "ben")?;
    let mut carl = Laptop::new(&server, "carl")?;
    office.store.set_review_settings(&ReviewSettings { same_country_conflict: true, ..ReviewSettings::default() })?;
    let ana_seat = seat(&mut office, "ana", "PT")?;
    let ben_seat = seat(&mut office, "ben", "BE")?;
    let carl_seat = seat(&mut office, "carl", "SE")?;
    let ljubljana = office.store.record_application(&application("Ljubljana", "SI"))?;
    let tartu = office.store.record_application(&application("Tartu", "EE"))?;
    office.store.assign_reviewer(&ljubljana.id, &ana_seat)?;
    office.store.assign_reviewer(&ljubljana.id, &ben_seat)?;
    office.store.assign_reviewer(&tartu.id, &carl_seat)?;
    assert_eq!(office.sync()?.rejected, 0);

    for laptop in [&mut ana, &mut ben, &mut carl] {
        laptop.sync()?;
    }
    // Each laptop finds its own seat from its account, and holds only its applications.
    assert_eq!(ana.store.seat_of_account("ana")?, Some(ana_seat.clone()));
    let inbox: Vec<String> = ana.store.my_reviews(&ana_seat)?.into_iter().map(|i| i.organisation_name).collect();
    assert_eq!(inbox, ["Ljubljana"]);
    assert!(ana.store.application(&tartu.id).is_err(), "Tartu is not assigned to Ana: the server does not send it");
    assert!(carl.store.application(&ljubljana.id).is_err());
    assert_eq!(carl.store.list_applications(None)?.len(), 1);
    assert!(carl.store.assignment_panel(&tartu.id)?.assigned.iter().all(|a| a.seat_id == carl_seat), "only Carl's own assignment");

    // Offline: Ben keeps a draft, Ana submits. Ben's draft syncs first.
    let criteria = ljubljana.criteria.clone();
    ben.store.save_review_draft(&ljubljana.id, &ben_seat, &ReviewInput { scores: vec![], recommendation: None, comment: "reading".into() })?;
    ana.store.submit_review(&ljubljana.id, &ana_seat, &review(&criteria, 2, Recommendation::Reject))?;
    assert_eq!(ben.sync()?.rejected, 0);
    assert_eq!(ana.sync()?.rejected, 0);
    assert_eq!(ana.store.reviews_for(&ljubljana.id, None)?.others.len(), 1, "Ben's draft never reaches Ana's laptop");
    ben.sync()?;
    let on_bens_laptop = ben.store.reviews_for(&ljubljana.id, None)?;
    assert_eq!(on_bens_laptop.others.len(), 1, "Ana's submitted review stays on the server until Ben submits");
    assert_eq!(on_bens_laptop.others[0].seat_id, ben_seat);

    // Ben submits: Ana's review, older than Ben's cursor, now reaches him.
    ben.store.submit_review(&ljubljana.id, &ben_seat, &review(&criteria, 5, Recommendation::Approve))?;
    assert_eq!(ben.sync()?.rejected, 0);
    let view = ben.store.reviews_for(&ljubljana.id, Some(&ben_seat))?;
    assert_eq!(view.others.len(), 1, "Ana's review reached Ben once his was submitted");
    assert_eq!(view.others[0].recommendation, Some(Recommendation::Reject));
    ana.sync()?;
    let view = ana.store.reviews_for(&ljubljana.id, Some(&ana_seat))?;
    assert_eq!(view.others.len(), 1);
    assert_eq!(view.others[0].recommendation, Some(Recommendation::Approve));
    assert!(carl.sync().is_ok());
    assert!(carl.store.reviews_for(&tartu.id, None)?.others.is_empty());
    assert!(carl.store.application(&ljubljana.id).is_err(), "still nothing of Ljubljana on Carl's laptop");

    // The secretariat sees both and decides.
    office.sync()?;
    let summary = office.store.decision_summary(&ljubljana.id)?;
    assert_eq!((summary.submitted, summary.approve, summary.reject), (2, 1, 1));
    assert_eq!(summary.criteria[0].spread, Some(3));
    office.store.decide_application(&ljubljana.id, &DecisionInput { outcome: Outcome::Approved, decided_on: "2026-11-25".into(), note: String::new() })?;
    assert_eq!(office.sync()?.rejected, 0);
    ana.sync()?;
    assert_eq!(ana.store.application(&ljubljana.id)?.status, ApplicationStatus::Approved);

    // Tartu is assigned to Ana now: its row is older than her cursor, yet it reaches her.
    office.store.assign_reviewer(&tartu.id, &ana_seat)?;
    office.sync()?;
    ana.sync()?;
    let inbox: Vec<String> = ana.store.my_reviews(&ana_seat)?.into_iter().map(|i| i.organisation_name).collect();
    assert!(inbox.contains(&"Tartu".to_string()), "{inbox:?}");
    Ok(())
}

#[test]
fn a_reviewer_cannot_push_a_review_in_another_name_nor_change_a_submitted_one() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("ana", Role::Committee)?;
    server.add_user("carl", Role::Committee)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut ana = Laptop::new(&server, "ana")?;
    let mut carl = Laptop::new(&server, "carl")?;
    let ana_seat = seat(&mut office, "ana", "PT")?;
    let carl_seat = seat(&mut office, "carl", "SE")?;
    let ljubljana = office.store.record_application(&application("Ljubljana", "SI"))?;
    let ana_assignment = office.store.assign_reviewer(&ljubljana.id, &ana_seat)?;
    office.sync()?;
    carl.sync()?;
    ana.sync()?;

    let fields = |reviewer: &str, seat: &str, status: &str| {
        json!({
            "application_id": ljubljana.id, "seat_id": seat, "reviewer": reviewer, "scores": "{}",
            "recommendation": "approve", "comment": "forged", "status": status, "submitted_at": null,
        })
    };
    // Carl writes Ana's review in her name, then in his own name on her assignment.
    let (status, why) = push_raw(&carl, 1, "CreateReview", json!({"id": ana_assignment, "fields": fields("ana", &ana_seat, "submitted")}))?;
    assert_eq!(status, MutationStatus::Rejected);
    assert!(why.contains("only their own reviews"), "{why}");
    let (status, why) = push_raw(&carl, 2, "CreateReview", json!({"id": ana_assignment, "fields": fields("carl", &carl_seat, "draft")}))?;
    assert_eq!(status, MutationStatus::Rejected);
    assert!(why.contains("not assigned"), "{why}");
    // Nor may he touch the application or the assignments.
    let (status, _) = push_raw(&carl, 3, "UpdateApplication", json!({"id": ljubljana.id, "fields": {"status": "approved"}}))?;
    assert_eq!(status, MutationStatus::Rejected);

    // Ana submits through her app; afterwards even she cannot change it on the server.
    ana.store.submit_review(&ljubljana.id, &ana_seat, &review(&ljubljana.criteria, 4, Recommendation::Approve))?;
    assert_eq!(ana.sync()?.rejected, 0);
    let (status, why) = push_raw(&ana, 1000, "UpdateReview", json!({"id": ana_assignment, "fields": {"comment": "changed my mind"}}))?;
    assert_eq!(status, MutationStatus::Rejected);
    assert!(why.contains("final"), "{why}");
    let (status, why) = push_raw(&office, 1000, "DeleteReview", json!({"id": ana_assignment}))?;
    assert_eq!(status, MutationStatus::Rejected, "final for the secretariat too");
    assert!(why.contains("final"), "{why}");

    office.sync()?;
    let reviews = office.store.reviews_for(&ljubljana.id, None)?.others;
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].reviewer.as_deref(), Some("ana"));
    assert_eq!(reviews[0].comment, "4 out of 5");
    carl.sync()?;
    assert!(carl.store.reviews_for(&ljubljana.id, None).is_err(), "Carl holds nothing of Ljubljana");
    Ok(())
}

#[test]
fn an_attached_file_reaches_the_assigned_reviewer_only_and_arrives_intact() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("office", Role::Secretariat)?;
    server.add_user("ana", Role::Committee)?;
    server.add_user("carl", Role::Committee)?;
    let mut office = Laptop::new(&server, "office")?;
    let mut ana = Laptop::new(&server, "ana")?;
    let mut carl = Laptop::new(&server, "carl")?;
    let ana_seat = seat(&mut office, "ana", "PT")?;
    seat(&mut office, "carl", "SE")?;

    let office_files = office.folder.path().join("attachments");
    let source = office.folder.path().join("dossier.pdf");
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&source, &content)?;
    let attachment = keep_attachment(&office_files, &source)?;
    let mut input = application("Ljubljana", "SI");
    input.attachments = vec![attachment.clone()];
    let ljubljana = office.store.record_application(&input)?;
    office.store.assign_reviewer(&ljubljana.id, &ana_seat)?;
    office.sync()?;
    assert_eq!(upload_attachments(&office.store, &office_files, &office.transport())?, 1);
    assert_eq!(upload_attachments(&office.store, &office_files, &office.transport())?, 0, "nothing goes twice");

    ana.sync()?;
    let ana_files = ana.folder.path().join("attachments");
    let got = ana.store.application(&ljubljana.id)?.fields.attachments;
    assert_eq!(got, vec![attachment.clone()]);
    let kept = fetch_attachment(&ana_files, &got[0], &ana.transport())?.expect("on the server");
    ana.store.mark_transferred(&got[0].sha256)?;
    assert_eq!(std::fs::read(kept)?, content, "the reviewer reads the same bytes");
    assert_eq!(upload_attachments(&ana.store, &ana_files, &ana.transport())?, 0, "a fetched file is not sent back");

    // Carl is not assigned: the server will not give it, nor take files from him.
    carl.sync()?;
    let carl_files = carl.folder.path().join("attachments");
    match fetch_attachment(&carl_files, &attachment, &carl.transport()) {
        Err(rencontres_core::sync::SyncError::Refused { status, .. }) => assert_eq!(status, 403),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(carl.transport().put_file(&attachment.sha256, &content).is_err(), "a committee account uploads nothing");
    // A content that is not its name is refused.
    assert!(office.transport().put_file(&"0".repeat(64), b"not that").is_err());
    Ok(())
}
