use std::collections::HashMap;

use super::assignment::{PlanApplication, PlanReviewer};
use super::decision::{DecisionInput, Outcome};
use super::interest::ConflictReason;
use super::reviews::{CriterionScore, Recommendation, ReviewInput, ReviewStatus};
use super::timeline::TimelineKind;
use super::*;
use crate::committee::{SeatInput, SeatRole};
use crate::model::{MembershipStatus, OrganisationQuery};
use crate::test_support::{organisation, person, store};

/// A committee member from a city of `country`, seated from 2020 with an account.
fn reviewer(store: &mut Store, name: &str, country: &str) -> (String, String) {
    let org = store.create_organisation(&organisation(&format!("{name} city"), country)).expect("organisation").id;
    let person = store.create_person(&person(name, "Reviewer", Some(&org))).expect("person").id;
    let seat = store
        .add_seat(&SeatInput {
            person_id: person,
            role: SeatRole::Member,
            term_start: "2020-01-01".into(),
            term_end: None,
            account_username: Some(name.to_lowercase()),
        })
        .expect("seat");
    (seat.id, org)
}

fn application(name: &str, country: &str) -> ApplicationInput {
    ApplicationInput {
        organisation_id: None,
        organisation_name: name.to_string(),
        kind: OrganisationKind::City,
        country: country.to_string(),
        population: Some(250_000),
        contact_first_name: "Marta".into(),
        contact_last_name: "Novak".into(),
        contact_function: "Head of culture".into(),
        contact_email: "culture@example.org".into(),
        category: MembershipCategory::Full,
        motivation: "We want to take part in European cultural cooperation.".into(),
        attachments: vec![],
        declared_conflicts: vec![],
        received_on: "2026-10-01".into(),
    }
}

fn full_review(criteria: &[String], score: u8, recommendation: Recommendation) -> ReviewInput {
    ReviewInput {
        scores: criteria.iter().map(|c| CriterionScore { criterion: c.clone(), score: Some(score) }).collect(),
        recommendation: Some(recommendation),
        comment: format!("Scored {score}"),
    }
}

