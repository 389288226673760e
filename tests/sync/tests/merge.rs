//! Several laptops editing the same members offline, then syncing through the real server.

use rencontres_core::model::{EntityKind, OrganisationQuery, PersonQuery};
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, contact, Laptop, TestServer};

fn three_laptops() -> anyhow::Result<(TestServer, Laptop, Laptop, Laptop)> {
    let server = TestServer::start()?;
    for name in ["ana", "ben", "chloe"] {
        server.add_user(name, Role::Secretariat)?;
    }
    let a = Laptop::new(&server, "ana")?;
    let b = Laptop::new(&server, "ben")?;
    let c = Laptop::new(&server, "chloe")?;
    Ok((server, a, b, c))
}

/// Syncs each laptop twice round, so every one has what every other pushed.
fn sync_all(laptops: &mut [&mut Laptop]) -> anyhow::Result<()> {
    for _ in 0..2 {
        for laptop in laptops.iter_mut() {
            laptop.sync()?;
        }
    }
    Ok(())
}

#[test]
fn offline_edits_of_different_fields_of_one_member_on_two_laptops_merge_without_conflict() -> anyhow::Result<()> {
    let (_server, mut a, mut b, mut c) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    let mut on_a = a.store.organisation(&porto.id)?.fields;
    on_a.population = Some(231_962);
    a.store.update_organisation(&porto.id, &on_a)?;
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.website = "https://www.cm-porto.pt".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    for laptop in [&a, &b, &c] {
        let merged = laptop.store.organisation(&porto.id)?.fields;
        assert_eq!(merged.population, Some(231_962));
        assert_eq!(merged.website, "https://www.cm-porto.pt");
        assert!(laptop.store.conflicts()?.is_empty());
        assert_eq!(laptop.store.outbox_len()?, 0);
    }
    assert_eq!(a.store.replica_state()?, c.store.replica_state()?);
    Ok(())
}

#[test]
fn offline_edits_of_the_same_field_give_one_winner_on_every_laptop_and_one_conflict_record() -> anyhow::Result<()> {
    let (server, mut a, mut b, mut c) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    let mut on_a = a.store.organisation(&porto.id)?.fields;
    on_a.name = "Porto (Ana)".into();
    a.store.update_organisation(&porto.id, &on_a)?;
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.name = "Porto (Ben)".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    // Ana's edit reaches the server first; Ben's arrives last and wins.
    a.sync()?;
    b.sync()?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    for laptop in [&a, &b, &c] {
        assert_eq!(laptop.store.organisation(&porto.id)?.fields.name, "Porto (Ben)");
        let conflicts = laptop.store.conflicts()?;
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let conflict = &conflicts[0];
        assert_eq!(conflict.field, "name");
        assert_eq!(conflict.overwritten, serde_json::json!("Porto (Ana)"));
        assert_eq!(conflict.overwritten_by, "ana");
        assert_eq!(conflict.value, serde_json::json!("Porto (Ben)"));
        assert_eq!(conflict.by, "ben");
    }
    let resolved = c.store.conflicts()?[0].id.clone();
    c.store.resolve_conflict(&resolved)?;
    assert!(c.store.conflicts()?.is_empty());
    // Chloe's choice reaches the other laptops, and a new laptop hears of the conflict closed.
    sync_all(&mut [&mut a, &mut b, &mut c])?;
    let mut d = Laptop::new(&server, "chloe")?;
    d.sync()?;
    for laptop in [&a, &b, &c, &d] {
        assert!(laptop.store.conflicts()?.is_empty(), "{:?}", laptop.store.conflicts()?);
    }
    Ok(())
}

#[test]
fn a_delete_and_an_edit_that_cross_leave_the_member_deleted_everywhere_with_the_edit_kept_for_a_restore() -> anyhow::Result<()> {
    let (_server, mut a, mut b, mut c) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    a.store.delete_organisation(&porto.id)?;
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.notes = "Fee band confirmed".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    a.sync()?;
    b.sync()?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    for laptop in [&a, &b, &c] {
        assert!(laptop.store.organisation(&porto.id).is_err(), "deleted on every laptop");
        let record = laptop.store.replica_state()?.into_iter().find(|r| r.id == porto.id).expect("tombstone kept");
        assert!(record.deleted);
        assert_eq!(record.fields["notes"], serde_json::json!("Fee band confirmed"));
        let conflicts = laptop.store.conflicts()?;
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].field, "deleted");
        assert_eq!((conflicts[0].overwritten_by.as_str(), conflicts[0].by.as_str()), ("ben", "ana"));
    }
    Ok(())
}

