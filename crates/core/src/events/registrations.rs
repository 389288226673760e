//! Registrations to an event: who (a contact, or a name typed at the door), a snapshot of
//! their organisation, the tier and price owed (chosen by [`super::tiers::choose_tier`] on the
//! registration date, or overridden with a reason the history keeps), payment, needs (diet,
//! access), status and a random badge code.
//!
//! Choices a reader should know:
//! - Capacity counts `registered` rows. A registration beyond it is `waitlisted`; cancelling a
//!   registered person promotes the longest-waiting one while seats allow. Two laptops offline
//!   may each take the last seat: the server does not referee capacity (it would refuse a
//!   registration made at the door); the list shows the event over capacity instead.
//! - Walk-ins at the door are registered even when the event is full: the person is there.
//! - The badge code is 20 Crockford base32 characters (100 bits) from the OS random source,
//!   so codes cannot be guessed or enumerated; scanners and typists may send it in any case,
//!   with spaces or dashes, and O/I/L typed for 0/1/1.
//! - Names, function, organisation and country are snapshots: the badge and the door answer
//!   need no contact or member data, so an organiser's laptop holds none.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use super::tiers::{choose_tier, price_on, tier_of, Membership, Tier};
use super::{code, parse, read_event, today, EventStatus};
use crate::fold::fold;
use crate::model::{EntityKind, Page, PersonInput};
use crate::mutation::{self, now, Action, Write};
use crate::record::{self, Fields, Table, ORGANISATIONS, PEOPLE};
use crate::store::{Author, Store};
use crate::{countries, validate, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Registered,
    Waitlisted,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Unpaid,
    Paid,
    Waived,
    Refunded,
}

/// A tier chosen by hand instead of by membership, and why (kept in the history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TierOverride {
    pub tier: Tier,
    pub reason: String,
}

/// What registering someone asks for. With `person_id` the names and organisation come
/// from the contact; without, from the fields typed (a walk-in, or someone not in contacts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct RegistrationRequest {
    pub event_id: String,
    pub person_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub function: String,
    pub organisation_id: Option<String>,
    /// Typed organisation name, used when no organisation is chosen.
    pub organisation_name: String,
    /// ISO 3166-1 alpha-2; taken from the organisation when one is chosen.
    pub country: String,
    pub diet: String,
    pub access: String,
    pub payment: Option<PaymentStatus>,
    pub tier_override: Option<TierOverride>,
    /// A member organisation this person represents by proxy at a General Assembly.
    pub proxy_for: Option<String>,
    /// The registration date deciding tier and early-bird price (YYYY-MM-DD); today when empty.
    pub on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Registration {
    pub id: String,
    pub event_id: String,
    pub person_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub function: String,
    pub organisation_id: Option<String>,
    pub organisation_name: String,
    pub country: String,
    pub tier: Tier,
    pub price_cents: i64,
    /// Why the tier was set by hand; empty when chosen from membership.
    pub tier_reason: String,
    pub dues_unpaid: bool,
    pub payment: PaymentStatus,
    pub diet: String,
    pub access: String,
    pub status: RegistrationStatus,
    pub badge_code: String,
    pub registered_at: String,
    pub walk_in: bool,
    pub proxy_for: Option<String>,
    /// When the person was first checked in (a live check-in), if they were.
    pub checked_in_at: Option<String>,
}

impl Registration {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// What a badge shows; handed to the badge sheet writer (`crate::pdf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Badge {
    pub name: String,
    pub function: String,
    pub organisation: String,
    /// The country's English name.
    pub country: String,
    /// The badge code the QR encodes.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct RegistrationQuery {
    /// Part of a name or organisation, matched accent- and case-insensitively.
    pub search: String,
    pub status: Option<RegistrationStatus>,
    pub offset: u32,
    pub limit: u32,
}