fn message_of<T: std::fmt::Debug>(result: Result<T>) -> (String, String) {
    match result {
        Err(CoreError::Validation { field, message }) => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn plan_apps(n: usize) -> Vec<PlanApplication> {
    (0..n).map(|i| PlanApplication { id: format!("app{i}"), assigned: vec![], blocked: vec![] }).collect()
}

fn plan_reviewers(n: usize) -> Vec<PlanReviewer> {
    (0..n).map(|i| PlanReviewer { seat_id: format!("seat{i}"), load: 0 }).collect()
}

fn loads_of(pairs: &[(String, String)]) -> HashMap<String, u32> {
    let mut loads = HashMap::new();
    for (_, seat) in pairs {
        *loads.entry(seat.clone()).or_insert(0) += 1;
    }
    loads
}

#[test]
fn automatic_assignment_spreads_the_load_evenly_and_gives_every_application_its_minimum() {
    let plan = plan_assignments(&plan_apps(6), &plan_reviewers(4), 2, 10);
    assert!(plan.short.is_empty(), "{:?}", plan.short);
    assert_eq!(plan.pairs.len(), 12);
    let loads = loads_of(&plan.pairs);
    assert_eq!(loads.len(), 4);
    assert!(loads.values().all(|&l| l == 3), "balanced: {loads:?}");
    for app in 0..6 {
        let seats: Vec<&String> = plan.pairs.iter().filter(|(a, _)| *a == format!("app{app}")).map(|(_, s)| s).collect();
        assert_eq!(seats.len(), 2);
        assert_ne!(seats[0], seats[1], "two different reviewers");
    }
}

#[test]
fn automatic_assignment_counts_the_existing_load_and_assignments() {
    let mut apps = plan_apps(2);
    apps[0].assigned = vec!["seat0".into()];
    let mut reviewers = plan_reviewers(3);
    reviewers[1].load = 4;
    let plan = plan_assignments(&apps, &reviewers, 2, 10);
    // app0 needs one more: not seat0 again, and not the busy seat1.
    assert!(plan.pairs.contains(&("app0".to_string(), "seat2".to_string())), "{:?}", plan.pairs);
    assert_eq!(plan.pairs.iter().filter(|(a, _)| a == "app0").count(), 1);
    assert_eq!(plan.pairs.iter().filter(|(_, s)| s == "seat1").count(), 0, "seat1 is the busiest: {:?}", plan.pairs);
}

#[test]
fn automatic_assignment_never_exceeds_the_maximum_and_reports_what_it_could_not_fill() {
    let plan = plan_assignments(&plan_apps(5), &plan_reviewers(3), 2, 2);
    let loads = loads_of(&plan.pairs);
    assert!(loads.values().all(|&l| l <= 2), "{loads:?}");
    assert_eq!(plan.pairs.len(), 6, "three reviewers of two each");
    let missing: u32 = plan.short.iter().map(|(_, m)| m).sum();
    assert_eq!(missing, 10 - 6);
}

#[test]
fn automatic_assignment_keeps_blocked_reviewers_away_and_serves_the_most_constrained_first() {
    let mut apps = plan_apps(2);
    // app1 can only be reviewed by seat0 and seat1.
    apps[1].blocked = vec!["seat2".into()];
    let plan = plan_assignments(&apps, &plan_reviewers(3), 2, 1);
    let of = |app: &str| plan.pairs.iter().filter(|(a, _)| a == app).map(|(_, s)| s.clone()).collect::<Vec<_>>();
    let mut app1 = of("app1");
    app1.sort();
    assert_eq!(app1, vec!["seat0", "seat1"]);
    assert_eq!(of("app0"), vec!["seat2"]);
    assert_eq!(plan.short, vec![("app0".to_string(), 1)]);
}

#[test]
fn recording_an_application_checks_the_form_and_copies_the_criteria() {
    let mut store = store();
    let (field, _) = message_of(store.record_application(&ApplicationInput { country: "XX".into(), ..application("Ljubljana", "SI") }));
    assert_eq!(field, "country");
    let (field, _) = message_of(store.record_application(&ApplicationInput { category: MembershipCategory::None, ..application("Ljubljana", "SI") }));
    assert_eq!(field, "category");
    let (field, _) = message_of(store.record_application(&ApplicationInput { contact_email: "nope".into(), ..application("Ljubljana", "SI") }));
    assert_eq!(field, "contact_email");
    let active = store.create_organisation(&organisation("Porto", "PT")).expect("org");
    let (field, message) =
        message_of(store.record_application(&ApplicationInput { organisation_id: Some(active.id), ..application("Porto", "PT") }));
    assert_eq!(field, "organisation_id");
    assert!(message.contains("already a member"), "{message}");

    let recorded = store.record_application(&application("Ljubljana", "SI")).expect("recorded");
    assert_eq!(recorded.status, ApplicationStatus::Received);
    assert_eq!(recorded.criteria, ReviewSettings::default().criteria);
    let rows = store.list_applications(Some(ApplicationStatus::Received)).expect("list");
    assert_eq!(rows.len(), 1);
    assert!(store.list_applications(Some(ApplicationStatus::Approved)).expect("list").is_empty());
}

#[test]
fn a_reviewer_from_the_applicant_organisation_is_blocked_and_told_why() {
    let mut store = store();
    store.set_review_settings(&ReviewSettings { same_country_conflict: false, ..ReviewSettings::default() }).expect("settings");
    let (seat, org) = reviewer(&mut store, "Ana", "PT");
    // The reviewer's own city turns prospect and applies.
    let mut prospect = store.organisation(&org).expect("org").fields;
    prospect.category = MembershipCategory::None;
    store.update_organisation(&org, &prospect).expect("prospect");
    let app = store.record_application(&ApplicationInput { organisation_id: Some(org), ..application("Ana city", "PT") }).expect("app");
    let (field, message) = message_of(store.assign_reviewer(&app.id, &seat));
    assert_eq!(field, "seat_id");
    assert!(message.contains("belongs to the applicant"), "{message}");
    let panel = store.assignment_panel(&app.id).expect("panel");
    assert_eq!(panel.candidates[0].conflicts, vec![ConflictReason::OwnOrganisation { organisation_name: "Ana city".into() }]);
}

#[test]
fn a_reviewer_from_the_applicant_country_is_blocked_only_while_the_setting_is_on() {
    let mut store = store();
    let (seat, _) = reviewer(&mut store, "Ana", "PT");
    let app = store.record_application(&application("Braga", "PT")).expect("app");
    let (_, message) = message_of(store.assign_reviewer(&app.id, &seat));
    assert!(message.contains("applicant's country (PT)"), "{message}");
    store.set_review_settings(&ReviewSettings { same_country_conflict: false, ..ReviewSettings::default() }).expect("settings");
    store.assign_reviewer(&app.id, &seat).expect("allowed once the setting is off");
    assert_eq!(store.application(&app.id).expect("app").status, ApplicationStatus::UnderReview);
}

#[test]
fn a_declared_conflict_blocks_its_seat_with_its_reason() {
    let mut store = store();
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let (ben, _) = reviewer(&mut store, "Ben", "BE");
    let mut input = application("Ljubljana", "SI");
    input.declared_conflicts = vec![DeclaredConflict { seat_id: ana.clone(), reason: "Advised the applicant in 2025".into() }];
    let app = store.record_application(&input).expect("app");
    let (_, message) = message_of(store.assign_reviewer(&app.id, &ana));
    assert!(message.contains("declared conflict: Advised the applicant in 2025"), "{message}");
    store.assign_reviewer(&app.id, &ben).expect("Ben has no conflict");
    let (_, message) = message_of(store.assign_reviewer(&app.id, &ben));
    assert!(message.contains("already reviews"), "{message}");
}

#[test]
fn automatic_assignment_in_the_store_respects_conflicts_and_the_minimum() {
    let mut store = store();
    let (pt, _) = reviewer(&mut store, "Ana", "PT");
    let (be, _) = reviewer(&mut store, "Ben", "BE");
    let (de, _) = reviewer(&mut store, "Dora", "DE");
    let braga = store.record_application(&application("Braga", "PT")).expect("app");
    let ghent = store.record_application(&application("Ghent", "BE")).expect("app");
    let report = store.auto_assign().expect("assigned");
    assert_eq!(report.made, 4);
    assert!(report.short.is_empty(), "{:?}", report.short);
    let seats_of = |store: &Store, id: &str| {
        let mut seats: Vec<String> = store.assignment_panel(id).expect("panel").assigned.into_iter().map(|a| a.seat_id).collect();
        seats.sort();
        seats
    };
    let mut expected = vec![be.clone(), de.clone()];
    expected.sort();
    assert_eq!(seats_of(&store, &braga.id), expected, "not the Portuguese reviewer on a Portuguese city");
    assert!(!seats_of(&store, &ghent.id).contains(&be));
    assert!(seats_of(&store, &ghent.id).contains(&pt));
    // Run again: everything is filled, nothing more is made.
    assert_eq!(store.auto_assign().expect("again").made, 0);
}

#[test]
fn reviews_of_others_stay_hidden_until_ones_own_is_submitted_and_drafts_never_show() {
    let mut store = store();
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let (ben, _) = reviewer(&mut store, "Ben", "BE");
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    store.assign_reviewer(&app.id, &ana).expect("ana");
    store.assign_reviewer(&app.id, &ben).expect("ben");
    let criteria = app.criteria.clone();

    store.save_review_draft(&app.id, &ana, &ReviewInput { scores: vec![], recommendation: None, comment: "first thoughts".into() }).expect("draft");
    store.submit_review(&app.id, &ben, &full_review(&criteria, 4, Recommendation::Approve)).expect("ben submits");

    let ana_view = store.reviews_for(&app.id, Some(&ana)).expect("view");
    assert_eq!(ana_view.own.as_ref().map(|r| r.comment.as_str()), Some("first thoughts"));
    assert!(ana_view.others.is_empty(), "Ben's review is hidden from Ana until she submits");
    assert_eq!(ana_view.hidden, 1);
    let ben_view = store.reviews_for(&app.id, Some(&ben)).expect("view");
    assert!(ben_view.others.is_empty(), "Ana's draft never shows to Ben");
    assert_eq!(ben_view.hidden, 1);
    let office = store.reviews_for(&app.id, None).expect("view");
    assert_eq!(office.others.len(), 2, "the secretariat sees all, drafts included");

    store.submit_review(&app.id, &ana, &full_review(&criteria, 2, Recommendation::Reject)).expect("ana submits");
    let ana_view = store.reviews_for(&app.id, Some(&ana)).expect("view");
    assert_eq!(ana_view.others.len(), 1);
    assert_eq!(ana_view.others[0].recommendation, Some(Recommendation::Approve));
    assert_eq!(ana_view.hidden, 0);
}

#[test]
fn a_submitted_review_is_final_and_a_submit_needs_every_score_and_a_recommendation() {
    let mut store = store();
    store.set_review_settings(&ReviewSettings { same_country_conflict: false, ..ReviewSettings::default() }).expect("settings");
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let (other, _) = reviewer(&mut store, "Carl", "SE");
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    store.assign_reviewer(&app.id, &ana).expect("ana");
    let criteria = app.criteria.clone();
    let (field, _) = message_of(store.submit_review(&app.id, &other, &full_review(&criteria, 3, Recommendation::Abstain)));
    assert_eq!(field, "seat_id", "a seat not assigned cannot review");

    let mut partial = full_review(&criteria, 3, Recommendation::Approve);
    partial.scores[1].score = None;
    let (field, message) = message_of(store.submit_review(&app.id, &ana, &partial));
    assert_eq!(field, "scores");
    assert!(message.contains(&criteria[1]), "{message}");
    let (field, _) = message_of(store.submit_review(&app.id, &ana, &ReviewInput { recommendation: None, ..full_review(&criteria, 3, Recommendation::Approve) }));
    assert_eq!(field, "recommendation");
    let (field, _) = message_of(store.save_review_draft(&app.id, &ana, &full_review(&criteria, 6, Recommendation::Approve)));
    assert_eq!(field, "scores", "scores run from 1 to 5");

    let draft = store.save_review_draft(&app.id, &ana, &partial).expect("a partial draft is kept");
    assert_eq!(draft.status, ReviewStatus::Draft);
    assert_eq!(draft.scores[1].score, None);
    let submitted = store.submit_review(&app.id, &ana, &full_review(&criteria, 5, Recommendation::Approve)).expect("submitted");
    assert_eq!(submitted.status, ReviewStatus::Submitted);
    assert!(submitted.submitted_at.is_some());
    assert_eq!(submitted.id, draft.id, "one review per assignment");

    let (_, message) = message_of(store.save_review_draft(&app.id, &ana, &partial));
    assert!(message.contains("final"), "{message}");
    let (_, message) = message_of(store.submit_review(&app.id, &ana, &full_review(&criteria, 1, Recommendation::Reject)));
    assert!(message.contains("final"), "{message}");
    assert_eq!(store.reviews_for(&app.id, None).expect("view").others[0].scores[0].score, Some(5));
    let (_, message) = message_of(store.unassign_reviewer(&submitted.id));
    assert!(message.contains("submitted"), "{message}");
}

#[test]
fn taking_an_assignment_back_empties_the_inbox_and_drops_the_draft() {
    let mut store = store();
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    let assignment = store.assign_reviewer(&app.id, &ana).expect("assigned");
    store.save_review_draft(&app.id, &ana, &ReviewInput { scores: vec![], recommendation: None, comment: "notes".into() }).expect("draft");
    assert_eq!(store.my_reviews(&ana).expect("inbox").len(), 1);
    store.unassign_reviewer(&assignment).expect("taken back");
    assert!(store.my_reviews(&ana).expect("inbox").is_empty());
    assert!(store.reviews_for(&app.id, None).expect("view").others.is_empty(), "the draft went with it");
    let kinds: Vec<TimelineKind> = store.application_timeline(&app.id).expect("timeline").into_iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&TimelineKind::Unassigned), "{kinds:?}");
    // Assigned again, a fresh review starts.
    store.assign_reviewer(&app.id, &ana).expect("again");
    assert_eq!(store.my_reviews(&ana).expect("inbox")[0].review_status, None);
}

