//! Contacts: the people of member authorities and partners. Validation, writes (as
//! mutations), the detail and the paged list, linked to their organisation.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Transaction};

use crate::model::{Person, PersonInput, PersonQuery, PersonRow, PersonSort, Page};
use crate::mutation::{self, Action, Write};
use crate::record::{self, ORGANISATIONS, PEOPLE};
use crate::store::{Author, Store};
use crate::search::{self, ListSearch};
use crate::{validate, CoreError, Result};

/// Checks and normalises a contact form against the store (the organisation must exist).
pub fn normalise(conn: &Connection, input: &PersonInput) -> Result<PersonInput> {
    normalise_with(input, |id| record::read_live(conn, &ORGANISATIONS, id).is_ok())
}

/// [`normalise`], asking `organisation_exists` whether a linked organisation is live (an
/// import asks the organisations it loaded, from any thread).
pub(crate) fn normalise_with(input: &PersonInput, organisation_exists: impl Fn(&str) -> bool) -> Result<PersonInput> {
    let first_name = validate::optional("first_name", "First name", &input.first_name, 100)?;
    let last_name = validate::optional("last_name", "Last name", &input.last_name, 100)?;
    if first_name.is_empty() && last_name.is_empty() {
        return Err(CoreError::invalid("last_name", "A name is required"));
    }
    let organisation_id = match input.organisation_id.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        None => None,
        Some(id) if organisation_exists(id) => Some(id.to_string()),
        Some(_) => return Err(CoreError::invalid("organisation_id", "That organisation no longer exists: choose another")),
    };
    let mut emails = Vec::new();
    for value in input.emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        let email = validate::email("emails", value)?;
        if !emails.contains(&email) {
            emails.push(email);
        }
    }
    let mut phones = Vec::new();
    for value in input.phones.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || !(6..=17).contains(&digits) {
            return Err(CoreError::invalid("phones", format!("\"{value}\" is not a phone number (e.g. +33 1 23 45 67 89)")));
        }
        phones.push(value.to_string());
    }
    Ok(PersonInput {
        first_name,
        last_name,
        function: validate::optional("function", "Function", &input.function, 200)?,
        role: input.role,
        organisation_id,
        emails,
        phones,
        languages: validate::languages("languages", &input.languages)?,
        notes: validate::optional("notes", "Notes", &input.notes, 10_000)?,
    })
}