pub(crate) static REGISTRATIONS: Table = Table {
    entity: EntityKind::Registration,
    noun: "Registration",
    sql: "registrations",
    fields: &[
        "event_id", "person_id", "first_name", "last_name", "function", "organisation_id", "organisation_name", "country",
        "tier", "price_cents", "tier_reason", "dues_unpaid", "payment", "diet", "access", "status", "badge_code",
        "registered_at", "walk_in", "proxy_for",
    ],
    list_fields: &[],
    // Name search at the door walks this key: "last first organisation", folded.
    sort_key: |f| {
        let t = |n| super::text(f, n);
        fold(&format!("{} {} {}", t("last_name"), t("first_name"), t("organisation_name")))
    },
};

const BADGE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const BADGE_CODE_LEN: usize = 20;

/// A new badge code: 100 bits from the OS random source, as 20 Crockford base32 characters.
pub fn new_badge_code() -> Result<String> {
    let mut bytes = [0u8; 13];
    getrandom::fill(&mut bytes).map_err(|e| CoreError::Corrupt(format!("the system random source failed: {e}")))?;
    let mut bits: u128 = 0;
    for byte in bytes {
        bits = (bits << 8) | u128::from(byte);
    }
    Ok((0..BADGE_CODE_LEN).map(|i| BADGE_ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect())
}

/// A code as typed or scanned, in the form stored: upper case, no spaces or dashes, and the
/// letters Crockford base32 reads as digits (O → 0, I and L → 1).
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

const COLUMNS: &str = "r.id, r.event_id, r.person_id, r.first_name, r.last_name, r.function, r.organisation_id, r.organisation_name,
    r.country, r.tier, r.price_cents, r.tier_reason, r.dues_unpaid, r.payment, r.diet, r.access, r.status, r.badge_code,
    r.registered_at, r.walk_in, r.proxy_for,
    (SELECT min(c.scanned_at) FROM check_ins c WHERE c.registration_id = r.id AND c.deleted_at IS NULL AND c.session_id IS NULL)";

pub(crate) fn from_row(row: &Row) -> rusqlite::Result<Result<Registration>> {
    let tier: String = row.get(9)?;
    let payment: String = row.get(13)?;
    let status: String = row.get(16)?;
    let parsed = (|| -> Result<(Tier, PaymentStatus, RegistrationStatus)> {
        Ok((parse("registrations.tier", &tier)?, parse("registrations.payment", &payment)?, parse("registrations.status", &status)?))
    })();
    let (tier, payment, status) = match parsed {
        Ok(values) => values,
        Err(error) => return Ok(Err(error)),
    };
    Ok(Ok(Registration {
        id: row.get(0)?,
        event_id: row.get(1)?,
        person_id: row.get(2)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
        function: row.get(5)?,
        organisation_id: row.get(6)?,
        organisation_name: row.get(7)?,
        country: row.get(8)?,
        tier,
        price_cents: row.get(10)?,
        tier_reason: row.get(11)?,
        dues_unpaid: row.get::<_, i64>(12)? != 0,
        payment,
        diet: row.get(14)?,
        access: row.get(15)?,
        status,
        badge_code: row.get(17)?,
        registered_at: row.get(18)?,
        walk_in: row.get::<_, i64>(19)? != 0,
        proxy_for: row.get(20)?,
        checked_in_at: row.get(21)?,
    }))
}

pub(crate) fn read_registration(conn: &Connection, id: &str) -> Result<Registration> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM registrations r WHERE r.id = ?1 AND r.deleted_at IS NULL"))?
        .query_row([id], from_row)
        .optional()?;
    found.ok_or_else(|| CoreError::NotFound { what: "registration", id: id.to_string() })?
}

/// The live registration holding badge code `code` (already normalised), in any event.
pub(crate) fn by_badge_code(conn: &Connection, code: &str) -> Result<Option<Registration>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM registrations r WHERE r.badge_code = ?1 AND r.deleted_at IS NULL LIMIT 1"))?
        .query_row([code], from_row)
        .optional()?
        .transpose()
}

