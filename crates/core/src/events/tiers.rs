//! Price tiers of an event (one row per tier: price, and an optional early-bird price with
//! its last day; integer cents) and the automatic choice of a registrant's tier from their
//! organisation's membership on the registration date.
//!
//! The rule ([`choose_tier`]): a full member in good standing pays the member price, an
//! associate member in good standing the associate price; anybody else — no organisation,
//! a contact-only organisation, an applicant, lapsed, suspended or resigned member, or a
//! member that had not joined yet or had already left on that date — pays the non-member
//! price. A member with dues overdue on that date also pays the non-member price and the
//! registration carries a "dues unpaid" note for the door. The speaker (free) tier is never
//! chosen automatically: it is an override, and an override needs a reason.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;

use super::{code, parse, text, EVENTS};
use crate::model::{EntityKind, MembershipCategory, MembershipStatus};
use crate::mutation::{self, Action, Write};
use crate::record::{self, Fields, Table};
use crate::store::Store;
use crate::{validate, CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Member,
    Associate,
    NonMember,
    Speaker,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Member, Tier::Associate, Tier::NonMember, Tier::Speaker];

    fn rank(self) -> u8 {
        match self {
            Tier::Member => 0,
            Tier::Associate => 1,
            Tier::NonMember => 2,
            Tier::Speaker => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PriceTierInput {
    pub event_id: String,
    pub tier: Tier,
    pub price_cents: i64,
    /// The early-bird price, if any, owed by those registered up to `early_until` inclusive.
    pub early_price_cents: Option<i64>,
    pub early_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PriceTier {
    pub id: String,
    #[serde(flatten)]
    pub fields: PriceTierInput,
}

pub(crate) static PRICE_TIERS: Table = Table {
    entity: EntityKind::PriceTier,
    noun: "PriceTier",
    sql: "price_tiers",
    fields: &["event_id", "tier", "price_cents", "early_price_cents", "early_until"],
    list_fields: &[],
    sort_key: |f| {
        let rank = parse::<Tier>("price_tiers.tier", text(f, "tier")).map(Tier::rank).unwrap_or(9);
        rank.to_string()
    },
};

/// What the tier choice needs to know of the registrant's organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub category: MembershipCategory,
    pub status: MembershipStatus,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
    /// No invoice overdue and unpaid on the registration date.
    pub good_standing: bool,
}

/// The tier a registrant gets automatically on `on` (YYYY-MM-DD), and whether their
/// organisation is a member with dues unpaid (a note for the door).
pub fn choose_tier(membership: Option<&Membership>, on: &str) -> (Tier, bool) {
    let Some(m) = membership else { return (Tier::NonMember, false) };
    let joined = m.joined_on.as_deref().is_none_or(|joined| joined <= on);
    let not_left = m.left_on.as_deref().is_none_or(|left| on <= left);
    let member_then = m.status == MembershipStatus::Active && joined && not_left;
    let tier = match m.category {
        MembershipCategory::Full => Tier::Member,
        MembershipCategory::Associate => Tier::Associate,
        MembershipCategory::None => return (Tier::NonMember, false),
    };
    match (member_then, m.good_standing) {
        (true, true) => (tier, false),
        (true, false) => (Tier::NonMember, true),
        (false, _) => (Tier::NonMember, false),
    }
}

/// The price owed in a tier when registering on `on`: the early-bird price up to its last
/// day, the full price after. An event without a row for the tier charges nothing for it.
pub fn price_on(tier: Option<&PriceTierInput>, on: &str) -> i64 {
    match tier {
        None => 0,
        Some(t) => match (t.early_price_cents, t.early_until.as_deref()) {
            (Some(early), Some(until)) if on <= until => early,
            _ => t.price_cents,
        },
    }
}

fn tier_fields(input: &PriceTierInput) -> Fields {
    match json!({
        "event_id": input.event_id,
        "tier": code(&input.tier),
        "price_cents": input.price_cents,
        "early_price_cents": input.early_price_cents,
        "early_until": input.early_until,
    }) {
        Value::Object(map) => map,
        _ => Fields::new(),
    }
}

fn clean(conn: &Connection, input: &PriceTierInput) -> Result<PriceTierInput> {
    record::read_live(conn, &EVENTS, &input.event_id).map_err(|_| CoreError::invalid("event_id", "The event does not exist"))?;
    let cents = |field: &str, value: i64| {
        if (0..=100_000_000).contains(&value) {
            Ok(value)
        } else {
            Err(CoreError::invalid(field, "A price is an amount from 0 up (in cents)"))
        }
    };
    let price_cents = cents("price_cents", input.price_cents)?;
    let early_price_cents = input.early_price_cents.map(|c| cents("early_price_cents", c)).transpose()?;
    let early_until = validate::date("early_until", "Early-bird deadline", input.early_until.as_deref())?;
    if early_price_cents.is_some() != early_until.is_some() {
        let field = if early_until.is_none() { "early_until" } else { "early_price_cents" };
        return Err(CoreError::invalid(field, "An early-bird price needs both a price and a last day"));
    }
    Ok(PriceTierInput { event_id: input.event_id.clone(), tier: input.tier, price_cents, early_price_cents, early_until })
}

/// The live tier row of an event for `tier`, if any.
pub(crate) fn tier_of(conn: &Connection, event_id: &str, tier: Tier) -> Result<Option<PriceTier>> {
    let id: Option<String> = conn
        .prepare_cached("SELECT id FROM price_tiers WHERE event_id = ?1 AND tier = ?2 AND deleted_at IS NULL ORDER BY id LIMIT 1")?
        .query_row([event_id, &code(&tier)], |r| r.get(0))
        .optional()?;
    id.map(|id| read_tier(conn, &id)).transpose()
}

fn read_tier(conn: &Connection, id: &str) -> Result<PriceTier> {
    let stored = record::read_live(conn, &PRICE_TIERS, id)?;
    Ok(PriceTier { id: id.to_string(), fields: record::from_fields(&stored.fields)? })
}

impl Store {
    /// Sets the prices of one tier of an event (creating the tier row the first time).
    pub fn set_price_tier(&mut self, input: &PriceTierInput) -> Result<PriceTier> {
        let id = self.write(|tx, author| {
            let tier = clean(tx, input)?;
            let fields = tier_fields(&tier);
            let (id, action) = match tier_of(tx, &tier.event_id, tier.tier)? {
                Some(existing) => (existing.id, Action::Update),
                None => (mutation::new_id(), Action::Create),
            };
            mutation::apply(tx, author, Write { table: &PRICE_TIERS, action, id: &id, fields: Some(&fields), undoes: None })?;
            Ok(id)
        })?;
        read_tier(&self.conn, &id)
    }

    /// Removes a tier's prices (its registrants keep the price they were given).
    pub fn delete_price_tier(&mut self, id: &str) -> Result<String> {
        self.write(|tx, author| {
            let written = mutation::apply(tx, author, Write { table: &PRICE_TIERS, action: Action::Delete, id, fields: None, undoes: None })?;
            written.ok_or_else(|| CoreError::Corrupt(format!("deleting price tier {id} recorded nothing")))
        })
    }

    /// The tiers of an event: member, associate, non-member, speaker.
    pub fn price_tiers(&self, event_id: &str) -> Result<Vec<PriceTier>> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM price_tiers WHERE event_id = ?1 AND deleted_at IS NULL ORDER BY sort_key, id")?
            .query_map([event_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read_tier(&self.conn, id)).collect()
    }
}
