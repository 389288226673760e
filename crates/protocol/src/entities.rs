//! The field schema of every synced entity: the names and JSON types of the fields a
//! mutation may carry. The server checks pushes against it; core checks its tables agree.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    OptionalText,
    OptionalInteger,
    Integer,
    TextList,
}

impl FieldType {
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            FieldType::Text => value.is_string(),
            FieldType::OptionalText => value.is_string() || value.is_null(),
            FieldType::OptionalInteger => value.is_i64() || value.is_null(),
            FieldType::Integer => value.is_i64(),
            FieldType::TextList => value.as_array().is_some_and(|items| items.iter().all(Value::is_string)),
        }
    }
}

pub struct Entity {
    /// As in mutation names: `Organisation` in `UpdateOrganisation`.
    pub noun: &'static str,
    /// As in changes and conflicts: `organisation`.
    pub name: &'static str,
    pub fields: &'static [(&'static str, FieldType)],
}

impl Entity {
    pub fn field(&self, name: &str) -> Option<FieldType> {
        self.fields.iter().find(|(f, _)| *f == name).map(|(_, t)| *t)
    }
}

use FieldType::{Integer, OptionalInteger, OptionalText, Text, TextList};

pub static ENTITIES: &[Entity] = &[
    Entity {
        noun: "Organisation",
        name: "organisation",
        fields: &[
            ("name", Text),
            ("kind", Text),
            ("country", Text),
            ("subdivision", Text),
            ("population", OptionalInteger),
            ("population_year", OptionalInteger),
            ("population_source", Text),
            ("address", Text),
            ("website", Text),
            ("email", Text),
            ("languages", TextList),
            ("notes", Text),
            ("category", Text),
            ("status", Text),
            ("joined_on", OptionalText),
            ("left_on", OptionalText),
        ],
    },
    Entity {
        noun: "Person",
        name: "person",
        fields: &[
            ("first_name", Text),
            ("last_name", Text),
            ("function", Text),
            ("role", Text),
            ("organisation_id", OptionalText),
            ("emails", TextList),
            ("phones", TextList),
            ("languages", TextList),
            ("notes", Text),
        ],
    },
    // Dues (core's `dues` module): money in euro cents, dates YYYY-MM-DD.
    Entity {
        noun: "FeeBand",
        name: "fee_band",
        fields: &[
            ("year", Integer),
            ("category", Text),
            ("population_from", Integer),
            ("population_to", OptionalInteger),
            ("fee_cents", Integer),
        ],
    },
    Entity {
        noun: "Invoice",
        name: "invoice",
        fields: &[
            ("organisation_id", Text),
            ("year", Integer),
            ("provisional_number", Text),
            ("number", OptionalText),
            ("issued_on", Text),
            ("due_on", Text),
            ("amount_cents", Integer),
            ("band_label", Text),
            ("why", Text),
        ],
    },
    Entity {
        noun: "Payment",
        name: "payment",
        fields: &[
            ("invoice_id", Text),
            ("paid_on", Text),
            ("amount_cents", Integer),
            ("method", Text),
            ("reference", Text),
        ],
    },
    // Committee (core's `committee` module): dates YYYY-MM-DD, term_end inclusive.
    Entity {
        noun: "CommitteeSeat",
        name: "committee_seat",
        fields: &[
            ("person_id", Text),
            ("role", Text),
            ("term_start", Text),
            ("term_end", OptionalText),
            ("account_username", OptionalText),
        ],
    },
];

/// What history entries and conflicts of an erased record show instead of its values.
pub const ERASED_VALUE: &str = "(erased)";

/// Whether records of `entity` hold a person's data and can be erased (`Erase<Noun>`).
pub fn is_erasable(entity: &str) -> bool {
    entity == "person"
}

/// The fields of an erased record of `entity` (GDPR): every personal field emptied, what only
/// links it to others kept (a person's organisation, so counts per member stay right). Both
/// the server and the clients write exactly these values. None for an entity not erasable.
pub fn erased_fields(entity: &str, current: &serde_json::Map<String, Value>) -> Option<serde_json::Map<String, Value>> {
    if !is_erasable(entity) {
        return None;
    }
    let mut fields = serde_json::Map::new();
    fields.insert("first_name".into(), Value::String(String::new()));
    fields.insert("last_name".into(), Value::String(ERASED_VALUE.into()));
    fields.insert("function".into(), Value::String(String::new()));
    fields.insert("role".into(), Value::String("other".into()));
    fields.insert("organisation_id".into(), current.get("organisation_id").cloned().unwrap_or(Value::Null));
    for list in ["emails", "phones", "languages"] {
        fields.insert(list.into(), Value::Array(Vec::new()));
    }
    fields.insert("notes".into(), Value::String(String::new()));
    Some(fields)
}

/// The entity named `name` (`organisation`), if it syncs.
pub fn entity(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_erased_person_keeps_only_its_organisation_and_fits_the_schema() {
        let current = json!({"first_name": "Ioana", "last_name": "Țepeș", "function": "Mayor", "role": "elected",
            "organisation_id": "org-1", "emails": ["i@example.ro"], "phones": ["+40"], "languages": ["ro"], "notes": "x"});
        let erased = erased_fields("person", current.as_object().expect("object")).expect("erasable");
        let person = entity("person").expect("person");
        assert_eq!(erased.len(), person.fields.len());
        for (field, kind) in person.fields {
            assert!(kind.accepts(&erased[*field]), "{field}");
        }
        assert_eq!(erased["organisation_id"], "org-1");
        assert!(!erased.values().any(|v| v.to_string().contains("Ioana") || v.to_string().contains("example")));
        assert!(erased_fields("organisation", &serde_json::Map::new()).is_none());
    }

    #[test]
    fn a_list_of_text_accepts_strings_only() {
        assert!(TextList.accepts(&json!(["fr", "en"])));
        assert!(!TextList.accepts(&json!(["fr", 3])));
        assert!(!TextList.accepts(&json!("fr")));
    }

    #[test]
    fn an_integer_refuses_null_text_and_fractions() {
        assert!(Integer.accepts(&json!(120_000)));
        assert!(!Integer.accepts(&json!(null)));
        assert!(!Integer.accepts(&json!("12")));
        assert!(!Integer.accepts(&json!(1.5)));
    }

    #[test]
    fn an_optional_integer_refuses_text_and_fractions() {
        assert!(OptionalInteger.accepts(&json!(null)));
        assert!(OptionalInteger.accepts(&json!(12)));
        assert!(!OptionalInteger.accepts(&json!("12")));
        assert!(!OptionalInteger.accepts(&json!(1.5)));
    }
}