#[test]
fn the_summary_gives_means_spreads_and_recommendations_of_submitted_reviews_only() {
    let mut store = store();
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let (ben, _) = reviewer(&mut store, "Ben", "BE");
    let (dora, _) = reviewer(&mut store, "Dora", "DE");
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    for seat in [&ana, &ben, &dora] {
        store.assign_reviewer(&app.id, seat).expect("assigned");
    }
    let criteria = app.criteria.clone();
    store.submit_review(&app.id, &ana, &full_review(&criteria, 2, Recommendation::Reject)).expect("ana");
    store.submit_review(&app.id, &ben, &full_review(&criteria, 5, Recommendation::Approve)).expect("ben");
    store.save_review_draft(&app.id, &dora, &full_review(&criteria, 1, Recommendation::Reject)).expect("dora's draft");
    let summary = store.decision_summary(&app.id).expect("summary");
    assert_eq!((summary.assigned, summary.submitted), (3, 2));
    assert_eq!((summary.approve, summary.reject, summary.abstain), (1, 1, 0));
    assert_eq!(summary.criteria.len(), 3);
    assert_eq!(summary.criteria[0].mean, Some(3.5));
    assert_eq!(summary.criteria[0].spread, Some(3));
    assert_eq!(summary.overall_mean, Some(3.5));
}

