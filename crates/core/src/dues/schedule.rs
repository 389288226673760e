//! The fee schedule: bands per year, category and population, proposed for a year from the
//! latest earlier year (or built-in defaults) and stored on demand; edits as mutations; and
//! the quote of one member's fee with the reason a reader can check.

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::text::{band_label, format_euros, format_population};
use super::{check_year, FeeBand, FeeBandInput, FeeCategory, FeeQuote, FeeSchedule, FEE_BANDS};
use crate::model::{MembershipCategory, Organisation};
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields};
use crate::store::{Author, Store};
use crate::{CoreError, Result};

/// The schedule a year starts from when no earlier year has one: fees rise with the size of
/// the authority (the association keeps them "as low as possible"); associates pay one fee.
pub(crate) fn default_bands(year: i32) -> Vec<FeeBandInput> {
    let full = |from: i64, to: Option<i64>, euros: i64| FeeBandInput {
        year,
        category: FeeCategory::Full,
        population_from: from,
        population_to: to,
        fee_cents: euros * 100,
    };
    vec![
        full(0, Some(20_000), 300),
        full(20_000, Some(100_000), 600),
        full(100_000, Some(500_000), 1_200),
        full(500_000, Some(1_000_000), 2_000),
        full(1_000_000, None, 3_000),
        FeeBandInput { year, category: FeeCategory::Associate, population_from: 0, population_to: None, fee_cents: 25_000 },
    ]
}

fn band(id: String, fields: FeeBandInput) -> FeeBand {
    let label = band_label(fields.population_from, fields.population_to);
    FeeBand { id, fields, label }
}

/// The live bands stored for `year`, by category then lower bound.
pub(crate) fn stored_bands(conn: &Connection, year: i32) -> Result<Vec<FeeBand>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, category, population_from, population_to, fee_cents FROM fee_bands
         WHERE year = ?1 AND deleted_at IS NULL ORDER BY sort_key",
    )?;
    let rows = statement
        .query_map([year], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, category, population_from, population_to, fee_cents)| {
            let category = FeeCategory::parse(&category)?;
            Ok(band(id, FeeBandInput { year, category, population_from, population_to, fee_cents }))
        })
        .collect()
}

/// The schedule of `year`: stored, else proposed from the latest earlier stored year, else
/// the defaults. Proposed bands carry the ids [`ensure_in`] would give them.
pub(crate) fn schedule(conn: &Connection, year: i32) -> Result<FeeSchedule> {
    let bands = stored_bands(conn, year)?;
    if !bands.is_empty() {
        return Ok(FeeSchedule { year, stored: true, copied_from: None, bands });
    }
    let earlier: Option<i32> = conn
        .query_row("SELECT max(year) FROM fee_bands WHERE year < ?1 AND deleted_at IS NULL", [year], |r| r.get(0))
        .optional()?
        .flatten();
    let inputs = match earlier {
        Some(from_year) => stored_bands(conn, from_year)?.into_iter().map(|b| FeeBandInput { year, ..b.fields }).collect(),
        None => default_bands(year),
    };
    let bands = inputs.into_iter().map(|input| band(derived_id(&input), input)).collect();
    Ok(FeeSchedule { year, stored: false, copied_from: earlier, bands })
}

/// The id of a band made by copying or from defaults: the same on every laptop, so two
/// laptops that both start the year offline store one schedule, not two.
fn derived_id(input: &FeeBandInput) -> String {
    format!("fee-{}-{}-{}", input.year, input.category.as_str(), input.population_from)
}

