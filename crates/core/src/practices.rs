//! The best-practice database: practices of cultural cooperation and integrated territorial
//! development from member cities and regions, with a Markdown body, themes from the
//! association's vocabulary plus free tags, a period, links and the event where each was
//! presented. Every write goes through [`crate::mutation`], so practices sync, show in History
//! and can be undone; they are in the full-text index (accent-free, theme names in English
//! and French), and [`catalogue`] renders them as one self-contained HTML file.
//!
//! Choices a reader should know:
//! - The place is a city or region (free text) and a country (ISO code); a practice may be
//!   linked to an organisation, whose name and country fill empty place and country.
//! - The period is in whole years; no last year means the practice is still running. The year
//!   filter keeps the practices whose period covers that year.
//! - The event is free text or the id of an event (the events module is built in parallel).
//! - The body is stored as typed; it is rendered through [`crate::markdown`] when shown.

pub mod catalogue;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::fold::{self, fold};
use crate::markdown;
use crate::model::EntityKind;
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{countries, validate, CoreError, Result};

/// The themes of the association's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    ArtisticEducation,
    Urbanism,
    Heritage,
    ArtistsRights,
    CreativeIndustries,
    InterculturalDialogue,
    CitizensParticipation,
    CulturalCooperation,
    TerritorialDevelopment,
}

impl Theme {
    pub const ALL: [Theme; 9] = [
        Theme::ArtisticEducation,
        Theme::Urbanism,
        Theme::Heritage,
        Theme::ArtistsRights,
        Theme::CreativeIndustries,
        Theme::InterculturalDialogue,
        Theme::CitizensParticipation,
        Theme::CulturalCooperation,
        Theme::TerritorialDevelopment,
    ];

    /// The stored code: `artistic_education`.
    pub fn code(self) -> &'static str {
        match self {
            Theme::ArtisticEducation => "artistic_education",
            Theme::Urbanism => "urbanism",
            Theme::Heritage => "heritage",
            Theme::ArtistsRights => "artists_rights",
            Theme::CreativeIndustries => "creative_industries",
            Theme::InterculturalDialogue => "intercultural_dialogue",
            Theme::CitizensParticipation => "citizens_participation",
            Theme::CulturalCooperation => "cultural_cooperation",
            Theme::TerritorialDevelopment => "territorial_development",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Theme::ArtisticEducation => "Artistic education",
            Theme::Urbanism => "Urbanism",
            Theme::Heritage => "Heritage",
            Theme::ArtistsRights => "Artists' rights",
            Theme::CreativeIndustries => "Creative industries",
            Theme::InterculturalDialogue => "Intercultural dialogue",
            Theme::CitizensParticipation => "Citizens' participation",
            Theme::CulturalCooperation => "Cultural cooperation",
            Theme::TerritorialDevelopment => "Territorial development",
        }
    }

    /// The French name, indexed too so a search in either language finds the theme.
    pub fn label_fr(self) -> &'static str {
        match self {
            Theme::ArtisticEducation => "Éducation artistique",
            Theme::Urbanism => "Urbanisme",
            Theme::Heritage => "Patrimoine",
            Theme::ArtistsRights => "Droits des artistes",
            Theme::CreativeIndustries => "Industries créatives",
            Theme::InterculturalDialogue => "Dialogue interculturel",
            Theme::CitizensParticipation => "Participation citoyenne",
            Theme::CulturalCooperation => "Coopération culturelle",
            Theme::TerritorialDevelopment => "Développement territorial",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// What a user edits of a best practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PracticeInput {
    pub title: String,
    /// One or two sentences, shown in lists.
    pub summary: String,
    /// Markdown.
    pub body: String,
    /// The city or region.
    pub place: String,
    /// ISO 3166-1 alpha-2; filled from the organisation when empty.
    pub country: String,
    pub organisation_id: Option<String>,
    pub themes: Vec<Theme>,
    pub tags: Vec<String>,
    pub period_start: Option<i32>,
    /// None while the practice is still running.
    pub period_end: Option<i32>,
    /// http(s) addresses.
    pub links: Vec<String>,
    /// Where it was presented: free text or an event id.
    pub event: String,
}

/// A stored practice, with its organisation's name, its country's name and its body rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Practice {
    pub id: String,
    #[serde(flatten)]
    pub fields: PracticeInput,
    pub organisation_name: Option<String>,
    pub country_name: String,
    /// The body as sanitised HTML (see [`crate::markdown`]).
    pub body_html: String,
    pub updated_at: String,
}

/// One line of the practices list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PracticeRow {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub place: String,
    pub country: String,
    pub country_name: String,
    pub themes: Vec<Theme>,
    pub tags: Vec<String>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
}

/// The filters of the practices list; empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PracticeQuery {
    /// Words found anywhere (title, summary, body, place, country, themes, tags, event),
    /// accents and case ignored.
    pub search: String,
    pub theme: Option<Theme>,
    /// ISO code.
    pub country: Option<String>,
    /// Practices whose period covers this year.
    pub year: Option<i32>,
}

