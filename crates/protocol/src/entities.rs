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
    Entity { noun: "ConflictResolution", name: "conflict_resolution", fields: &[("choice", Text)] },
];

/// The entity named `name` (`organisation`), if it syncs.
pub fn entity(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
