use super::*;
use crate::search::PEOPLE_INDEX;
use crate::test_support::{crowd, expected_people};

const SEARCHES: &[&str] = &["s", "so", "m", "mar", "martin", "lodz", "deputy m", "z", "ø", "contact1", "nobody"];

fn page(all: &[String], limit: u32, offset: u32) -> Vec<String> {
    all.iter().skip(offset as usize).take(limit as usize).cloned().collect()
}

#[test]
fn walking_in_name_order_and_sorting_the_hits_give_the_same_page_as_brute_force() {
    let store = crowd();
    for search in SEARCHES {
        let list = ListSearch::new(PEOPLE_INDEX, search).expect("searchable");
        for descending in [false, true] {
            let all = expected_people(&store, search, descending);
            assert_eq!(list.hits(&store.conn).expect("hits") as usize, all.len(), "{search}");
            for (limit, offset) in [(5, 0), (10, 3), (100, 0), (7, 150)] {
                let expected = page(&all, limit, offset);
                let walked = list.walk(&store.conn, u64::MAX >> 2, descending, limit, offset).expect("walk");
                let sorted = list.sorted_hits(&store.conn, descending, limit, offset).expect("sorted");
                let chosen = list.page_ids(&store.conn, all.len() as u32, descending, limit, offset).expect("page");
                assert_eq!(walked, expected, "walk {search:?} desc={descending} {limit}@{offset}");
                assert_eq!(sorted, expected, "sorted {search:?} desc={descending} {limit}@{offset}");
                assert_eq!(chosen, expected, "chosen {search:?} desc={descending} {limit}@{offset}");
            }
        }
    }
}

#[test]
fn a_walk_that_reads_too_few_rows_comes_back_short_and_the_page_is_still_complete() {
    let store = crowd();
    let list = ListSearch::new(PEOPLE_INDEX, "martin").expect("searchable");
    let all = expected_people(&store, "martin", false);
    assert!(all.len() > 20, "the crowd has many Martins");
    let short = list.walk(&store.conn, 3, false, 10, 0).expect("walk");
    assert!(short.len() < 10, "three rows read cannot hold ten hits");
    assert_eq!(list.page_ids(&store.conn, all.len() as u32, false, 10, 0).expect("page"), page(&all, 10, 0));
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