fn text_of<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).and_then(serde_json::Value::as_str).unwrap_or_default()
}

pub(crate) static PRACTICES: Table = Table {
    entity: EntityKind::BestPractice,
    noun: "BestPractice",
    sql: "best_practices",
    fields: &[
        "title", "summary", "body", "place", "country", "organisation_id", "themes", "tags", "period_start", "period_end",
        "links", "event",
    ],
    list_fields: &["themes", "tags", "links"],
    sort_key: |f| fold(text_of(f, "title")),
};

/// The words a practice is found by (folded by the caller): its texts, its country's name,
/// its organisation's name, and its themes in English and French.
pub(crate) fn search_text(conn: &Connection, fields: &Fields) -> String {
    let mut text = String::new();
    for name in ["title", "summary", "body", "place", "country", "event"] {
        text.push_str(text_of(fields, name));
        text.push(' ');
    }
    for list in ["tags", "themes"] {
        for item in fields.get(list).and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_str()) {
            text.push_str(item);
            text.push(' ');
            if let Some(theme) = Theme::from_code(item) {
                text.push_str(theme.label_en());
                text.push(' ');
                text.push_str(theme.label_fr());
                text.push(' ');
            }
        }
    }
    if let Some(country) = countries::by_code(text_of(fields, "country")) {
        text.push_str(&country.name);
        text.push(' ');
    }
    if let Some(org) = fields.get("organisation_id").and_then(|o| o.as_str()) {
        let name: Option<String> = conn.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| r.get(0)).ok();
        text.push_str(&name.unwrap_or_default());
    }
    text
}

/// Refreshes the search text of the practices linked to an organisation (after it was
/// renamed): they are found by its name too.
pub(crate) fn reindex_practices_of(conn: &Connection, organisation_id: &str) -> Result<()> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM best_practices WHERE organisation_id = ?1 AND deleted_at IS NULL")?
        .query_map([organisation_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let stored = record::read_live(conn, &PRACTICES, &id)?;
        crate::search::index(conn, &PRACTICES, &id, &stored.fields)?;
    }
    Ok(())
}

const TITLE_MAX: usize = 200;
const SUMMARY_MAX: usize = 1_000;
const BODY_MAX: usize = 100_000;

fn year(field: &str, label: &str, value: Option<i32>) -> Result<Option<i32>> {
    match value {
        Some(y) if !(1900..=2100).contains(&y) => Err(CoreError::invalid(field, format!("{label} {y} is not a year between 1900 and 2100"))),
        other => Ok(other),
    }
}

/// Checks and normalises a practice form against the store (the organisation must exist;
/// its country fills an empty country).
fn clean(conn: &Connection, input: &PracticeInput) -> Result<PracticeInput> {
    let title = validate::required("title", "Title", &input.title, TITLE_MAX)?;
    let summary = validate::optional("summary", "Summary", &input.summary, SUMMARY_MAX)?;
    let body = input.body.trim_end().to_string();
    if body.chars().count() > BODY_MAX {
        return Err(CoreError::invalid("body", format!("The text is longer than {BODY_MAX} characters")));
    }
    let place = validate::optional("place", "City or region", &input.place, 200)?;
    let organisation_id = input.organisation_id.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string);
    let mut country = input.country.trim().to_uppercase();
    let mut place = place;
    if let Some(org) = &organisation_id {
        let found: Option<(String, String)> = conn
            .query_row("SELECT name, country FROM organisations WHERE id = ?1 AND deleted_at IS NULL", [org], |r| Ok((r.get(0)?, r.get(1)?)))
            .ok();
        let Some((name, org_country)) = found else {
            return Err(CoreError::invalid("organisation_id", "Choose an organisation from the list"));
        };
        if country.is_empty() {
            country = org_country;
        }
        if place.is_empty() {
            place = name;
        }
    }
    if country.is_empty() {
        return Err(CoreError::invalid("country", "Country is required (or choose an organisation)"));
    }
    if countries::by_code(&country).is_none() {
        return Err(CoreError::invalid("country", format!("\"{country}\" is not a known country code (e.g. PT, FR, DE)")));
    }
    let mut themes = input.themes.clone();
    themes.sort();
    themes.dedup();
    let mut tags: Vec<String> = Vec::new();
    for tag in &input.tags {
        let tag = validate::optional("tags", "A tag", tag, 60)?;
        if !tag.is_empty() && !tags.iter().any(|t| fold(t) == fold(&tag)) {
            tags.push(tag);
        }
    }
    let period_start = year("period_start", "First year", input.period_start)?;
    let period_end = year("period_end", "Last year", input.period_end)?;
    if let (Some(start), Some(end)) = (period_start, period_end) {
        if end < start {
            return Err(CoreError::invalid("period_end", format!("The period cannot end ({end}) before it starts ({start})")));
        }
    }
    if period_end.is_some() && period_start.is_none() {
        return Err(CoreError::invalid("period_start", "Give the first year too"));
    }
    let mut links: Vec<String> = Vec::new();
    for link in input.links.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let link = validate::website("links", link)?;
        if !links.contains(&link) {
            links.push(link);
        }
    }
    let event = validate::optional("event", "Event", &input.event, 200)?;
    Ok(PracticeInput {
        title,
        summary,
        body,
        place,
        country,
        organisation_id,
        themes,
        tags,
        period_start,
        period_end,
        links,
        event,
    })
}