#[test]
fn approving_makes_the_member_its_membership_and_its_contact_at_once() {
    let mut store = store();
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    let (field, _) = message_of(store.decide_application(&app.id, &DecisionInput { outcome: Outcome::Approved, decided_on: "2026-13-01".into(), note: String::new() }));
    assert_eq!(field, "decided_on");
    assert!(store.list_organisations(&OrganisationQuery { limit: 10, ..OrganisationQuery::default() }).expect("list").rows.is_empty(), "nothing half-written");

    let decided = store
        .decide_application(&app.id, &DecisionInput { outcome: Outcome::Approved, decided_on: "2026-11-20".into(), note: "Welcome!".into() })
        .expect("approved");
    assert_eq!(decided.status, ApplicationStatus::Approved);
    let member = store.organisation(decided.fields.organisation_id.as_deref().expect("member made")).expect("member");
    assert_eq!(member.fields.name, "Ljubljana");
    assert_eq!(member.fields.status, MembershipStatus::Active);
    assert_eq!(member.fields.category, MembershipCategory::Full);
    assert_eq!(member.fields.joined_on.as_deref(), Some("2026-11-20"));
    assert_eq!(member.fields.population, Some(250_000));
    let contact = store.person(decided.contact_person_id.as_deref().expect("contact made")).expect("contact");
    assert_eq!(contact.fields.last_name, "Novak");
    assert_eq!(contact.fields.organisation_id.as_deref(), Some(member.id.as_str()));
    assert_eq!(contact.fields.emails, vec!["culture@example.org".to_string()]);
    let (_, message) = message_of(store.decide_application(&app.id, &DecisionInput { outcome: Outcome::Rejected, decided_on: String::new(), note: String::new() }));
    assert!(message.contains("approved already"), "{message}");

    let letter = store.decision_letter(&app.id, LetterLanguage::Fr).expect("letter");
    assert!(letter.contains("a approuvé la demande d'adhésion de Ljubljana"), "{letter}");
    assert!(letter.contains("20 novembre 2026"), "{letter}");
    assert!(letter.contains("Welcome!"), "{letter}");
    let letter = store.decision_letter(&app.id, LetterLanguage::En).expect("letter");
    assert!(letter.contains("joins the network as full member from 20 November 2026"), "{letter}");
}

