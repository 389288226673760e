//! Read operations of the member directory through core's public API, each beside its
//! physical reference: the plainest raw rusqlite query that fetches the same rows from the
//! same file (no count, no joins the screen does not strictly need).

use std::path::Path;

use anyhow::Context as _;
use rencontres_core::model::{OrganisationQuery, OrganisationSort, PersonQuery};
use rencontres_core::Store;
use rusqlite::Connection;

use crate::measure::{time_ms, Samples};
use crate::plan::Plan;
use crate::report::{Measured, Row, Target};

/// Typed whole words: names with and without accents, a full name, a function, an organisation.
const WORD_QUERIES: &[&str] = &["martin", "muller", "sophie dubois", "deputy mayor", "kovacs", "philharmonic", "lukasik", "Ærø"];
/// Search as you type: every prefix of a name as the box would send it.
const TYPED_QUERIES: &[&str] = &["s", "so", "sop", "soph", "sophi", "sophie", "m", "ma", "mar", "mart", "marti", "martin"];
/// Issue #5 ([members]): "Search over 100,000 people: p99 under 10 ms".
const SEARCH_TARGET: Target = Target::P99Below(10.0, "#5");

/// Runs a query and drops its rows, so a reference pays for reading every row the API reads.
fn raw_rows(conn: &Connection, sql: &str, params: &[&dyn rusqlite::ToSql]) -> anyhow::Result<usize> {
    let mut statement = conn.prepare_cached(sql)?;
    let columns = statement.column_count();
    let mut rows = statement.query(params)?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        for i in 0..columns {
            std::hint::black_box(row.get_ref(i)?);
        }
        count += 1;
    }
    Ok(count)
}

/// The country with the most live organisations: the filter a large member base stresses most.
fn busiest_country(conn: &Connection) -> anyhow::Result<String> {
    Ok(conn.query_row(
        "SELECT country FROM organisations WHERE deleted_at IS NULL GROUP BY country ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?)
}

/// Organisations that have contacts, for the detail page (a page with nobody on it is not typical).
fn organisations_with_contacts(conn: &Connection, limit: usize) -> anyhow::Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT organisation_id FROM people WHERE organisation_id IS NOT NULL AND deleted_at IS NULL
         GROUP BY organisation_id ORDER BY organisation_id LIMIT ?1",
    )?;
    let ids = statement.query_map([limit as i64], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    anyhow::ensure!(!ids.is_empty(), "the dataset has no organisation with contacts");
    Ok(ids)
}

pub fn run(path: &Path, dataset: &str, plan: Plan) -> anyhow::Result<Vec<Row>> {
    let store = Store::open(path).with_context(|| format!("opening {}", path.display()))?;
    let raw = Connection::open(path).with_context(|| format!("opening {} raw", path.display()))?;
    let country = busiest_country(&raw)?;
    let details = organisations_with_contacts(&raw, 200)?;
    let mut rows = Vec::new();
    let mut add = |operation: &str, target: Target, measured: Samples, reference: Samples, what: &str| {
        rows.push(
            Measured {
                operation,
                dataset,
                unit: "ms",
                samples: &measured,
                higher_is_slower: true,
                target,
                reference: Some((&reference, what)),
            }
            .row(),
        );
    };
    let (warmup, runs) = (plan.warmup, plan.reads);

    let by_name = OrganisationQuery { limit: 100, ..OrganisationQuery::default() };
    add(
        "members list, first 100 by name",
        Target::None,
        time_ms(warmup, runs, |_| Ok(store.list_organisations(&by_name)?))?,
        time_ms(warmup, runs, |_| {
            raw_rows(&raw, "SELECT id, name, kind, country, population, category, status FROM organisations WHERE deleted_at IS NULL ORDER BY sort_key LIMIT 100", &[])
        })?,
        "SELECT 100 organisations ORDER BY sort_key (no count, no contacts column)",
    );

    let in_country = OrganisationQuery { country: Some(country.clone()), limit: 100, ..OrganisationQuery::default() };
    add(
        &format!("members list, first 100 in {country} by name"),
        Target::None,
        time_ms(warmup, runs, |_| Ok(store.list_organisations(&in_country)?))?,
        time_ms(warmup, runs, |_| {
            raw_rows(&raw, "SELECT id, name, kind, country, population, category, status FROM organisations WHERE deleted_at IS NULL AND country = ?1 ORDER BY sort_key LIMIT 100", &[&country])
        })?,
        "SELECT 100 organisations WHERE country = ? ORDER BY sort_key",
    );

    let by_population = OrganisationQuery { sort: OrganisationSort::Population, descending: true, limit: 100, ..OrganisationQuery::default() };
    add(
        "members list, first 100 by population desc",
        Target::None,
        time_ms(warmup, runs, |_| Ok(store.list_organisations(&by_population)?))?,
        time_ms(warmup, runs, |_| {
            raw_rows(&raw, "SELECT id, name, kind, country, population, category, status FROM organisations WHERE deleted_at IS NULL ORDER BY population DESC LIMIT 100", &[])
        })?,
        "SELECT 100 organisations ORDER BY population DESC (no index on population)",
    );

    let people = PersonQuery { limit: 100, ..PersonQuery::default() };
    add(
        "contacts list, first 100 by name",
        Target::None,
        time_ms(warmup, runs, |_| Ok(store.list_people(&people)?))?,
        time_ms(warmup, runs, |_| {
            raw_rows(&raw, "SELECT p.id, p.first_name, p.last_name, p.function, p.organisation_id, o.name, o.country FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.deleted_at IS NULL ORDER BY p.sort_key LIMIT 100", &[])
        })?,
        "SELECT 100 people JOIN organisation ORDER BY sort_key (no count)",
    );

    for (operation, queries) in [("search contacts, whole words", WORD_QUERIES), ("search contacts, as you type", TYPED_QUERIES)] {
        let measured = time_ms(warmup, runs, |i| {
            let query = PersonQuery { search: queries[i % queries.len()].to_string(), limit: 100, ..PersonQuery::default() };
            Ok(store.list_people(&query)?)
        })?;
        let fts: Vec<String> = queries.iter().filter_map(|q| rencontres_core::fold::fts_query(q)).collect();
        let reference = time_ms(warmup, runs, |i| {
            raw_rows(&raw, "SELECT rowid FROM person_fts WHERE person_fts MATCH ?1 LIMIT 100", &[&fts[i % fts.len()]])
        })?;
        add(operation, SEARCH_TARGET, measured, reference, "FTS5 MATCH of the same folded query on the contacts index, first 100 rowids");
    }

    add(
        "organisation detail with contacts",
        Target::None,
        time_ms(warmup, runs, |i| Ok(store.organisation_detail(&details[i % details.len()])?))?,
        time_ms(warmup, runs, |i| {
            let id = &details[i % details.len()];
            let one = raw_rows(&raw, "SELECT * FROM organisations WHERE id = ?1", &[id])?;
            Ok(one + raw_rows(&raw, "SELECT * FROM people WHERE organisation_id = ?1 AND deleted_at IS NULL", &[id])?)
        })?,
        "SELECT the organisation and its people by id",
    );
    Ok(rows)
}
