//! The e-bulletin sent through a REAL SMTP server on loopback (Python's aiosmtpd, from the
//! Debian package python3-aiosmtpd that `scripts/setup.sh test` installs), with unsubscribe
//! links answered by the real central server:
//! - every subscriber receives exactly one message, with a text and an HTML part and the link;
//! - a send interrupted halfway (a crash at the worst moment, or the mail server going away)
//!   and resumed mails nobody twice;
//! - an unsubscribe through the server's page reaches the laptop by sync and removes the
//!   person from the next send.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rencontres_core::bulletin::issues::IssueInput;
use rencontres_core::bulletin::sending::{send_issue, SendControl, SendOutcome, SmtpSettings};
use rencontres_core::bulletin::ConsentInput;
use rencontres_core::model::PersonInput;
use rencontres_core::Store;
use rencontres_protocol::Role;
use rencontres_sync_tests::smtp::SmtpSink;
use rencontres_sync_tests::{city, contact, Laptop, TestServer};

/// `n` subscribed contacts (one e-mail each, some with accents in their names).
fn subscribers(store: &mut Store, n: usize) -> Vec<(String, String)> {
    let porto = store.create_organisation(&city("Porto")).expect("organisation");
    (0..n)
        .map(|i| {
            let email = format!("person{i}@example.org");
            let input = PersonInput { emails: vec![email.clone()], ..contact("Zoë", &format!("Ñúñez {i:02}"), &porto.id) };
            let id = store.create_person(&input).expect("person").id;
            store.record_bulletin_consent(&id, &ConsentInput { given_on: String::new(), how: "sign-up form".into() }).expect("consent");
            (id, email)
        })
        .collect()
}

fn queued_issue(store: &mut Store, subject: &str) -> String {
    let issue = store
        .create_issue(&IssueInput { subject: subject.into(), body: "## Porto 2026\n\nThe **general assembly** meets in Porto.\n".into() })
        .expect("issue");
    store.queue_issue(&issue.id).expect("queued");
    issue.id
}

fn expected(subscribers: &[(String, String)]) -> Vec<String> {
    let mut all: Vec<String> = subscribers.iter().map(|(_, e)| e.clone()).collect();
    all.sort();
    all
}

#[test]
fn every_subscriber_receives_one_message_with_a_text_part_an_html_part_and_the_unsubscribe_link() {
    let mail = tempfile::tempdir().expect("maildir");
    let sink = SmtpSink::start(mail.path());
    let store = Mutex::new(Store::open_in_memory().expect("store"));
    let people = subscribers(&mut store.lock().expect("lock"), 5);
    let issue = queued_issue(&mut store.lock().expect("lock"), "E-bulletin n°12 — été");

    let mut seen = Vec::new();
    let report = send_issue(&store, &issue, &sink.settings(), None, Some("https://sync.rencontres.example"), &SendControl::default(), |p| {
        seen.push(p.counts.sent)
    })
    .expect("sent");
    assert_eq!(report.outcome, SendOutcome::Finished);
    assert_eq!((report.counts.sent, report.counts.pending, report.counts.uncertain), (5, 0, 0), "{:?}", store.lock().expect("lock").deliveries(&issue));
    assert_eq!(seen, vec![0, 1, 2, 3, 4], "progress before each message");
    assert_eq!(sink.recipients(), expected(&people));

    let message = sink.messages().into_iter().find(|m| m.contains("X-RcptTo: person3@example.org")).expect("person 3's message");
    assert!(message.contains("multipart/alternative"), "{message}");
    assert!(message.contains("text/plain") && message.contains("text/html"), "{message}");
    assert!(message.contains("List-Unsubscribe: <https://sync.rencontres.example/api/v1/unsubscribe/"), "{message}");
    assert!(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{message}");
    // Each message carries its recipient's own link.
    let mut links: Vec<String> = sink
        .messages()
        .iter()
        .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("List-Unsubscribe: <")).map(str::to_string))
        .collect();
    links.sort();
    links.dedup();
    assert_eq!(links.len(), 5, "{links:?}");
    let issue_now = store.lock().expect("lock").issue(&issue).expect("issue");
    assert_eq!(issue_now.state, rencontres_core::bulletin::issues::IssueState::Sent);
}

