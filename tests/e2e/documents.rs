//! Documents in the real app: the association's bank details entered in Settings (a mistyped
//! IBAN refused next to its field), an invoice saved as PDF from the invoices list (the save
//! dialog answered by `RENCONTRES_TEST_SAVE_FILE`) and read back by poppler's `pdftotext`; a
//! contact's personal data exported (JSON + HTML) and the contact erased.

use crate::harness::{App, PATIENCE};

async fn wait_for_file(path: &std::path::Path) {
    let started = std::time::Instant::now();
    while !path.is_file() {
        assert!(started.elapsed() < PATIENCE, "{} was not written", path.display());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Let the writer finish.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn an_invoice_is_saved_as_pdf_with_the_bank_details_from_settings() {
    let out = tempfile::tempdir().expect("temp dir");
    let pdf = out.path().join("invoice.pdf");
    let app = App::start_with_env(&[("RENCONTRES_TEST_SAVE_FILE", pdf.to_str().expect("utf-8 path"))]).await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("nav-settings").await;
    app.fill("association-name", "Les Rencontres").await;
    app.fill("association-iban", "FR76 3000 6000 0112 3456 7890 188").await;
    app.click("association-save").await;
    let error = app.text_of("error-iban").await;
    assert!(error.contains("check digits"), "{error}");
    app.fill("association-iban", "FR76 3000 6000 0112 3456 7890 189").await;
    app.fill("association-bic", "BNPAFRPP").await;
    app.click("association-save").await;
    let started = std::time::Instant::now();
    while app.value_of("association-iban").await != "FR7630006000011234567890189" {
        assert!(started.elapsed() < PATIENCE, "the IBAN was not saved");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    app.click("nav-dues").await;
    app.wait_texts("dues-line", "the dues run preview", |lines| lines.iter().any(|l| l.contains("Porto"))).await;
    app.click("issue-dues").await;
    app.click("confirm-issue").await;
    app.wait_texts("invoice-row", "the issued invoices", |rows| rows.len() > 10).await;
    app.fill("invoice-filter", "porto").await;
    let row = app.wait_texts("invoice-row", "Porto's invoice", |rows| rows.len() == 1).await;
    app.click("invoice-pdf").await;
    wait_for_file(&pdf).await;

    let output = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&output.stdout);
    // The row's cells come without separators: the number is its leading digits and dashes.
    let number: String = row[0].chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    let number = number.as_str();
    assert!(number.len() >= 9, "an invoice number in {row:?}");
    for expected in [number, "Porto", "Les Rencontres", "FR76 3000 6000 0112 3456 7890 189", "BNPAFRPP"] {
        assert!(text.contains(expected), "{expected:?} missing in the PDF:\n{text}");
    }
    app.quit().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_contacts_personal_data_is_exported_then_the_contact_is_erased() {
    let out = tempfile::tempdir().expect("temp dir");
    let json = out.path().join("export.json");
    let app = App::start_with_env(&[("RENCONTRES_TEST_SAVE_FILE", json.to_str().expect("utf-8 path"))]).await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("nav-contacts").await;
    let rows = app.wait_texts("contact-row", "the demo contacts", |rows| rows.len() > 10).await;
    let first_name = rows[0].split_whitespace().next().expect("a name").to_string();
    app.click("contact-row").await;
    app.click("export-person-data").await;
    wait_for_file(&json).await;
    let exported: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let last_name = exported["person"]["last_name"].as_str().expect("a last name").to_string();
    // Demo names can repeat across towns: the e-mail tells this contact apart.
    let email = exported["person"]["emails"][0].as_str().expect("an e-mail").to_string();
    let html = std::fs::read_to_string(json.with_extension("html")).expect("the HTML beside the JSON");
    assert!(html.contains(&last_name), "the readable page names the person");
    assert!(rows[0].contains(&last_name) || rows[0].contains(&first_name), "{rows:?} / {last_name}");

    app.click("erase-person").await;
    app.click("confirm-erase").await;
    let toast = app
        .wait_texts("toast", "the erasure's answer", |t| t.iter().any(|x| x.contains("erased") || x.contains("could not")))
        .await;
    assert!(toast.iter().any(|x| x.contains("The person was erased")), "{toast:?}");
    app.wait_texts("contact-row", "the contacts list again", |rows| !rows.is_empty()).await;
    app.fill("search", &last_name).await;
    let started = std::time::Instant::now();
    loop {
        let left = app.texts("contact-row").await;
        if left.iter().all(|row| !row.contains(&email)) {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "the erased contact is still listed: {left:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.quit().await;
}