/// Stores the proposed schedule of `year` if nothing is stored for it; answers the bands.
pub(crate) fn ensure_in(tx: &Transaction, author: &Author, year: i32) -> Result<Vec<FeeBand>> {
    check_year(year)?;
    let proposed = schedule(tx, year)?;
    if proposed.stored {
        return Ok(proposed.bands);
    }
    let mut bands = Vec::with_capacity(proposed.bands.len());
    for proposed_band in proposed.bands {
        // A deleted band may hold the derived id (the year was cleared by hand): use a fresh one.
        let id = if record::read(tx, &FEE_BANDS, &proposed_band.id)?.is_some() { mutation::new_id() } else { proposed_band.id };
        let fields = record::to_fields(&FEE_BANDS, &proposed_band.fields)?;
        mutation::apply(tx, author, Write { table: &FEE_BANDS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
        bands.push(band(id, proposed_band.fields));
    }
    Ok(bands)
}

/// Checks a band and that it overlaps no other live band of its year and category.
fn check_band(conn: &Connection, input: &FeeBandInput, except_id: Option<&str>) -> Result<()> {
    check_year(input.year)?;
    if input.population_from < 0 {
        return Err(CoreError::invalid("population_from", "A population band cannot start below 0"));
    }
    if let Some(to) = input.population_to {
        if to <= input.population_from {
            return Err(CoreError::invalid(
                "population_to",
                format!("The band must end above where it starts ({})", format_population(input.population_from)),
            ));
        }
    }
    if !(0..=100_000_000).contains(&input.fee_cents) {
        return Err(CoreError::invalid("fee_cents", "A fee must be between €0 and €1,000,000"));
    }
    for other in stored_bands(conn, input.year)? {
        if Some(other.id.as_str()) == except_id || other.fields.category != input.category {
            continue;
        }
        let starts_before_other_ends = other.fields.population_to.is_none_or(|to| input.population_from < to);
        let ends_after_other_starts = input.population_to.is_none_or(|to| to > other.fields.population_from);
        if starts_before_other_ends && ends_after_other_starts {
            return Err(CoreError::invalid(
                "population_from",
                format!("This band overlaps the {} {} band {} of {}", input.category.as_str(), other.label, format_euros(other.fields.fee_cents), input.year),
            ));
        }
    }
    Ok(())
}

fn read_band(conn: &Connection, id: &str) -> Result<FeeBand> {
    let stored = record::read_live(conn, &FEE_BANDS, id)?;
    Ok(band(id.to_string(), record::from_fields(&stored.fields)?))
}

/// "population 252,687 (GeoNames, 2023)".
fn population_phrase(organisation: &Organisation, population: i64) -> String {
    let fields = &organisation.fields;
    let mut origin: Vec<String> = Vec::new();
    if !fields.population_source.is_empty() {
        origin.push(fields.population_source.clone());
    }
    if let Some(year) = fields.population_year {
        origin.push(year.to_string());
    }
    match origin.is_empty() {
        true => format!("population {}", format_population(population)),
        false => format!("population {} ({})", format_population(population), origin.join(", ")),
    }
}

/// The fee of `organisation` for `year` under `bands` (that year's schedule).
pub(crate) fn quote(organisation: &Organisation, year: i32, bands: &[FeeBand]) -> Result<FeeQuote> {
    let name = &organisation.fields.name;
    let category = match organisation.fields.category {
        MembershipCategory::Full => FeeCategory::Full,
        MembershipCategory::Associate => FeeCategory::Associate,
        MembershipCategory::None => return Err(CoreError::invalid("category", format!("{name} is not a member: it owes no dues"))),
    };
    let answer = |band: Option<&FeeBand>, why: String| FeeQuote {
        organisation_id: organisation.id.clone(),
        organisation_name: name.clone(),
        year,
        category,
        band_label: band.map(|b| b.label.clone()).unwrap_or_else(|| "unknown band".to_string()),
        fee_cents: band.map(|b| b.fields.fee_cents),
        why,
    };
    let of_category: Vec<&FeeBand> = bands.iter().filter(|b| b.fields.category == category).collect();
    if let [only] = of_category.as_slice() {
        if only.fields.population_from == 0 && only.fields.population_to.is_none() {
            let why = format!("{} members pay a flat fee in {year} → {}", category.as_str(), format_euros(only.fields.fee_cents));
            return Ok(answer(Some(only), why));
        }
    }
    let Some(population) = organisation.fields.population else {
        let why = format!("{name} has no population figure: add one (with its year and source) to find its fee band");
        return Ok(answer(None, why));
    };
    let phrase = population_phrase(organisation, population);
    let found = of_category
        .into_iter()
        .find(|b| b.fields.population_from <= population && b.fields.population_to.is_none_or(|to| population < to));
    Ok(match found {
        Some(band) => {
            let why = format!("{phrase} falls in {} → {}", band.label, format_euros(band.fields.fee_cents));
            answer(Some(band), why)
        }
        None => answer(None, format!("{phrase} falls in no {} band of the {year} fee schedule", category.as_str())),
    })
}

impl Store {
    /// The fee schedule of `year`, stored or proposed (see [`FeeSchedule::stored`]).
    pub fn fee_schedule(&self, year: i32) -> Result<FeeSchedule> {
        check_year(year)?;
        schedule(&self.conn, year)
    }

    /// Stores the proposed schedule of `year` (copy of the latest earlier year, or the
    /// defaults) unless one is stored already.
    pub fn ensure_fee_schedule(&mut self, year: i32) -> Result<FeeSchedule> {
        self.write(|tx, author| ensure_in(tx, author, year))?;
        schedule(&self.conn, year)
    }

    /// Adds a band to a year's schedule (storing the year's proposed schedule first).
    pub fn add_fee_band(&mut self, input: &FeeBandInput) -> Result<FeeBand> {
        let id = mutation::new_id();
        self.write(|tx, author| {
            ensure_in(tx, author, input.year)?;
            check_band(tx, input, None)?;
            let fields = record::to_fields(&FEE_BANDS, input)?;
            mutation::apply(tx, author, Write { table: &FEE_BANDS, action: Action::Create, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_band(&self.conn, &id)
    }

    /// Changes a band's bounds or fee; it stays in its year.
    pub fn update_fee_band(&mut self, id: &str, input: &FeeBandInput) -> Result<FeeBand> {
        self.write(|tx, author| {
            let before = read_band(tx, id)?;
            if before.fields.year != input.year {
                return Err(CoreError::invalid("year", format!("A band of {} cannot move to {}: add it to that year instead", before.fields.year, input.year)));
            }
            check_band(tx, input, Some(id))?;
            let fields: Fields = record::to_fields(&FEE_BANDS, input)?;
            mutation::apply(tx, author, Write { table: &FEE_BANDS, action: Action::Update, id, fields: Some(&fields), undoes: None })?;
            Ok(())
        })?;
        read_band(&self.conn, id)
    }

    /// Removes a band; answers the mutation id that [`Store::undo`] takes back.
    pub fn delete_fee_band(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &FEE_BANDS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting fee band {id} recorded nothing")))
        })
    }

    /// What `organisation_id` pays for `year` and why, from the year's schedule (stored or
    /// proposed: quoting writes nothing). A member without population gets an "unknown band"
    /// quote whose `why` says so; an organisation that is not a member is an error.
    pub fn fee_for(&self, organisation_id: &str, year: i32) -> Result<FeeQuote> {
        check_year(year)?;
        let organisation = self.organisation(organisation_id)?;
        quote(&organisation, year, &schedule(&self.conn, year)?.bands)
    }
}
