//! The association's own details that its documents print: name, address, contact, registration
//! number and bank account (IBAN, BIC). Kept in this laptop's settings table (like the dues
//! settings), checked on save: an IBAN must pass its ISO 13616 check digits, a BIC must have the
//! ISO 9362 shape.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::store::Store;
use crate::{CoreError, Result};

/// The language of a document the association sends (invoices, reminders, GDPR exports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentLanguage {
    #[default]
    En,
    Fr,
}

impl DocumentLanguage {
    /// Picks the English or French wording.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            DocumentLanguage::En => en,
            DocumentLanguage::Fr => fr,
        }
    }

    /// An amount in euros as the language writes it: "€1,200.00" / "1 200,00 €".
    pub fn euros(self, cents: i64) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let whole = crate::dues::format_population((cents / 100).abs());
        let rest = (cents % 100).abs();
        match self {
            DocumentLanguage::En => format!("{sign}€{whole}.{rest:02}"),
            DocumentLanguage::Fr => format!("{sign}{},{rest:02} €", whole.replace(',', "\u{202f}")),
        }
    }

    /// A `YYYY-MM-DD` date as the language writes it: "14 February 2027" / "14 février 2027".
    pub fn date(self, iso: &str) -> String {
        const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        const FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
        match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
            Ok(date) => {
                use chrono::Datelike;
                let month = match self {
                    DocumentLanguage::En => EN[date.month0() as usize],
                    DocumentLanguage::Fr => FR[date.month0() as usize],
                };
                format!("{} {month} {}", date.day(), date.year())
            }
            Err(_) => iso.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct AssociationDetails {
    pub name: String,
    /// Postal address, one line per line.
    pub address: String,
    pub email: String,
    pub website: String,
    /// Registration or VAT number, printed under the address when given.
    pub registration: String,
    /// Holder of the bank account (defaults to the name when empty).
    pub account_holder: String,
    pub bank_name: String,
    /// Stored compact and upper case ("FR7630006000011234567890189").
    pub iban: String,
    pub bic: String,
    /// A line printed at the foot of invoices, e.g. "Membership dues are not subject to VAT."
    pub invoice_note: String,
}

const KEYS: [&str; 10] = [
    "association.name",
    "association.address",
    "association.email",
    "association.website",
    "association.registration",
    "association.account_holder",
    "association.bank_name",
    "association.iban",
    "association.bic",
    "association.invoice_note",
];

impl AssociationDetails {
    fn values(&self) -> [&String; 10] {
        [
            &self.name,
            &self.address,
            &self.email,
            &self.website,
            &self.registration,
            &self.account_holder,
            &self.bank_name,
            &self.iban,
            &self.bic,
            &self.invoice_note,
        ]
    }

    /// The IBAN in groups of four, as printed.
    pub fn iban_grouped(&self) -> String {
        self.iban.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
    }

    /// What an invoice needs before it can be printed: a name and a bank account.
    pub fn check_ready_for_invoices(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(CoreError::invalid("association.name", "Enter the association's name in Settings before printing invoices"));
        }
        if self.iban.is_empty() {
            return Err(CoreError::invalid("association.iban", "Enter the association's IBAN in Settings before printing invoices"));
        }
        Ok(())
    }
}

/// Removes spaces and dashes and upper-cases; then checks the ISO 13616 mod-97 digits.
pub fn normalise_iban(text: &str) -> Result<String> {
    let iban: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    if iban.is_empty() {
        return Ok(iban);
    }
    let bad = |why: &str| CoreError::invalid("iban", format!("\"{}\" is not an IBAN: {why}", text.trim()));
    if !(15..=34).contains(&iban.len()) {
        return Err(bad("an IBAN has 15 to 34 letters and digits"));
    }
    if !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad("only letters and digits are allowed"));
    }
    let (country, digits) = iban.split_at(2);
    if !country.chars().all(|c| c.is_ascii_uppercase()) || !digits[..2].chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("it starts with a country code and two check digits, e.g. FR76"));
    }
    // Move the first four characters to the end, letters become 10–35, the number mod 97 is 1.
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let value = c.to_digit(36).unwrap_or(0);
        remainder = if value >= 10 { (remainder * 100 + value) % 97 } else { (remainder * 10 + value) % 97 };
    }
    if remainder != 1 {
        return Err(bad("its check digits do not match (a typing error?)"));
    }
    Ok(iban)
}

/// Upper-cases and checks the shape: 4 letters (bank), 2 letters (country), 2 letters or
/// digits (place), and optionally 3 more (branch).
pub fn normalise_bic(text: &str) -> Result<String> {
    let bic: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if bic.is_empty() {
        return Ok(bic);
    }
    let shaped = (bic.len() == 8 || bic.len() == 11)
        && bic[..6].chars().all(|c| c.is_ascii_uppercase())
        && bic[6..].chars().all(|c| c.is_ascii_alphanumeric());
    if !shaped {
        return Err(CoreError::invalid(
            "bic",
            format!("\"{}\" is not a BIC: 8 or 11 characters, e.g. BNPAFRPP or DEUTDEFF500", text.trim()),
        ));
    }
    Ok(bic)
}

