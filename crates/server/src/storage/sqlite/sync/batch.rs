//! An import's batch mutation: `ImportOrganisations` or `ImportPeople`
//! `{file, rows: [{id, fields}]}`, many creates sent as one mutation. It is checked like the
//! creates it stands for (each row's fields typed; a field left out is null), re-authorised
//! row by row (only a role that may create the entity may push one) and applied all or nothing:
//! one row refused or already present refuses the whole batch, with the row named. Each record
//! gets a log row of its own, `Create<Noun>` under `<batch uuid>#<row>` with the file as its
//! first change, so pulls and History on every other laptop see an ordinary create per record;
//! the batch's first row tells a retried push.

use rencontres_protocol::{Entity, FieldChange, Mutation, MutationStatus};
use serde_json::{Map, Value};

use super::{bad, is_blank, read_record, Action, Checked, Record, Writer};
use crate::scope::{self, Viewer};
use crate::storage::StorageError;

/// The most records one batch may create (the app sends a thousand).
pub const MAX_BATCH_ROWS: usize = 2000;
/// The longest file name a batch may carry.
const MAX_FILE_NAME: usize = 255;
/// The pseudo-field each record's log entry names the imported file by.
const SOURCE_FIELD: &str = "import";

/// The entity a batch mutation name creates, if it is one.
pub(super) fn entity_of(name: &str) -> Option<&'static Entity> {
    let entity = match name {
        "ImportOrganisations" => "organisation",
        "ImportPeople" => "person",
        _ => return None,
    };
    rencontres_protocol::entity(entity)
}

/// The log uuid of a batch's row `index`.
pub(super) fn entry_uuid(batch: &str, index: usize) -> String {
    format!("{batch}#{index}")
}

pub(super) fn check(m: &Mutation, entity: &'static Entity) -> Result<Checked, StorageError> {
    let id = m.id;
    if m.uuid.is_empty() || m.uuid.len() > 64 || m.uuid.contains('#') {
        return Err(bad(format!("mutation {id}: uuid must be 1 to 64 characters, without '#'")));
    }
    if !m.base_versions.is_empty() {
        return Err(bad(format!("mutation {id}: a batch creates records and has no base versions")));
    }
    let args = m.args.as_object().ok_or_else(|| bad(format!("mutation {id}: args must be an object")))?;
    if let Some(key) = args.keys().find(|k| *k != "file" && *k != "rows") {
        return Err(bad(format!("mutation {id}: unexpected argument {key:?}")));
    }
    match args.get("file") {
        None => {}
        Some(Value::String(file)) if file.len() <= MAX_FILE_NAME => {}
        Some(_) => return Err(bad(format!("mutation {id}: args.file must be a file name of at most {MAX_FILE_NAME} bytes"))),
    }
    let given = args.get("rows").and_then(Value::as_array).ok_or_else(|| bad(format!("mutation {id}: args.rows must be a list")))?;
    if given.is_empty() || given.len() > MAX_BATCH_ROWS {
        return Err(bad(format!("mutation {id}: a batch creates 1 to {MAX_BATCH_ROWS} records, not {}", given.len())));
    }
    let mut seen = std::collections::HashSet::with_capacity(given.len());
    let mut rows = Vec::with_capacity(given.len());
    for (index, row) in given.iter().enumerate() {
        let at = |what: String| bad(format!("mutation {id}, row {index}: {what}"));
        let row = row.as_object().ok_or_else(|| at("must be an object".into()))?;
        if let Some(key) = row.keys().find(|k| *k != "id" && *k != "fields") {
            return Err(at(format!("unexpected key {key:?}")));
        }
        let record_id = match row.get("id") {
            Some(Value::String(rid)) if !rid.is_empty() && rid.len() <= 64 => rid.clone(),
            _ => return Err(at("id must be a string of 1 to 64 characters".into())),
        };
        if !seen.insert(record_id.clone()) {
            return Err(at(format!("id {record_id} comes twice")));
        }
        let fields = row.get("fields").and_then(Value::as_object).ok_or_else(|| at("fields must be an object".into()))?;
        if let Some(name) = fields.keys().find(|f| entity.field(f).is_none()) {
            return Err(at(format!("{} has no field {name:?}", entity.name)));
        }
        let mut full = Map::new();
        for (name, kind) in entity.fields {
            let value = fields.get(*name).cloned().unwrap_or(Value::Null);
            if !kind.accepts(&value) {
                return Err(at(format!("{}.{name} must be {kind:?}, not {value}", entity.name)));
            }
            full.insert((*name).to_string(), value);
        }
        rows.push((record_id, full));
    }
    Ok(Checked { action: Action::Import, entity, id: String::new(), fields: Map::new(), rows })
}

/// Applies a checked batch whole, or refuses it whole (a refusal is an answer, not an error).
pub(super) fn apply(writer: &Writer, m: &Mutation, c: &Checked) -> Result<(MutationStatus, Option<String>), StorageError> {
    let viewer = Viewer::of(writer.session);
    let entity = c.entity.name;
    for (index, (id, fields)) in c.rows.iter().enumerate() {
        if read_record(writer.tx, entity, id)?.is_some() {
            let why = format!("row {index} of the batch: {entity} {id} exists already; nothing of the batch was applied");
            return Ok((MutationStatus::Rejected, Some(why)));
        }
        if let Some(why) = scope::refusal(writer.tx, viewer, entity, id, None, fields)? {
            return Ok((MutationStatus::Rejected, Some(format!("{why}; nothing of the batch was applied"))));
        }
    }
    let file = m.args.get("file").cloned().unwrap_or(Value::Null);
    let name = format!("Create{}", c.entity.noun);
    for (index, (id, fields)) in c.rows.iter().enumerate() {
        let mut record = Record { fields: fields.clone(), meta: Default::default(), version: 1, deleted: false };
        for (field, _) in c.entity.fields {
            record.meta.insert((*field).to_string(), writer.meta(1));
        }
        record.meta.insert("deleted".into(), writer.meta(1));
        let mut changes = vec![FieldChange { field: SOURCE_FIELD.into(), before: Value::Null, after: file.clone() }];
        changes.extend(
            c.entity
                .fields
                .iter()
                .filter_map(|(f, _)| fields.get(*f).filter(|v| !is_blank(v)).map(|v| (f, v)))
                .map(|(f, v)| FieldChange { field: (*f).to_string(), before: Value::Null, after: v.clone() }),
        );
        let seq = writer.log_entry(&entry_uuid(&m.uuid, index), &name, m, entity, id, &changes)?;
        writer.save_record(entity, id, &record, seq)?;
        scope::after_write(writer.tx, entity, id, &record.fields)?;
    }
    Ok((MutationStatus::Applied, None))
}