#[test]
fn approving_an_existing_prospect_activates_it_instead_of_making_a_second_one() {
    let mut store = store();
    let mut prospect = organisation("Tartu", "EE");
    prospect.category = MembershipCategory::None;
    prospect.status = MembershipStatus::Applicant;
    let tartu = store.create_organisation(&prospect).expect("prospect");
    let app = store.record_application(&ApplicationInput { organisation_id: Some(tartu.id.clone()), ..application("Tartu", "EE") }).expect("app");
    store.decide_application(&app.id, &DecisionInput { outcome: Outcome::Approved, decided_on: "2026-11-20".into(), note: String::new() }).expect("approved");
    let rows = store.list_organisations(&OrganisationQuery { limit: 10, ..OrganisationQuery::default() }).expect("list").rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, MembershipStatus::Active);
    assert_eq!(rows[0].category, MembershipCategory::Full);
    assert_eq!(rows[0].contacts, 1);
}

#[test]
fn approving_an_existing_prospect_keeps_its_known_contact_instead_of_doubling_it() {
    let mut store = store();
    let mut prospect = organisation("Tartu", "EE");
    prospect.category = MembershipCategory::None;
    let tartu = store.create_organisation(&prospect).expect("prospect");
    let known = store.create_person(&person("Marta", "Novak", Some(&tartu.id))).expect("known contact");
    let app = store.record_application(&ApplicationInput { organisation_id: Some(tartu.id.clone()), ..application("Tartu", "EE") }).expect("app");
    let decided = store
        .decide_application(&app.id, &DecisionInput { outcome: Outcome::Approved, decided_on: "2026-11-20".into(), note: String::new() })
        .expect("approved");
    assert_eq!(decided.contact_person_id.as_deref(), Some(known.id.as_str()));
    assert_eq!(store.organisation_detail(&tartu.id).expect("detail").contacts.len(), 1);
}

