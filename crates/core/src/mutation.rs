//! The one write path: a named mutation (`CreateOrganisation`, `UpdatePerson`, ...) applied
//! to its table in the caller's transaction, together with its row in the mutation log (who,
//! when, what changed: history and audit) and in the outbox (what sync will push).
//! Undo is a new mutation that applies the inverse of an earlier one. Imports create their
//! records in batches, one mutation per chunk of rows ([`batch`]).

pub(crate) mod batch;

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Value};

use crate::model::{EntityKind, FieldChange, HistoryEntry};
use crate::record::{self, Fields, Table};
use crate::store::{Author, Store};
use crate::{search, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    Restore,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Create => "Create",
            Action::Update => "Update",
            Action::Delete => "Delete",
            Action::Restore => "Restore",
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        [Action::Create, Action::Update, Action::Delete, Action::Restore]
            .into_iter()
            .find(|a| name.starts_with(a.verb()))
    }
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The insert of a new record of `table`: its id (?1), its fields in the table's order
/// (?2...), then its sort key, and its creation time as both created and updated. Table and
/// column names are constants, never input.
pub(crate) fn create_sql(table: &Table) -> String {
    let columns = table.fields;
    format!(
        "INSERT INTO {} (id, {}, sort_key, version, created_at, updated_at) VALUES (?1, {}, ?{}, 1, ?{}, ?{})",
        table.sql,
        columns.join(", "),
        (0..columns.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", "),
        columns.len() + 2,
        columns.len() + 3,
        columns.len() + 3,
    )
}

/// What a write asks for: the action, the record, its new fields (create and update).
pub(crate) struct Write<'a> {
    pub table: &'static Table,
    pub action: Action,
    pub id: &'a str,
    pub fields: Option<&'a Fields>,
    pub undoes: Option<&'a str>,
}