fn registration_fields(r: &Registration) -> Fields {
    match json!({
        "event_id": r.event_id,
        "person_id": r.person_id,
        "first_name": r.first_name,
        "last_name": r.last_name,
        "function": r.function,
        "organisation_id": r.organisation_id,
        "organisation_name": r.organisation_name,
        "country": r.country,
        "tier": code(&r.tier),
        "price_cents": r.price_cents,
        "tier_reason": r.tier_reason,
        "dues_unpaid": i64::from(r.dues_unpaid),
        "payment": code(&r.payment),
        "diet": r.diet,
        "access": r.access,
        "status": code(&r.status),
        "badge_code": r.badge_code,
        "registered_at": r.registered_at,
        "walk_in": i64::from(r.walk_in),
        "proxy_for": r.proxy_for,
    }) {
        Value::Object(map) => map,
        _ => Fields::new(),
    }
}

fn save(tx: &Transaction, author: &Author, r: &Registration, action: Action) -> Result<()> {
    let fields = registration_fields(r);
    mutation::apply(tx, author, Write { table: &REGISTRATIONS, action, id: &r.id, fields: Some(&fields), undoes: None })?;
    Ok(())
}

/// Seats taken: registrations counted against capacity.
fn seats_taken(conn: &Connection, event_id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM registrations WHERE event_id = ?1 AND status = 'registered' AND deleted_at IS NULL")?
        .query_row([event_id], |r| r.get(0))?)
}

/// The membership of an organisation as the tier choice needs it, good standing on `on`.
fn membership_of(store: &Store, organisation_id: &str, on: &str) -> Result<Option<Membership>> {
    let Some(stored) = record::read(&store.conn, &ORGANISATIONS, organisation_id)?.filter(|s| !s.deleted) else { return Ok(None) };
    let org: crate::model::OrganisationInput = record::from_fields(&stored.fields)?;
    let good_standing = store.good_standing(organisation_id, on)?;
    Ok(Some(Membership { category: org.category, status: org.status, joined_on: org.joined_on, left_on: org.left_on, good_standing }))
}

/// Who is registering, resolved from the request: names and organisation snapshot.
struct Who {
    person_id: Option<String>,
    first_name: String,
    last_name: String,
    function: String,
    organisation_id: Option<String>,
    organisation_name: String,
    country: String,
}

fn resolve(conn: &Connection, request: &RegistrationRequest) -> Result<Who> {
    let (person_id, first_name, last_name, function, mut organisation_id) = match &request.person_id {
        Some(pid) => {
            let stored = record::read_live(conn, &PEOPLE, pid).map_err(|_| CoreError::invalid("person_id", "Choose a person from the contacts"))?;
            let person: PersonInput = record::from_fields(&stored.fields)?;
            (Some(pid.clone()), person.first_name, person.last_name, person.function, person.organisation_id)
        }
        None => (
            None,
            validate::optional("first_name", "First name", &request.first_name, 100)?,
            validate::required("last_name", "Last name", &request.last_name, 100)?,
            validate::optional("function", "Function", &request.function, 200)?,
            None,
        ),
    };
    if request.organisation_id.is_some() {
        organisation_id = request.organisation_id.clone();
    }
    let (organisation_name, country) = match &organisation_id {
        Some(oid) => {
            let stored = record::read_live(conn, &ORGANISATIONS, oid)
                .map_err(|_| CoreError::invalid("organisation_id", "Choose an organisation from the members list"))?;
            let org: crate::model::OrganisationInput = record::from_fields(&stored.fields)?;
            (org.name, org.country)
        }
        None => {
            let name = validate::optional("organisation_name", "Organisation", &request.organisation_name, 200)?;
            let country = request.country.trim().to_uppercase();
            if !country.is_empty() && countries::by_code(&country).is_none() {
                return Err(CoreError::invalid("country", format!("\"{}\" is not a country code (e.g. PT, FR)", request.country.trim())));
            }
            (name, country)
        }
    };
    Ok(Who { person_id, first_name, last_name, function, organisation_id, organisation_name, country })
}