#[test]
fn a_rejection_makes_no_member_and_its_letter_says_so() {
    let mut store = store();
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    let (_, message) = message_of(store.decision_letter(&app.id, LetterLanguage::En));
    assert!(message.contains("needs a decision"), "{message}");
    store.decide_application(&app.id, &DecisionInput { outcome: Outcome::Rejected, decided_on: "2026-11-20".into(), note: String::new() }).expect("rejected");
    assert!(store.list_organisations(&OrganisationQuery { limit: 10, ..OrganisationQuery::default() }).expect("list").rows.is_empty());
    let letter = store.decision_letter(&app.id, LetterLanguage::En).expect("letter");
    assert!(letter.contains("could not approve"), "{letter}");
    let (field, _) = message_of(store.update_application(&app.id, &application("Ljubljana", "SI")));
    assert_eq!(field, "status", "a decided application is closed to edits");
}

#[test]
fn the_timeline_tells_reception_assignment_review_and_decision_in_order() {
    let mut store = store();
    let (ana, _) = reviewer(&mut store, "Ana", "PT");
    let app = store.record_application(&application("Ljubljana", "SI")).expect("app");
    let mut edited = application("Ljubljana", "SI");
    edited.motivation = "A longer motivation.".into();
    store.update_application(&app.id, &edited).expect("edited");
    store.assign_reviewer(&app.id, &ana).expect("assigned");
    store.submit_review(&app.id, &ana, &full_review(&app.criteria, 4, Recommendation::Approve)).expect("submitted");
    store.decide_application(&app.id, &DecisionInput { outcome: Outcome::Approved, decided_on: String::new(), note: String::new() }).expect("approved");
    let kinds: Vec<TimelineKind> = store.application_timeline(&app.id).expect("timeline").into_iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![TimelineKind::Received, TimelineKind::Edited, TimelineKind::Assigned, TimelineKind::ReviewSubmitted, TimelineKind::Approved]
    );
}

#[test]
fn settings_refuse_no_criteria_and_duplicates() {
    let store = store();
    let (field, _) = message_of(store.set_review_settings(&ReviewSettings { criteria: vec![" ".into()], ..ReviewSettings::default() }));
    assert_eq!(field, "criteria");
    let (_, message) = message_of(store.set_review_settings(&ReviewSettings { criteria: vec!["Reach".into(), "reach".into()], ..ReviewSettings::default() }));
    assert!(message.contains("twice"), "{message}");
    let (field, _) = message_of(store.set_review_settings(&ReviewSettings { min_reviews: 0, ..ReviewSettings::default() }));
    assert_eq!(field, "min_reviews");
}

mod planner_properties {
    use std::collections::{HashMap, HashSet};

    use proptest::prelude::*;

    use super::super::assignment::{plan_assignments, PlanApplication, PlanReviewer};

