//! A membership application in the real app, from its arrival to the new member: record it
//! with an attached file (the open dialog's answer comes from `RENCONTRES_TEST_OPEN_FILE`),
//! assign a committee member, review it as that member (a submit with a criterion left blank
//! is refused; the submitted review is final), approve it, save the decision letter (the save
//! dialog's answer comes from `RENCONTRES_TEST_SAVE_FILE`) and find the new member in the
//! members list.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn an_application_is_recorded_reviewed_approved_and_its_member_appears_in_the_members_list() {
    let files = tempfile::tempdir().expect("temp dir");
    let dossier = files.path().join("Tartu dossier.pdf");
    std::fs::write(&dossier, b"%PDF-1.4 the motivation dossier of Tartu").expect("write the dossier");
    let letter = files.path().join("letter.txt");
    let app = App::start_with_env(&[
        ("RENCONTRES_TEST_OPEN_FILE", dossier.to_str().expect("utf-8 path")),
        ("RENCONTRES_TEST_SAVE_FILE", letter.to_str().expect("utf-8 path")),
    ])
    .await;
    app.click("load-demo").await;
    app.wait_texts("member-row", "the demo members", |rows| rows.len() > 10).await;

    // A committee member to review: a demo contact seated today.
    app.click("nav-committee").await;
    app.click("new-seat").await;
    app.click("field-person_id").await;
    app.wait_texts("person-option", "contacts offered", |options| !options.is_empty()).await;
    app.click("person-option").await;
    let reviewer = app.value_of("field-person_id").await;
    app.click("save-seat").await;
    app.wait_texts("seat-row", "the new seat", |rows| rows.len() == 1).await;

    // The application arrives (from Estonia: no demo reviewer shares its country).
    app.click("nav-applications").await;
    app.find("applications-empty").await;
    app.click("new-application").await;
    app.click("save-application").await;
    app.find("error-organisation_name").await;
    app.fill("field-organisation_name", "Tartu").await;
    app.choose("field-country", "EE").await;
    app.fill("field-population", "97 000").await;
    app.fill("field-contact_first_name", "Kadri").await;
    app.fill("field-contact_last_name", "Tamm").await;
    app.fill("field-contact_email", "kultuur@tartu.ee").await;
    app.fill("field-motivation", "Tartu wants to share its cultural policy with European cities.").await;
    app.click("add-attachment").await;
    let attached = app.wait_texts("attachment-row", "the dossier attached", |rows| rows.len() == 1).await;
    assert!(attached[0].contains("Tartu dossier.pdf"), "{attached:?}");
    app.click("save-application").await;
    app.wait_texts("application-title", "the saved application", |s| s == ["Tartu"]).await;
    app.wait_texts("detail-status", "received", |s| s == ["Received"]).await;
    let kept: Vec<_> = std::fs::read_dir(app.db.parent().expect("folder").join("attachments")).expect("attachments kept").collect();
    assert_eq!(kept.len(), 1, "the file is kept once, under its SHA-256");

    // Assigned by hand.
    app.click("assign-reviewer").await;
    let assigned = app.wait_texts("assigned-reviewer", "the reviewer assigned", |rows| rows.len() == 1).await;
    assert!(assigned[0].contains(&reviewer), "{assigned:?} names {reviewer}");
    app.wait_texts("detail-status", "under review", |s| s.first().is_some_and(|s| s == "Under review")).await;

    // The secretariat acts as that committee member in "My reviews".
    app.click("back-to-applications").await;
    app.click("tab-inbox").await;
    app.find("acting-seat").await.select_by_index(1).await.expect("pick the reviewer");
    let inbox = app.wait_texts("inbox-row", "Tartu in the inbox", |rows| rows.len() == 1).await;
    assert!(inbox[0].contains("Tartu") && inbox[0].contains("Not started"), "{inbox:?}");
    app.click("open-review").await;
    app.choose("score-0", "4").await;
    app.fill("field-comment", "Strong local policy").await;
    app.click("save-draft").await;
    app.click("submit-review").await;
    app.click("confirm-submit").await;
    let refused = app.text_of("error-scores").await;
    assert!(refused.contains("before submitting"), "a blank criterion stops the submit: {refused}");
    app.choose("score-1", "5").await;
    app.choose("score-2", "3").await;
    app.choose("field-recommendation", "approve").await;
    app.click("submit-review").await;
    app.click("confirm-submit").await;
    let line = app.text_of("submitted-line").await;
    assert!(line.contains("final"), "{line}");
    app.click("back-from-review").await;
    app.wait_texts("inbox-review-status", "the review submitted", |s| s == ["Submitted"]).await;

    // The secretariat decides: approval makes the member.
    app.click("tab-applications").await;
    app.click("open-application").await;
    app.wait_texts("decision-counts", "the summary", |s| s.first().is_some_and(|s| s.contains("1 of 1 reviews submitted"))).await;
    app.wait_texts("overall-mean", "the mean of the scores", |s| s == ["4.0"]).await;
    app.choose("field-outcome", "approved").await;
    app.fill("field-note", "Welcome to the network.").await;
    app.click("decide").await;
    app.wait_texts("decision-line", "the decision", |s| s.first().is_some_and(|s| s.starts_with("Approved on"))).await;
    let timeline = app.texts("timeline-entry").await;
    assert!(timeline.iter().any(|e| e.contains("Review submitted by")), "{timeline:?}");
    assert!(timeline.last().is_some_and(|e| e.contains("Approved")), "{timeline:?}");
    app.click("letter-en").await;
    let started = std::time::Instant::now();
    while !letter.exists() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let text = std::fs::read_to_string(&letter).expect("the letter is saved");
    assert!(text.contains("approved the application of Tartu") && text.contains("Welcome to the network."), "{text}");

    // The new member, active, in the members list.
    app.click("nav-members").await;
    app.fill("search", "Tartu").await;
    let rows = app.wait_texts("member-row", "the new member found", |rows| rows.len() == 1 && rows[0].contains("Tartu")).await;
    assert!(rows[0].contains("Active"), "{rows:?}");
    app.quit().await;
}
