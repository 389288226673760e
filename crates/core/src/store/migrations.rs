//! Numbered, append-only schema migrations. `PRAGMA user_version` holds the number of the
//! last one applied; a store with a higher number than this build knows is refused untouched.
//! Never edit a migration that has landed: add the next file.

use std::path::Path;

use rusqlite::Connection;

use super::StoreOpenError;

/// The migrations in order; the schema version after applying `MIGRATIONS[i]` is `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_sync.sql"),
    include_str!("migrations/0003_dues.sql"),
    include_str!("migrations/0004_committee.sql"),
    include_str!("migrations/0005_events.sql"),
    include_str!("migrations/0006_applications.sql"),
    include_str!("migrations/0007_knowledge.sql"),
    include_str!("migrations/0008_gdpr.sql"),
    include_str!("migrations/0009_conflict_resolutions.sql"),
    include_str!("migrations/0010_list_search.sql"),
    include_str!("migrations/0011_import_batches.sql"),
    include_str!("migrations/0012_registration_counts.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreOpenError> {
    let fail = |source: rusqlite::Error| match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreOpenError::Corrupt { path: path.to_path_buf(), source }
        }
        _ => StoreOpenError::Unopenable { path: path.to_path_buf(), source },
    };
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(fail)?;
    let known = latest_version();
    if found > known {
        return Err(StoreOpenError::NewerSchema { path: path.to_path_buf(), found, known });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // Each migration and its version bump commit together: a crash leaves the old version.
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", index as i64 + 1).map_err(fail)?;
        tx.commit().map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_to_an_empty_store_and_sets_the_latest_version() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        migrate(&mut conn, Path::new(":memory:")).expect("migrates");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
        assert_eq!(version, latest_version());
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
            .expect("fk check");
        assert_eq!(fk_problems, 0);
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().expect("memory db");
        migrate(&mut conn, Path::new(":memory:")).expect("first");
        migrate(&mut conn, Path::new(":memory:")).expect("second");
    }

    #[test]
    fn a_store_from_a_newer_build_is_refused_with_both_versions_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("newer.sqlite3");
        {
            let conn = Connection::open(&path).expect("open");
            conn.pragma_update(None, "user_version", latest_version() + 5).expect("bump");
        }
        let error = crate::Store::open(&path).err().expect("refused");
        let text = error.to_string();
        assert!(matches!(error, StoreOpenError::NewerSchema { .. }), "{text}");
        assert!(text.contains(&format!("schema {}", latest_version() + 5)), "{text}");
        assert!(error.advice().contains("latest version"));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_as_damaged_with_its_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("garbage.sqlite3");
        std::fs::write(&path, vec![0x42u8; 8192]).expect("write garbage");
        let error = crate::Store::open(&path).err().expect("refused");
        assert!(matches!(error, StoreOpenError::Corrupt { .. }), "{error}");
        assert!(error.to_string().contains("garbage.sqlite3"));
    }

    #[test]
    fn opening_sets_wal_foreign_keys_and_a_busy_timeout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::Store::open(&dir.path().join("s.sqlite3")).expect("open");
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
        let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
        let timeout: i64 = store.conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0)).expect("timeout");
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
        assert!(timeout >= 1000);
    }
}
