//! Dues in the real app: issue the current year's invoices from the demo data, record a full
//! payment for Porto's invoice, and see Porto in good standing on its member page.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn dues_are_issued_for_a_year_a_payment_is_recorded_and_the_member_is_in_good_standing() {
    let app = App::start().await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    app.click("nav-dues").await;
    app.wait_texts("dues-line", "the dues run preview", |lines| lines.iter().any(|l| l.contains("Porto"))).await;
    app.click("issue-dues").await;
    app.click("confirm-issue").await;
    let rows = app.wait_texts("invoice-row", "the issued invoices", |rows| rows.len() > 10).await;
    let issued = rows.len();

    // Running it again issues nothing twice: the button is disabled once everyone is invoiced.
    assert!(app.find("issue-dues").await.attr("disabled").await.ok().flatten().is_some(), "nothing left to issue");

    app.fill("invoice-filter", "porto").await;
    let porto = app
        .wait_texts("invoice-row", "Porto's invoice alone", |rows| rows.len() == 1 && rows[0].contains("Porto"))
        .await;
    assert!(porto[0].contains('€'), "the row shows the amount: {porto:?}");

    app.click("record-payment").await;
    let due = app.value_of("payment-amount").await;
    assert!(!due.is_empty() && due != "0", "the dialog offers what is due: {due:?}");
    // Over-paying is refused next to the amount.
    app.fill("payment-amount", "999999").await;
    app.click("payment-save").await;
    app.find("error-amount_cents").await;
    app.fill("payment-amount", &due).await;
    app.fill("payment-reference", "SEPA 2026-0042").await;
    app.click("payment-save").await;
    app.wait_texts("invoice-state", "Porto's invoice paid", |states| states.len() == 1 && states[0] == "Paid").await;
    app.wait_texts("invoice-balance", "nothing left on Porto's invoice", |b| b.len() == 1 && b[0].trim_start_matches('€') == "0")
        .await;

    // A blank filter shows every invoice (`fill` with "" types nothing, so no input event).
    app.fill("invoice-filter", " ").await;
    app.wait_texts("invoice-row", "every invoice again", |rows| rows.len() == issued).await;

    app.click("nav-members").await;
    app.fill("search", "porto").await;
    app.wait_texts("member-row", "Porto in the list", |rows| rows.len() == 1 && rows[0].contains("Porto")).await;
    app.click("member-row").await;
    app.wait_texts("good-standing", "Porto in good standing", |texts| texts.len() == 1 && texts[0] == "In good standing").await;
    let fee = app.text_of("member-fee").await;
    assert!(fee.contains('€') && fee.contains("252"), "the fee says why: {fee}");
    app.quit().await;
}
