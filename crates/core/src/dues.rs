//! Membership dues: the fee schedule per year (bands by category and population), the yearly
//! dues run that issues one invoice per active member, payments against invoices, balances,
//! the overdue list and reminder texts, and the status rules (lapsed after a grace period,
//! good standing). Every write goes through [`crate::mutation`], so dues sync like members.
//!
//! This file holds the types that cross the seam to the UI, the three synced tables and the
//! dues settings; the behaviour lives in the submodules.
//!
//! Choices a reader should know:
//! - Money is integer euro cents; dates are `YYYY-MM-DD`.
//! - A payment larger than what is still due on its invoice is **refused** (no credit is
//!   kept): the secretariat records the part due and refunds or books the rest by hand.
//! - Invoice and default fee-band ids are derived from what they stand for (member + year,
//!   year + category + band), so two laptops running the same dues run offline make the same
//!   records and the server keeps one of each instead of billing a member twice.
//! - Invoice numbers: a provisional one (`2027-P-0007`) always; a final gapless one
//!   (`2027-0007`) at once when numbering is local. With server numbering the laptop sends the
//!   invoice without one and the server assigns it on push (rencontres-server's
//!   `storage/sqlite/numbering.rs`); the laptop learns it on the next pull. Every laptop of a
//!   secretariat with a server must use server numbering, or two laptops would reuse numbers.

mod documents;
mod invoices;
mod payments;
mod schedule;
mod standing;
mod text;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::fold;
use crate::model::EntityKind;
use crate::record::{Fields, Table};
use crate::store::Store;
use crate::{CoreError, Result};

pub use documents::PdfFile;
pub use text::{format_euros, format_population};

/// Which fee table a member pays from: the membership categories that owe dues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FeeCategory {
    Full,
    Associate,
}

impl FeeCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            FeeCategory::Full => "full",
            FeeCategory::Associate => "associate",
        }
    }

    fn parse(text: &str) -> Result<FeeCategory> {
        match text {
            "full" => Ok(FeeCategory::Full),
            "associate" => Ok(FeeCategory::Associate),
            other => Err(CoreError::Corrupt(format!("fee band category {other:?} is neither full nor associate"))),
        }
    }
}

/// What a user edits on one band of the fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FeeBandInput {
    pub year: i32,
    pub category: FeeCategory,
    /// Inclusive lower bound of the population band.
    pub population_from: i64,
    /// Exclusive upper bound; `None` for the open top band.
    pub population_to: Option<i64>,
    pub fee_cents: i64,
}

/// One band of a year's fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FeeBand {
    pub id: String,
    #[serde(flatten)]
    pub fields: FeeBandInput,
    /// e.g. "100,000–500,000", "< 20,000", "≥ 1,000,000", "flat fee".
    pub label: String,
}

/// A year's fee schedule. When nothing is stored for the year yet, this is the schedule that
/// [`Store::ensure_fee_schedule`] would store: a copy of the latest earlier year, or the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FeeSchedule {
    pub year: i32,
    /// False while the schedule is only proposed (not written yet).
    pub stored: bool,
    /// The year it was (or would be) copied from; `None` for the built-in defaults.
    pub copied_from: Option<i32>,
    pub bands: Vec<FeeBand>,
}

/// A member's fee for a year, and why. `fee_cents` is `None` when no band applies (e.g. no
/// population figure): `why` then says what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FeeQuote {
    pub organisation_id: String,
    pub organisation_name: String,
    pub year: i32,
    pub category: FeeCategory,
    /// The band's label, or "unknown band".
    pub band_label: String,
    pub fee_cents: Option<i64>,
    /// e.g. "population 252,687 (GeoNames, 2023) falls in 100,000–500,000 → €1,200".
    pub why: String,
}

/// An invoice with what has been paid on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Invoice {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub year: i32,
    pub provisional_number: String,
    /// The final, gapless number once assigned.
    pub number: Option<String>,
    pub issued_on: String,
    pub due_on: String,
    pub amount_cents: i64,
    pub paid_cents: i64,
    pub balance_cents: i64,
    pub band_label: String,
    pub why: String,
}

impl Invoice {
    /// The number to print: the final one, else the provisional one.
    pub fn shown_number(&self) -> &str {
        self.number.as_deref().unwrap_or(&self.provisional_number)
    }
}

/// One line of a dues run preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuesLine {
    pub quote: FeeQuote,
    /// The member's invoice for the year when one exists already (it will not be issued again).
    pub existing_invoice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuesPreview {
    pub year: i32,
    pub lines: Vec<DuesLine>,
    /// Sum of the fees that an issue would invoice now (new invoices with a known fee).
    pub to_issue_cents: i64,
}

/// What a dues run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuesRunOutcome {
    pub year: i32,
    pub issued: Vec<Invoice>,
    /// Members that had their invoice for the year already.
    pub already_invoiced: u32,
    /// Members left out because no fee applies to them; each quote says why.
    pub skipped: Vec<FeeQuote>,
}

