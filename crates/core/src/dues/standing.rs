//! Membership status rules from dues: an active member with an invoice still unpaid when the
//! grace period after its due date has run out becomes lapsed (computed for a date, then
//! applied as organisation updates), and "good standing" (no overdue invoice left unpaid).

use chrono::Days;
use rusqlite::Connection;

use super::payments::overdue_of;
use super::text::format_euros;
use super::{date, StatusChange};
use crate::model::MembershipStatus;
use crate::mutation::{self, Action, Write};
use crate::record::{self, ORGANISATIONS};
use crate::store::Store;
use crate::{CoreError, Result};

/// The lapses due on `on` with `grace_days` of grace: a member lapses on the first day after
/// due date + grace, so on the last day of grace it is still active.
fn lapses(conn: &Connection, on: &str, grace_days: u32) -> Result<Vec<StatusChange>> {
    let on = date("on", "Date", on)?;
    // Unpaid after grace ⇔ due_on + grace < on ⇔ due_on < on − grace.
    let cutoff = on
        .checked_sub_days(Days::new(u64::from(grace_days)))
        .ok_or_else(|| CoreError::invalid("on", "The date minus the grace period falls outside the calendar"))?
        .format("%Y-%m-%d")
        .to_string();
    let members: Vec<(String, String)> = conn
        .prepare_cached("SELECT id, name FROM organisations WHERE deleted_at IS NULL AND status = 'active' ORDER BY sort_key, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changes = Vec::new();
    for (id, name) in members {
        let Some(oldest) = overdue_of(conn, Some(&id), &cutoff)?.into_iter().min_by(|a, b| a.due_on.cmp(&b.due_on)) else { continue };
        let reason = format!(
            "invoice {} ({} due {}) unpaid after {grace_days} days of grace",
            oldest.shown_number(),
            format_euros(oldest.balance_cents),
            oldest.due_on
        );
        changes.push(StatusChange { organisation_id: id, organisation_name: name, from: MembershipStatus::Active, to: MembershipStatus::Lapsed, reason });
    }
    Ok(changes)
}

impl Store {
    /// The status changes the dues rules call for on date `on` (with the configured grace
    /// period). Writes nothing: the secretariat reviews them, then [`Store::apply_status_rules`].
    pub fn status_changes_due(&self, on: &str) -> Result<Vec<StatusChange>> {
        lapses(&self.conn, on, self.dues_settings()?.grace_days)
    }

    /// Applies the status changes due on `on`, each as an update of the organisation (so it
    /// syncs, shows in the history and can be undone), all in one transaction.
    pub fn apply_status_rules(&mut self, on: &str) -> Result<Vec<StatusChange>> {
        let grace_days = self.dues_settings()?.grace_days;
        self.write(|tx, author| {
            let changes = lapses(tx, on, grace_days)?;
            for change in &changes {
                let mut fields = record::read_live(tx, &ORGANISATIONS, &change.organisation_id)?.fields;
                fields.insert("status".into(), serde_json::to_value(change.to)?);
                let write = Write { table: &ORGANISATIONS, action: Action::Update, id: &change.organisation_id, fields: Some(&fields), undoes: None };
                mutation::apply(tx, author, write)?;
            }
            Ok(changes)
        })
    }

    /// Whether a member is in good standing on `on`: no invoice past its due date left unpaid.
    pub fn good_standing(&self, organisation_id: &str, on: &str) -> Result<bool> {
        Ok(self.member_balance(organisation_id, on)?.good_standing)
    }
}