fn day_of(on: Option<&str>) -> Result<String> {
    Ok(validate::date("on", "Registration date", on)?.unwrap_or_else(today))
}

impl Store {
    /// Registers someone to an event that takes registrations (status open), choosing the
    /// tier from their organisation's membership on the registration date; waitlisted when
    /// the event is full.
    pub fn register(&mut self, request: &RegistrationRequest) -> Result<Registration> {
        self.register_as(request, false, None)
    }

    /// Creates a contact (with their organisation, if chosen) and registers them, in one
    /// transaction: both land or neither does.
    pub fn register_new_contact(&mut self, person: &PersonInput, request: &RegistrationRequest) -> Result<Registration> {
        self.register_as(request, false, Some(person))
    }

    /// Registers someone at the door: allowed while the event is open, closed or held, and
    /// never waitlisted (the person is standing there).
    pub fn walk_in(&mut self, request: &RegistrationRequest) -> Result<Registration> {
        self.register_as(request, true, None)
    }

    fn register_as(&mut self, request: &RegistrationRequest, walk_in: bool, new_contact: Option<&PersonInput>) -> Result<Registration> {
        let event = read_event(&self.conn, &request.event_id).map_err(|_| CoreError::invalid("event_id", "The event does not exist"))?;
        let allowed = match event.fields.status {
            EventStatus::Open => true,
            EventStatus::Closed | EventStatus::Held => walk_in,
            EventStatus::Draft | EventStatus::Cancelled => false,
        };
        if !allowed {
            let why = match event.fields.status {
                EventStatus::Draft => "is still a draft: open its registration first",
                EventStatus::Cancelled => "is cancelled",
                _ => "no longer takes registrations (only walk-ins at the door)",
            };
            return Err(CoreError::invalid("event_id", format!("{} {why}", event.fields.title)));
        }
        let on = day_of(request.on.as_deref())?;
        if let Some(o) = &request.tier_override {
            if o.reason.trim().is_empty() {
                return Err(CoreError::invalid("tier_reason", "Say why the tier is set by hand (kept in the history)"));
            }
        }
        let diet = validate::optional("diet", "Diet", &request.diet, 500)?;
        let access = validate::optional("access", "Access needs", &request.access, 500)?;
        // Validate the new contact before anything is written, and find whose membership counts.
        let new_contact = new_contact.map(|p| crate::people::normalise(&self.conn, p)).transpose()?;
        let organisation_for_tier =
            request.organisation_id.clone().or_else(|| new_contact.as_ref().and_then(|p| p.organisation_id.clone()));
        let mut request = request.clone();
        if let Some(contact) = &new_contact {
            request.first_name = contact.first_name.clone();
            request.last_name = contact.last_name.clone();
            request.function = contact.function.clone();
            request.organisation_id = organisation_for_tier.clone();
            if contact.last_name.trim().is_empty() {
                return Err(CoreError::invalid("last_name", "Last name is required"));
            }
        }
        let who = resolve(&self.conn, &RegistrationRequest { person_id: if new_contact.is_some() { None } else { request.person_id.clone() }, ..request.clone() })?;
        let membership = match &who.organisation_id {
            Some(oid) => membership_of(self, oid, &on)?,
            None => None,
        };
        let (auto_tier, dues_unpaid) = choose_tier(membership.as_ref(), &on);
        let (tier, tier_reason) = match &request.tier_override {
            Some(o) => (o.tier, o.reason.trim().to_string()),
            None => (auto_tier, String::new()),
        };
        if let Some(proxy) = &request.proxy_for {
            record::read_live(&self.conn, &ORGANISATIONS, proxy)
                .map_err(|_| CoreError::invalid("proxy_for", "Choose the member organisation represented"))?;
        }
        let badge_code = loop {
            let candidate = new_badge_code()?;
            if by_badge_code(&self.conn, &candidate)?.is_none() {
                break candidate;
            }
        };
        let id = mutation::new_id();
        self.write(|tx, author| {
            let person_id = match &new_contact {
                Some(contact) => Some(crate::people::create_in(tx, author, contact)?),
                None => who.person_id.clone(),
            };
            let price_cents = if tier == Tier::Speaker && tier_of(tx, &event.id, tier)?.is_none() {
                0
            } else {
                price_on(tier_of(tx, &event.id, tier)?.map(|t| t.fields).as_ref(), &on)
            };
            let full = match event.fields.capacity {
                Some(capacity) => seats_taken(tx, &event.id)? >= capacity,
                None => false,
            };
            let registration = Registration {
                id: id.clone(),
                event_id: event.id.clone(),
                person_id,
                first_name: who.first_name.clone(),
                last_name: who.last_name.clone(),
                function: who.function.clone(),
                organisation_id: who.organisation_id.clone(),
                organisation_name: who.organisation_name.clone(),
                country: who.country.clone(),
                tier,
                price_cents,
                tier_reason: tier_reason.clone(),
                dues_unpaid,
                payment: request.payment.unwrap_or(if price_cents == 0 { PaymentStatus::Waived } else { PaymentStatus::Unpaid }),
                diet: diet.clone(),
                access: access.clone(),
                status: if full && !walk_in { RegistrationStatus::Waitlisted } else { RegistrationStatus::Registered },
                badge_code: badge_code.clone(),
                registered_at: now(),
                walk_in,
                proxy_for: request.proxy_for.clone(),
                checked_in_at: None,
            };
            save(tx, author, &registration, Action::Create)
        })?;
        read_registration(&self.conn, &id)
    }

