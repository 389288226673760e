//! Imports through the real server: a file's records travel as batch mutations (a thousand
//! records each) and reach another laptop as ordinary records with their History; a batch
//! whose answer was lost is sent again without doubling anything; only the secretariat may
//! push one, and a refused batch is taken back whole on the laptop that made it.

use rencontres_core::import::{ImportKind, ImportOptions, ImportSummary};
use rencontres_core::model::{EntityKind, OrganisationQuery};
use rencontres_core::Store;
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, Fault, Faulty, Laptop, TestServer};

/// `n` member cities as a CSV file.
fn cities(n: usize) -> String {
    let mut file = String::from("Name;Country;Population\n");
    for i in 0..n {
        file.push_str(&format!("Ville {i};FR;{}\n", 1000 + i));
    }
    file
}

fn import(store: &mut Store, kind: ImportKind, file: &str, name: &str) -> anyhow::Result<ImportSummary> {
    let mapping = store.import_preview(kind, file.as_bytes(), name)?.mapping;
    let options = ImportOptions { mapping, ..ImportOptions::default() };
    Ok(store.import_commit(kind, file.as_bytes(), name, &options, |_, _| true)?)
}

fn organisation_id(store: &Store, search: &str) -> anyhow::Result<String> {
    let found = store.list_organisations(&OrganisationQuery { search: search.into(), ..Default::default() })?;
    Ok(found.rows.first().map(|r| r.id.clone()).unwrap_or_default())
}

#[test]
fn an_imported_file_reaches_a_second_laptop_with_its_history_and_a_retried_push_doubles_nothing() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretariat", Role::Secretariat)?;
    server.add_user("assistant", Role::Secretariat)?;
    let mut office = Laptop::new(&server, "secretariat")?;
    let mut train = Laptop::new(&server, "assistant")?;
    // The train laptop has synced before, so later pulls bring the history with the records.
    office.store.create_organisation(&city("Porto"))?;
    office.sync()?;
    train.sync()?;

    assert_eq!(import(&mut office.store, ImportKind::Organisations, &cities(2500), "members.csv")?.created, 2500);
    let contacts = "First name;Last name;E-mail;Organisation;Country\nMarie;Curie;m.curie@ville7.fr;Ville 7;FR\n";
    assert_eq!(import(&mut office.store, ImportKind::People, contacts, "contacts.csv")?.created, 1);
    assert_eq!(office.store.outbox_len()?, 2501);

    // The server applies the push but its answer is lost: the laptop sends the batches again.
    let lossy = Faulty::new(office.transport(), [Fault::LoseResponse]);
    assert!(office.store.sync(&lossy).is_err(), "the answer was lost");
    let report = office.sync()?;
    assert_eq!(report.rejected, 0);
    assert_eq!(office.store.outbox_len()?, 0, "the server acknowledged every batch");

    train.sync()?;
    assert_eq!(train.store.replica_state()?, office.store.replica_state()?);
    let listed = train.store.list_organisations(&OrganisationQuery { limit: 5000, ..Default::default() })?;
    assert_eq!(listed.total, 2501, "each city once, and Porto");
    let ville = organisation_id(&train.store, "ville 1234")?;
    let history = train.store.history(EntityKind::Organisation, &ville)?;
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].name, "CreateOrganisation");
    assert_eq!(history[0].actor, "secretariat");
    assert_eq!(history[0].changes[0].field, "import");
    assert_eq!(history[0].changes[0].after, serde_json::json!("members.csv"));
    let marie = train.store.list_people(&Default::default())?.rows;
    assert_eq!(marie.len(), 1);
    assert_eq!(train.store.person(&marie[0].id)?.fields.organisation_id.as_deref(), Some(organisation_id(&train.store, "ville 7")?.as_str()));

    // Back on the office laptop, its own batch is not doubled by the entries pulled back.
    office.sync()?;
    let own = office.store.history(EntityKind::Organisation, &ville)?;
    assert_eq!(own.len(), 1, "{own:?}");
    Ok(())
}

#[test]
fn a_committee_or_organiser_account_cannot_push_an_import_and_its_laptop_takes_it_back() -> anyhow::Result<()> {
    let server = TestServer::start()?;
    server.add_user("secretary", Role::Secretariat)?;
    server.add_user("reviewer", Role::Committee)?;
    server.add_user("doorkeeper", Role::Organiser)?;
    let mut secretary = Laptop::new(&server, "secretary")?;
    for (name, role) in [("reviewer", "committee"), ("doorkeeper", "organiser")] {
        let mut laptop = Laptop::new(&server, name)?;
        import(&mut laptop.store, ImportKind::Organisations, &cities(1200), "intruders.csv")?;
        let report = laptop.sync()?;
        assert_eq!((report.pushed, report.rejected), (2, 2), "two batches, both refused");
        assert_eq!(laptop.store.outbox_len()?, 0);
        assert_eq!(organisation_id(&laptop.store, "ville 3")?, "", "the refused batch is taken back whole");
        let warnings = laptop.store.sync_log(10)?;
        let refusal = format!("{role} account may not change a organisation; nothing of the batch was applied");
        assert!(warnings.iter().any(|line| line.message.contains(&refusal)), "{warnings:?}");
    }
    secretary.sync()?;
    assert_eq!(secretary.store.list_organisations(&OrganisationQuery::default())?.total, 0, "nothing reached the server");
    Ok(())
}
