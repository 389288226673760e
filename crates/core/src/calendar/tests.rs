//! The .ics checked by its own rules (CRLF, 75-octet lines) and read back by an independent
//! parser: python3-icalendar (Debian), installed by `scripts/setup.sh test`.

use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn local(y: i32, m: u32, d: u32, h: u32, min: u32, tzid: &str) -> When {
    When::Local { at: date(y, m, d).and_hms_opt(h, min, 0).expect("valid time"), tzid: tzid.to_string() }
}

const LONG: &str = "Table ronde : comment les villes européennes soutiennent-elles la création \
chorégraphique contemporaine ; résidences, coproductions, festivals, et la place des artistes \
dans l'espace public — avec des exemples de Constanța, Łódź et Győr.\nSecond paragraph, \\ included.";

fn assembly() -> CalendarEvent {
    CalendarEvent {
        id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into(),
        title: "Assemblée générale et conférence, Oulu 2026".into(),
        description: LONG.into(),
        location: "Oulun kaupungintalo, Oulu, Finland".into(),
        start: When::Date(date(2026, 6, 11)),
        end: When::Date(date(2026, 6, 13)),
        cancelled: false,
        sessions: vec![
            CalendarSession {
                id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60".into(),
                title: "Ouverture; mot du président, bienvenue".into(),
                description: String::new(),
                room: "Salle Łódź".into(),
                speakers: vec!["Ioana Țepeș".into(), "Gábor Kővári".into()],
                start: local(2026, 6, 11, 9, 30, "Europe/Helsinki"),
                end: local(2026, 6, 11, 10, 15, "Europe/Helsinki"),
            },
            CalendarSession {
                id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a61".into(),
                title: "Online debrief".into(),
                description: "By video call.".into(),
                room: String::new(),
                speakers: vec![],
                start: When::Utc(Utc.with_ymd_and_hms(2026, 6, 20, 14, 0, 0).single().expect("valid")),
                end: When::Utc(Utc.with_ymd_and_hms(2026, 6, 20, 15, 0, 0).single().expect("valid")),
            },
        ],
    }
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 30, 0).single().expect("valid")
}

#[test]
fn every_line_ends_with_crlf_and_fits_in_75_octets() {
    let ics = to_ics("Rencontres", &[assembly()], stamp()).expect("writes");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "a bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    // The long description was folded, and unfolding gives back the escaped text.
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("DESCRIPTION:Table ronde : comment"), "{unfolded}");
    assert!(unfolded.contains("chorégraphique contemporaine \\; résidences\\, coproductions"), "{unfolded}");
    assert!(unfolded.contains("Győr.\\nSecond paragraph\\, \\\\ included."));
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20260611\r\nDTEND;VALUE=DATE:20260614"), "all-day end is exclusive");
    assert!(unfolded.contains("DTSTART;TZID=Europe/Helsinki:20260611T093000"));
    assert!(unfolded.contains("DTSTART:20260620T140000Z"));
    assert!(unfolded.contains("DTSTAMP:20261125T043000Z"));
}

#[test]
fn helsinki_gets_a_timezone_with_its_summer_and_winter_rules() {
    let ics = to_ics("Rencontres", &[assembly()], stamp()).expect("writes");
    let zone = ics.split("BEGIN:VTIMEZONE\r\n").nth(1).and_then(|z| z.split("END:VTIMEZONE").next()).expect("a VTIMEZONE");
    assert!(zone.starts_with("TZID:Europe/Helsinki\r\n"));
    assert!(zone.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300"), "{zone}");
    assert!(zone.contains("BEGIN:STANDARD\r\nDTSTART:20261025T040000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200"), "{zone}");
}

/// The parser reports every VEVENT as one JSON object per line.
const READER: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps({"name": str(cal.get('X-WR-CALNAME')), "zones": [str(z.get('TZID')) for z in cal.walk('VTIMEZONE')]}, ensure_ascii=False))
for e in cal.walk('VEVENT'):
    start, end = e.decoded('DTSTART'), e.decoded('DTEND')
    zone = lambda d: (getattr(getattr(d, 'tzinfo', None), 'zone', None) or str(getattr(d, 'tzinfo', None)))
    print(json.dumps({
        "uid": str(e.get('UID')), "summary": str(e.get('SUMMARY')),
        "location": str(e.get('LOCATION', '')), "description": str(e.get('DESCRIPTION', '')),
        "start": start.isoformat(), "end": end.isoformat(), "start_zone": zone(start),
        "utc_start": start.astimezone(__import__('datetime').timezone.utc).isoformat() if hasattr(start, 'hour') else None,
    }, ensure_ascii=False))
