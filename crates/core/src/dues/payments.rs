//! Payments against invoices (partial ones too; more than is due is refused), balances per
//! invoice and per member, the overdue list at a date and the plain-text reminder.

use rusqlite::Connection;

use super::invoices::{invoice_in, list};
use super::text::format_euros;
use super::{date, Invoice, MemberBalance, Payment, PaymentInput, PAYMENTS};
use crate::mutation::{self, Action, Write};
use crate::record;
use crate::store::Store;
use crate::{validate, CoreError, Result};

fn read_payment(conn: &Connection, id: &str) -> Result<Payment> {
    let stored = record::read_live(conn, &PAYMENTS, id)?;
    Ok(Payment { id: id.to_string(), fields: record::from_fields(&stored.fields)? })
}

/// Invoices of a member still owing something and due before `on` (YYYY-MM-DD).
pub(crate) fn overdue_of(conn: &Connection, organisation_id: Option<&str>, on: &str) -> Result<Vec<Invoice>> {
    let mut condition = "i.due_on < ?1".to_string();
    let mut values = vec![on.to_string().into()];
    if let Some(id) = organisation_id {
        condition.push_str(" AND i.organisation_id = ?2");
        values.push(id.to_string().into());
    }
    Ok(list(conn, &condition, &values)?.into_iter().filter(|i| i.balance_cents > 0).collect())
}

impl Store {
    /// Records a payment on an invoice. Partial payments are fine; a payment above what is
    /// still due is refused (the secretariat refunds or books the surplus outside the app),
    /// so a balance is never negative and "paid" always means paid exactly.
    pub fn record_payment(&mut self, input: &PaymentInput) -> Result<Payment> {
        let paid_on = validate::date("paid_on", "Paid on", Some(&input.paid_on))?
            .ok_or_else(|| CoreError::invalid("paid_on", "Paid on is required"))?;
        if input.amount_cents <= 0 {
            return Err(CoreError::invalid("amount_cents", "A payment must be more than €0"));
        }
        let clean = PaymentInput {
            invoice_id: input.invoice_id.clone(),
            paid_on,
            amount_cents: input.amount_cents,
            method: validate::optional("method", "Method", &input.method, 100)?,
            reference: validate::optional("reference", "Reference", &input.reference, 500)?,
        };
        let id = mutation::new_id();
        self.write(|tx, author| {
            let invoice = invoice_in(tx, &clean.invoice_id)?;
            if invoice.balance_cents <= 0 {
                return Err(CoreError::invalid("amount_cents", format!("Invoice {} is paid in full already", invoice.shown_number())));
            }
            if clean.amount_cents > invoice.balance_cents {
                return Err(CoreError::invalid(
                    "amount_cents",
                    format!(
                        "{} is more than the {} still due on invoice {}: record {} and refund the rest",
                        format_euros(clean.amount_cents),
                        format_euros(invoice.balance_cents),
                        invoice.shown_number(),
                        format_euros(invoice.balance_cents)
                    ),
                ));
            }
            let fields = record::to_fields(&PAYMENTS, &clean)?;
            mutation::apply(tx, author, Write { table: &PAYMENTS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_payment(&self.conn, &id)
    }

    /// Removes a payment recorded by mistake; answers the mutation id [`Store::undo`] takes back.
    pub fn delete_payment(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &PAYMENTS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting payment {id} recorded nothing")))
        })
    }

    /// The payments of one invoice, oldest first.
    pub fn payments_of_invoice(&self, invoice_id: &str) -> Result<Vec<Payment>> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM payments WHERE invoice_id = ?1 AND deleted_at IS NULL ORDER BY paid_on, id")?
            .query_map([invoice_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read_payment(&self.conn, id)).collect()
    }

    /// A member's dues account on date `on`: invoiced, paid, due, overdue, good standing.
    pub fn member_balance(&self, organisation_id: &str, on: &str) -> Result<MemberBalance> {
        let on = date("on", "Date", on)?.format("%Y-%m-%d").to_string();
        let invoices = self.invoices_of_member(organisation_id)?;
        let overdue_cents: i64 = overdue_of(&self.conn, Some(organisation_id), &on)?.iter().map(|i| i.balance_cents).sum();
        let invoiced_cents: i64 = invoices.iter().map(|i| i.amount_cents).sum();
        let paid_cents: i64 = invoices.iter().map(|i| i.paid_cents).sum();
        Ok(MemberBalance {
            organisation_id: organisation_id.to_string(),
            invoiced_cents,
            paid_cents,
            balance_cents: invoiced_cents - paid_cents,
            overdue_cents,
            good_standing: overdue_cents == 0,
        })
    }

    /// Every invoice with something still due whose due date is before `on`, oldest first.
    pub fn overdue_invoices(&self, on: &str) -> Result<Vec<Invoice>> {
        let on = date("on", "Date", on)?.format("%Y-%m-%d").to_string();
        let mut overdue = overdue_of(&self.conn, None, &on)?;
        overdue.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.organisation_name.cmp(&b.organisation_name)));
        Ok(overdue)
    }

    /// A plain-text reminder for an invoice with something due: invoice number, dates and
    /// the amount due, ready to paste in an e-mail.
    pub fn reminder_text(&self, invoice_id: &str) -> Result<String> {
        let invoice = invoice_in(&self.conn, invoice_id)?;
        if invoice.balance_cents <= 0 {
            return Err(CoreError::invalid("invoice_id", format!("Invoice {} is paid in full: no reminder is needed", invoice.shown_number())));
        }
        let number = invoice.shown_number();
        Ok(format!(
            "Subject: Reminder — membership dues {year}, invoice {number}\n\
             \n\
             Dear colleagues of {name},\n\
             \n\
             Our records show that invoice {number} of {issued}, for your membership dues of {year}, was due on {due}\n\
             and has not been paid in full.\n\
             \n\
             Amount invoiced: {amount}\n\
             Paid so far:     {paid}\n\
             Amount due:      {balance}\n\
             \n\
             Please transfer the amount due, quoting the invoice number {number}.\n\
             If you have paid in the meantime, please disregard this reminder.\n\
             \n\
             With kind regards,\n\
             The secretariat\n",
            year = invoice.year,
            name = invoice.organisation_name,
            issued = invoice.issued_on,
            due = invoice.due_on,
            amount = format_euros(invoice.amount_cents),
            paid = format_euros(invoice.paid_cents),
            balance = format_euros(invoice.balance_cents),
        ))
    }
}
