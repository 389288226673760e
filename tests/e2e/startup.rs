//! A store that cannot be opened is explained in the window, with its path, not a crash.

use crate::harness::App;

#[tokio::test]
#[ignore = "end-to-end: needs Xvfb and tauri-driver, run by `make test`"]
async fn a_damaged_store_is_explained_with_its_path() {
    let home = tempfile::tempdir().expect("home");
    let db = home.path().join("damaged.sqlite3");
    std::fs::write(&db, vec![0x5a_u8; 16 * 1024]).expect("write a damaged store");
    let app = App::start_with(home, db.clone()).await;
    let problem = app.text_of("store-problem").await;
    assert!(problem.contains("damaged.sqlite3"), "the dialog names the file: {problem}");
    assert_eq!(std::fs::read(&db).expect("still there"), vec![0x5a_u8; 16 * 1024], "the file is left untouched");
    app.quit().await;
}
