//! The e-bulletin in the real app: consent recorded on two contacts, the mail server set in
//! Settings (a real aiosmtpd on loopback), the recipients exported as CSV, an issue composed,
//! previewed and sent, with the progress reaching the end and each contact receiving one
//! message. The save dialog's answer comes from `RENCONTRES_TEST_SAVE_FILE`.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::App;

/// aiosmtpd (Debian's python3-aiosmtpd) writing what it accepts to a maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpSink {
    fn start(folder: &std::path::Path) -> SmtpSink {
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|p| Command::new(p).args(["-c", "import aiosmtpd"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success()))
            .expect("a Python with aiosmtpd: run scripts/setup.sh test");
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("address").port();
        let maildir = folder.join("maildir");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink { child, port, maildir }
    }

    fn recipients(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.maildir.join("new"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("X-RcptTo: ")).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn subscribed_contact(app: &App, first: &str, last: &str, email: &str) {
    app.click("nav-contacts").await;
    app.click("new-contact").await;
    app.fill("field-first_name", first).await;
    app.fill("field-last_name", last).await;
    app.fill("field-emails", email).await;
    app.click("save").await;
    app.click("bulletin-subscribe").await;
    // Saving without saying how consent was given is refused next to the field.
    app.click("consent-save").await;
    app.find("error-how").await;
    app.fill("consent-how", "Sign-up form at the Porto conference").await;
    app.click("consent-save").await;
    app.wait_texts("bulletin-state", "the contact subscribed", |s| s.len() == 1 && s[0].contains("Sign-up form")).await;
}

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn two_subscribed_contacts_each_receive_one_message_of_an_issue_sent_from_the_app() {
    let files = tempfile::tempdir().expect("temp dir");
    let sink = SmtpSink::start(files.path());
    let csv = files.path().join("recipients.csv");
    let app = App::start_with_env(&[("RENCONTRES_TEST_SAVE_FILE", csv.to_str().expect("utf-8 path"))]).await;
    app.click("skip-demo").await;

    subscribed_contact(&app, "Ana", "Silva", "ana.silva@porto.example").await;
    subscribed_contact(&app, "Jürgen", "Weiß", "juergen@graz.example").await;

    app.click("nav-settings").await;
    app.fill("field-host", "127.0.0.1").await;
    app.choose("field-security", "none").await;
    app.fill("field-port", &sink.port.to_string()).await;
    app.fill("field-from_address", "office@rencontres.example").await;
    app.fill("field-from_name", "Les Rencontres").await;
    app.fill("field-per_minute", "600").await;
    app.click("save-mail-settings").await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    app.click("nav-bulletin").await;
    app.click("tab-recipients").await;
    app.wait_texts("recipient-row", "both recipients listed", |rows| rows.len() == 2).await;
    app.click("export-recipients").await;
    let started = Instant::now();
    while !csv.exists() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(text.contains("ana.silva@porto.example") && text.contains("juergen@graz.example") && text.contains("Weiß"), "{text}");

    app.click("tab-issues").await;
    app.click("new-issue").await;
    app.fill("field-subject", "E-bulletin n°1").await;
    app.fill("field-body", "The **general assembly** meets in Porto.").await;
    app.click("preview-issue").await;
    let preview = app.text_of("preview-text").await;
    assert!(preview.contains("The general assembly meets in Porto.") && preview.contains("unsubscribe"), "{preview}");
    app.click("send-issue").await;
    app.click("confirm-send").await;
    let counts = app.wait_texts("send-counts", "the send finished", |c| c.len() == 1 && c[0].contains("2") && c[0].contains("2 sent")).await;
    assert!(counts[0].starts_with("2 of 2"), "{counts:?}");
    let statuses = app.wait_texts("delivery-row", "both delivered", |rows| rows.len() == 2 && rows.iter().all(|r| r.contains("Sent"))).await;
    assert_eq!(statuses.len(), 2);
    assert_eq!(sink.recipients(), vec!["ana.silva@porto.example".to_string(), "juergen@graz.example".to_string()]);
    app.quit().await;
}
