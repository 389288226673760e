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
            // E-bulletin consent (core's `bulletin` module): times ISO 8601 UTC; the token
            // names the person in unsubscribe links (the server's unsubscribe page sets
            // `bulletin_unsubscribed_at`).
            ("bulletin_consent_at", OptionalText),
            ("bulletin_consent_how", OptionalText),
            ("bulletin_unsubscribed_at", OptionalText),
            ("bulletin_token", OptionalText),
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
    // Events (core's `events` module): dates YYYY-MM-DD, session times YYYY-MM-DDTHH:MM local
    // to the venue, money in integer cents, flags as 0/1. `organisers` are server usernames:
    // the server scopes organiser accounts by it.
    Entity {
        noun: "Event",
        name: "event",
        fields: &[
            ("kind", Text),
            ("title", Text),
            ("city", Text),
            ("country", Text),
            ("venue", Text),
            ("starts_on", Text),
            ("ends_on", Text),
            ("capacity", OptionalInteger),
            ("status", Text),
            ("organisers", TextList),
            ("notes", Text),
        ],
    },
    Entity {
        noun: "EventSession",
        name: "event_session",
        fields: &[
            ("event_id", Text),
            ("title", Text),
            ("starts_at", Text),
            ("ends_at", Text),
            ("room", Text),
            ("speakers", TextList),
        ],
    },
    Entity {
        noun: "PriceTier",
        name: "price_tier",
        fields: &[
            ("event_id", Text),
            ("tier", Text),
            ("price_cents", Integer),
            ("early_price_cents", OptionalInteger),
            ("early_until", OptionalText),
        ],
    },
    Entity {
        noun: "Registration",
        name: "registration",
        fields: &[
            ("event_id", Text),
            ("person_id", OptionalText),
            ("first_name", Text),
            ("last_name", Text),
            ("function", Text),
            ("organisation_id", OptionalText),
            ("organisation_name", Text),
            ("country", Text),
            ("tier", Text),
            ("price_cents", Integer),
            ("tier_reason", Text),
            ("dues_unpaid", Integer),
            ("payment", Text),
            ("diet", Text),
            ("access", Text),
            ("status", Text),
            ("badge_code", Text),
            ("registered_at", Text),
            ("walk_in", Integer),
            ("proxy_for", OptionalText),
        ],
    },
    // A check-in is an append-only fact: created, possibly taken back (deleted), never updated.
    Entity {
        noun: "CheckIn",
        name: "check_in",
        fields: &[
            ("event_id", Text),
            ("registration_id", Text),
            ("device", Text),
            ("device_id", Text),
            ("scanned_at", Text),
            ("user", Text),
            ("offline", Integer),
            ("session_id", OptionalText),
        ],
    },
    // Membership applications and their review (core's `applications` module). Attachments
    // and declared conflicts are lists of JSON texts; scores a JSON object in a text.
    Entity {
        noun: "Application",
        name: "application",
        fields: &[
            ("organisation_id", OptionalText),
            ("organisation_name", Text),
            ("kind", Text),
            ("country", Text),
            ("population", OptionalInteger),
            ("contact_first_name", Text),
            ("contact_last_name", Text),
            ("contact_function", Text),
            ("contact_email", Text),
            ("contact_person_id", OptionalText),
            ("category", Text),
            ("motivation", Text),
            ("attachments", TextList),
            ("criteria", TextList),
            ("declared_conflicts", TextList),
            ("status", Text),
            ("received_on", Text),
            ("decided_on", OptionalText),
            ("decision_note", Text),
        ],
    },
    Entity {
        noun: "ReviewAssignment",
        name: "review_assignment",
        fields: &[("application_id", Text), ("seat_id", Text), ("reviewer", OptionalText), ("assigned_on", Text)],
    },
    Entity {
        noun: "Review",
        name: "review",
        fields: &[
            ("application_id", Text),
            ("seat_id", Text),
            ("reviewer", OptionalText),
            ("scores", Text),
            ("recommendation", OptionalText),
            ("comment", Text),
            ("status", Text),
            ("submitted_at", OptionalText),
        ],
    },
    // Best practices (core's `practices` module): body in Markdown, themes as codes, years as integers.
    Entity {
        noun: "BestPractice",
        name: "best_practice",
        fields: &[
            ("title", Text),
            ("summary", Text),
            ("body", Text),
            ("place", Text),
            ("country", Text),
            ("organisation_id", OptionalText),
            ("themes", TextList),
            ("tags", TextList),
            ("period_start", OptionalInteger),
            ("period_end", OptionalInteger),
            ("links", TextList),
            ("event", Text),
        ],
    },
    // Publications (core's `publications` module): files are stored names of attachments.
    Entity {
        noun: "Publication",
        name: "publication",
        fields: &[
            ("kind", Text),
            ("title", Text),
            ("published_on", OptionalText),
            ("event", Text),
            ("summary", Text),
            ("files", TextList),
        ],
    },
    // Grants (core's `grants` module): money in euro cents, dates YYYY-MM-DD.
    Entity {
        noun: "Grant",
        name: "grant",
        fields: &[
            ("funder_id", OptionalText),
            ("funder_name", Text),
            ("year", Integer),
            ("amount_cents", OptionalInteger),
            ("programme", Text),
            ("purpose", Text),
            ("reporting_deadline", OptionalText),
            ("reported_on", OptionalText),
            ("notes", Text),
        ],
    },
    Entity { noun: "ConflictResolution", name: "conflict_resolution", fields: &[("choice", Text)] },
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
    // The e-bulletin consent goes too, its unsubscribe token above all (it names the person).
    for consent in ["bulletin_consent_at", "bulletin_consent_how", "bulletin_unsubscribed_at", "bulletin_token"] {
        fields.insert(consent.into(), Value::Null);
    }
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
