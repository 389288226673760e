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
    let import = files.path().join("registrations.csv");
    let app = App::start_with_env(&[
        ("RENCONTRES_TEST_SAVE_FILE", &export.display().to_string()),
        ("RENCONTRES_TEST_OPEN_FILE", &import.display().to_string()),
    ])
    .await;
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

    // A programme session (its time defaults to the first day, 09:00–10:00).
    app.fill("session-title", "Opening plenary").await;
    app.click("add-session").await;
    app.wait_texts("session-row", "the session in the programme", |rows| rows.len() == 1 && rows[0].contains("Opening plenary")).await;

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

    // The same laptop at the session's door: Ana is let into the session, which is not the entrance.
    app.find("door-where").await.select_by_index(1).await.expect("choose the session");
    app.fill("door-code", &format!("{code}{ENTER}")).await;
    app.wait_texts("door-answer-headline", "a green answer at the session", |h| h == ["WELCOME"]).await;
    app.wait_texts("door-session-present", "one in the session", |p| p == ["1 in this session"]).await;
    app.fill("door-code", &format!("{code}{ENTER}")).await;
    app.wait_texts("door-answer-headline", "amber at the session", |h| h == ["ALREADY CHECKED IN"]).await;
    app.choose("door-where", "").await;
    app.wait_texts("door-present", "still one present at the entrance", |p| p == ["1"]).await;

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

    // Her badge is printed at the door: one A6 page through the save dialog.
    std::fs::remove_file(&export).expect("the earlier export goes");
    app.click("door-print-badge").await;
    let badge = wait_for_file(&export).await;
    assert!(badge.starts_with(b"%PDF-"), "a PDF");

    // Undo takes back the walk-in's check-in; the counters follow.
    app.click("undo-check-in").await;
    app.find("door-undone").await;
    app.wait_texts("door-present", "one present after the undo", |p| p == ["1"]).await;

    // Back on the event page: the attendance figures agree with the door.
    app.click("door-back").await;
    let line = app.wait_texts("statistics-line", "the attendance figures", |l| l.len() == 1).await;
    assert!(line[0].starts_with("2 registered, 1 present"), "{line:?}");

    // Registrations from a CSV file: a wrong row refuses the whole file, naming its line.
    std::fs::write(&import, "Prénom;Nom;Organisation;Pays\nLuca;Rossi;Comune di Bologna;IT\nEva;;Ljubljana;SI\n").expect("csv");
    app.click("import-registrations").await;
    let error = app.wait_texts("registrations-error", "the refused file", |e| e.len() == 1).await;
    assert!(error[0].contains("Line 3"), "{error:?}");
    std::fs::write(&import, "Prénom;Nom;Organisation;Pays\nLuca;Rossi;Comune di Bologna;IT\nEva;Novak;Ljubljana;Slovenia\n").expect("csv");
    app.click("import-registrations").await;
    app.wait_texts("statistics-line", "the imported people counted", |l| l.len() == 1 && l[0].starts_with("4 registered")).await;

    // Everyone's badges, four per A4 sheet, and the event with its programme for calendar apps.
    std::fs::remove_file(&export).expect("the badge goes");
    app.click("badges-a4").await;
    let sheets = wait_for_file(&export).await;
    assert!(sheets.starts_with(b"%PDF-") && sheets.len() > badge.len(), "a PDF of four badges is larger than one badge's");
    std::fs::remove_file(&export).expect("the sheets go");
    app.click("export-attendees-pdf").await;
    assert!(wait_for_file(&export).await.starts_with(b"%PDF-"), "the printable attendee list");
    std::fs::remove_file(&export).expect("the list goes");
    app.click("event-calendar").await;
    let ics = String::from_utf8(wait_for_file(&export).await).expect("text");
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("SUMMARY:Opening plenary"), "{ics}");

    // Two badges scanned back to back, the second typed before the first is answered: a
    // scanner does not wait, and neither scan is lost. Only Ana is in (Wanda's was undone).
    let codes = app.wait_texts("badge-code", "four badge codes", |c| c.len() == 4).await;
    let others: Vec<&String> = codes.iter().filter(|c| **c != code).collect();
    app.click("open-door").await;
    app.find("door-code").await;
    // Both codes are entered in one go of the page's event loop, as a fast scanner's keys
    // arrive while the first answer is on its way.
    let scan_twice = "const input = document.querySelector('[data-testid=\"door-code\"]');
        for (const code of arguments) {
          input.value = code;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.form.requestSubmit();
        }";
    app.client.execute(scan_twice, vec![serde_json::json!(others[0]), serde_json::json!(others[1])]).await.expect("two scans");
    app.wait_texts("door-present", "both let in", |p| p == ["3"]).await;
    app.quit().await;
}