/// Applies one write and logs it. Returns the mutation id, or None for an update that
/// changes nothing (no mutation is recorded then).
pub(crate) fn apply(tx: &Transaction, author: &Author, write: Write) -> Result<Option<String>> {
    let Write { table, action, id, fields, undoes } = write;
    let at = now();
    let current = record::read(tx, table, id)?;
    let not_found = || CoreError::NotFound { what: table.entity_name(), id: id.to_string() };
    let mut base_versions = serde_json::Map::new();
    let (changes, args, index_with) = match action {
        Action::Create => {
            let given = fields.ok_or_else(|| CoreError::Corrupt("create without fields".into()))?;
            // Every field of the table, null where the input has none (a person's e-bulletin
            // consent is written by its own mutations): the server wants them all on a create.
            let full: record::Fields =
                table.fields.iter().map(|f| ((*f).to_string(), given.get(*f).cloned().unwrap_or(Value::Null))).collect();
            let fields = &full;
            if current.is_some() {
                return Err(CoreError::Corrupt(format!("{} {id} exists already", table.entity_name())));
            }
            let columns: Vec<&str> = table.fields.to_vec();
            let sql = create_sql(table);
            let mut values: Vec<rusqlite::types::Value> = vec![id.to_string().into()];
            values.extend(columns.iter().map(|c| record::to_sql(fields.get(*c).unwrap_or(&Value::Null))));
            values.push((table.sort_key)(fields).into());
            values.push(at.clone().into());
            tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
            let changes: Vec<FieldChange> = columns
                .iter()
                .map(|c| FieldChange { field: (*c).to_string(), before: Value::Null, after: fields.get(*c).cloned().unwrap_or(Value::Null) })
                .filter(|c| !record::is_blank(&c.after))
                .collect();
            (changes, json!({ "id": id, "fields": fields }), Some(fields.clone()))
        }
        Action::Update => {
            let given = fields.ok_or_else(|| CoreError::Corrupt("update without fields".into()))?;
            let current = current.filter(|c| !c.deleted).ok_or_else(not_found)?;
            // An update writes the fields it names; the others keep their stored values (so
            // saving a contact's form leaves the e-bulletin consent, written apart, alone).
            let mut merged = current.fields.clone();
            for (name, value) in given {
                merged.insert(name.clone(), value.clone());
            }
            let fields = &merged;
            let changes: Vec<FieldChange> = table
                .fields
                .iter()
                .filter_map(|f| {
                    let before = current.fields.get(*f).cloned().unwrap_or(Value::Null);
                    let after = fields.get(*f).cloned().unwrap_or(Value::Null);
                    (before != after).then(|| FieldChange { field: (*f).to_string(), before, after })
                })
                .collect();
            if changes.is_empty() {
                return Ok(None);
            }
            let sets: Vec<String> = changes.iter().enumerate().map(|(i, c)| format!("{} = ?{}", c.field, i + 2)).collect();
            let n = changes.len();
            let sql = format!(
                "UPDATE {} SET {}, sort_key = ?{}, version = version + 1, updated_at = ?{} WHERE id = ?1",
                table.sql,
                sets.join(", "),
                n + 2,
                n + 3
            );
            let mut values: Vec<rusqlite::types::Value> = vec![id.to_string().into()];
            values.extend(changes.iter().map(|c| record::to_sql(&c.after)));
            values.push((table.sort_key)(fields).into());
            values.push(at.clone().into());
            tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
            let mut set = serde_json::Map::new();
            // Based on the server version last pulled, not the local one, which local edits
            // bump: the server compares it with the version at which each field last changed.
            for change in &changes {
                set.insert(change.field.clone(), change.after.clone());
                base_versions.insert(change.field.clone(), Value::from(current.synced_version));
            }
            (changes, json!({ "id": id, "fields": set }), Some(fields.clone()))
        }
        Action::Delete | Action::Restore => {
            let current = current.ok_or_else(not_found)?;
            let deleting = action == Action::Delete;
            if current.deleted == deleting {
                return Err(if deleting { not_found() } else { CoreError::Undo(format!("this {} is not deleted", table.entity_name())) });
            }
            let sql = format!("UPDATE {} SET deleted_at = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1", table.sql);
            tx.execute(&sql, params![id, deleting.then_some(at.as_str()), at])?;
            base_versions.insert("deleted".into(), Value::from(current.synced_version));
            let change = FieldChange { field: "deleted".into(), before: Value::Bool(!deleting), after: Value::Bool(deleting) };
            (vec![change], json!({ "id": id }), (!deleting).then_some(current.fields))
        }
    };
    match &index_with {
        Some(fields) => search::index(tx, table, id, fields)?,
        None => search::unindex(tx, table, id)?,
    }
    let mutation_id = new_id();
    let name = format!("{}{}", action.verb(), table.noun);
    tx.prepare_cached(
        "INSERT INTO mutations (id, name, entity, entity_id, args, changes, undoes, actor, device, at, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'local')",
    )?
    .execute(params![
        mutation_id,
        name,
        table.entity_name(),
        id,
        args.to_string(),
        serde_json::to_string(&changes)?,
        undoes,
        author.actor,
        author.device,
        at
    ])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO outbox (seq, mutation_id, base_versions) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, mutation_id, Value::Object(base_versions).to_string()])?;
    Ok(Some(mutation_id))
}

fn entity_of(name: &str) -> Option<EntityKind> {
    match name {
        "organisation" => Some(EntityKind::Organisation),
        "person" => Some(EntityKind::Person),
        "fee_band" => Some(EntityKind::FeeBand),
        "payment" => Some(EntityKind::Payment),
        "committee_seat" => Some(EntityKind::CommitteeSeat),
        // Registrations and check-ins are not undone from History: a registration's cancel
        // promotes from the waitlist, and a check-in has its own undo at the door.
        "event" => Some(EntityKind::Event),
        "event_session" => Some(EntityKind::EventSession),
        "price_tier" => Some(EntityKind::PriceTier),
        "best_practice" => Some(EntityKind::BestPractice),
        "publication" => Some(EntityKind::Publication),
        "grant" => Some(EntityKind::Grant),
        // Invoices cannot be undone: taking one back would leave a hole in the gapless
        // numbering. A wrong invoice is corrected by a credit note (not built yet).
        _ => None,
    }
}