    pub fn registration(&self, id: &str) -> Result<Registration> {
        read_registration(&self.conn, id)
    }

    /// Cancels a registration. When it held a seat, the longest-waiting person on the
    /// waitlist gets it (if the capacity allows); answers the cancelled registration and the
    /// one promoted, if any.
    pub fn cancel_registration(&mut self, id: &str) -> Result<(Registration, Option<Registration>)> {
        let promoted = self.write(|tx, author| {
            let mut registration = read_registration(tx, id)?;
            if registration.status == RegistrationStatus::Cancelled {
                return Err(CoreError::invalid("status", format!("{} is already cancelled", registration.name())));
            }
            let held_seat = registration.status == RegistrationStatus::Registered;
            registration.status = RegistrationStatus::Cancelled;
            save(tx, author, &registration, Action::Update)?;
            if !held_seat {
                return Ok(None);
            }
            let event = read_event(tx, &registration.event_id)?;
            if let Some(capacity) = event.fields.capacity {
                if seats_taken(tx, &event.id)? >= capacity {
                    return Ok(None);
                }
            }
            let first: Option<String> = tx
                .prepare_cached(
                    "SELECT id FROM registrations WHERE event_id = ?1 AND status = 'waitlisted' AND deleted_at IS NULL
                     ORDER BY registered_at, id LIMIT 1",
                )?
                .query_row([&event.id], |r| r.get(0))
                .optional()?;
            let Some(first) = first else { return Ok(None) };
            let mut waiting = read_registration(tx, &first)?;
            waiting.status = RegistrationStatus::Registered;
            save(tx, author, &waiting, Action::Update)?;
            Ok(Some(first))
        })?;
        let promoted = promoted.map(|p| read_registration(&self.conn, &p)).transpose()?;
        Ok((read_registration(&self.conn, id)?, promoted))
    }

    pub fn set_payment(&mut self, id: &str, payment: PaymentStatus) -> Result<Registration> {
        self.change_registration(id, |r| {
            r.payment = payment;
            Ok(())
        })
    }

    pub fn set_needs(&mut self, id: &str, diet: &str, access: &str) -> Result<Registration> {
        let diet = validate::optional("diet", "Diet", diet, 500)?;
        let access = validate::optional("access", "Access needs", access, 500)?;
        self.change_registration(id, |r| {
            r.diet = diet;
            r.access = access;
            Ok(())
        })
    }

