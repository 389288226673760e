//! Faults between the laptops and the server: dropped, repeated and half-answered
//! requests, a server restart in the middle of a sync, a laptop crash around a page.
//! Nothing acknowledged may be lost and nothing may be applied twice.

use rencontres_core::model::EntityKind;
use rencontres_core::sync::{SyncError, Transport};
use rencontres_protocol::Role;
use rencontres_sync_tests::{city, Fault, Faulty, Laptop, TestServer};

fn two_laptops() -> anyhow::Result<(TestServer, Laptop, Laptop)> {
    let server = TestServer::start()?;
    server.add_user("ana", Role::Secretariat)?;
    server.add_user("ben", Role::Secretariat)?;
    let a = Laptop::new(&server, "ana")?;
    let b = Laptop::new(&server, "ben")?;
    Ok((server, a, b))
}

/// How many times B's history holds an edit of `id` (B must have synced once before).
fn edits_seen_by(laptop: &Laptop, id: &str) -> anyhow::Result<usize> {
    Ok(laptop.store.history(EntityKind::Organisation, id)?.iter().filter(|h| h.name == "UpdateOrganisation").count())
}

#[test]
fn a_dropped_push_leaves_the_change_waiting_and_the_next_sync_delivers_it_once() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    let faulty = Faulty::new(a.transport(), [Fault::DropRequest]);
    assert!(matches!(a.store.sync(&faulty), Err(SyncError::Offline(_))));
    assert_eq!(a.store.outbox_len()?, 1);
    a.store.sync(&faulty)?;
    assert_eq!(a.store.outbox_len()?, 0);
    b.sync()?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.name, "Porto");
    Ok(())
}

#[test]
fn a_push_whose_answer_is_lost_after_the_server_committed_is_not_applied_twice() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    let mut edit = a.store.organisation(&porto.id)?.fields;
    edit.population = Some(1);
    a.store.update_organisation(&porto.id, &edit)?;
    let faulty = Faulty::new(a.transport(), [Fault::LoseResponse]);
    assert!(a.store.sync(&faulty).is_err());
    assert_eq!(a.store.outbox_len()?, 1, "not acknowledged, so still waiting");
    a.store.sync(&faulty)?;
    assert_eq!(a.store.outbox_len()?, 0);
    b.sync()?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.population, Some(1));
    assert_eq!(edits_seen_by(&b, &porto.id)?, 1);
    assert!(b.store.conflicts()?.is_empty(), "a retry must not conflict with itself");
    Ok(())
}

#[test]
fn a_push_sent_twice_is_applied_once() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    let mut edit = a.store.organisation(&porto.id)?.fields;
    edit.notes = "once".into();
    a.store.update_organisation(&porto.id, &edit)?;
    let faulty = Faulty::new(a.transport(), [Fault::Repeat]);
    a.store.sync(&faulty)?;
    b.sync()?;
    assert_eq!(edits_seen_by(&b, &porto.id)?, 1);
    assert_eq!(a.store.replica_state()?, b.store.replica_state()?);
    Ok(())
}

#[test]
fn a_pull_whose_answer_is_lost_is_simply_pulled_again() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    let faulty = Faulty::new(b.transport(), [Fault::LoseResponse]);
    assert!(b.store.sync(&faulty).is_err());
    assert!(b.store.organisation(&porto.id).is_err());
    b.store.sync(&faulty)?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.name, "Porto");
    Ok(())
}

#[test]
fn a_server_restarted_between_push_and_pull_keeps_everything_it_acknowledged() -> anyhow::Result<()> {
    let (mut server, mut a, mut b) = two_laptops()?;
    let mut ids = Vec::new();
    for i in 0..10 {
        ids.push(a.store.create_organisation(&city(&format!("Ville {i}")))?.id);
    }
    let (pushed, _) = a.store.push_batch(&a.transport(), 500)?;
    assert_eq!(pushed, 10);
    server.restart()?;
    a.reconnect(&server);
    b.reconnect(&server);
    a.sync()?;
    b.sync()?;
    for id in &ids {
        assert!(b.store.organisation(id).is_ok());
    }
    assert_eq!(a.store.outbox_len()?, 0);
    assert_eq!(a.store.replica_state()?, b.store.replica_state()?);
    Ok(())
}

#[test]
fn a_server_that_is_down_blocks_nothing_and_the_changes_go_when_it_is_back() -> anyhow::Result<()> {
    let (mut server, mut a, mut b) = two_laptops()?;
    server.stop()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    assert!(matches!(a.sync(), Err(SyncError::Offline(_))));
    assert_eq!(a.store.organisation(&porto.id)?.fields.name, "Porto", "the laptop works offline");
    assert_eq!(a.store.sync_status()?.waiting, 1);
    server.restart()?;
    a.reconnect(&server);
    b.reconnect(&server);
    a.sync()?;
    b.sync()?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.name, "Porto");
    Ok(())
}

#[test]
fn a_laptop_that_crashes_after_receiving_a_page_before_applying_it_pulls_it_again() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    let page = b.transport().pull(b.store.sync_cursor()?, 100, false)?;
    assert_eq!(page.changes.len(), 1);
    b.reopen()?;
    assert_eq!(b.store.sync_cursor()?, 0, "the cursor moves only with the page");
    b.sync()?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.name, "Porto");
    Ok(())
}