fn read_practice(conn: &Connection, id: &str) -> Result<Practice> {
    let stored = record::read_live(conn, &PRACTICES, id)?;
    let fields: PracticeInput = record::from_fields(&stored.fields)?;
    let organisation_name: Option<String> = match &fields.organisation_id {
        Some(org) => conn
            .query_row("SELECT name FROM organisations WHERE id = ?1 AND deleted_at IS NULL", [org], |r| r.get(0))
            .ok(),
        None => None,
    };
    let country_name = countries::by_code(&fields.country).map(|c| c.name.clone()).unwrap_or_else(|| fields.country.clone());
    let body_html = markdown::to_safe_html(&fields.body);
    Ok(Practice { id: id.to_string(), fields, organisation_name, country_name, body_html, updated_at: stored.updated_at })
}

fn covers(row: &PracticeRow, year: i32) -> bool {
    row.period_start.is_some_and(|start| start <= year) && row.period_end.is_none_or(|end| year <= end)
}

impl Store {
    pub fn create_practice(&mut self, input: &PracticeInput) -> Result<Practice> {
        let id = mutation::new_id();
        self.write(|tx, author| {
            let practice = clean(tx, input)?;
            let fields = record::to_fields(&PRACTICES, &practice)?;
            mutation::apply(tx, author, Write { table: &PRACTICES, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_practice(&self.conn, &id)
    }

    pub fn update_practice(&mut self, id: &str, input: &PracticeInput) -> Result<Practice> {
        self.write(|tx, author| {
            record::read_live(tx, &PRACTICES, id)?;
            let practice = clean(tx, input)?;
            let fields = record::to_fields(&PRACTICES, &practice)?;
            mutation::apply(tx, author, Write { table: &PRACTICES, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_practice(&self.conn, id)
    }

    /// Deletes a practice (a tombstone that syncs); answers the mutation id [`Store::undo`] takes back.
    pub fn delete_practice(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &PRACTICES, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting practice {id} recorded nothing")))
        })
    }

    pub fn practice(&self, id: &str) -> Result<Practice> {
        read_practice(&self.conn, id)
    }

    /// The practices matching `query`, by title.
    pub fn practices(&self, query: &PracticeQuery) -> Result<Vec<PracticeRow>> {
        let fts = fold::fts_query(&query.search);
        let mut sql = String::from(
            "SELECT p.id, p.title, p.summary, p.place, p.country, p.themes, p.tags, p.period_start, p.period_end FROM ",
        );
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        match &fts {
            Some(fts) => {
                values.push(fts.clone().into());
                sql.push_str(&crate::search::hits_joined_to("best_practice", values.len(), "best_practices", "p"));
            }
            None => sql.push_str("best_practices p"),
        }
        sql.push_str(" WHERE p.deleted_at IS NULL");
        if let Some(country) = query.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            values.push(country.to_uppercase().into());
            sql.push_str(&format!(" AND p.country = ?{}", values.len()));
        }
        if let Some(theme) = query.theme {
            values.push(theme.code().to_string().into());
            sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM json_each(p.themes) WHERE value = ?{})", values.len()));
        }
        sql.push_str(" ORDER BY p.sort_key, p.id");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i32>>(7)?,
                r.get::<_, Option<i32>>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, summary, place, country, themes, tags, period_start, period_end) = row?;
            let themes: Vec<String> = serde_json::from_str(&themes)?;
            let row = PracticeRow {
                id,
                title,
                summary,
                place,
                country_name: countries::by_code(&country).map(|c| c.name.clone()).unwrap_or_else(|| country.clone()),
                country,
                // A theme this build does not know (from a newer laptop) is left out of the list.
                themes: themes.iter().filter_map(|t| Theme::from_code(t)).collect(),
                tags: serde_json::from_str(&tags)?,
                period_start,
                period_end,
            };
            if query.year.is_none_or(|y| covers(&row, y)) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// The countries that have at least one practice, for the country filter.
    pub fn practice_countries(&self) -> Result<Vec<crate::model::Country>> {
        let codes: Vec<String> = self
            .conn
            .prepare("SELECT DISTINCT country FROM best_practices WHERE deleted_at IS NULL ORDER BY country")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<crate::model::Country> = codes
            .into_iter()
            .map(|code| crate::model::Country {
                name: countries::by_code(&code).map(|c| c.name.clone()).unwrap_or_else(|| code.clone()),
                code,
            })
            .collect();
        out.sort_by_key(|c| fold(&c.name));
        Ok(out)
    }

    /// Every practice matching `query`, in full, for the catalogue.
    pub fn practices_in_full(&self, query: &PracticeQuery) -> Result<Vec<Practice>> {
        self.practices(query)?.iter().map(|row| read_practice(&self.conn, &row.id)).collect()
    }
}

#[cfg(test)]
mod tests;