impl Store {
    /// Takes back mutation `mutation_id` by applying its inverse as a new mutation: a create
    /// is deleted, a delete restored, an edit's fields set back — unless they were changed
    /// again since, which is refused rather than silently overwritten.
    pub fn undo(&mut self, mutation_id: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        let found: Option<(String, String, String, String)> = tx
            .query_row(
                "SELECT name, entity, entity_id, changes FROM mutations WHERE id = ?1",
                [mutation_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (name, entity, entity_id, changes) = found.ok_or_else(|| CoreError::Undo(format!("no change {mutation_id} in the history")))?;
        if batch::is_batch(&name) {
            return Err(batch::undo_refusal(&tx, mutation_id)?);
        }
        let already: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM mutations WHERE undoes = ?1)", [mutation_id], |r| r.get(0))?;
        if already {
            return Err(CoreError::Undo("this change was already undone".into()));
        }
        let table = entity_of(&entity).map(Table::for_entity).ok_or_else(|| CoreError::Undo(format!("{name} cannot be undone")))?;
        if crate::gdpr::is_erased(&tx, &entity, &entity_id)? {
            return Err(CoreError::Undo(format!("this {entity} was erased (GDPR): nothing of it can be brought back")));
        }
        let action = Action::from_name(&name).ok_or_else(|| CoreError::Undo(format!("{name} cannot be undone")))?;
        let undo_action = match action {
            Action::Create | Action::Restore => Action::Delete,
            Action::Delete => Action::Restore,
            Action::Update => Action::Update,
        };
        let mut fields = None;
        if action == Action::Update {
            let current = record::read_live(&tx, table, &entity_id)?;
            let changes: Vec<FieldChange> = serde_json::from_str(&changes)?;
            let mut restored = current.fields.clone();
            for change in changes {
                if current.fields.get(&change.field) != Some(&change.after) {
                    return Err(CoreError::Undo(format!("{} was changed again since; edit it by hand", change.field)));
                }
                restored.insert(change.field, change.before);
            }
            fields = Some(restored);
        }
        let write = Write { table, action: undo_action, id: &entity_id, fields: fields.as_ref(), undoes: Some(mutation_id) };
        apply(&tx, &self.author, write)?;
        tx.commit()?;
        Ok(())
    }

    /// Who changed what on one record, newest first.
    pub fn history(&self, entity: EntityKind, id: &str) -> Result<Vec<HistoryEntry>> {
        let table = Table::for_entity(entity);
        let mut statement = self.conn.prepare(
            "SELECT seq, id, name, actor, device, at, changes, undoes FROM mutations
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq DESC",
        )?;
        let rows = statement.query_map(params![table.entity_name(), id], |r| {
            Ok((r.get::<_, i64>(0)?, (r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get::<_, String>(6)?, r.get(7)?)))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (seq, (mutation_id, name, actor, device, at, changes, undoes)) = row?;
            entries.push((seq, HistoryEntry { mutation_id, name, actor, device, at, changes: serde_json::from_str(&changes)?, undoes }));
        }
        // An imported record was created by a batch, which names it in `batch_records`.
        entries.extend(batch::history_of(&self.conn, table, id)?);
        entries.sort_by_key(|(seq, _)| std::cmp::Reverse(*seq));
        let entries = entries.into_iter().map(|(_, entry)| entry).collect();
        Ok(entries)
    }

    /// Runs `work` in one transaction with the store's author: all of it lands, or none.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&Transaction, &Author) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = work(&tx, &self.author)?;
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
