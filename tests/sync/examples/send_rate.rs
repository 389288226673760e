//! How fast an e-bulletin goes out to a real SMTP server on loopback (aiosmtpd) at the
//! throttle's ceiling (3,600 a minute), and what each delivery row's two commits cost.
//! Prints a table; no assertion. Run:
//! `cargo run --release -p rencontres-sync-tests --example send_rate`.

use std::sync::Mutex;
use std::time::Instant;

use rencontres_core::bulletin::issues::IssueInput;
use rencontres_core::bulletin::sending::{send_issue, SendControl};
use rencontres_core::bulletin::ConsentInput;
use rencontres_core::model::PersonInput;
use rencontres_core::Store;
use rencontres_sync_tests::smtp::SmtpSink;
use rencontres_sync_tests::{city, contact};

fn main() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let sink = SmtpSink::start(folder.path());
    let mut store = Store::open(&folder.path().join("rencontres.sqlite3"))?;
    let porto = store.create_organisation(&city("Porto"))?;
    let n = 300;
    for i in 0..n {
        let id = store.create_person(&PersonInput { emails: vec![format!("p{i}@example.org")], ..contact("Ana", &format!("Silva {i}"), &porto.id) })?.id;
        store.record_bulletin_consent(&id, &ConsentInput { given_on: String::new(), how: "form".into() })?;
    }
    let issue = store.create_issue(&IssueInput { subject: "Rate".into(), body: "## News\n\nThe **assembly** meets in Porto.".into() })?;
    store.queue_issue(&issue.id)?;
    let store = Mutex::new(store);
    let started = Instant::now();
    let report = send_issue(&store, &issue.id, &sink.settings(), None, Some("https://sync.example.org"), &SendControl::default(), |_| {})?;
    let seconds = started.elapsed().as_secs_f64();
    std::thread::sleep(std::time::Duration::from_millis(500));
    println!("| measure | figure |\n|---|---|");
    println!("| messages sent to aiosmtpd (throttle 3,600/min) | {} of {n} in {seconds:.1} s = {:.1}/s |", report.counts.sent, f64::from(report.counts.sent) / seconds);
    println!("| messages the server stored | {} |", sink.recipients().len());
    Ok(())
}