    /// Sets the tier by hand, with a reason (both kept in the registration's history), and
    /// the price of that tier on the registration date.
    pub fn override_tier(&mut self, id: &str, tier: Tier, reason: &str) -> Result<Registration> {
        let reason = validate::required("tier_reason", "The reason for the tier", reason, 500)?;
        self.change_registration(id, |r| {
            r.tier = tier;
            r.tier_reason = reason;
            Ok(())
        })
    }

    fn change_registration(&mut self, id: &str, change: impl FnOnce(&mut Registration) -> Result<()>) -> Result<Registration> {
        self.write(|tx, author| {
            let mut registration = read_registration(tx, id)?;
            let tier_before = registration.tier;
            change(&mut registration)?;
            if registration.tier != tier_before {
                let on = registration.registered_at.get(..10).unwrap_or_default().to_string();
                registration.price_cents = match tier_of(tx, &registration.event_id, registration.tier)? {
                    Some(t) => price_on(Some(&t.fields), &on),
                    None => 0,
                };
            }
            save(tx, author, &registration, Action::Update)
        })?;
        read_registration(&self.conn, id)
    }

    /// A page of an event's registrations, by name; `search` matches any part of the name
    /// or organisation.
    pub fn registrations(&self, event_id: &str, query: &RegistrationQuery) -> Result<Page<Registration>> {
        let search = fold(query.search.trim());
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let status = query.status.map(|s| code(&s));
        let filter = "r.event_id = ?1 AND r.deleted_at IS NULL AND (?2 = '%%' OR r.sort_key LIKE ?2 ESCAPE '\\')
                      AND (?3 IS NULL OR r.status = ?3)";
        let total: u32 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM registrations r WHERE {filter}"))?
            .query_row(params![event_id, pattern, status], |r| r.get(0))?;
        let limit = if query.limit == 0 { 200 } else { query.limit.min(1000) };
        let rows = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM registrations r WHERE {filter} ORDER BY r.sort_key, r.id LIMIT ?4 OFFSET ?5"))?
            .query_map(params![event_id, pattern, status, limit, query.offset], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { total, offset: query.offset, rows })
    }

    /// The waitlist of an event, in the order seats will be offered.
    pub fn waitlist(&self, event_id: &str) -> Result<Vec<Registration>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM registrations r WHERE r.event_id = ?1 AND r.status = 'waitlisted' AND r.deleted_at IS NULL
                 ORDER BY r.registered_at, r.id"
            ))?
            .query_map([event_id], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .collect()
    }

    /// The badges to print for an event: everyone registered (not waitlisted or cancelled),
    /// by last name.
    pub fn badges(&self, event_id: &str) -> Result<Vec<Badge>> {
        read_event(&self.conn, event_id)?;
        let rows = self.registrations(event_id, &RegistrationQuery { status: Some(RegistrationStatus::Registered), limit: 1000, ..Default::default() })?;
        let mut badges = Vec::with_capacity(rows.total as usize);
        let mut offset = 0;
        let mut page = rows;
        loop {
            badges.extend(page.rows.iter().map(badge_of));
            offset += page.rows.len() as u32;
            if page.rows.is_empty() || offset >= page.total {
                break;
            }
            page = self.registrations(event_id, &RegistrationQuery { status: Some(RegistrationStatus::Registered), limit: 1000, offset, ..Default::default() })?;
        }
        Ok(badges)
    }

    /// The badge of one registration (to print one at the door).
    pub fn badge(&self, registration_id: &str) -> Result<Badge> {
        Ok(badge_of(&read_registration(&self.conn, registration_id)?))
    }
}

pub(crate) fn badge_of(r: &Registration) -> Badge {
    Badge {
        name: r.name(),
        function: r.function.clone(),
        organisation: r.organisation_name.clone(),
        country: countries::by_code(&r.country).map(|c| c.name.clone()).unwrap_or_else(|| r.country.clone()),
        code: r.badge_code.clone(),
    }
}