#[test]
fn an_edit_that_reaches_the_server_before_a_delete_is_also_recorded_as_a_conflict() -> anyhow::Result<()> {
    let (_server, mut a, mut b, mut c) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    a.store.delete_organisation(&porto.id)?;
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.notes = "Fee band confirmed".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    b.sync()?;
    a.sync()?;
    sync_all(&mut [&mut a, &mut b, &mut c])?;

    for laptop in [&a, &b, &c] {
        assert!(laptop.store.organisation(&porto.id).is_err());
        let conflicts = laptop.store.conflicts()?;
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].field, "deleted");
        assert_eq!(conflicts[0].overwritten["notes"], serde_json::json!("Fee band confirmed"));
    }
    assert_eq!(a.store.replica_state()?, b.store.replica_state()?);
    Ok(())
}

#[test]
fn a_new_laptop_gets_every_current_member_page_by_page_on_its_first_sync_and_can_search_them() -> anyhow::Result<()> {
    let (server, mut a, _, _) = three_laptops()?;
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(a.store.create_organisation(&city(&format!("Ville {i:02}")))?.id);
    }
    a.store.delete_organisation(&ids[3])?;
    let mut renamed = a.store.organisation(&ids[0])?.fields;
    renamed.name = "Évora".into();
    a.store.update_organisation(&ids[0], &renamed)?;
    a.sync()?;

    server.add_user("dora", Role::Secretariat)?;
    let mut fresh = Laptop::new(&server, "dora")?;
    let transport = fresh.transport();
    let mut pages = 0;
    loop {
        let (_, _, more) = fresh.store.pull_page(&transport, 7)?;
        pages += 1;
        if !more {
            break;
        }
    }
    assert_eq!(pages, 4, "25 current records in pages of 7");
    let live = fresh.store.list_organisations(&OrganisationQuery { limit: 100, ..Default::default() })?;
    assert_eq!(live.total, 24);
    let found = fresh.store.list_organisations(&OrganisationQuery { search: "evora".into(), limit: 10, ..Default::default() })?;
    assert_eq!(found.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [ids[0].as_str()]);
    assert_eq!(fresh.store.replica_state()?, a.store.replica_state()?);
    Ok(())
}

#[test]
fn changes_pulled_from_another_laptop_show_in_history_with_who_made_them() -> anyhow::Result<()> {
    let (_server, mut a, mut b, _) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    let mut edit = a.store.organisation(&porto.id)?.fields;
    edit.population = Some(250_000);
    a.store.update_organisation(&porto.id, &edit)?;
    a.sync()?;
    b.sync()?;

    let history = b.store.history(EntityKind::Organisation, &porto.id)?;
    let edit_entry = history.iter().find(|h| h.name == "UpdateOrganisation").expect("the edit is in B's history");
    assert_eq!(edit_entry.actor, "ana");
    assert_eq!(edit_entry.changes[0].field, "population");
    assert_eq!(edit_entry.changes[0].after, serde_json::json!(250_000));
    // A's own history holds its edit once, not a second copy from the server.
    let on_a = a.store.history(EntityKind::Organisation, &porto.id)?;
    assert_eq!(on_a.iter().filter(|h| h.name == "UpdateOrganisation").count(), 1);
    Ok(())
}

#[test]
fn an_edit_made_while_a_pull_is_pending_survives_the_rebase() -> anyhow::Result<()> {
    let (_server, mut a, mut b, _) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    let mut on_a = a.store.organisation(&porto.id)?.fields;
    on_a.population = Some(1);
    a.store.update_organisation(&porto.id, &on_a)?;
    a.sync()?;
    // B edits another field and pulls A's edit before pushing its own.
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.notes = "mine".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    let transport = b.transport();
    b.store.pull_page(&transport, 100)?;
    let rebased = b.store.organisation(&porto.id)?.fields;
    assert_eq!((rebased.population, rebased.notes.as_str()), (Some(1), "mine"));
    assert_eq!(b.store.outbox_len()?, 1, "the local edit still waits to be pushed");
    b.sync()?;
    a.sync()?;
    assert_eq!(a.store.organisation(&porto.id)?.fields.notes, "mine");
    Ok(())
}

#[test]
fn contacts_reach_the_other_laptops_with_their_organisation_and_follow_its_renaming_in_search() -> anyhow::Result<()> {
    let (_server, mut a, mut b, _) = three_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    let rui = a.store.create_person(&contact("Rui", "Moreira", &porto.id))?;
    a.sync()?;
    b.sync()?;
    let on_b = b.store.person(&rui.id)?;
    assert_eq!(on_b.organisation_name.as_deref(), Some("Porto"));
    let mut renamed = a.store.organisation(&porto.id)?.fields;
    renamed.name = "Oporto".into();
    a.store.update_organisation(&porto.id, &renamed)?;
    a.sync()?;
    b.sync()?;
    let found = b.store.list_people(&PersonQuery { search: "oporto".into(), limit: 10, ..Default::default() })?;
    assert_eq!(found.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [rui.id.as_str()]);
    b.store.delete_person(&rui.id)?;
    b.sync()?;
    a.sync()?;
    assert!(a.store.person(&rui.id).is_err(), "the delete reached the first laptop");
    Ok(())
}