#[test]
fn a_crash_while_handing_over_a_message_leaves_that_recipient_uncertain_and_the_resumed_send_mails_nobody_twice() {
    let mail = tempfile::tempdir().expect("maildir");
    let sink = SmtpSink::start(mail.path());
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("rencontres.sqlite3");
    let (people, issue) = {
        let mut store = Store::open(&path).expect("store");
        let people = subscribers(&mut store, 6);
        let issue = queued_issue(&mut store, "June");
        (people, issue)
    };

    // The app "crashes" right after committing the 3rd recipient as `sending`, before the
    // message itself went out: two were mailed.
    {
        let store = Mutex::new(Store::open(&path).expect("store"));
        let control = SendControl { crash_before_message: Some(3), ..Default::default() };
        let report = send_issue(&store, &issue, &sink.settings(), None, None, &control, |_| {}).expect("ran");
        assert_eq!(report.outcome, SendOutcome::Interrupted);
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(sink.recipients().len(), 2);

    // The app starts again (a fresh connection to the same file) and resumes.
    let store = Mutex::new(Store::open(&path).expect("reopened"));
    let report = send_issue(&store, &issue, &sink.settings(), None, None, &SendControl::default(), |_| {}).expect("resumed");
    assert_eq!(report.outcome, SendOutcome::Finished);
    assert_eq!((report.counts.sent, report.counts.uncertain, report.counts.pending), (5, 1, 0));
    let received = sink.recipients();
    let mut unique = received.clone();
    unique.dedup();
    assert_eq!(received, unique, "nobody mailed twice");
    assert_eq!(received.len(), 5, "everyone but the uncertain one");
    let uncertain: Vec<String> = store
        .lock()
        .expect("lock")
        .deliveries(&issue)
        .expect("deliveries")
        .into_iter()
        .filter(|d| d.status == "uncertain")
        .map(|d| d.email)
        .collect();
    assert_eq!(uncertain.len(), 1);
    assert!(!received.contains(&uncertain[0]), "the uncertain one was not sent again by itself");

    // The user checks and sends to the uncertain one knowingly: still one message each.
    store.lock().expect("lock").retry_uncertain(&issue).expect("retry");
    let report = send_issue(&store, &issue, &sink.settings(), None, None, &SendControl::default(), |_| {}).expect("retried");
    assert_eq!((report.counts.sent, report.counts.uncertain), (6, 0));
    assert_eq!(sink.recipients(), expected(&people));
}

#[test]
fn the_mail_server_going_away_halfway_pauses_the_send_and_resuming_mails_nobody_twice() {
    let mail = tempfile::tempdir().expect("maildir");
    let sink = Mutex::new(SmtpSink::start(mail.path()));
    let settings = sink.lock().expect("lock").settings();
    let store = Mutex::new(Store::open_in_memory().expect("store"));
    let people = subscribers(&mut store.lock().expect("lock"), 8);
    let issue = queued_issue(&mut store.lock().expect("lock"), "July");

    // The server dies once four messages are through.
    let report = send_issue(&store, &issue, &settings, None, None, &SendControl::default(), |p| {
        if p.counts.sent == 4 {
            sink.lock().expect("lock").stop();
        }
    })
    .expect("ran");
    assert_eq!(report.outcome, SendOutcome::Interrupted, "{report:?}");
    assert!(report.error.is_some());
    assert_eq!(report.counts.sent, 4);
    assert_eq!(report.counts.pending, 4, "the rest wait, none uncertain: {report:?}");
    assert_eq!(sink.lock().expect("lock").recipients().len(), 4);

    // Resuming while it is still down changes nothing.
    let report = send_issue(&store, &issue, &settings, None, None, &SendControl::default(), |_| {}).expect("tried");
    assert_eq!((report.outcome, report.counts.pending), (SendOutcome::Interrupted, 4));

    sink.lock().expect("lock").restart();
    let report = send_issue(&store, &issue, &settings, None, None, &SendControl::default(), |_| {}).expect("resumed");
    assert_eq!(report.outcome, SendOutcome::Finished);
    assert_eq!(report.counts.sent, 8);
    assert_eq!(sink.lock().expect("lock").recipients(), expected(&people), "everyone exactly once");
}

#[test]
fn a_paused_send_resumes_where_it_stopped_and_the_throttle_spaces_messages() {
    let mail = tempfile::tempdir().expect("maildir");
    let sink = SmtpSink::start(mail.path());
    let store = Mutex::new(Store::open_in_memory().expect("store"));
    let people = subscribers(&mut store.lock().expect("lock"), 4);
    let issue = queued_issue(&mut store.lock().expect("lock"), "August");
    let settings = SmtpSettings { per_minute: 240, ..sink.settings() }; // one every 250 ms

    let control = SendControl::default();
    let started = Instant::now();
    let report = send_issue(&store, &issue, &settings, None, None, &control, |p| {
        if p.counts.sent == 2 {
            control.pause.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    })
    .expect("paused");
    assert_eq!(report.outcome, SendOutcome::Paused);
    assert_eq!(report.counts.sent, 2);
    assert!(started.elapsed() >= Duration::from_millis(240), "the second message waited its turn: {:?}", started.elapsed());

    let report = send_issue(&store, &issue, &settings, None, None, &SendControl::default(), |_| {}).expect("resumed");
    assert_eq!((report.outcome, report.counts.sent), (SendOutcome::Finished, 4));
    assert_eq!(sink.recipients(), expected(&people));
}

#[test]
fn an_unsubscribe_through_the_server_reaches_the_laptop_and_removes_the_person_from_the_next_send() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let people = subscribers(&mut office.store, 3);
    office.sync()?;
    let (leaving, leaving_email) = people[1].clone();

    // The first issue goes to all three, each with their own link.
    let mail = tempfile::tempdir()?;
    let sink = SmtpSink::start(mail.path());
    let first = queued_issue(&mut office.store, "September");
    let store = Mutex::new(office.store);
    send_issue(&store, &first, &sink.settings(), None, Some(&server.url()), &SendControl::default(), |_| {})?;
    let message = sink.messages().into_iter().find(|m| m.contains(&format!("X-RcptTo: {leaving_email}"))).expect("the message");
    let link = message
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .and_then(|rest| rest.split('>').next())
        .expect("a List-Unsubscribe link")
        .to_string();
    assert!(link.starts_with(&format!("{}/api/v1/unsubscribe/", server.url())), "{link}");

    // Opening the link changes nothing (mail scanners fetch links); the button does.
    let page = ureq::get(&link).call()?.into_string()?;
    assert!(page.contains("<form method=\"post\">"), "{page}");
    let page = ureq::post(&link).send_string("List-Unsubscribe=One-Click")?.into_string()?;
    assert!(page.contains("You are unsubscribed"), "{page}");
    // A made-up token gets the "not valid" page.
    let bogus = format!("{}/api/v1/unsubscribe/{}", server.url(), "0".repeat(32));
    match ureq::get(&bogus).call() {
        Err(ureq::Error::Status(404, _)) => {}
        other => panic!("expected 404, got {other:?}"),
    }

    // The laptop learns of it with its next sync: the contact's history says who did it.
    let mut office = Laptop { store: store.into_inner().expect("store"), ..office };
    office.sync()?;
    let status = office.store.bulletin_status(&leaving)?;
    assert!(!status.subscribed && status.unsubscribed_at.is_some(), "{status:?}");
    let history = office.store.history(rencontres_core::model::EntityKind::Person, &leaving)?;
    assert_eq!(history[0].actor, "unsubscribe link");

    // The next issue leaves them out.
    let second = queued_issue(&mut office.store, "October");
    let store = Mutex::new(office.store);
    let report = send_issue(&store, &second, &sink.settings(), None, Some(&server.url()), &SendControl::default(), |_| {})?;
    assert_eq!(report.counts.sent, 2);
    let to_second: Vec<String> = sink.messages().iter().filter(|m| m.contains("Subject: October")).filter_map(|m| m.lines().find_map(|l| l.strip_prefix("X-RcptTo: ")).map(str::to_string)).collect();
    assert_eq!(to_second.len(), 2);
    assert!(!to_second.contains(&leaving_email));
    Ok(())
}

#[test]
fn a_server_that_requires_starttls_and_a_password_gets_the_issue_and_a_wrong_password_is_refused_without_losing_anyone() {
    let folder = tempfile::tempdir().expect("folder");
    let sink = SmtpSink::start_tls_auth(folder.path(), "office", "s3cret pass");
    let store = Mutex::new(Store::open_in_memory().expect("store"));
    let people = subscribers(&mut store.lock().expect("lock"), 3);
    let issue = queued_issue(&mut store.lock().expect("lock"), "November");
    let settings = SmtpSettings { security: rencontres_core::bulletin::sending::SmtpSecurity::StartTls, username: "office".into(), ..sink.settings() };
    let control = || SendControl { extra_root_pem: sink.ca_pem.clone(), ..Default::default() };

    // A wrong password: the send stops before anyone, saying why; nobody is lost.
    let report = send_issue(&store, &issue, &settings, Some("wrong"), None, &control(), |_| {}).expect("ran");
    assert_eq!(report.outcome, SendOutcome::Interrupted);
    assert!(report.error.as_deref().is_some_and(|e| e.contains("refused the user or password")), "{report:?}");
    assert_eq!(report.counts.pending, 3);

    // Without trusting the server's CA, TLS refuses the certificate.
    let report = send_issue(&store, &issue, &settings, Some("s3cret pass"), None, &SendControl::default(), |_| {}).expect("ran");
    assert_eq!(report.outcome, SendOutcome::Interrupted, "{report:?}");
    assert_eq!(report.counts.pending, 3);

    let report = send_issue(&store, &issue, &settings, Some("s3cret pass"), None, &control(), |_| {}).expect("sent");
    assert_eq!((report.outcome, report.counts.sent), (SendOutcome::Finished, 3), "{report:?}");
    assert_eq!(sink.recipients(), expected(&people));
}