/// What a user records of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PaymentInput {
    pub invoice_id: String,
    pub paid_on: String,
    pub amount_cents: i64,
    pub method: String,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Payment {
    pub id: String,
    #[serde(flatten)]
    pub fields: PaymentInput,
}

/// A member's dues account at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MemberBalance {
    pub organisation_id: String,
    pub invoiced_cents: i64,
    pub paid_cents: i64,
    pub balance_cents: i64,
    /// What is due on invoices past their due date.
    pub overdue_cents: i64,
    /// No overdue invoice left unpaid.
    pub good_standing: bool,
}

/// A membership status change the rules call for (applied as an organisation update).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusChange {
    pub organisation_id: String,
    pub organisation_name: String,
    pub from: crate::model::MembershipStatus,
    pub to: crate::model::MembershipStatus,
    /// e.g. "invoice 2027-0007 (€1,200 due 2027-02-14) unpaid after 90 days of grace".
    pub reason: String,
}

/// Who gives invoices their final number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceNumbering {
    /// This laptop, at once: the setting for a secretariat with no server.
    Local,
    /// The central server, when the invoice reaches it; invoices stay provisional until then.
    Server,
}

/// Dues settings of this laptop (kept in the local settings table, not synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuesSettings {
    /// Days from issue to due date.
    pub payment_days: u32,
    /// Days after the due date before an unpaid member lapses.
    pub grace_days: u32,
    pub numbering: InvoiceNumbering,
}

impl Default for DuesSettings {
    fn default() -> Self {
        DuesSettings { payment_days: 30, grace_days: 90, numbering: InvoiceNumbering::Local }
    }
}

fn int(fields: &Fields, name: &str) -> i64 {
    fields.get(name).and_then(serde_json::Value::as_i64).unwrap_or_default()
}

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

pub(crate) static FEE_BANDS: Table = Table {
    entity: EntityKind::FeeBand,
    noun: "FeeBand",
    sql: "fee_bands",
    fields: &["year", "category", "population_from", "population_to", "fee_cents"],
    list_fields: &[],
    sort_key: |f| format!("{:04}-{}-{:015}", int(f, "year"), text_of(f, "category"), int(f, "population_from")),
};

pub(crate) static INVOICES: Table = Table {
    entity: EntityKind::Invoice,
    noun: "Invoice",
    sql: "invoices",
    fields: &[
        "organisation_id", "year", "provisional_number", "number", "issued_on", "due_on", "amount_cents", "band_label", "why",
    ],
    list_fields: &[],
    sort_key: |f| fold(text_of(f, "provisional_number")),
};

pub(crate) static PAYMENTS: Table = Table {
    entity: EntityKind::Payment,
    noun: "Payment",
    sql: "payments",
    fields: &["invoice_id", "paid_on", "amount_cents", "method", "reference"],
    list_fields: &[],
    sort_key: |f| text_of(f, "paid_on").to_string(),
};

const PAYMENT_DAYS: &str = "dues.payment_days";
const GRACE_DAYS: &str = "dues.grace_days";
const NUMBERING: &str = "dues.numbering";

impl Store {
    pub fn dues_settings(&self) -> Result<DuesSettings> {
        let defaults = DuesSettings::default();
        let days = |key: &str, default: u32| -> Result<u32> {
            match self.setting(key)? {
                None => Ok(default),
                Some(text) => text.parse().map_err(|_| CoreError::Corrupt(format!("setting {key} is {text:?}, not a number of days"))),
            }
        };
        let numbering = match self.setting(NUMBERING)?.as_deref() {
            None | Some("local") => InvoiceNumbering::Local,
            Some("server") => InvoiceNumbering::Server,
            Some(other) => return Err(CoreError::Corrupt(format!("setting {NUMBERING} is {other:?}, not local or server"))),
        };
        Ok(DuesSettings {
            payment_days: days(PAYMENT_DAYS, defaults.payment_days)?,
            grace_days: days(GRACE_DAYS, defaults.grace_days)?,
            numbering,
        })
    }

    pub fn set_dues_settings(&self, settings: &DuesSettings) -> Result<()> {
        if settings.payment_days > 366 {
            return Err(CoreError::invalid("payment_days", "Days to pay cannot exceed a year (366 days)"));
        }
        if settings.grace_days > 3660 {
            return Err(CoreError::invalid("grace_days", "The grace period cannot exceed ten years"));
        }
        self.set_setting(PAYMENT_DAYS, &settings.payment_days.to_string())?;
        self.set_setting(GRACE_DAYS, &settings.grace_days.to_string())?;
        let numbering = match settings.numbering {
            InvoiceNumbering::Local => "local",
            InvoiceNumbering::Server => "server",
        };
        self.set_setting(NUMBERING, numbering)
    }
}

/// Parses a date argument, naming the field at fault.
fn date(field: &str, label: &str, value: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, format!("{label} \"{value}\" is not a date (expected YYYY-MM-DD)")))
}

fn check_year(year: i32) -> Result<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(CoreError::invalid("year", format!("{year} is not a plausible dues year (2000–2100)")))
    }
}

#[cfg(test)]
mod tests;
