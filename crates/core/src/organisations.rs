//! Member authorities and other organisations: validation of the edit form, the writes (as
//! mutations), the detail page and the paged, filtered, sorted members list.

use rusqlite::types::Value as SqlValue;
use rusqlite::Transaction;

use crate::model::{
    MembershipCategory, MembershipStatus, Organisation, OrganisationDetail, OrganisationInput, OrganisationKind,
    OrganisationQuery, OrganisationRow, OrganisationSort, Page, PersonQuery,
};
use crate::mutation::{self, Action, Write};
use crate::record::{self, ORGANISATIONS};
use crate::store::{Author, Store};
use crate::search::{self, ListSearch};
use crate::{countries, validate, CoreError, Result};

/// Checks and normalises an organisation form; the first rule broken is reported.
pub fn normalise(input: &OrganisationInput) -> Result<OrganisationInput> {
    let country = input.country.trim().to_uppercase();
    if countries::by_code(&country).is_none() {
        let shown = if country.is_empty() { "no country".to_string() } else { format!("\"{country}\"") };
        return Err(CoreError::invalid("country", format!("{shown} is not a known country: choose one from the list")));
    }
    if let Some(population) = input.population {
        if population < 0 {
            return Err(CoreError::invalid("population", "Population cannot be negative"));
        }
    }
    if let Some(year) = input.population_year {
        if !(1800..=2100).contains(&year) {
            return Err(CoreError::invalid("population_year", format!("{year} is not a plausible census year")));
        }
    }
    let email = match input.email.trim() {
        "" => String::new(),
        value => validate::email("email", value)?,
    };
    let joined_on = validate::date("joined_on", "Joined on", input.joined_on.as_deref())?;
    let left_on = validate::date("left_on", "Left on", input.left_on.as_deref())?;
    if let (Some(joined), Some(left)) = (&joined_on, &left_on) {
        if left < joined {
            return Err(CoreError::invalid("left_on", "Left on is before joined on"));
        }
    }
    Ok(OrganisationInput {
        name: validate::required("name", "Name", &input.name, 200)?,
        kind: input.kind,
        country,
        subdivision: validate::optional("subdivision", "Subdivision", &input.subdivision, 200)?,
        population: input.population,
        population_year: input.population_year,
        population_source: validate::optional("population_source", "Population source", &input.population_source, 200)?,
        address: validate::optional("address", "Address", &input.address, 500)?,
        website: validate::website("website", &input.website)?,
        email,
        languages: validate::languages("languages", &input.languages)?,
        notes: validate::optional("notes", "Notes", &input.notes, 10_000)?,
        category: input.category,
        status: input.status,
        joined_on,
        left_on,
    })
}

