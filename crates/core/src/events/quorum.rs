//! The General Assembly quorum, live during check-in: member authorities (full members,
//! active, in good standing) present — someone of theirs checked in — or represented — a
//! person checked in holds their proxy — out of all active full members.
//!
//! The rule taken here is an absolute majority (more than half of the active full members);
//! the statutes are not in the repository, so the threshold is one constant to change.
//! Good standing is judged on the day asked (the event's first day by default) from the
//! invoices this laptop holds, and a registration that carried a "dues unpaid" note does not
//! count its organisation: an organiser's laptop holds no invoices, so that note taken at
//! registration is what it knows.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::read_event;
use crate::store::Store;
use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Quorum {
    /// Active full members: the denominator.
    pub members: u32,
    /// Members in good standing with someone checked in.
    pub present: u32,
    /// Members in good standing not present but represented by a proxy checked in.
    pub represented: u32,
    /// present + represented.
    pub counted: u32,
    /// How many are needed: more than half of `members`.
    pub needed: u32,
    pub reached: bool,
}

/// More than half.
pub fn needed_for(members: u32) -> u32 {
    members / 2 + 1
}

impl Store {
    /// The quorum of a General Assembly on `on` (YYYY-MM-DD; the event's first day when empty).
    pub fn quorum(&self, event_id: &str, on: &str) -> Result<Quorum> {
        let event = read_event(&self.conn, event_id)?;
        let on = if on.trim().is_empty() {
            event.fields.starts_on.clone()
        } else {
            crate::validate::date("on", "Date", Some(on))?.unwrap_or_else(|| event.fields.starts_on.clone())
        };
        let members: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM organisations WHERE deleted_at IS NULL AND status = 'active' AND category = 'full'
                   AND (joined_on IS NULL OR joined_on <= ?1) AND (left_on IS NULL OR left_on >= ?1)",
            )?
            .query_map([&on], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut in_standing = BTreeSet::new();
        for id in &members {
            if self.good_standing(id, &on)? {
                in_standing.insert(id.clone());
            }
        }
        // (organisation, proxy) of every registration checked in, not cancelled, dues not flagged.
        let present_rows: Vec<(Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT r.organisation_id, r.proxy_for FROM registrations r
                 WHERE r.event_id = ?1 AND r.deleted_at IS NULL AND r.status = 'registered' AND r.dues_unpaid = 0
                   AND EXISTS (SELECT 1 FROM check_ins c WHERE c.registration_id = r.id AND c.deleted_at IS NULL AND c.session_id IS NULL)",
            )?
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let present: BTreeSet<String> =
            present_rows.iter().filter_map(|(org, _)| org.clone()).filter(|org| in_standing.contains(org)).collect();
        let represented: BTreeSet<String> = present_rows
            .iter()
            .filter_map(|(_, proxy)| proxy.clone())
            .filter(|org| in_standing.contains(org) && !present.contains(org))
            .collect();
        let members = members.len() as u32;
        let counted = (present.len() + represented.len()) as u32;
        let needed = needed_for(members);
        Ok(Quorum { members, present: present.len() as u32, represented: represented.len() as u32, counted, needed, reached: members > 0 && counted >= needed })
    }
}
