use super::*;
use crate::search::PEOPLE_INDEX;
use crate::test_support::{crowd, expected_people};

const SEARCHES: &[&str] = &["s", "so", "m", "mar", "martin", "lodz", "deputy m", "z", "ø", "contact1", "nobody"];

fn page(all: &[String], limit: u32, offset: u32) -> Vec<String> {
    all.iter().skip(offset as usize).take(limit as usize).cloned().collect()
}

#[test]
fn the_page_read_in_key_order_is_the_page_of_every_hit_sorted_by_name() {
    let store = crowd();
    for search in SEARCHES {
        let list = ListSearch::new(PEOPLE_INDEX, search).expect("searchable");
        for descending in [false, true] {
            let all = expected_people(&store, search, descending);
            assert_eq!(list.hits(&store.conn).expect("hits") as usize, all.len(), "{search}");
            for (limit, offset) in [(5, 0), (10, 3), (100, 0), (7, 150), (3, 500)] {
                let expected = page(&all, limit, offset);
                let sorted = list.sorted_hits(&store.conn, descending, limit, offset).expect("sorted");
                let read = list.page_ids(&store.conn, descending, limit, offset).expect("page");
                assert_eq!(sorted, expected, "sorted {search:?} desc={descending} {limit}@{offset}");
                assert_eq!(read, expected, "read {search:?} desc={descending} {limit}@{offset}");
            }
        }
    }
}

#[test]
fn keys_out_of_order_are_caught_and_the_page_is_still_right() {
    let store = crowd();
    // Swap the keys of the first and last Martin: the FTS now yields them out of name order.
    let keys: Vec<i64> = store
        .conn
        .prepare("SELECT key FROM person_search WHERE words LIKE '% martin %' ORDER BY sort_key, id")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("keys")
        .collect::<rusqlite::Result<_>>()
        .expect("keys");
    let (first, last) = (keys[0], keys[keys.len() - 1]);
    store
        .conn
        .execute_batch(&format!(
            "UPDATE person_search SET key = -1 WHERE key = {first}; UPDATE person_search SET key = {first} WHERE key = {last};
             UPDATE person_search SET key = {last} WHERE key = -1; INSERT INTO person_fts (person_fts) VALUES ('rebuild');"
        ))
        .expect("swap");
    let list = ListSearch::new(PEOPLE_INDEX, "martin").expect("searchable");
    let all = expected_people(&store, "martin", false);
    assert_eq!(list.page_ids(&store.conn, false, 10, 0).expect("page"), page(&all, 10, 0));
}

#[test]
fn with_filters_the_hits_or_the_filters_lead_to_the_same_rows() {
    let store = crowd();
    let list = ListSearch::new(PEOPLE_INDEX, "s").expect("searchable");
    let mut answers = Vec::new();
    for hits in [1, FEW_HITS + 1] {
        let mut values: Vec<SqlValue> = vec!["PL".to_string().into()];
        let shape = list.shape(hits, true, "people", "p", &mut values);
        let mut conditions = vec!["p.deleted_at IS NULL".to_string(), "o.country = ?1".to_string()];
        if !shape.condition.is_empty() {
            conditions.push(shape.condition);
        }
        let sql = format!(
            "SELECT p.id FROM {} LEFT JOIN organisations o ON o.id = p.organisation_id WHERE {} ORDER BY p.sort_key, p.id",
            shape.from,
            conditions.join(" AND ")
        );
        answers.push(ids_of(&store.conn, &sql, &values).expect("ids"));
    }
    assert!(!answers[0].is_empty());
    assert_eq!(answers[0], answers[1]);
}
