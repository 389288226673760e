//! The decision letter to the applicant, as plain text in English or French: who applied,
//! for which category, the decision and its date, and the secretariat's note. The app saves
//! it through the native save dialog; the secretariat prints or mails it.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Application, ApplicationStatus};
use crate::model::MembershipCategory;
use crate::store::Store;
use crate::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LetterLanguage {
    En,
    Fr,
}

/// `2027-03-14` as "14 March 2027" or "14 mars 2027".
fn long_date(date: &str, language: LetterLanguage) -> String {
    let Ok(day) = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") else { return date.to_string() };
    use chrono::Datelike;
    const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    const FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    let month = day.month0() as usize;
    match language {
        LetterLanguage::En => format!("{} {} {}", day.day(), EN[month], day.year()),
        LetterLanguage::Fr => format!("{}{} {} {}", day.day(), if day.day() == 1 { "er" } else { "" }, FR[month], day.year()),
    }
}

/// The letter's text for a decided application.
pub fn letter_text(application: &Application, language: LetterLanguage) -> Result<String> {
    let approved = match application.status {
        ApplicationStatus::Approved => true,
        ApplicationStatus::Rejected => false,
        _ => return Err(CoreError::invalid("status", "A decision letter needs a decision: approve or reject the application first")),
    };
    let f = &application.fields;
    let decided = long_date(application.decided_on.as_deref().unwrap_or_default(), language);
    let received = long_date(&f.received_on, language);
    let contact = format!("{} {}", f.contact_first_name, f.contact_last_name).trim().to_string();
    let mut out = String::new();
    match language {
        LetterLanguage::En => {
            let category = if f.category == MembershipCategory::Associate { "associate member" } else { "full member" };
            out.push_str(&format!("{}\nFor the attention of {contact}{}\n\n{decided}\n\n", f.organisation_name, comma(&f.contact_function)));
            out.push_str(&format!("Subject: your application for membership ({category})\n\nDear {contact},\n\n"));
            if approved {
                out.push_str(&format!(
                    "We are pleased to inform you that the committee has approved the application of {} received on {received}. \
                     {} joins the network as {category} from {decided}.\n\n",
                    f.organisation_name, f.organisation_name
                ));
            } else {
                out.push_str(&format!(
                    "We regret to inform you that the committee could not approve the application of {} received on {received}.\n\n",
                    f.organisation_name
                ));
            }
            if !application.decision_note.is_empty() {
                out.push_str(&format!("{}\n\n", application.decision_note));
            }
            out.push_str("Yours sincerely,\n\nThe secretariat\n");
        }
        LetterLanguage::Fr => {
            let category = if f.category == MembershipCategory::Associate { "membre associé" } else { "membre à part entière" };
            out.push_str(&format!("{}\nÀ l'attention de {contact}{}\n\nLe {decided}\n\n", f.organisation_name, comma(&f.contact_function)));
            out.push_str(&format!("Objet : votre demande d'adhésion ({category})\n\nMadame, Monsieur,\n\n"));
            if approved {
                out.push_str(&format!(
                    "Nous avons le plaisir de vous informer que le comité a approuvé la demande d'adhésion de {} reçue le {received}. \
                     {} rejoint le réseau en tant que {category} à compter du {decided}.\n\n",
                    f.organisation_name, f.organisation_name
                ));
            } else {
                out.push_str(&format!(
                    "Nous avons le regret de vous informer que le comité n'a pas pu approuver la demande d'adhésion de {} reçue le {received}.\n\n",
                    f.organisation_name
                ));
            }
            if !application.decision_note.is_empty() {
                out.push_str(&format!("{}\n\n", application.decision_note));
            }
            out.push_str("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\nLe secrétariat\n");
        }
    }
    Ok(out)
}

fn comma(function: &str) -> String {
    if function.is_empty() { String::new() } else { format!(", {function}") }
}

impl Store {
    pub fn decision_letter(&self, application_id: &str, language: LetterLanguage) -> Result<String> {
        letter_text(&self.application(application_id)?, language)
    }
}
