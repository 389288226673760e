//! How a record's editable fields map to its table: the field list of each entity, and the
//! conversion between a model input struct, a JSON field map and SQL values. The mutation
//! path works on field maps so that diffing, history and undo are written once for all.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::fold::fold;
use crate::model::EntityKind;
use crate::{CoreError, Result};

pub(crate) type Fields = Map<String, Value>;

/// One entity's table. Names here are constants, never user input, so they may be spliced
/// into SQL.
pub(crate) struct Table {
    pub entity: EntityKind,
    /// The entity's name in mutation names and messages: `Organisation`.
    pub noun: &'static str,
    pub sql: &'static str,
    pub fields: &'static [&'static str],
    /// Fields holding a list, stored as a JSON array in a TEXT column.
    pub list_fields: &'static [&'static str],
    /// The folded key the list sorts on by default.
    pub sort_key: fn(&Fields) -> String,
}

impl Table {
    pub fn for_entity(entity: EntityKind) -> &'static Table {
        match entity {
            EntityKind::Organisation => &ORGANISATIONS,
            EntityKind::Person => &PEOPLE,
            EntityKind::FeeBand => &crate::dues::FEE_BANDS,
            EntityKind::Invoice => &crate::dues::INVOICES,
            EntityKind::Payment => &crate::dues::PAYMENTS,
            EntityKind::CommitteeSeat => &crate::committee::SEATS,
            EntityKind::Event => &crate::events::EVENTS,
            EntityKind::EventSession => &crate::events::sessions::SESSIONS,
            EntityKind::PriceTier => &crate::events::tiers::PRICE_TIERS,
            EntityKind::Registration => &crate::events::registrations::REGISTRATIONS,
            EntityKind::CheckIn => &crate::events::checkins::CHECK_INS,
            EntityKind::Application => &crate::applications::APPLICATIONS,
            EntityKind::ReviewAssignment => &crate::applications::ASSIGNMENTS,
            EntityKind::Review => &crate::applications::REVIEWS,
            EntityKind::BestPractice => &crate::practices::PRACTICES,
            EntityKind::Publication => &crate::publications::PUBLICATIONS,
            EntityKind::Grant => &crate::grants::GRANTS,
            EntityKind::ConflictResolution => &crate::conflicts::RESOLUTIONS,
        }
    }

    pub fn entity_name(&self) -> &'static str {
        match self.entity {
            EntityKind::Organisation => "organisation",
            EntityKind::Person => "person",
            EntityKind::FeeBand => "fee_band",
            EntityKind::Invoice => "invoice",
            EntityKind::Payment => "payment",
            EntityKind::CommitteeSeat => "committee_seat",
            EntityKind::Event => "event",
            EntityKind::EventSession => "event_session",
            EntityKind::PriceTier => "price_tier",
            EntityKind::Registration => "registration",
            EntityKind::CheckIn => "check_in",
            EntityKind::Application => "application",
            EntityKind::ReviewAssignment => "review_assignment",
            EntityKind::Review => "review",
            EntityKind::BestPractice => "best_practice",
            EntityKind::Publication => "publication",
            EntityKind::Grant => "grant",
            EntityKind::ConflictResolution => "conflict_resolution",
        }
    }
}

/// Every synced table: the one list that sync, replica comparison and conflict restores look
/// tables up in. A new synced entity is added here and in `rencontres_protocol::ENTITIES`; a
/// test checks that the two agree.
pub(crate) static SYNCED: &[&Table] = &[
    &ORGANISATIONS,
    &PEOPLE,
    &crate::dues::FEE_BANDS,
    &crate::dues::INVOICES,
    &crate::dues::PAYMENTS,
    &crate::committee::SEATS,
    &crate::events::EVENTS,
    &crate::events::sessions::SESSIONS,
    &crate::events::tiers::PRICE_TIERS,
    &crate::events::registrations::REGISTRATIONS,
    &crate::events::checkins::CHECK_INS,
    &crate::applications::APPLICATIONS,
    &crate::applications::ASSIGNMENTS,
    &crate::applications::REVIEWS,
    &crate::practices::PRACTICES,
    &crate::publications::PUBLICATIONS,
    &crate::grants::GRANTS,
    &crate::conflicts::RESOLUTIONS,
];

/// The synced table of `entity` (`organisation`), if this build knows it.
pub(crate) fn synced_table(entity: &str) -> Option<&'static Table> {
    SYNCED.iter().copied().find(|t| t.entity_name() == entity)
}

fn text<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(Value::as_str).unwrap_or_default()
}

pub(crate) static ORGANISATIONS: Table = Table {
    entity: EntityKind::Organisation,
    noun: "Organisation",
    sql: "organisations",
    fields: &[
        "name", "kind", "country", "subdivision", "population", "population_year", "population_source",
        "address", "website", "email", "languages", "notes", "category", "status", "joined_on", "left_on",
    ],
    list_fields: &["languages"],
    sort_key: |f| fold(text(f, "name")),
};