impl Store {
    pub fn association_details(&self) -> Result<AssociationDetails> {
        let mut values = Vec::with_capacity(KEYS.len());
        for key in KEYS {
            values.push(self.setting(key)?.unwrap_or_default());
        }
        let mut values = values.into_iter();
        let mut next = || values.next().unwrap_or_default();
        Ok(AssociationDetails {
            name: next(),
            address: next(),
            email: next(),
            website: next(),
            registration: next(),
            account_holder: next(),
            bank_name: next(),
            iban: next(),
            bic: next(),
            invoice_note: next(),
        })
    }

    /// Checks and stores the details (all or nothing); answers them as stored.
    pub fn set_association_details(&self, details: &AssociationDetails) -> Result<AssociationDetails> {
        let mut clean = AssociationDetails {
            name: details.name.trim().to_string(),
            address: details.address.trim().to_string(),
            email: details.email.trim().to_string(),
            website: details.website.trim().to_string(),
            registration: details.registration.trim().to_string(),
            account_holder: details.account_holder.trim().to_string(),
            bank_name: details.bank_name.trim().to_string(),
            iban: normalise_iban(&details.iban)?,
            bic: normalise_bic(&details.bic)?,
            invoice_note: details.invoice_note.trim().to_string(),
        };
        if !clean.email.is_empty() {
            clean.email = crate::validate::email("email", &clean.email)?;
        }
        clean.website = crate::validate::website("website", &clean.website)?;
        if clean.name.chars().count() > 200 {
            return Err(CoreError::invalid("name", "The name is longer than 200 characters"));
        }
        if clean.account_holder.is_empty() {
            clean.account_holder.clone_from(&clean.name);
        }
        self.conn.execute_batch("SAVEPOINT association_details")?;
        let written = KEYS.iter().zip(clean.values()).try_for_each(|(key, value)| self.set_setting(key, value));
        match written {
            Ok(()) => self.conn.execute_batch("RELEASE association_details")?,
            Err(error) => {
                self.conn.execute_batch("ROLLBACK TO association_details; RELEASE association_details")?;
                return Err(error);
            }
        }
        Ok(clean)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_checked_by_their_digits_and_stored_compact() {
        assert_eq!(normalise_iban("fr76 3000 6000 0112 3456 7890 189").expect("valid"), "FR7630006000011234567890189");
        assert_eq!(normalise_iban("DE89 3704 0044 0532 0130 00").expect("valid"), "DE89370400440532013000");
        assert_eq!(normalise_iban("").expect("empty is allowed"), "");
        let typo = normalise_iban("FR76 3000 6000 0112 3456 7890 188").expect_err("one digit off");
        assert!(matches!(&typo, CoreError::Validation { field, message } if field == "iban" && message.contains("check digits")));
        assert!(normalise_iban("FR76 30").is_err());
        assert!(normalise_iban("7630 0060 0001 1234 5678 9018 9").is_err());
    }

    #[test]
    fn amounts_and_dates_read_as_each_language_writes_them() {
        assert_eq!(DocumentLanguage::En.euros(120_050), "€1,200.50");
        assert_eq!(DocumentLanguage::Fr.euros(120_050), "1\u{202f}200,50 €");
        assert_eq!(DocumentLanguage::En.date("2027-02-14"), "14 February 2027");
        assert_eq!(DocumentLanguage::Fr.date("2027-08-01"), "1 août 2027");
    }

    #[test]
    fn bics_have_eight_or_eleven_characters() {
        assert_eq!(normalise_bic("bnpafrpp").expect("valid"), "BNPAFRPP");
        assert_eq!(normalise_bic("DEUT DEFF 500").expect("valid"), "DEUTDEFF500");
        assert!(matches!(normalise_bic("BNP1FRPP"), Err(CoreError::Validation { field, .. }) if field == "bic"));
        assert!(normalise_bic("BNPAFRP").is_err());
    }

    #[test]
    fn details_round_trip_and_a_bad_iban_changes_nothing() {
        let store = Store::open_in_memory().expect("store");
        assert_eq!(store.association_details().expect("read"), AssociationDetails::default());
        let details = AssociationDetails {
            name: "Les Rencontres".into(),
            address: "2 rue de la Culture\n75001 Paris\nFrance".into(),
            email: "secretariat@example.org".into(),
            iban: "FR76 3000 6000 0112 3456 7890 189".into(),
            bic: "bnpafrpp".into(),
            ..AssociationDetails::default()
        };
        let stored = store.set_association_details(&details).expect("saves");
        assert_eq!(stored.iban, "FR7630006000011234567890189");
        assert_eq!(stored.account_holder, "Les Rencontres");
        assert_eq!(store.association_details().expect("read"), stored);
        assert_eq!(stored.iban_grouped(), "FR76 3000 6000 0112 3456 7890 189");

        let bad = AssociationDetails { name: "Changed".into(), iban: "FR00 1234".into(), ..details };
        assert!(store.set_association_details(&bad).is_err());
        assert_eq!(store.association_details().expect("read").name, "Les Rencontres");
    }
}
