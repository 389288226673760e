//! Dues documents as PDF: the invoice of a member for a year and the reminder of an invoice
//! still due, on A4 with the association's details and bank account from Settings, in English
//! or French.

use crate::association::{AssociationDetails, DocumentLanguage};
use crate::model::Organisation;
use crate::pdf::{Align, Canvas, Document, PageSize, Paint, Weight};
use crate::store::Store;
use crate::{CoreError, Result};

use super::invoices::invoice_in;
use super::Invoice;

/// A document ready to save: the file name to offer and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// The invoice as an A4 PDF.
    pub fn invoice_pdf(&self, invoice_id: &str, language: DocumentLanguage) -> Result<PdfFile> {
        let invoice = invoice_in(&self.conn, invoice_id)?;
        let association = self.association_details()?;
        association.check_ready_for_invoices()?;
        let member = self.organisation(&invoice.organisation_id)?;
        let title = language.pick("Invoice", "Facture");
        let bytes = letter(&association, &member, &invoice, language, Kind::Invoice)?;
        Ok(PdfFile { file_name: file_name(title, &invoice), bytes })
    }

    /// A reminder of an invoice with something still due, as an A4 PDF.
    pub fn reminder_pdf(&self, invoice_id: &str, language: DocumentLanguage) -> Result<PdfFile> {
        let invoice = invoice_in(&self.conn, invoice_id)?;
        if invoice.balance_cents <= 0 {
            return Err(CoreError::invalid(
                "invoice_id",
                format!("Invoice {} is paid in full: no reminder is needed", invoice.shown_number()),
            ));
        }
        let association = self.association_details()?;
        association.check_ready_for_invoices()?;
        let member = self.organisation(&invoice.organisation_id)?;
        let title = language.pick("Reminder", "Relance");
        let bytes = letter(&association, &member, &invoice, language, Kind::Reminder)?;
        Ok(PdfFile { file_name: file_name(title, &invoice), bytes })
    }
}