pub(crate) fn create_in(tx: &Transaction, author: &Author, input: &PersonInput) -> Result<String> {
    let clean = normalise(tx, input)?;
    let id = mutation::new_id();
    let fields = record::to_fields(&PEOPLE, &clean)?;
    mutation::apply(tx, author, Write { table: &PEOPLE, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
    Ok(id)
}

/// Refreshes the search text of every contact of an organisation (after it was renamed).
pub(crate) fn reindex_people_of(conn: &Connection, organisation_id: &str) -> Result<()> {
    let mut statement = conn.prepare_cached("SELECT id FROM people WHERE organisation_id = ?1 AND deleted_at IS NULL")?;
    let ids: Vec<String> = statement.query_map([organisation_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let stored = record::read_live(conn, &PEOPLE, &id)?;
        search::index(conn, &PEOPLE, &id, &stored.fields)?;
    }
    Ok(())
}

impl Store {
    pub fn create_person(&mut self, input: &PersonInput) -> Result<Person> {
        let id = self.write(|tx, author| create_in(tx, author, input))?;
        self.person(&id)
    }

    pub fn update_person(&mut self, id: &str, input: &PersonInput) -> Result<Person> {
        let clean = normalise(&self.conn, input)?;
        let fields = record::to_fields(&PEOPLE, &clean)?;
        self.write(|tx, author| {
            mutation::apply(tx, author, Write { table: &PEOPLE, action: Action::Update, id, fields: Some(&fields), undoes: None })
        })?;
        self.person(id)
    }

    pub fn delete_person(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &PEOPLE, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt("delete recorded nothing".into()))
        })
    }

    pub fn person(&self, id: &str) -> Result<Person> {
        let stored = record::read_live(&self.conn, &PEOPLE, id)?;
        let fields: PersonInput = record::from_fields(&stored.fields)?;
        let organisation_name = match &fields.organisation_id {
            Some(org) => self.conn.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| r.get(0)).ok(),
            None => None,
        };
        Ok(Person {
            id: id.to_string(),
            fields,
            organisation_name,
            version: stored.version,
            created_at: stored.created_at,
            updated_at: stored.updated_at,
        })
    }

    /// One page of the contacts list, filtered, searched and sorted. `total` is exact: with a
    /// search it is the count of the FTS hits (and the filters), which a prefix index makes
    /// cheap even for one typed letter.
    pub fn list_people(&self, query: &PersonQuery) -> Result<Page<PersonRow>> {
        let mut conditions = vec!["p.deleted_at IS NULL".to_string()];
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(org) = query.organisation_id.as_deref().filter(|o| !o.is_empty()) {
            values.push(org.to_string().into());
            conditions.push(format!("p.organisation_id = ?{}", values.len()));
        }
        let by_country = query.country.as_deref().is_some_and(|c| !c.is_empty());
        if let Some(country) = query.country.as_deref().filter(|c| !c.is_empty()) {
            values.push(country.to_uppercase().into());
            conditions.push(format!("o.country = ?{}", values.len()));
        }
        let filtered = conditions.len() > 1;
        let limit = if query.limit == 0 { 100 } else { query.limit.min(1000) };
        let direction = if query.descending { "DESC" } else { "ASC" };
        let order = match query.sort {
            PersonSort::LastName => format!("p.sort_key {direction}"),
            PersonSort::FirstName => format!("p.first_name COLLATE NOCASE {direction}, p.sort_key"),
            PersonSort::Organisation => format!("o.sort_key IS NULL, o.sort_key {direction}, p.sort_key"),
            PersonSort::Country => format!("o.country IS NULL, o.country {direction}, p.sort_key"),
        };
        let columns = "p.id, p.first_name, p.last_name, p.function, p.organisation_id, o.name, o.country, json_extract(p.emails, '$[0]')";
        let search = ListSearch::new(search::PEOPLE_INDEX, &query.search);
        let mut from = "people p".to_string();
        let mut total = None;
        if let Some(search) = &search {
            let hits = search.hits(&self.conn)?;
            if hits == 0 || (!filtered && query.sort == PersonSort::LastName) {
                // The index holds live people only, so the hits are the total, and the
                // search finds the page's ids itself (see `ListSearch::page_ids`).
                let ids = if hits == 0 { Vec::new() } else { search.page_ids(&self.conn, query.descending, limit, query.offset)? };
                let sql = format!(
                    "SELECT {columns} FROM json_each(?1) AS page CROSS JOIN people p ON p.id = page.value
                     LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.deleted_at IS NULL ORDER BY page.key"
                );
                let rows = self.rows(&sql, &[serde_json::to_string(&ids)?.into()])?;
                return Ok(Page { total: hits, offset: query.offset, rows });
            }
            let shape = search.shape(hits, filtered, "people", "p", &mut values);
            from = shape.from;
            if !shape.condition.is_empty() {
                conditions.push(shape.condition);
            }
            total = (!filtered).then_some(hits);
        }
        let filter = conditions.join(" AND ");
        let with_organisation = format!("{from} LEFT JOIN organisations o ON o.id = p.organisation_id");
        let total: u32 = match total {
            Some(total) => total,
            // The join cannot change the count (one organisation at most per person): leave it
            // out unless a filter needs it, or counting 100,000 people costs 100,000 lookups.
            None => self.conn.query_row(
                &format!("SELECT count(*) FROM {} WHERE {filter}", if by_country { &with_organisation } else { &from }),
                rusqlite::params_from_iter(values.iter()),
                |r| r.get(0),
            )?,
        };
        values.push(i64::from(limit).into());
        values.push(i64::from(query.offset).into());
        let sql = format!(
            "SELECT {columns} FROM {with_organisation} WHERE {filter} ORDER BY {order}, p.id LIMIT ?{} OFFSET ?{}",
            values.len() - 1,
            values.len()
        );
        let rows = self.rows(&sql, &values)?;
        Ok(Page { total, offset: query.offset, rows })
    }

    /// The contacts list's rows that `sql` selects (its columns as in [`Store::list_people`]).
    fn rows(&self, sql: &str, values: &[SqlValue]) -> Result<Vec<PersonRow>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok(PersonRow {
                    id: r.get(0)?,
                    first_name: r.get(1)?,
                    last_name: r.get(2)?,
                    function: r.get(3)?,
                    organisation_id: r.get(4)?,
                    organisation_name: r.get(5)?,
                    country: r.get(6)?,
                    email: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests;
