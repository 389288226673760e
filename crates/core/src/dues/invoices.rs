//! The yearly dues run (preview, then issue: one invoice per active member per year, never
//! two), invoice numbering (provisional per laptop, final and gapless per year) and reading
//! invoices with what has been paid on them.

use chrono::Days;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::schedule::{ensure_in, quote, schedule};
use super::{check_year, date, DuesLine, DuesPreview, DuesRunOutcome, Invoice, InvoiceNumbering, INVOICES};
use crate::model::Organisation;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, ORGANISATIONS};
use crate::store::{Author, Store};
use crate::{CoreError, Result};

/// An organisation read inside a transaction.
pub(crate) fn organisation_in(conn: &Connection, id: &str) -> Result<Organisation> {
    let stored = record::read_live(conn, &ORGANISATIONS, id)?;
    Ok(Organisation {
        id: id.to_string(),
        fields: record::from_fields(&stored.fields)?,
        version: stored.version,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
    })
}

/// Members who owe dues: active, full or associate, by name.
fn active_members(conn: &Connection) -> Result<Vec<Organisation>> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM organisations WHERE deleted_at IS NULL AND status = 'active'
         AND category IN ('full', 'associate') ORDER BY sort_key, id",
    )?;
    let ids = statement.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter().map(|id| organisation_in(conn, id)).collect()
}

