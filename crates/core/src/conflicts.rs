//! Resolving sync conflicts: keeping the current value, or putting back the value the
//! server overwrote (a new mutation, so it syncs and shows in History). Either way the
//! choice is written as a synced `conflict_resolution` record whose id is the conflict's,
//! so one laptop's resolution closes that conflict on every laptop.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::{json, Value};

use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::{Author, Store};
use crate::{CoreError, Result};

pub(crate) static RESOLUTIONS: Table = Table {
    entity: EntityKind::ConflictResolution,
    noun: "ConflictResolution",
    sql: "conflict_resolutions",
    fields: &["choice"],
    list_fields: &[],
    sort_key: |_| String::new(),
};

/// Closes conflict `id` on this device (a resolution was written here or pulled).
pub(crate) fn close(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("UPDATE conflicts SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL")?
        .execute(rusqlite::params![id, mutation::now()])?;
    Ok(())
}

/// Records how conflict `id` was resolved and closes it, in the caller's transaction.
fn resolve(tx: &Transaction, author: &Author, id: &str, choice: &str) -> Result<()> {
    // Two laptops may resolve the same conflict before they sync: the first resolution to
    // reach the server stands and the other is refused there as an existing record.
    if record::read(tx, &RESOLUTIONS, id)?.is_none() {
        let fields: Fields = json!({ "choice": choice }).as_object().cloned().unwrap_or_default();
        mutation::apply(tx, author, Write { table: &RESOLUTIONS, action: Action::Create, id, fields: Some(&fields), undoes: None })?;
    }
    close(tx, id)
}

fn open_conflict_exists(conn: &Connection, id: &str) -> Result<()> {
    let open: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM conflicts WHERE id = ?1 AND resolved_at IS NULL)", [id], |r| r.get(0))?;
    if open {
        Ok(())
    } else {
        Err(CoreError::NotFound { what: "open conflict", id: id.to_string() })
    }
}

fn table_named(entity: &str) -> Option<&'static Table> {
    record::synced_table(entity)
}

impl Store {
    /// Closes a conflict keeping the current value (after keeping it as it is, or editing it
    /// by hand).
    pub fn resolve_conflict(&mut self, id: &str) -> Result<()> {
        open_conflict_exists(&self.conn, id)?;
        self.write(|tx, author| resolve(tx, author, id, "kept"))
    }

    /// Restores the overwritten value of conflict `conflict_id` and closes the conflict.
    pub fn restore_overwritten(&mut self, conflict_id: &str) -> Result<()> {
        let found: Option<(String, String, String, String)> = self
            .conn
            .query_row(
                "SELECT entity, entity_id, field, overwritten FROM conflicts WHERE id = ?1 AND resolved_at IS NULL",
                [conflict_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (entity, entity_id, field, overwritten) =
            found.ok_or_else(|| CoreError::NotFound { what: "open conflict", id: conflict_id.to_string() })?;
        let overwritten: Value = serde_json::from_str(&overwritten)?;
        let table = table_named(&entity).ok_or_else(|| CoreError::Corrupt(format!("a conflict names unknown entity {entity}")))?;
        self.write(|tx, author| {
            let current = record::read(tx, table, &entity_id)?
                .ok_or_else(|| CoreError::NotFound { what: table.entity_name(), id: entity_id.clone() })?;
            if field == "deleted" {
                let want_deleted = overwritten.as_bool().unwrap_or(false);
                if want_deleted != current.deleted {
                    let action = if want_deleted { Action::Delete } else { Action::Restore };
                    mutation::apply(tx, author, Write { table, action, id: &entity_id, fields: None, undoes: None })?;
                }
            } else {
                if current.deleted {
                    return Err(CoreError::Undo(format!("the {} was deleted since; restore it first", table.entity_name())));
                }
                let mut fields = current.fields.clone();
                fields.insert(field.clone(), overwritten);
                mutation::apply(tx, author, Write { table, action: Action::Update, id: &entity_id, fields: Some(&fields), undoes: None })?;
                if table.entity_name() == "organisation" && field == "name" {
                    crate::people::reindex_people_of(tx, &entity_id)?;
                    crate::practices::reindex_practices_of(tx, &entity_id)?;
                }
            }
            resolve(tx, author, conflict_id, "restored")
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{organisation, store};

    fn record_conflict(store: &crate::Store, entity_id: &str, field: &str, overwritten: &str, value: &str) {
        store
            .conn
            .execute(
                "INSERT INTO conflicts (id, entity, entity_id, field, overwritten, overwritten_by, value, by, at)
                 VALUES ('c1', 'organisation', ?1, ?2, ?3, 'anna', ?4, 'ben', '2026-11-25T10:00:00Z')",
                rusqlite::params![entity_id, field, overwritten, value],
            )
            .expect("conflict row");
    }

    #[test]
    fn restoring_an_overwritten_value_writes_it_back_as_a_mutation_and_closes_the_conflict() {
        let mut store = store();
        let org = store.create_organisation(&organisation("Porto", "PT")).expect("org");
        record_conflict(&store, &org.id, "population", "231800", "100000");
        store.restore_overwritten("c1").expect("restored");
        assert_eq!(store.organisation(&org.id).expect("read").fields.population, Some(231_800));
        assert!(store.conflicts().expect("conflicts").is_empty());
        assert_eq!(store.outbox_len().expect("outbox"), 3, "the restore and the resolution sync like any edit");
        assert!(store.restore_overwritten("c1").is_err(), "a closed conflict cannot be restored twice");
    }

    #[test]
    fn restoring_a_record_that_a_delete_overwrote_brings_it_back() {
        let mut store = store();
        let org = store.create_organisation(&organisation("Porto", "PT")).expect("org");
        store.delete_organisation(&org.id).expect("deleted");
        record_conflict(&store, &org.id, "deleted", "false", "true");
        store.restore_overwritten("c1").expect("restored");
        assert_eq!(store.organisation(&org.id).expect("back").fields.name, "Porto");
    }

    #[test]
    fn keeping_the_current_value_writes_a_resolution_that_syncs_and_closes_the_conflict_once() {
        let mut store = store();
        let org = store.create_organisation(&organisation("Porto", "PT")).expect("org");
        record_conflict(&store, &org.id, "population", "231800", "100000");
        store.resolve_conflict("c1").expect("kept");
        assert!(store.conflicts().expect("conflicts").is_empty());
        assert_eq!(store.outbox_len().expect("outbox"), 2, "the create and the resolution");
        let choice: String = store
            .conn
            .query_row("SELECT choice FROM conflict_resolutions WHERE id = 'c1'", [], |r| r.get(0))
            .expect("resolution row");
        assert_eq!(choice, "kept");
        assert!(store.resolve_conflict("c1").is_err(), "a closed conflict is not resolved twice");
    }
}
