use super::issues::{render, IssueInput, IssueState, UnsubscribeLink};
use super::*;
use crate::model::{MembershipCategory, MembershipStatus, PersonInput};
use crate::test_support::{organisation, person, store};

fn consent(how: &str) -> ConsentInput {
    ConsentInput { given_on: "2025-03-01".into(), how: how.into() }
}

fn contact(store: &mut Store, first: &str, last: &str, email: Option<&str>, org: Option<&str>) -> String {
    let input = PersonInput { emails: email.map(|e| vec![e.to_string()]).unwrap_or_default(), ..person(first, last, org) };
    store.create_person(&input).expect("person").id
}

fn org(store: &mut Store, name: &str, category: MembershipCategory, status: MembershipStatus) -> String {
    store.create_organisation(&crate::model::OrganisationInput { category, status, ..organisation(name, "FR") }).expect("organisation").id
}

fn field_of<T: std::fmt::Debug>(result: Result<T>) -> String {
    match result {
        Err(CoreError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn consent_is_recorded_with_when_and_how_and_an_unsubscribe_keeps_the_record() {
    let mut store = store();
    let ana = contact(&mut store, "Ana", "Silva", Some("ana@porto.pt"), None);
    assert!(!store.bulletin_status(&ana).expect("status").subscribed);

    let status = store.record_bulletin_consent(&ana, &consent("Sign-up form, Porto conference")).expect("consent");
    assert!(status.subscribed);
    assert_eq!(status.consent_at.as_deref(), Some("2025-03-01"));
    assert_eq!(status.consent_how.as_deref(), Some("Sign-up form, Porto conference"));
    assert_eq!(status.email.as_deref(), Some("ana@porto.pt"));

    let status = store.unsubscribe_from_bulletin(&ana).expect("unsubscribe");
    assert!(!status.subscribed);
    assert!(status.unsubscribed_at.is_some());
    assert_eq!(status.consent_how.as_deref(), Some("Sign-up form, Porto conference"), "the proof of consent stays");

    // Consent given again clears the unsubscribe and keeps the same token.
    let token_before: String = store.conn.query_row("SELECT bulletin_token FROM people WHERE id = ?1", [&ana], |r| r.get(0)).expect("token");
    assert_eq!(token_before.len(), 32);
    assert!(store.record_bulletin_consent(&ana, &consent("Phone call")).expect("again").subscribed);
    let token_after: String = store.conn.query_row("SELECT bulletin_token FROM people WHERE id = ?1", [&ana], |r| r.get(0)).expect("token");
    assert_eq!(token_before, token_after);
    // Each step is a mutation of the person: it syncs and shows in the history.
    let history = store.history(crate::model::EntityKind::Person, &ana).expect("history");
    assert_eq!(history.len(), 4, "created, consent, unsubscribe, consent");
}

#[test]
fn consent_needs_an_email_a_way_and_a_date_not_in_the_future() {
    let mut store = store();
    let nobody = contact(&mut store, "No", "Mail", None, None);
    assert_eq!(field_of(store.record_bulletin_consent(&nobody, &consent("form"))), "emails");
    let ana = contact(&mut store, "Ana", "Silva", Some("ana@porto.pt"), None);
    assert_eq!(field_of(store.record_bulletin_consent(&ana, &consent("  "))), "how");
    assert_eq!(field_of(store.record_bulletin_consent(&ana, &ConsentInput { given_on: "2999-01-01".into(), how: "form".into() })), "given_on");
    assert_eq!(field_of(store.record_bulletin_consent(&ana, &ConsentInput { given_on: "01/02/2025".into(), how: "form".into() })), "given_on");
    assert!(!store.bulletin_status(&ana).expect("status").subscribed);
}

#[test]
fn saving_the_contact_form_leaves_the_consent_alone() {
    let mut store = store();
    let ana = contact(&mut store, "Ana", "Silva", Some("ana@porto.pt"), None);
    store.record_bulletin_consent(&ana, &consent("form")).expect("consent");
    let mut fields = store.person(&ana).expect("person").fields;
    fields.function = "Director of culture".into();
    store.update_person(&ana, &fields).expect("edit");
    let status = store.bulletin_status(&ana).expect("status");
    assert!(status.subscribed, "{status:?}");
    assert_eq!(status.consent_how.as_deref(), Some("form"));
    // And the person is still found by name (the index was not rebuilt from consent alone).
    let found = store
        .list_people(&crate::model::PersonQuery { search: "silva".into(), limit: 10, ..Default::default() })
        .expect("search");
    assert_eq!(found.rows.len(), 1);
}

#[test]
fn recipients_are_grouped_as_members_associates_and_others() {
    let mut store = store();
    let porto = org(&mut store, "Porto", MembershipCategory::Full, MembershipStatus::Active);
    let lapsed = org(&mut store, "Lapsed town", MembershipCategory::Full, MembershipStatus::Lapsed);
    let theatre = org(&mut store, "Théâtre du Nord", MembershipCategory::Associate, MembershipStatus::Active);
    let people = [
        contact(&mut store, "Ana", "Silva", Some("ana@porto.pt"), Some(&porto)),
        contact(&mut store, "Élodie", "Martin", Some("elodie@theatre.fr"), Some(&theatre)),
        contact(&mut store, "Lars", "Berg", Some("lars@lapsed.se"), Some(&lapsed)),
        contact(&mut store, "Free", "Lance", Some("free@example.org"), None),
        contact(&mut store, "No", "Mail", None, None),
    ];
    for id in &people[..4] {
        store.record_bulletin_consent(id, &consent("form")).expect("consent");
    }
    // One with consent whose e-mail was removed afterwards.
    store.conn.execute("UPDATE people SET bulletin_consent_at = '2025-01-01', bulletin_token = 'x' WHERE id = ?1", [&people[4]]).expect("consent without mail");
    let not_subscribed = contact(&mut store, "Not", "Subscribed", Some("not@example.org"), Some(&porto));

    let list = store.bulletin_recipients(&RecipientQuery::default()).expect("list");
    let names: Vec<(&str, RecipientKind)> = list.rows.iter().map(|r| (r.last_name.as_str(), r.kind)).collect();
    assert_eq!(
        names,
        vec![
            ("Silva", RecipientKind::Member),
            ("Martin", RecipientKind::Associate),
            ("Berg", RecipientKind::Other),
            ("Lance", RecipientKind::Other),
            ("Mail", RecipientKind::Other),
        ]
    );
    assert_eq!((list.members, list.associates, list.others, list.without_email), (1, 1, 2, 1));
    assert!(!list.rows.iter().any(|r| r.person_id == not_subscribed));

    let associates = store.bulletin_recipients(&RecipientQuery { kind: Some(RecipientKind::Associate), search: String::new() }).expect("filtered");
    assert_eq!(associates.rows.len(), 1);
    let searched = store.bulletin_recipients(&RecipientQuery { kind: None, search: "theatre elodie".into() }).expect("searched");
    assert_eq!(searched.rows.len(), 1, "accents ignored");

    let csv = String::from_utf8(store.export_bulletin_recipients().expect("csv")).expect("utf-8");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Email Address,First Name,Last Name,Organisation,Country,Kind,Language,Consent date,Consent how");
    assert_eq!(lines.len(), 5, "four with an e-mail: {csv}");
    assert!(lines.iter().any(|l| l.starts_with("elodie@theatre.fr,Élodie,Martin,Théâtre du Nord,FR,associate,,2025-03-01,form")), "{csv}");
}

#[test]
fn a_message_has_both_parts_a_safe_body_and_the_unsubscribe_link() {
    let link = UnsubscribeLink::for_token(Some("https://sync.example.org/"), "abc123", "office@example.org");
    assert_eq!(link.url(), "https://sync.example.org/api/v1/unsubscribe/abc123");
    let message = render("News <May>", "Hello **all**.\n\n<script>x()</script>\n\n[x](javascript:alert(1))", "Ana Silva", "Rencontres", &link);
    assert!(message.html.contains("<strong>all</strong>"));
    assert!(message.html.contains("<title>News &lt;May&gt;</title>"));
    assert!(!message.html.to_lowercase().contains("<script"));
    assert!(!message.html.contains("javascript:"));
    assert!(message.html.contains("href=\"https://sync.example.org/api/v1/unsubscribe/abc123\""));
    assert!(message.text.contains("Dear Ana Silva,"));
    assert!(message.text.contains("Hello all."));
    assert!(message.text.contains("https://sync.example.org/api/v1/unsubscribe/abc123"));
    let fallback = UnsubscribeLink::for_token(None, "abc123", "office@example.org");
    assert_eq!(fallback.url(), "mailto:office@example.org?subject=Unsubscribe%20abc123");
}

#[test]
fn an_issue_is_edited_as_a_draft_then_queued_once_per_address() {
    let mut store = store();
    let a = contact(&mut store, "Ana", "Silva", Some("Ana@Porto.pt"), None);
    let b = contact(&mut store, "Bea", "Silva", Some("ana@porto.pt"), None);
    let c = contact(&mut store, "Carl", "Olsen", Some("carl@aarhus.dk"), None);
    for id in [&a, &b, &c] {
        store.record_bulletin_consent(id, &consent("form")).expect("consent");
    }
    assert_eq!(field_of(store.create_issue(&IssueInput { subject: " ".into(), body: "x".into() })), "subject");
    assert_eq!(field_of(store.create_issue(&IssueInput { subject: "May".into(), body: "  ".into() })), "body");
    let issue = store.create_issue(&IssueInput { subject: "May".into(), body: "First".into() }).expect("issue");
    let issue = store.update_issue(&issue.id, &IssueInput { subject: "May news".into(), body: "Second".into() }).expect("edited");
    assert_eq!(issue.state, IssueState::Draft);

    let counts = store.queue_issue(&issue.id).expect("queued");
    assert_eq!(counts.total, 2, "one message per address, whatever the case");
    assert_eq!(counts.pending, 2);
    assert_eq!(store.queue_issue(&issue.id).expect("again").total, 2, "queuing again adds nobody twice");
    assert_eq!(field_of(store.update_issue(&issue.id, &IssueInput { subject: "x".into(), body: "y".into() })), "subject");
    assert_eq!(field_of(store.delete_issue(&issue.id)), "state");
    let deliveries = store.deliveries(&issue.id).expect("deliveries");
    assert_eq!(deliveries.iter().map(|d| d.email.as_str()).collect::<Vec<_>>(), vec!["carl@aarhus.dk", "ana@porto.pt"], "by name: Olsen, Silva");
}

#[test]
fn queuing_with_nobody_subscribed_is_refused() {
    let mut store = store();
    contact(&mut store, "Ana", "Silva", Some("ana@porto.pt"), None);
    let issue = store.create_issue(&IssueInput { subject: "May".into(), body: "Hi".into() }).expect("issue");
    assert_eq!(field_of(store.queue_issue(&issue.id)), "recipients");
}

#[test]
fn smtp_settings_refuse_a_clear_text_password_to_a_remote_server() {
    let store = store();
    let good = sending::SmtpSettings {
        host: "smtp.example.org".into(),
        port: 587,
        security: sending::SmtpSecurity::StartTls,
        username: "office".into(),
        from_address: "office@example.org".into(),
        from_name: "Rencontres".into(),
        per_minute: 30,
    };
    assert_eq!(store.set_smtp_settings(&good).expect("saved"), good);
    assert_eq!(store.smtp_settings().expect("read"), good);
    let plain = sending::SmtpSettings { security: sending::SmtpSecurity::None, ..good.clone() };
    assert_eq!(field_of(store.set_smtp_settings(&plain)), "security");
    let local = sending::SmtpSettings { host: "127.0.0.1".into(), ..plain };
    assert!(store.set_smtp_settings(&local).is_ok());
    assert_eq!(field_of(store.set_smtp_settings(&sending::SmtpSettings { from_address: "nope".into(), ..good.clone() })), "from_address");
    assert_eq!(field_of(store.set_smtp_settings(&sending::SmtpSettings { per_minute: 0, ..good })), "per_minute");
}
