//! Sending an e-bulletin issue through the association's SMTP server: the SMTP settings, the
//! queue (one delivery row per address, fixed when the issue is queued), and the send loop,
//! throttled, that can be paused, and resumed after a crash or a network loss.
//!
//! ## What is guaranteed: nobody is mailed twice by this laptop
//! Each delivery row moves `pending → sending → sent` (or `failed`), each step committed on
//! its own. The SMTP transaction is opened first (MAIL, RCPT, DATA: until the message itself
//! is sent, the server delivers nothing if we vanish), then the row is committed as `sending`,
//! then the message is sent and the server's answer committed as `sent`. So:
//! - a crash or network loss before `sending` was committed leaves the row `pending`: it is
//!   sent on resume, and it cannot have been delivered (the server got no message);
//! - a failure after the message was handed over, before the server's "250 OK" was committed,
//!   leaves the row `sending` (crash) or marks it `uncertain` (network lost, no answer). Such a
//!   row is never sent again by itself: the message may have arrived. The user sees the
//!   uncertain recipients and may send to them again, knowingly. At most one recipient per
//!   interruption can be uncertain, since messages go one at a time.
//! - an explicit refusal by the server (a 4xx/5xx answer) means the message was not accepted:
//!   4xx puts the row back to `pending` and pauses the send (the server asks to try later);
//!   5xx marks it `failed` with the server's words.
//!
//! This is at-most-once per recipient and per laptop, with the ambiguous window made visible
//! rather than papered over; exactly-once would need the receiving server to deduplicate (the
//! Message-ID is stable per issue and recipient, which some do). Two laptops sending the same
//! issue is out of scope: issues are local to the laptop that composes them.
//!
//! The store is locked only to read or write a delivery row, never during SMTP, so the app
//! stays usable while a send runs.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::issues::{counts, read_issue, render, DeliveryCounts, IssueState, UnsubscribeLink};
use super::RecipientQuery;
use crate::mutation::now;
use crate::store::Store;
use crate::{validate, CoreError, Result};

const SETTINGS_KEY: &str = "bulletin.smtp";
/// How long one SMTP exchange may take before the network counts as lost.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587), required.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this computer (tests, a local relay).
    None,
}

/// The association's outgoing mail server. The password is not here: it is kept in a file
/// beside the store, like the sync token (see the app's bulletin commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Empty: the server takes mail without authentication.
    pub username: String,
    pub from_address: String,
    pub from_name: String,
    /// Throttle: at most this many messages a minute (mail providers limit bursts).
    pub per_minute: u32,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: SmtpSecurity::StartTls,
            username: String::new(),
            from_address: String::new(),
            from_name: String::new(),
            per_minute: 60,
        }
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Checks the settings; each problem names its field.
pub fn clean_settings(input: &SmtpSettings) -> Result<SmtpSettings> {
    let host = validate::required("host", "Server", &input.host, 253)?;
    if host.contains(|c: char| c.is_whitespace() || c == '/' || c == ':') {
        return Err(CoreError::invalid("host", "Give the server's name only, e.g. smtp.example.org"));
    }
    if input.port == 0 {
        return Err(CoreError::invalid("port", "Port must be between 1 and 65535"));
    }
    if input.security == SmtpSecurity::None && !is_loopback(&host) {
        return Err(CoreError::invalid("security", "Use STARTTLS or TLS: without encryption, only a server on this computer is allowed"));
    }
    let from_address = validate::email("from_address", &input.from_address)?;
    if !from_address.is_ascii() {
        return Err(CoreError::invalid("from_address", "The sender address must be plain ASCII"));
    }
    if !(1..=3600).contains(&input.per_minute) {
        return Err(CoreError::invalid("per_minute", "Messages per minute must be between 1 and 3600"));
    }
    Ok(SmtpSettings {
        host,
        port: input.port,
        security: input.security,
        username: validate::optional("username", "User", &input.username, 200)?,
        from_address,
        from_name: validate::optional("from_name", "Sender name", &input.from_name, 100)?,
        per_minute: input.per_minute,
    })
}