fn file_name(title: &str, invoice: &Invoice) -> String {
    let member: String = invoice
        .organisation_name
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{title} {} {member}.pdf", invoice.shown_number())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Invoice,
    Reminder,
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;

fn letter(
    association: &AssociationDetails,
    member: &Organisation,
    invoice: &Invoice,
    language: DocumentLanguage,
    kind: Kind,
) -> Result<Vec<u8>> {
    let l = language;
    let number = invoice.shown_number();
    let title = match kind {
        Kind::Invoice => l.pick("Invoice", "Facture"),
        Kind::Reminder => l.pick("Payment reminder", "Relance de paiement"),
    };
    let mut doc = Document::new(&format!("{title} {number} — {}", invoice.organisation_name))
        .map_err(|error| CoreError::Document(error.to_string()))?;
    let mut page = doc.page(PageSize::A4);

    // The association, top left.
    let mut y = 25.0;
    page.fill_rgb(0.11, 0.27, 0.53);
    // Left column up to 95 mm so a long name never runs under the title on the right.
    for line in page.wrap(Weight::Bold, 13.0, 95.0, &association.name).iter().take(3) {
        let (size, text) = page.fit(Weight::Bold, 13.0, 8.0, 95.0, line);
        page.text(LEFT, y, size, Weight::Bold, Align::Left, &text);
        y += 5.5;
    }
    page.fill_rgb(0.2, 0.2, 0.2);
    y += 0.5;
    let contact = [association.email.as_str(), association.website.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    for line in association.address.lines().chain([contact.as_str(), association.registration.as_str()]) {
        if !line.trim().is_empty() {
            page.text(LEFT, y, 9.0, Weight::Regular, Align::Left, line.trim());
            y += 4.5;
        }
    }

    // Title and references, top right.
    page.fill_rgb(0.0, 0.0, 0.0);
    page.text(RIGHT, 25.0, 18.0, Weight::Bold, Align::Right, title);
    let references = [
        (l.pick("Invoice number", "Numéro de facture"), number.to_string()),
        (l.pick("Date", "Date"), l.date(&invoice.issued_on)),
        (l.pick("Due date", "Échéance"), l.date(&invoice.due_on)),
    ];
    let mut ry = 33.0;
    for (label, value) in &references {
        page.text(RIGHT - 45.0, ry, 9.0, Weight::Regular, Align::Right, &format!("{label}{}", l.pick(":", "\u{a0}:")));
        page.text(RIGHT, ry, 9.0, Weight::Bold, Align::Right, value);
        ry += 5.0;
    }
    if invoice.number.is_none() {
        page.fill_rgb(0.6, 0.3, 0.0);
        page.text(RIGHT, ry, 8.0, Weight::Regular, Align::Right, l.pick("Provisional number", "Numéro provisoire"));
        page.fill_rgb(0.0, 0.0, 0.0);
    }

    // The member, as on an envelope window.
    let mut y = y.max(ry) + 12.0;
    page.text(110.0, y, 9.0, Weight::Regular, Align::Left, l.pick("Bill to", "Facturé à"));
    y += 5.5;
    page.text(110.0, y, 11.0, Weight::Bold, Align::Left, &member.fields.name);
    y += 5.0;
    let country = crate::countries::by_code(&member.fields.country).map(|c| c.name.as_str()).unwrap_or(&member.fields.country);
    for line in member.fields.address.lines().map(str::trim).filter(|s| !s.is_empty()).chain([country]) {
        page.text(110.0, y, 10.0, Weight::Regular, Align::Left, line);
        y += 5.0;
    }

    y += 12.0;
    if kind == Kind::Reminder {
        let text = format!(
            "{} {number} {} {}, {} {}.",
            l.pick("Our records show that invoice", "Sauf erreur de notre part, la facture"),
            l.pick("of", "du"),
            l.date(&invoice.issued_on),
            l.pick("was due on", "était payable le"),
            l.date(&invoice.due_on),
        );
        let next = l.pick(
            "It has not been paid in full. If you have paid in the meantime, please disregard this reminder.",
            "Elle n'a pas été réglée en totalité. Si vous l'avez réglée entre-temps, merci de ne pas tenir compte de cette relance.",
        );
        for line in page.wrap(Weight::Regular, 10.0, RIGHT - LEFT, &format!("{text} {next}")) {
            page.text(LEFT, y, 10.0, Weight::Regular, Align::Left, &line);
            y += 5.0;
        }
        y += 6.0;
    }

    // The line of the invoice.
    page.fill_rgb(0.93, 0.95, 0.98).rect(LEFT, y, RIGHT - LEFT, 8.0, Paint::Fill);
    page.fill_rgb(0.0, 0.0, 0.0);
    page.text(LEFT + 2.0, y + 5.5, 9.0, Weight::Bold, Align::Left, l.pick("Description", "Désignation"));
    page.text(RIGHT - 2.0, y + 5.5, 9.0, Weight::Bold, Align::Right, l.pick("Amount", "Montant"));
    y += 14.0;
    let description = format!(
        "{} {} — {}",
        l.pick("Membership dues", "Cotisation"),
        invoice.year,
        band_text(l, &invoice.band_label),
    );
    page.text(LEFT + 2.0, y, 10.0, Weight::Regular, Align::Left, &description);
    page.text(RIGHT - 2.0, y, 10.0, Weight::Regular, Align::Right, &l.euros(invoice.amount_cents));
    y += 5.0;
    page.fill_rgb(0.35, 0.35, 0.35);
    // The reason of the fee is stored in English (dues/text.rs): shown on English documents only.
    let why = if l == DocumentLanguage::En { invoice.why.as_str() } else { "" };
    for line in page.wrap(Weight::Regular, 8.0, 130.0, why).iter().filter(|line| !line.is_empty()) {
        page.text(LEFT + 2.0, y, 8.0, Weight::Regular, Align::Left, line);
        y += 4.0;
    }
    page.fill_rgb(0.0, 0.0, 0.0);
    y += 4.0;
    page.stroke_rgb(0.7, 0.7, 0.7).line(LEFT, y, RIGHT, y, 0.3);
    y += 7.0;

    let totals = [
        (l.pick("Total", "Total"), invoice.amount_cents, false),
        (l.pick("Paid", "Déjà réglé"), invoice.paid_cents, false),
        (l.pick("Balance due", "Reste à payer"), invoice.balance_cents, true),
    ];
    for (label, cents, strong) in totals {
        if !strong && label == l.pick("Paid", "Déjà réglé") && cents == 0 {
            continue;
        }
        let weight = if strong { Weight::Bold } else { Weight::Regular };
        page.text(RIGHT - 45.0, y, 10.0, weight, Align::Right, label);
        page.text(RIGHT - 2.0, y, 10.0, weight, Align::Right, &l.euros(cents));
        y += 6.0;
    }

    // How to pay.
    y += 10.0;
    payment_box(&mut page, y, association, invoice, l);

    if !association.invoice_note.is_empty() {
        page.fill_rgb(0.35, 0.35, 0.35);
        let mut fy = 280.0 - 4.0 * page.wrap(Weight::Regular, 8.0, RIGHT - LEFT, &association.invoice_note).len() as f32;
        for line in page.wrap(Weight::Regular, 8.0, RIGHT - LEFT, &association.invoice_note) {
            page.text(105.0, fy, 8.0, Weight::Regular, Align::Center, &line);
            fy += 4.0;
        }
    }
    doc.finish().map_err(|error| CoreError::Document(error.to_string()))
}

fn payment_box(page: &mut Canvas<'_>, y: f32, association: &AssociationDetails, invoice: &Invoice, l: DocumentLanguage) {
    let number = invoice.shown_number();
    let rows = [
        (l.pick("Account holder", "Titulaire du compte"), association.account_holder.clone()),
        (l.pick("Bank", "Banque"), association.bank_name.clone()),
        ("IBAN", association.iban_grouped()),
        ("BIC", association.bic.clone()),
        (l.pick("Reference", "Référence"), number.to_string()),
    ];
    let shown: Vec<_> = rows.into_iter().filter(|(_, value)| !value.is_empty()).collect();
    let height = 14.0 + 5.5 * shown.len() as f32;
    page.stroke_rgb(0.11, 0.27, 0.53).rect(LEFT, y, RIGHT - LEFT, height, Paint::Stroke(0.4));
    page.fill_rgb(0.11, 0.27, 0.53);
    let heading = format!(
        "{} {} {} {}",
        l.pick("Please transfer", "Merci de virer"),
        l.euros(invoice.balance_cents),
        l.pick("by", "avant le"),
        l.date(&invoice.due_on),
    );
    page.text(LEFT + 4.0, y + 7.0, 10.0, Weight::Bold, Align::Left, &heading);
    page.fill_rgb(0.0, 0.0, 0.0);
    let mut row_y = y + 13.5;
    for (label, value) in shown {
        page.text(LEFT + 4.0, row_y, 9.0, Weight::Regular, Align::Left, label);
        let (size, value) = page.fit(Weight::Bold, 9.0, 6.5, RIGHT - LEFT - 49.0, &value);
        page.text(LEFT + 45.0, row_y, size, Weight::Bold, Align::Left, &value);
        row_y += 5.5;
    }
}

/// The band as the invoice names it ("flat fee" is the only label with words in it).
fn band_text(l: DocumentLanguage, band: &str) -> String {
    match band {
        "flat fee" => l.pick("flat fee", "forfait").to_string(),
        "unknown band" => l.pick("unknown band", "tranche inconnue").to_string(),
        other => format!("{} {}", l.pick("population band", "tranche de population"), other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::association::AssociationDetails;
    use crate::dues::PaymentInput;
    use crate::pdf::tests::pdf_text;
    use crate::test_support::organisation;

    fn store_with_invoice() -> (Store, Invoice) {
        let mut store = Store::open_in_memory().expect("store");
        let mut input = organisation("Constanța", "RO");
        input.population = Some(263_688);
        input.population_year = Some(2021);
        input.address = "Bulevardul Tomis 51\n900725 Constanța".into();
        input.category = crate::model::MembershipCategory::Full;
        input.status = crate::model::MembershipStatus::Active;
        store.create_organisation(&input).expect("member");
        let outcome = store.issue_dues_run(2027, "2027-01-15").expect("dues run");
        (store, outcome.issued[0].clone())
    }

    fn details() -> AssociationDetails {
        AssociationDetails {
            name: "Les Rencontres — Association of European Cities and Regions for Culture".into(),
            address: "2 rue de la Culture\n75001 Paris".into(),
            email: "secretariat@example.org".into(),
            iban: "FR76 3000 6000 0112 3456 7890 189".into(),
            bic: "BNPAFRPP".into(),
            bank_name: "BNP Paribas".into(),
            invoice_note: "Membership dues are not subject to VAT (art. 261-7-1° CGI).".into(),
            ..AssociationDetails::default()
        }
    }

    #[test]
    fn an_invoice_is_refused_until_the_bank_details_are_set() {
        let (store, invoice) = store_with_invoice();
        match store.invoice_pdf(&invoice.id, DocumentLanguage::En) {
            Err(CoreError::Validation { field, .. }) => assert_eq!(field, "association.name"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn the_invoice_pdf_carries_the_number_member_amount_and_bank_details() {
        let (store, invoice) = store_with_invoice();
        store.set_association_details(&details()).expect("settings");
        let pdf = store.invoice_pdf(&invoice.id, DocumentLanguage::En).expect("renders");
        assert_eq!(pdf.file_name, format!("Invoice {} Constanța.pdf", invoice.shown_number()));
        let text = pdf_text(&pdf.bytes);
        for expected in [
            "Invoice",
            invoice.shown_number(),
            "Constanța",
            "Bulevardul Tomis 51",
            "Romania",
            "Membership dues 2027",
            &DocumentLanguage::En.euros(invoice.amount_cents),
            "FR76 3000 6000 0112 3456 7890 189",
            "BNPAFRPP",
            "14 February 2027",
            "not subject to VAT",
        ] {
            assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
        }
    }

    #[test]
    fn a_french_reminder_shows_what_is_left_after_a_partial_payment() {
        let (mut store, invoice) = store_with_invoice();
        store.set_association_details(&details()).expect("settings");
        store
            .record_payment(&PaymentInput {
                invoice_id: invoice.id.clone(),
                paid_on: "2027-02-01".into(),
                amount_cents: 20_000,
                method: "transfer".into(),
                reference: String::new(),
            })
            .expect("payment");
        let pdf = store.reminder_pdf(&invoice.id, DocumentLanguage::Fr).expect("renders");
        if let Some(dir) = std::env::var_os("RENCONTRES_KEEP_PDF") {
            std::fs::write(std::path::Path::new(&dir).join("reminder.pdf"), &pdf.bytes).expect("kept");
        }
        assert!(pdf.file_name.starts_with("Relance "));
        // pdftotext gives the narrow no-break space of French thousands as a plain space.
        let text = pdf_text(&pdf.bytes).replace('\u{202f}', " ");
        let left = DocumentLanguage::Fr.euros(invoice.amount_cents - 20_000).replace('\u{202f}', " ");
        assert!(text.contains("Relance de paiement"), "{text}");
        assert!(text.contains("Reste à payer") && text.contains(&left), "{left} missing in:\n{text}");
        assert!(text.contains("Déjà réglé") && text.contains("200,00 €"), "{text}");
        assert!(text.contains("échéance") || text.contains("Échéance"), "{text}");
    }

    #[test]
    fn no_reminder_for_an_invoice_paid_in_full() {
        let (mut store, invoice) = store_with_invoice();
        store.set_association_details(&details()).expect("settings");
        store
            .record_payment(&PaymentInput {
                invoice_id: invoice.id.clone(),
                paid_on: "2027-02-01".into(),
                amount_cents: invoice.amount_cents,
                method: "transfer".into(),
                reference: String::new(),
            })
            .expect("payment");
        assert!(matches!(store.reminder_pdf(&invoice.id, DocumentLanguage::En), Err(CoreError::Validation { .. })));
    }
}