/// The bytes of `path` once the app has written it.
async fn wait_for_file(path: &std::path::Path) -> Vec<u8> {
    let started = std::time::Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            if !bytes.is_empty() {
                return bytes;
            }
        }
        assert!(started.elapsed() < crate::harness::PATIENCE, "{} was not written", path.display());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Another laptop at the door, driven through core: signed in to the same server.
struct OtherDoor {
    store: rencontres_core::Store,
    transport: rencontres_core::sync::http::HttpTransport,
    _folder: tempfile::TempDir,
}

impl OtherDoor {
    fn new(url: &str) -> OtherDoor {
        use crate::server::{PASSWORD, USERNAME};
        let folder = tempfile::tempdir().expect("the other laptop's folder");
        let mut store = rencontres_core::Store::open(&folder.path().join("door1.sqlite3")).expect("its store");
        store.set_device_name("Door 1").expect("its name");
        let device = store.author().device.clone();
        let token = rencontres_core::sync::http::login(url, USERNAME, PASSWORD, &device).expect("it signs in").token;
        OtherDoor { store, transport: rencontres_core::sync::http::HttpTransport::new(url, &token), _folder: folder }
    }

    fn sync(&mut self) {
        self.store.sync(&self.transport).expect("the other laptop syncs");
    }
}

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn online_the_door_says_when_another_laptop_let_the_same_badge_in() {
    use rencontres_core::events::registrations::RegistrationRequest;
    use rencontres_core::events::{EventInput, EventKind, EventStatus};

    let server = crate::server::Server::start();
    let url = server.url.clone();
    // The other laptop makes the event and registers Ana, and the server has them.
    let (other, code) = tokio::task::spawn_blocking(move || {
        let mut other = OtherDoor::new(&url);
        let event = other
            .store
            .create_event(&EventInput {
                kind: EventKind::Thematic,
                title: "Photography meeting".into(),
                city: "Arles".into(),
                country: "FR".into(),
                venue: String::new(),
                starts_on: "2027-07-05".into(),
                ends_on: "2027-07-06".into(),
                capacity: None,
                status: EventStatus::Open,
                organisers: Vec::new(),
                notes: String::new(),
            })
            .expect("event");
        let ana = other
            .store
            .register(&RegistrationRequest {
                event_id: event.id.clone(),
                first_name: "Ana".into(),
                last_name: "Silva".into(),
                organisation_name: "Teatro Aberto".into(),
                ..Default::default()
            })
            .expect("registration");
        other.sync();
        (other, ana.badge_code)
    })
    .await
    .expect("the other laptop");

    let app = App::start().await;
    app.click("skip-demo").await;
    app.click("nav-sync").await;
    app.fill("sync-url", &server.url).await;
    app.fill("sync-username", crate::server::USERNAME).await;
    app.fill("sync-password", crate::server::PASSWORD).await;
    app.click("sync-connect").await;
    app.wait_texts("sync-state", "the laptop synced", |t| t.first().is_some_and(|t| t.contains("Synced"))).await;
    app.click("nav-events").await;
    app.click("event-link").await;
    app.click("open-door").await;
    app.find("door-code").await;

    // The other laptop lets Ana in and pushes at once; this laptop scans her badge right after.
    let mut other = other;
    let other = tokio::task::spawn_blocking(move || {
        let outcome = other.store.check_in(&other.store.events().expect("events")[0].id.clone(), &code, false).expect("scan");
        assert!(matches!(outcome, rencontres_core::events::checkins::CheckInOutcome::Green { .. }), "{outcome:?}");
        other.sync();
        (other, code)
    })
    .await
    .expect("the other laptop's scan");
    let (_other, code) = other;
    app.fill("door-code", &format!("{code}{ENTER}")).await;
    let entered = std::time::Instant::now();
    // Either this laptop had already pulled the scan (amber) or its own push's sync brings it
    // (green, then the echo): both name the other laptop.
    loop {
        let amber = app.texts("door-amber-when").await;
        let echo = app.texts("door-echo").await;
        if let Some(line) = amber.iter().chain(echo.iter()).find(|line| line.contains("Door 1")) {
            eprintln!("the door named the other laptop {:?} after Enter: {line}", entered.elapsed());
            break;
        }
        assert!(entered.elapsed() < crate::harness::PATIENCE, "the door never said Door 1 let Ana in: amber {amber:?}, echo {echo:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    app.quit().await;
}
