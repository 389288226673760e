//! E-bulletin issues: composing (a subject and a Markdown body), the message each recipient
//! gets (an HTML part rendered and sanitised through [`crate::markdown`], a plain-text part,
//! and an unsubscribe link in both), and the preview the user checks before sending.
//!
//! Issues live on the laptop that sends them (not synced): see [`super::sending`] for why.
//! An issue can be edited while it is a draft; once queued, its text is what was sent.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::markdown::{self, escape};
use crate::mutation::{new_id, now};
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IssueState {
    /// Being written; not queued.
    Draft,
    /// Recipients fixed; sending (or paused, or waiting to resume).
    Queued,
    /// Every recipient was handled (sent, failed, skipped or left uncertain).
    Sent,
}

impl IssueState {
    fn from_text(text: &str) -> IssueState {
        match text {
            "queued" => IssueState::Queued,
            "sent" => IssueState::Sent,
            _ => IssueState::Draft,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IssueInput {
    pub subject: String,
    /// Markdown.
    pub body: String,
}

/// Per-status counts of an issue's recipients.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeliveryCounts {
    pub total: u32,
    pub pending: u32,
    pub sent: u32,
    pub failed: u32,
    /// Handed to the mail server when the app or the network stopped, answer unknown: not
    /// sent again by itself (it may have arrived); the user decides.
    pub uncertain: u32,
    /// Unsubscribed after the issue was queued: not mailed.
    pub skipped: u32,
}

impl DeliveryCounts {
    pub fn done(&self) -> u32 {
        self.sent + self.failed + self.uncertain + self.skipped
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Issue {
    pub id: String,
    pub subject: String,
    pub body: String,
    pub state: IssueState,
    pub created_at: String,
    pub updated_at: String,
    pub queued_at: Option<String>,
    pub finished_at: Option<String>,
    pub counts: DeliveryCounts,
}

/// What a message looks like, for the preview and for sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RenderedMessage {
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// Where the unsubscribe link of a message leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsubscribeLink {
    /// The central server's page for this recipient's token.
    Server(String),
    /// No server configured: a reply asking to be removed.
    Mailto(String),
}

impl UnsubscribeLink {
    /// The link for `token`: the server's page when a server is known, else a mailto.
    pub fn for_token(server_url: Option<&str>, token: &str, reply_address: &str) -> UnsubscribeLink {
        match server_url.map(|u| u.trim().trim_end_matches('/')).filter(|u| !u.is_empty()) {
            Some(base) => UnsubscribeLink::Server(format!("{base}/api/v1/unsubscribe/{token}")),
            None => UnsubscribeLink::Mailto(format!("mailto:{reply_address}?subject=Unsubscribe%20{token}")),
        }
    }

    pub fn url(&self) -> &str {
        match self {
            UnsubscribeLink::Server(url) | UnsubscribeLink::Mailto(url) => url,
        }
    }
}

/// The association's name as it signs the bulletin.
pub const DEFAULT_SENDER_NAME: &str = "Rencontres";

/// The message `recipient_name` receives: the body rendered safely, a greeting, and a footer
/// with the unsubscribe link (in both parts).
pub fn render(subject: &str, body: &str, recipient_name: &str, sender_name: &str, unsubscribe: &UnsubscribeLink) -> RenderedMessage {
    let body_html = markdown::to_safe_html(body);
    let url = escape(unsubscribe.url());
    let greeting = if recipient_name.trim().is_empty() { "Hello,".to_string() } else { format!("Dear {},", recipient_name.trim()) };
    let html = format!(
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\n\
         <body style=\"margin:0;padding:0;background:#f3f4f6\">\n\
         <div style=\"max-width:640px;margin:0 auto;padding:24px;background:#ffffff;font-family:Georgia,serif;color:#1d2330;line-height:1.5\">\n\
         <p style=\"color:#555;font-size:14px\">{sender}</p>\n<h1 style=\"font-size:24px\">{title}</h1>\n<p>{greeting}</p>\n{body_html}\n\
         <hr style=\"border:none;border-top:1px solid #ddd;margin:32px 0 12px\">\n\
         <p style=\"font-size:12px;color:#666\">You receive this e-bulletin because you asked {sender} for it. \
         <a href=\"{url}\" style=\"color:#666\">Unsubscribe</a> / <a href=\"{url}\" style=\"color:#666\">Se désabonner</a></p>\n\
         </div>\n</body>\n</html>\n",
        title = escape(subject),
        sender = escape(sender_name),
        greeting = escape(&greeting),
    );
    let text = format!(
        "{subject}\n{underline}\n\n{greeting}\n\n{body}\n-- \nYou receive this e-bulletin because you asked {sender_name} for it.\n\
         To unsubscribe / Pour vous désabonner : {url}\n",
        underline = "=".repeat(subject.chars().count().min(72)),
        body = markdown::to_plain_text(body),
        url = unsubscribe.url(),
    );
    RenderedMessage { subject: subject.to_string(), html, text }
}

fn clean(input: &IssueInput) -> Result<IssueInput> {
    let subject = validate::required("subject", "Subject", &input.subject, 200)?;
    if subject.contains(['\r', '\n']) {
        return Err(CoreError::invalid("subject", "The subject must fit on one line"));
    }
    let body = input.body.trim_end().to_string();
    if body.trim().is_empty() {
        return Err(CoreError::invalid("body", "Write the bulletin's text"));
    }
    if body.chars().count() > 200_000 {
        return Err(CoreError::invalid("body", "The text is longer than 200,000 characters"));
    }
    Ok(IssueInput { subject, body })
}

pub(crate) fn counts(conn: &Connection, issue_id: &str) -> Result<DeliveryCounts> {
    let mut counts = DeliveryCounts::default();
    let mut statement = conn.prepare_cached("SELECT status, COUNT(*) FROM bulletin_deliveries WHERE issue_id = ?1 GROUP BY status")?;
    let rows = statement.query_map([issue_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    for row in rows {
        let (status, n) = row?;
        counts.total += n;
        match status.as_str() {
            // A row left "sending" is counted as uncertain until the next send resolves it.
            "pending" => counts.pending += n,
            "sent" => counts.sent += n,
            "failed" => counts.failed += n,
            "skipped" => counts.skipped += n,
            _ => counts.uncertain += n,
        }
    }
    Ok(counts)
}

pub(crate) fn read_issue(conn: &Connection, id: &str) -> Result<Issue> {
    let row = conn
        .prepare_cached("SELECT subject, body, state, created_at, updated_at, queued_at, finished_at FROM bulletin_issues WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })
        .optional()?;
    let Some((subject, body, state, created_at, updated_at, queued_at, finished_at)) = row else {
        return Err(CoreError::NotFound { what: "e-bulletin issue", id: id.to_string() });
    };
    Ok(Issue {
        id: id.to_string(),
        subject,
        body,
        state: IssueState::from_text(&state),
        created_at,
        updated_at,
        queued_at,
        finished_at,
        counts: counts(conn, id)?,
    })
}

impl Store {
    pub fn create_issue(&mut self, input: &IssueInput) -> Result<Issue> {
        let input = clean(input)?;
        let id = new_id();
        let at = now();
        self.conn.execute(
            "INSERT INTO bulletin_issues (id, subject, body, state, created_at, updated_at) VALUES (?1, ?2, ?3, 'draft', ?4, ?4)",
            params![id, input.subject, input.body, at],
        )?;
        read_issue(&self.conn, &id)
    }

    /// Edits a draft; a queued or sent issue keeps the text that went out.
    pub fn update_issue(&mut self, id: &str, input: &IssueInput) -> Result<Issue> {
        let input = clean(input)?;
        let issue = read_issue(&self.conn, id)?;
        if issue.state != IssueState::Draft {
            return Err(CoreError::invalid("subject", "This issue is queued or sent: its text can no longer change"));
        }
        self.conn.execute(
            "UPDATE bulletin_issues SET subject = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, input.subject, input.body, now()],
        )?;
        read_issue(&self.conn, id)
    }

    /// Deletes a draft, or a sent issue's record; a queued issue must finish first.
    pub fn delete_issue(&mut self, id: &str) -> Result<()> {
        let issue = read_issue(&self.conn, id)?;
        if issue.state == IssueState::Queued {
            return Err(CoreError::invalid("state", "This issue is being sent: let it finish first"));
        }
        self.conn.execute("DELETE FROM bulletin_issues WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn issue(&self, id: &str) -> Result<Issue> {
        read_issue(&self.conn, id)
    }

    /// Every issue, newest first.
    pub fn issues(&self) -> Result<Vec<Issue>> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM bulletin_issues ORDER BY created_at DESC, id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read_issue(&self.conn, id)).collect()
    }

    /// The issue as a recipient would see it (a sample name and the unsubscribe link's shape).
    pub fn preview_issue(&self, id: &str, sender_name: &str, server_url: Option<&str>, reply_address: &str) -> Result<RenderedMessage> {
        let issue = read_issue(&self.conn, id)?;
        let link = UnsubscribeLink::for_token(server_url, "preview", reply_address);
        Ok(render(&issue.subject, &issue.body, "Ana Silva", sender_name, &link))
    }
}