/// Creates an organisation inside a caller's transaction (the demo loader and imports batch).
pub(crate) fn create_in(tx: &Transaction, author: &Author, input: &OrganisationInput) -> Result<String> {
    let clean = normalise(input)?;
    let id = mutation::new_id();
    let fields = record::to_fields(&ORGANISATIONS, &clean)?;
    mutation::apply(tx, author, Write { table: &ORGANISATIONS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
    Ok(id)
}

fn read(conn: &rusqlite::Connection, id: &str) -> Result<Organisation> {
    let stored = record::read_live(conn, &ORGANISATIONS, id)?;
    Ok(Organisation {
        id: id.to_string(),
        fields: record::from_fields(&stored.fields)?,
        version: stored.version,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
    })
}

fn as_text<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn parse<T: serde::de::DeserializeOwned>(text: String) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

impl Store {
    pub fn create_organisation(&mut self, input: &OrganisationInput) -> Result<Organisation> {
        let id = self.write(|tx, author| create_in(tx, author, input))?;
        self.organisation(&id)
    }

    /// Saves the form; people of the organisation are re-indexed when its name changes, since
    /// they are found by their organisation's name too.
    pub fn update_organisation(&mut self, id: &str, input: &OrganisationInput) -> Result<Organisation> {
        let clean = normalise(input)?;
        let fields = record::to_fields(&ORGANISATIONS, &clean)?;
        self.write(|tx, author| {
            let before = read(tx, id)?;
            mutation::apply(tx, author, Write { table: &ORGANISATIONS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            if before.fields.name != clean.name {
                crate::people::reindex_people_of(tx, id)?;
                crate::practices::reindex_practices_of(tx, id)?;
            }
            Ok(())
        })?;
        self.organisation(id)
    }

    /// Soft-deletes; answers the mutation id that [`Store::undo`] takes back.
    pub fn delete_organisation(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &ORGANISATIONS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt("delete recorded nothing".into()))
        })
    }

    pub fn organisation(&self, id: &str) -> Result<Organisation> {
        read(&self.conn, id)
    }

    pub fn organisation_detail(&self, id: &str) -> Result<OrganisationDetail> {
        let organisation = self.organisation(id)?;
        let contacts = self
            .list_people(&PersonQuery { organisation_id: Some(id.to_string()), limit: 500, ..PersonQuery::default() })?
            .rows;
        Ok(OrganisationDetail { organisation, contacts })
    }

    /// One page of the members list, filtered, searched and sorted.
    pub fn list_organisations(&self, query: &OrganisationQuery) -> Result<Page<OrganisationRow>> {
        let mut conditions = vec!["o.deleted_at IS NULL".to_string()];
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(country) = query.country.as_deref().filter(|c| !c.is_empty()) {
            values.push(country.to_uppercase().into());
            conditions.push(format!("o.country = ?{}", values.len()));
        }
        if let Some(category) = query.category {
            values.push(as_text(category).into());
            conditions.push(format!("o.category = ?{}", values.len()));
        }
        if let Some(status) = query.status {
            values.push(as_text(status).into());
            conditions.push(format!("o.status = ?{}", values.len()));
        }
        let filtered = conditions.len() > 1;
        let limit = if query.limit == 0 { 100 } else { query.limit.min(1000) };
        let direction = if query.descending { "DESC" } else { "ASC" };
        let order = match query.sort {
            OrganisationSort::Name => format!("o.sort_key {direction}"),
            OrganisationSort::Country => format!("o.country {direction}, o.sort_key"),
            OrganisationSort::Population => format!("o.population IS NULL, o.population {direction}, o.sort_key"),
            OrganisationSort::Category => format!("o.category {direction}, o.sort_key"),
            OrganisationSort::Status => format!("o.status {direction}, o.sort_key"),
        };
        let columns = "o.id, o.name, o.kind, o.country, o.population, o.category, o.status,
                    (SELECT count(*) FROM people p WHERE p.organisation_id = o.id AND p.deleted_at IS NULL)";
        let mut from = "organisations o".to_string();
        let mut total = None;
        if let Some(search) = ListSearch::new(search::ORGANISATIONS_INDEX, &query.search) {
            let hits = search.hits(&self.conn)?;
            if hits == 0 || (!filtered && query.sort == OrganisationSort::Name) {
                // The index holds live organisations only: the hits are the total, and the
                // search finds the page's ids itself (see `ListSearch::page_ids`).
                let ids = if hits == 0 { Vec::new() } else { search.page_ids(&self.conn, query.descending, limit, query.offset)? };
                let sql = format!(
                    "SELECT {columns} FROM json_each(?1) AS page CROSS JOIN organisations o ON o.id = page.value
                     WHERE o.deleted_at IS NULL ORDER BY page.key"
                );
                let rows = self.organisation_rows(&sql, &[serde_json::to_string(&ids)?.into()])?;
                return Ok(Page { total: hits, offset: query.offset, rows });
            }
            let shape = search.shape(hits, filtered, "organisations", "o", &mut values);
            from = shape.from;
            if !shape.condition.is_empty() {
                conditions.push(shape.condition);
            }
            total = (!filtered).then_some(hits);
        }
        let filter = conditions.join(" AND ");
        let total: u32 = match total {
            Some(total) => total,
            None => self.conn.query_row(&format!("SELECT count(*) FROM {from} WHERE {filter}"), rusqlite::params_from_iter(values.iter()), |r| {
                r.get(0)
            })?,
        };
        values.push(i64::from(limit).into());
        values.push(i64::from(query.offset).into());
        let sql = format!(
            "SELECT {columns} FROM {from} WHERE {filter} ORDER BY {order}, o.id LIMIT ?{} OFFSET ?{}",
            values.len() - 1,
            values.len()
        );
        let rows = self.organisation_rows(&sql, &values)?;
        Ok(Page { total, offset: query.offset, rows })
    }

    /// The members list's rows that `sql` selects (its columns as in [`Store::list_organisations`]).
    fn organisation_rows(&self, sql: &str, values: &[SqlValue]) -> Result<Vec<OrganisationRow>> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                Ok(OrganisationRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: parse::<OrganisationKind>(r.get(2)?)?,
                    country: r.get(3)?,
                    population: r.get(4)?,
                    category: parse::<MembershipCategory>(r.get(5)?)?,
                    status: parse::<MembershipStatus>(r.get(6)?)?,
                    contacts: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests;
