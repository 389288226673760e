//! Funders, grants and partners. A grant records who funds what (funder, year, amount,
//! programme, purpose) and the report it owes (reporting deadline, when it was reported);
//! [`Store::grant_reminders`] lists the reports due soon or overdue. Funders and partners are
//! organisations (kind funder, partner network, cultural organisation… with no membership):
//! [`Store::partners`] lists them by kind. Grants sync through [`crate::mutation`].

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::fold;
use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GrantInput {
    /// An organisation (usually of kind funder); its name fills an empty funder name.
    pub funder_id: Option<String>,
    pub funder_name: String,
    pub year: i32,
    /// Euro cents.
    pub amount_cents: Option<i64>,
    pub programme: String,
    pub purpose: String,
    /// `YYYY-MM-DD`.
    pub reporting_deadline: Option<String>,
    /// `YYYY-MM-DD`; None while the report is due.
    pub reported_on: Option<String>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Grant {
    pub id: String,
    #[serde(flatten)]
    pub fields: GrantInput,
}

/// A report due soon or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GrantReminder {
    pub grant: Grant,
    /// Days until the deadline; negative when overdue.
    pub days_left: i64,
}

/// An organisation the network works with, not a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Partner {
    pub id: String,
    pub name: String,
    /// The organisation kind, snake_case (`funder`, `partner_network`…).
    pub kind: String,
    pub country: String,
    pub website: String,
    /// How many grants this organisation funds (as recorded).
    pub grants: u32,
}

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

pub(crate) static GRANTS: Table = Table {
    entity: EntityKind::Grant,
    noun: "Grant",
    sql: "grants",
    fields: &[
        "funder_id", "funder_name", "year", "amount_cents", "programme", "purpose", "reporting_deadline", "reported_on", "notes",
    ],
    list_fields: &[],
    sort_key: |f| format!("{:04} {}", f.get("year").and_then(serde_json::Value::as_i64).unwrap_or(0), fold(text_of(f, "funder_name"))),
};

fn clean(conn: &Connection, input: &GrantInput) -> Result<GrantInput> {
    let funder_id = input.funder_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut funder_name = validate::optional("funder_name", "Funder", &input.funder_name, 200)?;
    if let Some(id) = &funder_id {
        let name: Option<String> = conn.query_row("SELECT name FROM organisations WHERE id = ?1 AND deleted_at IS NULL", [id], |r| r.get(0)).ok();
        let Some(name) = name else { return Err(CoreError::invalid("funder_id", "Choose an organisation from the list")) };
        if funder_name.is_empty() {
            funder_name = name;
        }
    }
    if funder_name.is_empty() {
        return Err(CoreError::invalid("funder_name", "Name the funder (or choose its organisation)"));
    }
    if !(1950..=2100).contains(&input.year) {
        return Err(CoreError::invalid("year", format!("{} is not a year between 1950 and 2100", input.year)));
    }
    if input.amount_cents.is_some_and(|a| a < 0) {
        return Err(CoreError::invalid("amount_cents", "The amount cannot be negative"));
    }
    Ok(GrantInput {
        funder_id,
        funder_name,
        year: input.year,
        amount_cents: input.amount_cents,
        programme: validate::optional("programme", "Programme", &input.programme, 200)?,
        purpose: validate::optional("purpose", "Purpose", &input.purpose, 2_000)?,
        reporting_deadline: validate::date("reporting_deadline", "Reporting deadline", input.reporting_deadline.as_deref())?,
        reported_on: validate::date("reported_on", "Reported on", input.reported_on.as_deref())?,
        notes: validate::optional("notes", "Notes", &input.notes, 5_000)?,
    })
}

fn read(conn: &Connection, id: &str) -> Result<Grant> {
    let stored = record::read_live(conn, &GRANTS, id)?;
    Ok(Grant { id: id.to_string(), fields: record::from_fields(&stored.fields)? })
}

fn day(value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| CoreError::invalid("on", format!("\"{value}\" is not a date (expected YYYY-MM-DD)")))
}

