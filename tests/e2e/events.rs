//! Events and the door in the real app: create an event from a suggestion, open its
//! registration, register someone, then at the door type their badge code + Enter (green),
//! again (amber: already checked in on this laptop), an unknown code (red), and register a
//! walk-in who is checked in at once; the counters follow. The attendee list exports as CSV.

use crate::harness::App;

/// What a USB scanner sends after the code: the WebDriver key for Enter.
const ENTER: char = '\u{E007}';

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_badge_typed_at_the_door_is_green_then_amber_an_unknown_code_red_and_a_walk_in_green() {
    let files = tempfile::tempdir().expect("a folder for the export");
    let export = files.path().join("attendees.csv");
    let app = App::start_with_env(&[("RENCONTRES_TEST_SAVE_FILE", &export.display().to_string())]).await;
    app.click("skip-demo").await;

    app.click("nav-events").await;
    app.find("no-events").await;
    app.wait_texts("use-suggestion", "the year's suggestions", |buttons| buttons.len() >= 2).await;
    app.click("use-suggestion").await;
    let title = app.value_of("field-title").await;
    assert!(title.starts_with("General Assembly and Conference"), "the first suggestion is the General Assembly: {title}");
    app.choose("field-status", "open").await;
    app.click("save-event").await;
    app.wait_texts("event-status", "the new event's page", |s| s.len() == 1 && s[0] == "Registration open").await;

    // Register someone new (not kept as a contact): a snapshot on the registration.
    app.click("register").await;
    app.click("mode-new").await;
    app.click("keep-contact").await;
    app.fill("field-first_name", "Ana").await;
    app.fill("field-last_name", "Silva").await;
    app.fill("field-organisation_name", "Teatro Aberto").await;
    app.click("save-register").await;
    let codes = app.wait_texts("badge-code", "the registration's badge code", |codes| codes.len() == 1).await;
    let code = codes[0].clone();
    assert_eq!(code.len(), 20, "a 20-character badge code: {code}");

    // She speaks: the tier is set by hand, and a reason is required.
    app.click("edit-registration").await;
    app.choose("edit-tier", "speaker").await;
    app.click("save-registration").await;
    app.find("error-tier_reason").await;
    app.fill("edit-tier_reason", "keynote on cultural participation").await;
    app.click("save-registration").await;
    app.wait_texts("registration-row", "Ana as a speaker", |rows| rows.len() == 1 && rows[0].contains("Speaker (free)")).await;

    // The attendee list, as the save dialog would have written it.
    app.click("export-attendees-csv").await;
    let started = std::time::Instant::now();
    while !export.exists() && started.elapsed() < crate::harness::PATIENCE {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let csv = std::fs::read_to_string(&export).expect("the attendee list was written");
    assert!(csv.contains("Silva,Ana,") && csv.contains(&code), "{csv}");

    app.click("open-door").await;
    app.find("door-code").await;
    // The scanner types into the focused box: no click needed.
    let focused = app.client.active_element().await.expect("focus");
    assert_eq!(focused.attr("data-testid").await.ok().flatten().as_deref(), Some("door-code"), "the code box has the focus");

    focused.send_keys(&format!("{code}{ENTER}")).await.expect("scan");
    app.wait_texts("door-answer-headline", "a green answer", |h| h == ["WELCOME"]).await;
    assert_eq!(app.text_of("door-answer-name").await, "Ana Silva");
    assert_eq!(app.find("door-answer").await.attr("data-tone").await.ok().flatten().as_deref(), Some("green"));
    assert_eq!(app.texts("door-note").await, vec!["Speaker".to_string()], "the door is told she speaks");
    app.wait_texts("door-present", "one present", |p| p == ["1"]).await;

    app.fill("door-code", &format!("{}{ENTER}", code.to_lowercase())).await;
    app.wait_texts("door-answer-headline", "an amber answer", |h| h == ["ALREADY CHECKED IN"]).await;
    let when = app.text_of("door-amber-when").await;
    assert!(when.starts_with("at ") && when.contains(" on “Laptop "), "when and where: {when}");

    app.fill("door-code", &format!("NOSUCHBADGE{ENTER}")).await;
    app.wait_texts("door-answer-headline", "a red answer", |h| h == ["NOT ADMITTED"]).await;
    assert_eq!(app.text_of("door-red-reason").await, "Unknown badge code");

    // A walk-in from the door: registered and checked in at once.
    app.click("walk-in").await;
    app.fill("field-first_name", "Wanda").await;
    app.fill("field-last_name", "Walker").await;
    app.click("save-register").await;
    app.wait_texts("door-answer-headline", "a green answer for the walk-in", |h| h == ["WELCOME"]).await;
    assert_eq!(app.text_of("door-answer-name").await, "Wanda Walker");
    app.wait_texts("door-note", "the walk-in note", |notes| notes.iter().any(|n| n == "Walk-in")).await;
    app.wait_texts("door-present", "two present", |p| p == ["2"]).await;
    app.wait_texts("door-registered", "two registered", |r| r == ["2"]).await;

    // Undo takes back the walk-in's check-in; the counters follow.
    app.click("undo-check-in").await;
    app.find("door-undone").await;
    app.wait_texts("door-present", "one present after the undo", |p| p == ["1"]).await;
    app.quit().await;
}