#[test]
fn applying_the_same_page_twice_duplicates_no_history_and_no_conflict() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    let mut on_a = a.store.organisation(&porto.id)?.fields;
    on_a.name = "Porto A".into();
    a.store.update_organisation(&porto.id, &on_a)?;
    let mut on_b = b.store.organisation(&porto.id)?.fields;
    on_b.name = "Porto B".into();
    b.store.update_organisation(&porto.id, &on_b)?;
    a.sync()?;
    b.sync()?;
    let cursor_before = a.store.sync_cursor()?;
    let page = a.transport().pull(cursor_before, 100, false)?;
    a.store.apply_page(&page)?;
    let state = a.store.replica_state()?;
    let history = a.store.history(EntityKind::Organisation, &porto.id)?.len();
    a.store.apply_page(&page)?;
    assert_eq!(a.store.replica_state()?, state);
    assert_eq!(a.store.history(EntityKind::Organisation, &porto.id)?.len(), history);
    assert_eq!(a.store.conflicts()?.len(), 1);
    Ok(())
}

#[test]
fn a_laptop_whose_clock_runs_years_ahead_does_not_win_by_its_clock() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    b.sync()?;
    // A's edit claims to be made in 2099; B's edit, made "earlier" by the clocks, arrives later.
    let mut on_a = a.store.organisation(&porto.id)?.fields;
    on_a.name = "Porto (fast clock)".into();
    a.store.update_organisation(&porto.id, &on_a)?;
    let transport = a.transport();
    let mut b_edit = b.store.organisation(&porto.id)?.fields;
    b_edit.name = "Porto (true clock)".into();
    b.store.update_organisation(&porto.id, &b_edit)?;
    a.store.sync(&SkewedClock { inner: &transport })?;
    b.sync()?;
    a.sync()?;
    for laptop in [&a, &b] {
        assert_eq!(laptop.store.organisation(&porto.id)?.fields.name, "Porto (true clock)", "the last arrival wins");
    }
    let history = b.store.history(EntityKind::Organisation, &porto.id)?;
    assert!(history.iter().any(|h| h.at.starts_with("2099")), "the device's time is kept for history only");
    Ok(())
}

/// Rewrites the time of every pushed mutation to 2099, as a laptop with a wrong clock would.
struct SkewedClock<'a, T: Transport> {
    inner: &'a T,
}

impl<T: Transport> Transport for SkewedClock<'_, T> {
    fn push(&self, request: &rencontres_protocol::PushRequest) -> Result<rencontres_protocol::PushResponse, SyncError> {
        let mut skewed = request.clone();
        for mutation in &mut skewed.mutations {
            mutation.at = "2099-01-01T00:00:00.000Z".into();
        }
        self.inner.push(&skewed)
    }

    fn pull(&self, cursor: u64, limit: u32, initial: bool) -> Result<rencontres_protocol::PullResponse, SyncError> {
        self.inner.pull(cursor, limit, initial)
    }
}

#[test]
fn a_server_restarted_between_two_pages_of_an_initial_sync_lets_the_laptop_resume_where_it_was() -> anyhow::Result<()> {
    let (mut server, mut a, mut b) = two_laptops()?;
    for i in 0..10 {
        a.store.create_organisation(&city(&format!("Ville {i}")))?;
    }
    a.sync()?;
    let (first, _, more) = b.store.pull_page(&b.transport(), 4)?;
    assert_eq!((first, more), (4, true));
    let cursor = b.store.sync_cursor()?;
    server.restart()?;
    b.reconnect(&server);
    let (second, _, _) = b.store.pull_page(&b.transport(), 4)?;
    assert_eq!(second, 4, "the next page starts after the cursor saved before the restart");
    assert!(b.store.sync_cursor()? > cursor);
    b.sync()?;
    a.reconnect(&server);
    a.sync()?;
    assert_eq!(a.store.replica_state()?, b.store.replica_state()?);
    Ok(())
}

#[test]
fn edits_made_after_restoring_a_laptop_from_an_old_backup_still_reach_the_server() -> anyhow::Result<()> {
    let (_server, mut a, mut b) = two_laptops()?;
    let porto = a.store.create_organisation(&city("Porto"))?;
    a.sync()?;
    let backup = a.backup()?;
    for i in 0..3 {
        a.store.create_organisation(&city(&format!("Later {i}")))?;
    }
    a.sync()?;
    a.restore(&backup)?;
    // The restored store numbers its next changes from where the backup stood: ids the
    // server has already handled for this laptop.
    let mut edit = a.store.organisation(&porto.id)?.fields;
    edit.notes = "after the restore".into();
    a.store.update_organisation(&porto.id, &edit)?;
    let lisbon = a.store.create_organisation(&city("Lisboa"))?;
    a.sync()?;
    assert_eq!(a.store.outbox_len()?, 0);
    b.sync()?;
    assert_eq!(b.store.organisation(&porto.id)?.fields.notes, "after the restore");
    assert_eq!(b.store.organisation(&lisbon.id)?.fields.name, "Lisboa");
    // The three members created after the backup come back to the restored laptop too.
    a.sync()?;
    assert_eq!(a.store.replica_state()?, b.store.replica_state()?);
    Ok(())
}