"#;

fn python_with_icalendar() -> String {
    // Debian's python3-icalendar is installed for the system interpreter, which another Python
    // earlier on PATH (pyenv, conda) may hide.
    for candidate in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(candidate).args(["-c", "import icalendar"]).status().map(|s| s.success()).unwrap_or(false);
        if ok {
            return candidate.to_string();
        }
    }
    panic!("no python3 with the icalendar module: install the Debian package python3-icalendar (scripts/setup.sh test)");
}

fn parse_independently(ics: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("events.ics");
    std::fs::write(&path, ics).expect("write ics");
    let output = Command::new(python_with_icalendar()).args(["-c", READER]).arg(&path).output().expect("python runs");
    assert!(output.status.success(), "icalendar failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("json line"))
        .collect()
}

#[test]
fn an_independent_parser_reads_back_titles_accents_long_lines_and_times() {
    let event = assembly();
    let ics = to_ics("Rencontres — Programme 2026", std::slice::from_ref(&event), stamp()).expect("writes");
    let parsed = parse_independently(&ics);
    assert_eq!(parsed[0]["name"], "Rencontres — Programme 2026");
    assert_eq!(parsed[0]["zones"], serde_json::json!(["Europe/Helsinki"]));
    let events = &parsed[1..];
    assert_eq!(events.len(), 3);

    assert_eq!(events[0]["uid"], format!("{}@rencontres", event.id));
    assert_eq!(events[0]["summary"], "Assemblée générale et conférence, Oulu 2026");
    assert_eq!(events[0]["location"], "Oulun kaupungintalo, Oulu, Finland");
    assert_eq!(events[0]["description"], LONG);
    assert_eq!(events[0]["start"], "2026-06-11");
    assert_eq!(events[0]["end"], "2026-06-14");

    assert_eq!(events[1]["summary"], "Ouverture; mot du président, bienvenue — Assemblée générale et conférence, Oulu 2026");
    assert_eq!(events[1]["location"], "Salle Łódź, Oulun kaupungintalo, Oulu, Finland");
    assert_eq!(events[1]["description"], "Speakers: Ioana Țepeș, Gábor Kővári");
    assert_eq!(events[1]["start"], "2026-06-11T09:30:00+03:00");
    assert_eq!(events[1]["start_zone"], "Europe/Helsinki");
    assert_eq!(events[1]["utc_start"], "2026-06-11T06:30:00+00:00");

    assert_eq!(events[2]["start"], "2026-06-20T14:00:00+00:00");
    assert_eq!(events[2]["end"], "2026-06-20T15:00:00+00:00");
    assert_eq!(events[2]["description"], "By video call.");
}

#[test]
fn a_session_ending_before_it_starts_is_refused_naming_the_field() {
    let mut event = assembly();
    event.sessions[0].end = local(2026, 6, 11, 9, 0, "Europe/Helsinki");
    match to_ics("R", &[event], stamp()) {
        Err(CoreError::Validation { field, message }) => {
            assert_eq!(field, "events[0].sessions[0].end");
            assert!(message.contains("ends before it starts"), "{message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn an_unknown_time_zone_is_refused_naming_the_field() {
    let mut event = assembly();
    event.sessions[1].start = local(2026, 6, 20, 14, 0, "Europe/Atlantis");
    event.sessions[1].end = local(2026, 6, 20, 15, 0, "Europe/Atlantis");
    match to_ics("R", &[event], stamp()) {
        Err(CoreError::Validation { field, .. }) => assert_eq!(field, "events[0].sessions[1].start"),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn folding_never_splits_a_multibyte_character() {
    let mut event = assembly();
    event.title = "ő".repeat(100);
    let ics = to_ics("R", &[event], stamp()).expect("writes");
    // Every physical line is valid UTF-8 on its own (no character cut in two).
    for line in ics.as_bytes().split(|b| *b == b'\n') {
        assert!(std::str::from_utf8(line).is_ok());
        assert!(line.len() <= 76, "with its CR");
    }
    assert!(ics.replace("\r\n ", "").contains(&format!("SUMMARY:{}", "ő".repeat(100))));
}
