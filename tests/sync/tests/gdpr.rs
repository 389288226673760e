//! GDPR erasure through the real server: a person erased on one laptop is erased on every
//! laptop — record, history values, conflicts and search index — including one that had edits
//! of the person waiting to be sent (refused by the server, dropped by the laptop), and on a
//! laptop that syncs for the first time afterwards. Aggregates (dues, the committee seat, the
//! member's record) stay. The laptops' store files no longer hold the person's data.

use rencontres_core::committee::{SeatInput, SeatRole};
use rencontres_core::model::{EntityKind, PersonQuery};
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, contact, Laptop, TestServer};

const SECRETS: [&str; 4] = ["Constantinescu", "ioana.constantinescu@", "Head of heritage", "met at the Esch conference"];

/// The bytes of a laptop's store files (database and write-ahead log) as one lossy string.
fn files_of(laptop: &Laptop) -> String {
    let mut text = String::new();
    for name in ["rencontres.sqlite3", "rencontres.sqlite3-wal"] {
        if let Ok(bytes) = std::fs::read(laptop.folder.path().join(name)) {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    text
}

fn assert_erased_on(laptop: &Laptop, person_id: &str, what: &str) -> anyhow::Result<()> {
    assert!(laptop.store.is_person_erased(person_id)?, "{what}: marked erased");
    let found = laptop.store.list_people(&PersonQuery { search: "constantinescu".into(), limit: 10, ..Default::default() })?;
    assert_eq!(found.total, 0, "{what}: not found by search");
    for entry in laptop.store.history(EntityKind::Person, person_id)? {
        for change in entry.changes {
            for value in [&change.before, &change.after] {
                let text = value.to_string();
                assert!(SECRETS.iter().all(|s| !text.contains(s)), "{what}: history keeps {text}");
            }
        }
    }
    let files = files_of(laptop);
    for secret in SECRETS {
        assert!(!files.contains(secret), "{what}: the store file still holds {secret:?}");
    }
    Ok(())
}

#[test]
fn an_erasure_reaches_every_laptop_and_scrubs_history_conflicts_and_unsent_edits() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let mut train = Laptop::new(&server, "assistant")?;
    // The train laptop has synced once already, so later pulls bring history with values.
    let porto = office.store.create_organisation(&city("Porto"))?;
    office.sync()?;
    train.sync()?;

    let mut input = contact("Ioana", "Constantinescu", &porto.id);
    input.emails = vec!["ioana.constantinescu@porto.example.pt".into()];
    input.function = "Head of heritage".into();
    let ioana = office.store.create_person(&input)?;
    let mut noted = input.clone();
    noted.notes = "met at the Esch conference".into();
    office.store.update_person(&ioana.id, &noted)?;
    office.store.add_seat(&SeatInput {
        person_id: ioana.id.clone(),
        role: SeatRole::Treasurer,
        term_start: "2024-01-15".into(),
        term_end: None,
        account_username: None,
    })?;
    office.store.issue_dues_run(2027, "2027-01-15")?;
    assert_eq!(office.sync()?.rejected, 0);
    train.sync()?;
    assert!(!train.store.history(EntityKind::Person, &ioana.id)?.is_empty(), "the history reached the train laptop");

    // Crossed edits of the function: a conflict holding both values, on both laptops.
    let mut office_edit = noted.clone();
    office_edit.function = "Head of heritage and museums".into();
    office.store.update_person(&ioana.id, &office_edit)?;
    let mut train_edit = noted.clone();
    train_edit.function = "Head of heritage (acting)".into();
    train.store.update_person(&ioana.id, &train_edit)?;
    office.sync()?;
    assert!(train.sync()?.new_conflicts > 0 || office.sync()?.new_conflicts > 0, "the crossed edits made a conflict");
    office.sync()?;

    // The train laptop edits her again offline; meanwhile the office erases her.
    let mut offline = train_edit.clone();
    offline.notes = "met at the Esch conference, likes opera".into();
    train.store.update_person(&ioana.id, &offline)?;
    let dues_before = office.store.overview()?.dues_by_year;
    office.store.erase_person(&ioana.id)?;
    assert_eq!(office.sync()?.rejected, 0, "the server accepts the erasure");
    assert_erased_on(&office, &ioana.id, "office")?;

    // The train laptop's unsent edit is refused by the server and the erasure lands there.
    let report = train.sync()?;
    assert_eq!(report.rejected, 1, "the edit of an erased person is refused");
    train.sync()?;
    assert_eq!(train.store.outbox_len()?, 0);
    assert_erased_on(&train, &ioana.id, "train")?;
    assert!(train.store.conflicts()?.iter().all(|c| c.entity_id != ioana.id), "her conflicts are closed");

    // A laptop that syncs for the first time gets the erased record, nothing else.
    server.add_user("newcomer", Role::Secretariat)?;
    let mut newcomer = Laptop::new(&server, "newcomer")?;
    newcomer.sync()?;
    assert_erased_on(&newcomer, &ioana.id, "newcomer")?;

    // Aggregates stay: the dues, the member, the treasurer's seat (held by an erased person).
    assert_eq!(train.store.overview()?.dues_by_year, dues_before);
    assert_eq!(newcomer.store.overview()?.dues_by_year, dues_before);
    let seats = newcomer.store.committee("2025-01-01")?.current;
    assert_eq!(seats.len(), 1);
    assert!(!seats[0].person_name.contains("Ioana"), "{}", seats[0].person_name);
    assert_eq!(office.store.replica_state()?, train.store.replica_state()?);
    assert_eq!(office.store.replica_state()?, newcomer.store.replica_state()?);
    Ok(())
}