/// The member's invoice of `year`, as (id, number shown), if one exists (from any laptop).
fn existing_invoice(conn: &Connection, organisation_id: &str, year: i32) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, coalesce(number, provisional_number) FROM invoices
             WHERE organisation_id = ?1 AND year = ?2 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        )?
        .query_row(params![organisation_id, year], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The invoice id of a member's year: the same on every laptop, so a run made twice, or on
/// two laptops, yields one invoice (the server refuses the second create of an id).
fn invoice_id(organisation_id: &str, year: i32) -> String {
    format!("invoice-{year}-{organisation_id}")
}

/// The highest counter among `column` values shaped `{prefix}NNNN` for `year`.
fn highest(conn: &Connection, column: &str, prefix: &str, year: i32) -> Result<i64> {
    // `column` is one of two constants below, never input.
    let sql = format!(
        "SELECT coalesce(max(CAST(substr({column}, ?2) AS INTEGER)), 0) FROM invoices
         WHERE year = ?1 AND {column} LIKE ?3"
    );
    let start = i64::try_from(prefix.chars().count()).unwrap_or(0) + 1;
    Ok(conn.query_row(&sql, params![year, start, format!("{prefix}%")], |r| r.get(0))?)
}

/// The next provisional number on this laptop: `2027-P-0007`. Another laptop may hand out
/// the same one offline, which is why it is provisional.
fn next_provisional(conn: &Connection, year: i32) -> Result<String> {
    let prefix = format!("{year}-P-");
    Ok(format!("{prefix}{:04}", highest(conn, "provisional_number", &prefix, year)? + 1))
}

/// The next final number of `year`: one above the highest, so numbers stay gapless as long
/// as invoices are never deleted (no delete or undo of an invoice exists).
fn next_final(conn: &Connection, year: i32) -> Result<String> {
    let prefix = format!("{year}-");
    Ok(format!("{prefix}{:04}", highest(conn, "number", &prefix, year)? + 1))
}

/// Invoices matching `condition` (SQL over alias `i`, parameters `values`), with payments.
pub(crate) fn list(conn: &Connection, condition: &str, values: &[SqlValue]) -> Result<Vec<Invoice>> {
    let sql = format!(
        "SELECT i.id, i.organisation_id, coalesce(o.name, ''), i.year, i.provisional_number, i.number, i.issued_on,
                i.due_on, i.amount_cents, i.band_label, i.why,
                (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.invoice_id = i.id AND p.deleted_at IS NULL)
         FROM invoices i LEFT JOIN organisations o ON o.id = i.organisation_id
         WHERE i.deleted_at IS NULL AND ({condition}) ORDER BY i.year, coalesce(i.number, ''), i.sort_key, i.id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(values.iter()), |r| {
        let amount_cents: i64 = r.get(8)?;
        let paid_cents: i64 = r.get(11)?;
        Ok(Invoice {
            id: r.get(0)?,
            organisation_id: r.get(1)?,
            organisation_name: r.get(2)?,
            year: r.get(3)?,
            provisional_number: r.get(4)?,
            number: r.get(5)?,
            issued_on: r.get(6)?,
            due_on: r.get(7)?,
            amount_cents,
            paid_cents,
            balance_cents: amount_cents - paid_cents,
            band_label: r.get(9)?,
            why: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn invoice_in(conn: &Connection, id: &str) -> Result<Invoice> {
    list(conn, "i.id = ?1", &[id.to_string().into()])?
        .pop()
        .ok_or_else(|| CoreError::NotFound { what: "invoice", id: id.to_string() })
}

/// Sets the final number of an invoice that has none yet.
fn number_in(tx: &Transaction, author: &Author, id: &str, number: &str) -> Result<()> {
    let stored = record::read_live(tx, &INVOICES, id)?;
    let mut fields: Fields = stored.fields;
    fields.insert("number".into(), number.into());
    mutation::apply(tx, author, Write { table: &INVOICES, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
    Ok(())
}

impl Store {
    /// What a dues run for `year` would invoice: every active member with its fee and why,
    /// and the invoice it already has, if any. Writes nothing.
    pub fn preview_dues_run(&self, year: i32) -> Result<DuesPreview> {
        check_year(year)?;
        let bands = schedule(&self.conn, year)?.bands;
        let mut lines = Vec::new();
        let mut to_issue_cents = 0;
        for member in active_members(&self.conn)? {
            let quote = quote(&member, year, &bands)?;
            let existing_invoice = existing_invoice(&self.conn, &member.id, year)?.map(|(_, number)| number);
            if existing_invoice.is_none() {
                to_issue_cents += quote.fee_cents.unwrap_or(0);
            }
            lines.push(DuesLine { quote, existing_invoice });
        }
        Ok(DuesPreview { year, lines, to_issue_cents })
    }

    /// Issues the invoices of `year` dated `issued_on` (YYYY-MM-DD), due after the configured
    /// payment days, to every active member that has none for the year: all in one
    /// transaction. Running it again issues nothing twice. Members with no applicable fee
    /// are skipped and listed. Stores the year's fee schedule if it was only proposed.
    pub fn issue_dues_run(&mut self, year: i32, issued_on: &str) -> Result<DuesRunOutcome> {
        check_year(year)?;
        let issued = date("issued_on", "Issue date", issued_on)?;
        let settings = self.dues_settings()?;
        let due = issued
            .checked_add_days(Days::new(u64::from(settings.payment_days)))
            .ok_or_else(|| CoreError::invalid("issued_on", "The due date falls outside the calendar"))?;
        let (issued_on, due_on) = (issued.format("%Y-%m-%d").to_string(), due.format("%Y-%m-%d").to_string());
        let (ids, already_invoiced, skipped) = self.write(|tx, author| {
            let bands = ensure_in(tx, author, year)?;
            let (mut ids, mut already, mut skipped) = (Vec::new(), 0u32, Vec::new());
            for member in active_members(tx)? {
                if existing_invoice(tx, &member.id, year)?.is_some() {
                    already += 1;
                    continue;
                }
                let quote = quote(&member, year, &bands)?;
                let Some(fee_cents) = quote.fee_cents else {
                    skipped.push(quote);
                    continue;
                };
                let id = invoice_id(&member.id, year);
                if record::read(tx, &INVOICES, &id)?.is_some() {
                    // Only a deleted row can hold it (a live one was found above): keep the
                    // tombstone, and say so rather than bill twice.
                    return Err(CoreError::Corrupt(format!("invoice {id} of {} was deleted; it cannot be issued again", member.fields.name)));
                }
                let number = match settings.numbering {
                    InvoiceNumbering::Local => Some(next_final(tx, year)?),
                    InvoiceNumbering::Server => None,
                };
                let fields: Fields = serde_json::json!({
                    "organisation_id": member.id,
                    "year": year,
                    "provisional_number": next_provisional(tx, year)?,
                    "number": number,
                    "issued_on": issued_on,
                    "due_on": due_on,
                    "amount_cents": fee_cents,
                    "band_label": quote.band_label,
                    "why": quote.why,
                })
                .as_object()
                .cloned()
                .unwrap_or_default();
                mutation::apply(tx, author, Write { table: &INVOICES, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
                ids.push(id);
            }
            Ok((ids, already, skipped))
        })?;
        let issued = ids.iter().map(|id| invoice_in(&self.conn, id)).collect::<Result<Vec<_>>>()?;
        Ok(DuesRunOutcome { year, issued, already_invoiced, skipped })
    }

    /// Gives a final number, in provisional order, to every invoice of `year` that has none:
    /// for a secretariat that switched to local numbering after invoices were made under
    /// server numbering. Refused under server numbering, where only the server numbers.
    pub fn finalise_invoice_numbers(&mut self, year: i32) -> Result<Vec<Invoice>> {
        check_year(year)?;
        if self.dues_settings()?.numbering == InvoiceNumbering::Server {
            return Err(CoreError::invalid(
                "numbering",
                "Invoices are numbered by the server: sync to receive their final numbers, or switch to local numbering",
            ));
        }
        let ids = self.write(|tx, author| {
            let pending: Vec<String> = tx
                .prepare("SELECT id FROM invoices WHERE year = ?1 AND number IS NULL AND deleted_at IS NULL ORDER BY sort_key, id")?
                .query_map([year], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &pending {
                number_in(tx, author, id, &next_final(tx, year)?)?;
            }
            Ok(pending)
        })?;
        ids.iter().map(|id| invoice_in(&self.conn, id)).collect()
    }

    pub fn invoice(&self, id: &str) -> Result<Invoice> {
        invoice_in(&self.conn, id)
    }

    /// The invoices of `year`, by final number then provisional number.
    pub fn invoices_of_year(&self, year: i32) -> Result<Vec<Invoice>> {
        list(&self.conn, "i.year = ?1", &[i64::from(year).into()])
    }

    /// A member's invoices, oldest year first.
    pub fn invoices_of_member(&self, organisation_id: &str) -> Result<Vec<Invoice>> {
        list(&self.conn, "i.organisation_id = ?1", &[organisation_id.to_string().into()])
    }
}
