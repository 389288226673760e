//! Keys in name order. An own index's keys (its FTS rowids) are kept in the order of
//! `(sort_key, id)`, the contacts and members lists' order by name, so that FTS5, which
//! yields hits in rowid order, yields them in list order: the first page of any search is its
//! first hundred hits, read without sorting them all (issue #5).
//!
//! A new entry takes the key halfway between its neighbours', or `APPEND_STEP` beyond the
//! last (or first). A rebuild spreads keys evenly over the whole range, leaving some forty
//! halvings in every gap: enough for records arriving in any order (an initial sync, an
//! import) to find room. When two neighbours' keys touch, the keys of the entries around
//! the place are spread out over a wider span (`make_room`), re-keying their FTS entries:
//! rare, and local.

use rusqlite::{params, Connection, OptionalExtension};

use super::OwnIndex;
use crate::Result;

/// The gap between a new last (or first) entry and its neighbour: a million appends in a row
/// (a sorted import) before the ends of the range come near.
const APPEND_STEP: i64 = 1 << 40;
/// Keys stay within ±LIMIT, so that the arithmetic below cannot overflow.
const LIMIT: i64 = 1 << 60;
/// Keys being spread are parked this far below their place, outside every live key.
const PARKED: i64 = 1 << 62;
/// After spreading, neighbouring keys are at least this far apart.
const MIN_GAP: i64 = 1 << 20;

/// The keys a rebuild gives `count` entries in list order: evenly spread over the range.
pub(crate) fn spread(count: usize) -> impl Iterator<Item = i64> {
    let step = (2 * LIMIT) / (count as i64 + 1);
    (1..=count as i64).map(move |i| -LIMIT + step * i)
}

/// The keys of the entries just before and just after `(sort_key, id)` in list order.
fn neighbours(conn: &Connection, own: OwnIndex, sort_key: &str, id: &str) -> Result<(Option<i64>, Option<i64>)> {
    let rows = own.rows;
    let before: Option<i64> = conn
        .prepare_cached(&format!("SELECT key FROM {rows} WHERE (sort_key, id) < (?1, ?2) ORDER BY sort_key DESC, id DESC LIMIT 1"))?
        .query_row(params![sort_key, id], |r| r.get(0))
        .optional()?;
    let after: Option<i64> = conn
        .prepare_cached(&format!("SELECT key FROM {rows} WHERE (sort_key, id) > (?1, ?2) ORDER BY sort_key, id LIMIT 1"))?
        .query_row(params![sort_key, id], |r| r.get(0))
        .optional()?;
    Ok((before, after))
}

/// A free key for `(sort_key, id)` that keeps keys in list order, or None when its neighbours'
/// keys touch.
pub(crate) fn key_between(conn: &Connection, own: OwnIndex, sort_key: &str, id: &str) -> Result<Option<i64>> {
    Ok(match neighbours(conn, own, sort_key, id)? {
        (None, None) => Some(0),
        (Some(before), None) => Some(before + APPEND_STEP.min((LIMIT - before) / 2)).filter(|k| *k > before),
        (None, Some(after)) => Some(after - APPEND_STEP.min((after + LIMIT) / 2)).filter(|k| *k < after),
        (Some(before), Some(after)) => (after - before >= 2).then(|| before + (after - before) / 2),
    })
}