pub(crate) static PEOPLE: Table = Table {
    entity: EntityKind::Person,
    noun: "Person",
    sql: "people",
    fields: &[
        "first_name", "last_name", "function", "role", "organisation_id", "emails", "phones", "languages", "notes",
        // E-bulletin consent (see `crate::bulletin`), written by its own mutations.
        "bulletin_consent_at", "bulletin_consent_how", "bulletin_unsubscribed_at", "bulletin_token",
    ],
    list_fields: &["emails", "phones", "languages"],
    sort_key: |f| fold(&format!("{} {}", text(f, "last_name"), text(f, "first_name"))),
};

/// A model input struct as a field map, holding exactly the table's fields.
pub(crate) fn to_fields<T: Serialize>(table: &Table, input: &T) -> Result<Fields> {
    match serde_json::to_value(input)? {
        Value::Object(map) => {
            let fields: Fields = map.into_iter().filter(|(k, _)| table.fields.contains(&k.as_str())).collect();
            // An input may leave out fields that have mutations of their own (a person's
            // e-bulletin consent); creates store them as null, updates keep their values.
            debug_assert!(
                fields.len() == table.fields.len() || table.entity == EntityKind::Person,
                "{} input and table disagree",
                table.noun
            );
            Ok(fields)
        }
        _ => Err(CoreError::Corrupt(format!("{} input is not an object", table.noun))),
    }
}

pub(crate) fn from_fields<T: DeserializeOwned>(fields: &Fields) -> Result<T> {
    Ok(serde_json::from_value(Value::Object(fields.clone()))?)
}

/// A field's JSON value as the SQL value stored in its column.
/// Whether a field holds nothing: null, an empty text or an empty list.
pub(crate) fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

pub(crate) fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n.as_i64().map(SqlValue::Integer).unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => SqlValue::Text(s.clone()),
        list @ Value::Array(_) | list @ Value::Object(_) => SqlValue::Text(list.to_string()),
    }
}

fn from_sql(table: &Table, field: &str, value: SqlValue) -> Result<Value> {
    Ok(match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => Value::from(i),
        SqlValue::Real(r) => Value::from(r),
        SqlValue::Text(s) if table.list_fields.contains(&field) => serde_json::from_str(&s)?,
        SqlValue::Text(s) => Value::String(s),
        SqlValue::Blob(_) => return Err(CoreError::Corrupt(format!("{}.{field} holds a blob", table.sql))),
    })
}

/// A record as stored: its fields and bookkeeping.
pub(crate) struct Stored {
    pub fields: Fields,
    pub version: i64,
    /// The server version this record was last pulled at (0: never synced); local edits
    /// are based on it, so the server can tell an edit that had not seen a change.
    pub synced_version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted: bool,
}

/// Reads one record, deleted or not; None when the id was never stored.
pub(crate) fn read(conn: &Connection, table: &Table, id: &str) -> Result<Option<Stored>> {
    let sql = format!(
        "SELECT {}, version, created_at, updated_at, deleted_at IS NOT NULL, synced_version FROM {} WHERE id = ?1",
        table.fields.join(", "),
        table.sql
    );
    let n = table.fields.len();
    // Cached: an import or a sync page reads one record per write.
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |row| {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(row.get::<_, SqlValue>(i)?);
            }
            let bookkeeping = (row.get::<_, i64>(n)?, row.get::<_, String>(n + 1)?, row.get::<_, String>(n + 2)?, row.get::<_, bool>(n + 3)?, row.get::<_, i64>(n + 4)?);
            Ok((values, bookkeeping))
        })
        .optional()?;
    let Some((values, (version, created_at, updated_at, deleted, synced_version))) = row else { return Ok(None) };
    let mut fields = Fields::new();
    for (field, value) in table.fields.iter().zip(values) {
        fields.insert((*field).to_string(), from_sql(table, field, value)?);
    }
    Ok(Some(Stored { fields, version, synced_version, created_at, updated_at, deleted }))
}

/// Reads a live (not deleted) record, or says it is not there.
pub(crate) fn read_live(conn: &Connection, table: &Table, id: &str) -> Result<Stored> {
    match read(conn, table, id)? {
        Some(stored) if !stored.deleted => Ok(stored),
        _ => Err(CoreError::NotFound { what: table.entity_name(), id: id.to_string() }),
    }
}

#[cfg(test)]
mod synced_tests {
    use super::*;

    #[test]
    fn every_entity_of_the_protocol_has_a_synced_table_and_every_synced_table_is_in_the_protocol() {
        for entity in rencontres_protocol::ENTITIES {
            let table = synced_table(entity.name).unwrap_or_else(|| panic!("no synced table for {}", entity.name));
            assert_eq!(table.noun, entity.noun, "{}", entity.name);
            let mut protocol: Vec<&str> = entity.fields.iter().map(|(f, _)| *f).collect();
            let mut local: Vec<&str> = table.fields.to_vec();
            protocol.sort_unstable();
            local.sort_unstable();
            assert_eq!(local, protocol, "the fields of {}", entity.name);
        }
        for table in SYNCED {
            assert!(rencontres_protocol::entity(table.entity_name()).is_some(), "{} is not in the protocol", table.entity_name());
        }
    }
}