/// The state of a send, as the progress bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendProgress {
    pub issue_id: String,
    pub counts: DeliveryCounts,
    /// The address being sent to now, if any.
    pub current: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SendOutcome {
    /// Every recipient handled.
    Finished,
    /// The user paused it; resume to go on.
    Paused,
    /// The server or the network failed; resume when it is back.
    Interrupted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendReport {
    pub outcome: SendOutcome,
    pub counts: DeliveryCounts,
    /// Why it was interrupted.
    pub error: Option<String>,
}

/// One recipient's delivery, for the per-recipient status list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Delivery {
    pub email: String,
    pub person_id: String,
    pub name: String,
    /// pending | sending | sent | failed | uncertain | skipped
    pub status: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

/// Lets the app pause a running send. `crash_before_message` is for the tests: the loop stops
/// dead right after committing a row as `sending`, exactly as a crash there would leave it.
#[derive(Debug, Default)]
pub struct SendControl {
    pub pause: AtomicBool,
    /// A certificate authority to trust besides the public ones (PEM): a mail server with a
    /// certificate from a private CA, or the tests' own.
    pub extra_root_pem: Option<Vec<u8>>,
    #[doc(hidden)]
    pub crash_before_message: Option<u32>,
}

/// What went wrong with an SMTP exchange, by what it means for the message.
enum Failure {
    /// The server refused for good (5xx): this recipient failed.
    Refused(String),
    /// Nothing delivered and the send cannot go on now (network, 4xx, authentication).
    Stop(String),
}

fn describe(error: &lettre::transport::smtp::Error) -> String {
    let text = error.to_string();
    if text.is_empty() { "the mail server failed".to_string() } else { text }
}

/// The message for one delivery, as bytes ready for DATA.
fn message_bytes(
    settings: &SmtpSettings,
    subject: &str,
    body: &str,
    delivery: &Delivery,
    token: &str,
    server_url: Option<&str>,
    issue_id: &str,
) -> std::result::Result<(Vec<u8>, Address, Address), String> {
    let link = UnsubscribeLink::for_token(server_url, token, &settings.from_address);
    let sender = if settings.from_name.is_empty() { super::issues::DEFAULT_SENDER_NAME } else { settings.from_name.as_str() };
    let rendered = render(subject, body, &delivery.name, sender, &link);
    let from_address: Address = settings.from_address.parse().map_err(|e| format!("sender address: {e}"))?;
    let to_address: Address = delivery.email.parse().map_err(|e| format!("\"{}\" cannot be mailed: {e}", delivery.email))?;
    let from = Mailbox::new(Some(sender.to_string()), from_address.clone());
    let to = Mailbox::new(Some(delivery.name.clone()).filter(|n| !n.is_empty()), to_address.clone());
    // Stable per issue and recipient, so a server or client that deduplicates can.
    let message_id = format!("<{issue_id}.{token}@{}>", from_address.domain());
    let mut message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .message_id(Some(message_id))
        .date_now()
        .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
        .map_err(|e| format!("the message cannot be built: {e}"))?;
    let unsubscribe = match &link {
        UnsubscribeLink::Server(url) => format!("<{url}>, <mailto:{}?subject=Unsubscribe>", settings.from_address),
        UnsubscribeLink::Mailto(url) => format!("<{url}>"),
    };
    message.headers_mut().insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), unsubscribe));
    if matches!(link, UnsubscribeLink::Server(_)) {
        // RFC 8058: mail programs may unsubscribe with one POST to the link.
        message
            .headers_mut()
            .insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".into()));
    }
    Ok((message.formatted(), from_address, to_address))
}

fn connect(settings: &SmtpSettings, password: Option<&str>, extra_root_pem: Option<&[u8]>) -> std::result::Result<SmtpConnection, Failure> {
    let hello = ClientId::default();
    let address = (settings.host.as_str(), settings.port);
    let tls = || {
        let mut builder = TlsParameters::builder(settings.host.clone());
        if let Some(pem) = extra_root_pem {
            let certificate = Certificate::from_pem(pem).map_err(|e| Failure::Stop(format!("the extra certificate is not valid PEM: {e}")))?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build().map_err(|e| Failure::Stop(format!("TLS set-up failed: {e}")))
    };
    let mut conn = match settings.security {
        SmtpSecurity::Tls => {
            let parameters = tls()?;
            SmtpConnection::connect(address, Some(SMTP_TIMEOUT), &hello, Some(&parameters), None)
        }
        SmtpSecurity::StartTls | SmtpSecurity::None => SmtpConnection::connect(address, Some(SMTP_TIMEOUT), &hello, None, None),
    }
    .map_err(|e| Failure::Stop(format!("cannot reach the mail server {}:{}: {}", settings.host, settings.port, describe(&e))))?;
    if settings.security == SmtpSecurity::StartTls {
        if !conn.can_starttls() {
            conn.abort();
            return Err(Failure::Stop(format!("{} does not offer STARTTLS: choose TLS or another server", settings.host)));
        }
        let parameters = tls()?;
        conn.starttls(&parameters, &hello).map_err(|e| Failure::Stop(format!("STARTTLS failed: {}", describe(&e))))?;
    }
    if !settings.username.is_empty() {
        let credentials = Credentials::new(settings.username.clone(), password.unwrap_or_default().to_string());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .map_err(|e| Failure::Stop(format!("the mail server refused the user or password: {}", describe(&e))))?;
    }
    Ok(conn)
}

/// Opens the SMTP transaction for one recipient (MAIL, RCPT, DATA): nothing is delivered yet.
fn open_transaction(conn: &mut SmtpConnection, from: &Address, to: &Address, message: &[u8]) -> std::result::Result<(), Failure> {
    use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};
    let mut options = Vec::new();
    if !message.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            return Err(Failure::Stop("the mail server does not accept 8-bit messages".into()));
        }
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let step = |conn: &mut SmtpConnection, result: std::result::Result<_, lettre::transport::smtp::Error>| -> std::result::Result<(), Failure> {
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => {
                // Abandon this transaction so the next recipient starts clean.
                let _ = conn.command(Rset);
                Err(Failure::Refused(describe(&e)))
            }
            Err(e) => Err(Failure::Stop(describe(&e))),
        }
    };
    let mail = conn.command(Mail::new(Some(from.clone()), options));
    step(conn, mail)?;
    let rcpt = conn.command(Rcpt::new(to.clone(), vec![]));
    step(conn, rcpt)?;
    let data = conn.command(Data);
    step(conn, data)
}