/// Keys for new entries, sorted by `(sort_key, id)` and not yet in the index: the entries
/// that fall between the same two present entries (a run) share that gap evenly, as appends
/// beyond the last (or first) entry step by `APPEND_STEP`. An entry whose run finds no room
/// gets None, to be placed by [`key_between`] and [`make_room`].
pub(crate) fn keys_for_sorted(conn: &Connection, own: OwnIndex, entries: &[(String, String, String)]) -> Result<Vec<Option<i64>>> {
    let rows = own.rows;
    let mut keys = vec![None; entries.len()];
    let mut start = 0;
    while start < entries.len() {
        let (sort_key, id, _) = &entries[start];
        let before: Option<i64> = conn
            .prepare_cached(&format!("SELECT key FROM {rows} WHERE (sort_key, id) < (?1, ?2) ORDER BY sort_key DESC, id DESC LIMIT 1"))?
            .query_row(params![sort_key, id], |r| r.get(0))
            .optional()?;
        let after: Option<(i64, String, String)> = conn
            .prepare_cached(&format!("SELECT key, sort_key, id FROM {rows} WHERE (sort_key, id) > (?1, ?2) ORDER BY sort_key, id LIMIT 1"))?
            .query_row(params![sort_key, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let end = match &after {
            Some((_, after_key, after_id)) => {
                start + entries[start..].iter().take_while(|(k, i, _)| (k.as_str(), i.as_str()) < (after_key.as_str(), after_id.as_str())).count()
            }
            None => entries.len(),
        };
        let count = (end - start) as i64;
        let span = APPEND_STEP.saturating_mul(count + 1);
        let (low, high) = match (before, after.map(|(key, _, _)| key)) {
            (Some(before), Some(after)) => (before, after),
            (Some(before), None) => (before, before.saturating_add(span).min(LIMIT)),
            (None, Some(after)) => (after.saturating_sub(span).max(-LIMIT), after),
            (None, None) => (-span / 2, span / 2),
        };
        let step = (high - low) / (count + 1);
        if step >= 1 {
            for (offset, key) in keys[start..end].iter_mut().enumerate() {
                *key = Some(low + step * (offset as i64 + 1));
            }
        }
        start = end;
    }
    Ok(keys)
}

/// Spreads the keys around the place of `(sort_key, id)`: takes the `n` entries on each side,
/// doubling `n` until their span leaves `MIN_GAP` between all of them and the new entry, and
/// gives them evenly spaced keys.
pub(crate) fn make_room(conn: &Connection, own: OwnIndex, sort_key: &str, id: &str) -> Result<()> {
    let OwnIndex { rows, fts } = own;
    let mut n: i64 = 8;
    loop {
        let mut before: Vec<(i64, String)> = conn
            .prepare_cached(&format!(
                "SELECT key, words FROM {rows} WHERE (sort_key, id) < (?1, ?2) ORDER BY sort_key DESC, id DESC LIMIT ?3"
            ))?
            .query_map(params![sort_key, id, n], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut after: Vec<(i64, String)> = conn
            .prepare_cached(&format!("SELECT key, words FROM {rows} WHERE (sort_key, id) > (?1, ?2) ORDER BY sort_key, id LIMIT ?3"))?
            .query_map(params![sort_key, id, n], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // The span runs from the key before the window (or the lowest key allowed) to the
        // key after it; the window's entries and the new one share it.
        let low = if before.len() as i64 == n { before.pop().map_or(-LIMIT, |(k, _)| k) } else { -LIMIT };
        let high = if after.len() as i64 == n { after.pop().map_or(LIMIT, |(k, _)| k) } else { LIMIT };
        before.reverse();
        let slots = (before.len() + after.len() + 2) as i64;
        let step = (high - low) / slots;
        if step >= MIN_GAP {
            // New keys in list order with a hole for the new entry.
            let mut moves = Vec::with_capacity(before.len() + after.len());
            let mut slot = 1;
            for (key, words) in before {
                moves.push((key, words, low + step * slot));
                slot += 1;
            }
            slot += 1;
            for (key, words) in after {
                moves.push((key, words, low + step * slot));
                slot += 1;
            }
            // Two passes, through keys outside every span, so that no new key meets an old one.
            for (key, words, _) in &moves {
                super::fts_delete(conn, own, *key, words)?;
            }
            for (key, _, _) in &moves {
                conn.prepare_cached(&format!("UPDATE {rows} SET key = key - ?2 WHERE key = ?1"))?.execute(params![key, PARKED])?;
            }
            for (key, words, new_key) in &moves {
                conn.prepare_cached(&format!("UPDATE {rows} SET key = ?2 WHERE key = ?1"))?.execute(params![key - PARKED, new_key])?;
                conn.prepare_cached(&format!("INSERT INTO {fts} (rowid, words) VALUES (?1, ?2)"))?.execute(params![new_key, words])?;
            }
            return Ok(());
        }
        if n > i64::from(u32::MAX) {
            return Err(crate::CoreError::Corrupt(format!("no room left among the keys of {rows}")));
        }
        n *= 2;
    }
}

#[cfg(test)]
mod tests {
    use crate::model::PersonQuery;
    use crate::test_support::{person, store};

    fn keys_follow_names(store: &crate::Store) -> bool {
        let keys: Vec<i64> = store
            .conn
            .prepare("SELECT key FROM person_search ORDER BY sort_key, id")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("keys")
            .collect::<rusqlite::Result<_>>()
            .expect("keys");
        keys.windows(2).all(|pair| pair[0] < pair[1])
    }

    #[test]
    fn names_added_in_a_row_at_one_place_spread_the_keys_and_keep_them_in_name_order() {
        let mut store = store();
        store.create_person(&person("Ann", "Adams", None)).expect("adams");
        store.create_person(&person("Bob", "Baker", None)).expect("baker");
        // Ascending between two names, then descending: each new key halves the same gap,
        // which runs out after some forty and must be made again.
        for i in 0..100 {
            store.create_person(&person("Ab", &format!("Ab{i:03}"), None)).expect("ascending");
        }
        for i in (0..100).rev() {
            store.create_person(&person("Az", &format!("Az{i:03}"), None)).expect("descending");
        }
        assert!(keys_follow_names(&store));
        store.conn.execute("INSERT INTO person_fts (person_fts) VALUES ('integrity-check')", []).expect("the FTS matches its rows");
        let page = store.list_people(&PersonQuery { search: "a".into(), limit: 300, ..PersonQuery::default() }).expect("list");
        assert_eq!(page.total, 201);
        let names: Vec<&str> = page.rows.iter().map(|r| r.last_name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn a_renamed_contact_moves_to_its_new_place() {
        let mut store = store();
        for name in ["Berg", "Dahl", "Falk"] {
            store.create_person(&person("Kim", name, None)).expect("person");
        }
        let moved = store.create_person(&person("Kim", "Adler", None)).expect("adler");
        let mut input = moved.fields.clone();
        input.last_name = "Gustafsson".into();
        store.update_person(&moved.id, &input).expect("renamed");
        assert!(keys_follow_names(&store));
        let page = store.list_people(&PersonQuery { search: "kim".into(), ..PersonQuery::default() }).expect("list");
        let names: Vec<&str> = page.rows.iter().map(|r| r.last_name.as_str()).collect();
        assert_eq!(names, ["Berg", "Dahl", "Falk", "Gustafsson"]);
    }
    #[test]
    fn an_import_places_its_runs_in_the_gaps_of_the_name_order() {
        use crate::import::{ImportKind, ImportOptions};
        let mut store = store();
        for name in ["Adams", "Baker", "Zorn"] {
            store.create_person(&person("Kim", name, None)).expect("person");
        }
        // Names before, between and after the present ones, in no order, over three batches.
        let mut file = String::from("First name;Last name\n");
        for i in 0..2500 {
            let name = match i % 4 {
                0 => format!("Aa{:04}", (i * 7919) % 2500),
                1 => format!("Ab{:04}", (i * 7919) % 2500),
                2 => format!("Bb{:04}", (i * 7919) % 2500),
                _ => format!("Zz{:04}", (i * 7919) % 2500),
            };
            file.push_str(&format!("Lee;{name}\n"));
        }
        let mapping = store.import_preview(ImportKind::People, file.as_bytes(), "people.csv").expect("preview").mapping;
        let options = ImportOptions { mapping, ..ImportOptions::default() };
        store.import_commit(ImportKind::People, file.as_bytes(), "people.csv", &options, |_, _| true).expect("import");
        assert!(keys_follow_names(&store));
        store.conn.execute("INSERT INTO person_fts (person_fts) VALUES ('integrity-check')", []).expect("the FTS matches its rows");
        let page = store.list_people(&PersonQuery { search: "lee".into(), limit: 3000, ..PersonQuery::default() }).expect("list");
        assert_eq!(page.total, 2500);
        let names: Vec<&str> = page.rows.iter().map(|r| r.last_name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn a_run_shares_its_gap_evenly_and_finds_no_room_between_touching_keys() {
        let store = store();
        store
            .conn
            .execute_batch(
                "INSERT INTO person_search (key, id, sort_key, words) VALUES (10, 'a', 'b', ' '), (20, 'b', 'd', ' '), (21, 'c', 'f', ' ');",
            )
            .expect("rows");
        let entry = |sort_key: &str, id: &str| (sort_key.to_string(), id.to_string(), String::new());
        let entries = [entry("a", "x"), entry("c", "x"), entry("c", "y"), entry("c", "z"), entry("e", "x"), entry("g", "x")];
        let keys = super::keys_for_sorted(&store.conn, super::super::PEOPLE_INDEX, &entries).expect("keys");
        let step = super::APPEND_STEP;
        assert_eq!(keys, [Some(10 - step), Some(12), Some(14), Some(16), None, Some(21 + step)]);
    }
}