    /// Applications (each with some reviewers blocked and some assigned already), reviewers
    /// with an existing load, and the two limits.
    fn scenario() -> impl Strategy<Value = (Vec<PlanApplication>, Vec<PlanReviewer>, u32, u32)> {
        (1usize..8, 1usize..25, 1u32..4, 1u32..8).prop_flat_map(|(reviewers, applications, min, max)| {
            let app = (proptest::collection::vec(0u8..10, reviewers), proptest::collection::vec(any::<bool>(), reviewers));
            (
                proptest::collection::vec(app, applications),
                proptest::collection::vec(0u32..3, reviewers),
                Just(min),
                Just(max),
            )
                .prop_map(move |(apps, loads, min, max)| {
                    let seat = |r: usize| format!("seat{r}");
                    let applications = apps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (blocked, assigned))| PlanApplication {
                            id: format!("app{i}"),
                            // One in five reviewers blocked, a few assigned already (never both).
                            blocked: (0..reviewers).filter(|&r| blocked[r] < 2).map(seat).collect(),
                            assigned: (0..reviewers).filter(|&r| blocked[r] >= 2 && assigned[r] && r % 3 == 0).map(seat).collect(),
                        })
                        .collect();
                    let reviewers = loads.into_iter().enumerate().map(|(r, load)| PlanReviewer { seat_id: seat(r), load }).collect();
                    (applications, reviewers, min, max)
                })
        })
    }

    proptest! {
        #[test]
        fn the_plan_keeps_every_rule_and_reports_exactly_what_it_could_not_fill((applications, reviewers, min, max) in scenario()) {
            let plan = plan_assignments(&applications, &reviewers, min, max);
            let mut load: HashMap<&str, u32> = reviewers.iter().map(|r| (r.seat_id.as_str(), r.load)).collect();
            let mut seen: HashSet<(&str, &str)> = HashSet::new();
            for (app, seat) in &plan.pairs {
                let application = applications.iter().find(|a| &a.id == app).expect("a known application");
                prop_assert!(!application.blocked.contains(seat), "a blocked reviewer was assigned");
                prop_assert!(!application.assigned.contains(seat), "a reviewer was assigned twice");
                prop_assert!(seen.insert((app.as_str(), seat.as_str())), "a pair was planned twice");
                let l = load.get_mut(seat.as_str()).expect("a known reviewer");
                *l += 1;
                prop_assert!(*l <= max.max(reviewers.iter().find(|r| &r.seat_id == seat).map(|r| r.load).unwrap_or(0)), "over the maximum");
            }
            for application in &applications {
                let have = application.assigned.len() as u32 + plan.pairs.iter().filter(|(a, _)| a == &application.id).count() as u32;
                let short = plan.short.iter().find(|(a, _)| a == &application.id).map(|(_, m)| *m).unwrap_or(0);
                prop_assert!(have <= min.max(application.assigned.len() as u32), "more reviewers than needed");
                prop_assert_eq!(have + short, min.max(have), "the shortfall is what is missing");
                if short > 0 {
                    // Short only when no free reviewer was left for it.
                    let free = reviewers.iter().any(|r| {
                        load[r.seat_id.as_str()] < max
                            && !application.blocked.contains(&r.seat_id)
                            && !application.assigned.contains(&r.seat_id)
                            && !plan.pairs.iter().any(|(a, s)| a == &application.id && s == &r.seat_id)
                    });
                    prop_assert!(!free, "{} left short while a reviewer was free", application.id);
                }
            }
        }

        #[test]
        fn with_nothing_blocked_and_room_enough_the_new_load_differs_by_at_most_one(reviewers in 2usize..8, applications in 1usize..30, min in 1u32..3) {
            let min = min.min(reviewers as u32);
            let apps: Vec<PlanApplication> = (0..applications).map(|i| PlanApplication { id: format!("app{i}"), assigned: vec![], blocked: vec![] }).collect();
            let seats: Vec<PlanReviewer> = (0..reviewers).map(|r| PlanReviewer { seat_id: format!("seat{r}"), load: 0 }).collect();
            let plan = plan_assignments(&apps, &seats, min, u32::MAX);
            prop_assert!(plan.short.is_empty());
            let mut load: HashMap<&str, u32> = HashMap::new();
            for (_, seat) in &plan.pairs {
                *load.entry(seat.as_str()).or_default() += 1;
            }
            let counts: Vec<u32> = seats.iter().map(|s| load.get(s.seat_id.as_str()).copied().unwrap_or(0)).collect();
            let (lo, hi) = (counts.iter().min().copied().unwrap_or(0), counts.iter().max().copied().unwrap_or(0));
            prop_assert!(hi - lo <= 1, "unbalanced: {counts:?}");
        }
    }
}