fn lock(store: &Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>> {
    store.lock().map_err(|_| CoreError::Corrupt("the store is unusable after an earlier failure; restart the app".into()))
}

impl Store {
    pub fn smtp_settings(&self) -> Result<SmtpSettings> {
        Ok(match self.setting(SETTINGS_KEY)? {
            Some(text) => serde_json::from_str(&text)?,
            None => SmtpSettings::default(),
        })
    }

    pub fn set_smtp_settings(&self, input: &SmtpSettings) -> Result<SmtpSettings> {
        let clean = clean_settings(input)?;
        self.set_setting(SETTINGS_KEY, &serde_json::to_string(&clean)?)?;
        Ok(clean)
    }

    /// Fixes the recipients of a draft (everyone subscribed with an e-mail, one message per
    /// address) and marks it queued. Queuing again adds nobody twice.
    pub fn queue_issue(&mut self, id: &str) -> Result<DeliveryCounts> {
        let issue = read_issue(&self.conn, id)?;
        if issue.state == IssueState::Sent {
            return Err(CoreError::invalid("state", "This issue was sent already"));
        }
        let recipients = self.bulletin_recipients(&RecipientQuery::default())?;
        let tokens: Vec<(String, String)> = {
            let mut statement = self.conn.prepare_cached("SELECT id, COALESCE(bulletin_token, '') FROM people WHERE bulletin_consent_at IS NOT NULL")?;
            let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let token_of = |person: &str| tokens.iter().find(|(p, _)| p == person).map(|(_, t)| t.clone()).unwrap_or_default();
        let tx = self.conn.transaction()?;
        let mut position: i64 = tx.query_row("SELECT COALESCE(MAX(position), 0) FROM bulletin_deliveries WHERE issue_id = ?1", [id], |r| r.get(0))?;
        for r in &recipients.rows {
            let Some(email) = &r.email else { continue };
            let token = token_of(&r.person_id);
            if token.is_empty() {
                continue;
            }
            position += 1;
            let name = format!("{} {}", r.first_name, r.last_name).trim().to_string();
            tx.prepare_cached(
                "INSERT OR IGNORE INTO bulletin_deliveries (issue_id, email, person_id, name, token, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, email.to_lowercase(), r.person_id, name, token, position])?;
        }
        let total: u32 = tx.query_row("SELECT COUNT(*) FROM bulletin_deliveries WHERE issue_id = ?1", [id], |r| r.get(0))?;
        if total == 0 {
            return Err(CoreError::invalid("recipients", "Nobody is subscribed with an e-mail address: record consent on the contacts first"));
        }
        tx.execute(
            "UPDATE bulletin_issues SET state = 'queued', queued_at = COALESCE(queued_at, ?2), updated_at = ?2 WHERE id = ?1",
            params![id, now()],
        )?;
        tx.commit()?;
        counts(&self.conn, id)
    }

    /// The recipients of an issue with their status, in sending order.
    pub fn deliveries(&self, issue_id: &str) -> Result<Vec<Delivery>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT email, person_id, name, status, attempts, last_error, sent_at FROM bulletin_deliveries WHERE issue_id = ?1 ORDER BY position",
        )?;
        let rows = statement.query_map([issue_id], |r| {
            Ok(Delivery {
                email: r.get(0)?,
                person_id: r.get(1)?,
                name: r.get(2)?,
                status: r.get(3)?,
                attempts: r.get(4)?,
                last_error: r.get(5)?,
                sent_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts the uncertain recipients of an issue back in the queue: the user accepts that
    /// they may get the message twice.
    pub fn retry_uncertain(&mut self, issue_id: &str) -> Result<DeliveryCounts> {
        self.conn.execute(
            "UPDATE bulletin_deliveries SET status = 'pending' WHERE issue_id = ?1 AND status IN ('uncertain', 'sending')",
            [issue_id],
        )?;
        self.conn.execute("UPDATE bulletin_issues SET state = 'queued', finished_at = NULL WHERE id = ?1 AND state = 'sent'", [issue_id])?;
        counts(&self.conn, issue_id)
    }

    /// Rows a crash left `sending` become `uncertain`: the message may have gone out.
    fn settle_interrupted(&self, issue_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE bulletin_deliveries SET status = 'uncertain', last_error = 'the app stopped while handing this message to the mail server'
             WHERE issue_id = ?1 AND status = 'sending'",
            [issue_id],
        )?;
        Ok(())
    }

    /// The next pending delivery; recipients who unsubscribed since the issue was queued are
    /// marked skipped on the way.
    fn next_delivery(&self, issue_id: &str) -> Result<Option<(Delivery, String)>> {
        loop {
            let row = self
                .conn
                .prepare_cached(
                    "SELECT email, person_id, name, status, attempts, last_error, sent_at, token FROM bulletin_deliveries
                     WHERE issue_id = ?1 AND status = 'pending' ORDER BY position LIMIT 1",
                )?
                .query_row([issue_id], |r| {
                    Ok((
                        Delivery {
                            email: r.get(0)?,
                            person_id: r.get(1)?,
                            name: r.get(2)?,
                            status: r.get(3)?,
                            attempts: r.get(4)?,
                            last_error: r.get(5)?,
                            sent_at: r.get(6)?,
                        },
                        r.get::<_, String>(7)?,
                    ))
                })
                .optional()?;
            let Some((delivery, token)) = row else { return Ok(None) };
            let still: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND deleted_at IS NULL
                   AND bulletin_consent_at IS NOT NULL AND bulletin_unsubscribed_at IS NULL)",
                [&delivery.person_id],
                |r| r.get(0),
            )?;
            if still {
                return Ok(Some((delivery, token)));
            }
            self.mark(issue_id, &delivery.email, "skipped", Some("unsubscribed after the issue was queued"))?;
        }
    }

    fn mark(&self, issue_id: &str, email: &str, status: &str, error: Option<&str>) -> Result<()> {
        let sent_at = (status == "sent").then(now);
        let attempt = i64::from(status == "sending");
        self.conn
            .prepare_cached(
                "UPDATE bulletin_deliveries SET status = ?3, last_error = ?4, sent_at = COALESCE(?5, sent_at), attempts = attempts + ?6
                 WHERE issue_id = ?1 AND email = ?2",
            )?
            .execute(params![issue_id, email, status, error, sent_at, attempt])?;
        Ok(())
    }

    fn finish_if_done(&self, issue_id: &str) -> Result<bool> {
        let left: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM bulletin_deliveries WHERE issue_id = ?1 AND status IN ('pending', 'sending'))",
            [issue_id],
            |r| r.get(0),
        )?;
        if !left {
            self.conn.execute("UPDATE bulletin_issues SET state = 'sent', finished_at = COALESCE(finished_at, ?2) WHERE id = ?1", params![issue_id, now()])?;
        }
        Ok(!left)
    }
}

/// Sends (or resumes sending) a queued issue. `server_url` is the central server's address
/// when one is configured: unsubscribe links lead there. Returns when every recipient is
/// handled, when paused through `control`, or when the server or network fails (then the
/// recipients not reached stay pending, and calling this again resumes).
pub fn send_issue(
    store: &Mutex<Store>,
    issue_id: &str,
    settings: &SmtpSettings,
    password: Option<&str>,
    server_url: Option<&str>,
    control: &SendControl,
    mut progress: impl FnMut(&SendProgress),
) -> Result<SendReport> {
    let settings = clean_settings(settings)?;
    let issue = {
        let guard = lock(store)?;
        // Each delivery step must survive a power cut too, not only an app crash.
        guard.conn.pragma_update(None, "synchronous", "FULL")?;
        guard.settle_interrupted(issue_id)?;
        read_issue(&guard.conn, issue_id)?
    };
    if issue.state == IssueState::Draft {
        return Err(CoreError::invalid("state", "Queue the issue before sending it"));
    }
    let result = run(store, &issue.id, &issue.subject, &issue.body, &settings, password, server_url, control, &mut progress);
    if let Ok(guard) = store.lock() {
        let _ = guard.conn.pragma_update(None, "synchronous", "NORMAL");
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn run(
    store: &Mutex<Store>,
    issue_id: &str,
    subject: &str,
    body: &str,
    settings: &SmtpSettings,
    password: Option<&str>,
    server_url: Option<&str>,
    control: &SendControl,
    progress: &mut impl FnMut(&SendProgress),
) -> Result<SendReport> {
    let interval = Duration::from_secs_f64(60.0 / f64::from(settings.per_minute.max(1)));
    let mut conn: Option<SmtpConnection> = None;
    let mut handed_over = 0u32;
    let report = |outcome: SendOutcome, error: Option<String>| -> Result<SendReport> {
        let counts = counts(&lock(store)?.conn, issue_id)?;
        Ok(SendReport { outcome, counts, error })
    };
    let stop = |conn: &mut Option<SmtpConnection>| {
        if let Some(mut c) = conn.take() {
            c.abort();
        }
    };
    let mut last_sent: Option<Instant> = None;
    loop {
        if control.pause.load(Ordering::SeqCst) {
            stop(&mut conn);
            return report(SendOutcome::Paused, None);
        }
        let next = lock(store)?.next_delivery(issue_id)?;
        let Some((delivery, token)) = next else {
            if let Some(mut c) = conn.take() {
                let _ = c.quit();
            }
            lock(store)?.finish_if_done(issue_id)?;
            return report(SendOutcome::Finished, None);
        };
        progress(&SendProgress { issue_id: issue_id.to_string(), counts: counts(&lock(store)?.conn, issue_id)?, current: Some(delivery.email.clone()) });
        let (bytes, from, to) = match message_bytes(settings, subject, body, &delivery, &token, server_url, issue_id) {
            Ok(built) => built,
            Err(why) => {
                lock(store)?.mark(issue_id, &delivery.email, "failed", Some(&why))?;
                continue;
            }
        };
        // Throttle: wait out the interval since the last message, waking to notice a pause.
        if let Some(at) = last_sent {
            while at.elapsed() < interval {
                if control.pause.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep((interval - at.elapsed()).min(Duration::from_millis(100)));
            }
            if control.pause.load(Ordering::SeqCst) {
                continue;
            }
        }
        if conn.is_none() {
            match connect(settings, password, control.extra_root_pem.as_deref()) {
                Ok(c) => conn = Some(c),
                Err(Failure::Stop(why) | Failure::Refused(why)) => return report(SendOutcome::Interrupted, Some(why)),
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        match open_transaction(c, &from, &to, &bytes) {
            Ok(()) => {}
            Err(Failure::Refused(why)) => {
                lock(store)?.mark(issue_id, &delivery.email, "failed", Some(&why))?;
                continue;
            }
            Err(Failure::Stop(why)) => {
                stop(&mut conn);
                return report(SendOutcome::Interrupted, Some(why));
            }
        }
        // The boundary: from here the server may deliver, so the row says so first.
        lock(store)?.mark(issue_id, &delivery.email, "sending", None)?;
        handed_over += 1;
        if control.crash_before_message == Some(handed_over) {
            // Tests: vanish like a crash would, leaving the row `sending` and the SMTP
            // transaction open (the server drops it when the connection goes).
            drop(conn);
            return report(SendOutcome::Interrupted, Some("simulated crash".into()));
        }
        last_sent = Some(Instant::now());
        match c.message(&bytes) {
            Ok(_) => lock(store)?.mark(issue_id, &delivery.email, "sent", None)?,
            Err(e) if e.is_permanent() => {
                lock(store)?.mark(issue_id, &delivery.email, "failed", Some(&describe(&e)))?;
                // Some servers keep the refused transaction open: start the next one clean.
                let _ = c.command(Rset);
            }
            Err(e) if e.is_transient() => {
                // The server answered "not now": nothing was accepted, try again on resume.
                lock(store)?.mark(issue_id, &delivery.email, "pending", Some(&describe(&e)))?;
                stop(&mut conn);
                return report(SendOutcome::Interrupted, Some(describe(&e)));
            }
            Err(e) => {
                let why = format!("no answer from the mail server after the message was handed over ({}): it may have arrived", describe(&e));
                lock(store)?.mark(issue_id, &delivery.email, "uncertain", Some(&why))?;
                stop(&mut conn);
                return report(SendOutcome::Interrupted, Some(describe(&e)));
            }
        }
    }
}