impl Store {
    pub fn create_grant(&mut self, input: &GrantInput) -> Result<Grant> {
        let id = mutation::new_id();
        self.write(|tx, author| {
            let clean = clean(tx, input)?;
            let fields = record::to_fields(&GRANTS, &clean)?;
            mutation::apply(tx, author, Write { table: &GRANTS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read(&self.conn, &id)
    }

    pub fn update_grant(&mut self, id: &str, input: &GrantInput) -> Result<Grant> {
        self.write(|tx, author| {
            record::read_live(tx, &GRANTS, id)?;
            let clean = clean(tx, input)?;
            let fields = record::to_fields(&GRANTS, &clean)?;
            mutation::apply(tx, author, Write { table: &GRANTS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read(&self.conn, id)
    }

    /// Answers the mutation id [`Store::undo`] takes back.
    pub fn delete_grant(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &GRANTS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting grant {id} recorded nothing")))
        })
    }

    /// Every grant, newest year first.
    pub fn grants(&self) -> Result<Vec<Grant>> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM grants WHERE deleted_at IS NULL ORDER BY year DESC, sort_key, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read(&self.conn, id)).collect()
    }

    /// Reports not yet made whose deadline is at most `within_days` after `on` (today when
    /// empty; overdue ones included), soonest first.
    pub fn grant_reminders(&self, on: &str, within_days: i64) -> Result<Vec<GrantReminder>> {
        let today = if on.trim().is_empty() { chrono::Local::now().date_naive() } else { day(on)? };
        let mut out: Vec<GrantReminder> = Vec::new();
        for grant in self.grants()? {
            let (Some(deadline), None) = (grant.fields.reporting_deadline.as_deref(), grant.fields.reported_on.as_deref()) else { continue };
            let days_left = (day(deadline)? - today).num_days();
            if days_left <= within_days {
                out.push(GrantReminder { grant, days_left });
            }
        }
        out.sort_by_key(|r| r.days_left);
        Ok(out)
    }

    /// The organisations the network works with (no membership), by kind then name.
    pub fn partners(&self) -> Result<Vec<Partner>> {
        let mut statement = self.conn.prepare(
            "SELECT o.id, o.name, o.kind, o.country, o.website,
                    (SELECT COUNT(*) FROM grants g WHERE g.funder_id = o.id AND g.deleted_at IS NULL)
             FROM organisations o WHERE o.deleted_at IS NULL AND o.category = 'none'
             ORDER BY o.kind, o.sort_key",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Partner { id: r.get(0)?, name: r.get(1)?, kind: r.get(2)?, country: r.get(3)?, website: r.get(4)?, grants: r.get(5)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MembershipCategory, OrganisationInput, OrganisationKind};
    use crate::test_support::{organisation, store};

    fn grant(funder: &str, year: i32, deadline: Option<&str>) -> GrantInput {
        GrantInput {
            funder_id: None,
            funder_name: funder.into(),
            year,
            amount_cents: Some(5_000_000),
            programme: "Creative Europe".into(),
            purpose: "Network operating grant".into(),
            reporting_deadline: deadline.map(str::to_string),
            reported_on: None,
            notes: String::new(),
        }
    }

    #[test]
    fn reminders_list_reports_due_soon_or_overdue_and_not_made() {
        let mut store = store();
        store.create_grant(&grant("European Commission", 2025, Some("2026-03-31"))).expect("a");
        store.create_grant(&grant("Arts Council", 2025, Some("2026-01-10"))).expect("b");
        store.create_grant(&grant("Ministry of Culture", 2024, Some("2025-12-31"))).expect("c");
        let done = store.create_grant(&grant("Foundation", 2024, Some("2025-12-01"))).expect("d");
        store.update_grant(&done.id, &GrantInput { reported_on: Some("2025-11-20".into()), ..done.fields.clone() }).expect("reported");
        store.create_grant(&grant("No deadline", 2025, None)).expect("e");

        let due = store.grant_reminders("2026-01-05", 30).expect("reminders");
        let seen: Vec<(&str, i64)> = due.iter().map(|r| (r.grant.fields.funder_name.as_str(), r.days_left)).collect();
        assert_eq!(seen, vec![("Ministry of Culture", -5), ("Arts Council", 5)]);
        assert_eq!(store.grants().expect("all").len(), 5);
    }

    #[test]
    fn a_grant_needs_a_funder_and_a_sane_year_and_amount() {
        let mut store = store();
        let field = |r: Result<Grant>| match r {
            Err(CoreError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(store.create_grant(&grant(" ", 2025, None))), "funder_name");
        assert_eq!(field(store.create_grant(&grant("EC", 25, None))), "year");
        assert_eq!(field(store.create_grant(&GrantInput { amount_cents: Some(-1), ..grant("EC", 2025, None) })), "amount_cents");
        assert_eq!(field(store.create_grant(&grant("EC", 2025, Some("31/03/2026")))), "reporting_deadline");
        assert!(store.grants().expect("none").is_empty());
    }

    #[test]
    fn partners_are_the_organisations_without_membership_with_their_grants() {
        let mut store = store();
        let ec = store
            .create_organisation(&OrganisationInput { kind: OrganisationKind::Funder, category: MembershipCategory::None, ..organisation("European Commission", "BE") })
            .expect("funder");
        store
            .create_organisation(&OrganisationInput { kind: OrganisationKind::PartnerNetwork, category: MembershipCategory::None, ..organisation("Culture Action Europe", "BE") })
            .expect("network");
        store.create_organisation(&organisation("Porto", "PT")).expect("member");
        let funded = store.create_grant(&GrantInput { funder_id: Some(ec.id.clone()), ..grant("", 2025, None) }).expect("grant");
        assert_eq!(funded.fields.funder_name, "European Commission", "the organisation names the funder");
        let partners = store.partners().expect("partners");
        let seen: Vec<(&str, &str, u32)> = partners.iter().map(|p| (p.name.as_str(), p.kind.as_str(), p.grants)).collect();
        assert_eq!(seen, vec![("European Commission", "funder", 1), ("Culture Action Europe", "partner_network", 0)]);
    }
}
