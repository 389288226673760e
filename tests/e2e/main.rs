//! End-to-end tests of the real app in its real webview (tauri-driver + WebKitWebDriver,
//! under Xvfb). `#[ignore]`d in the plain `cargo test` run; `make test` runs them with
//! `--ignored` inside xvfb-run, one at a time.

mod harness;
mod server;

mod bulletin;
mod committee;
mod contacts;
mod dues;
mod events;
mod import;
mod language;
mod members;
mod practices;
mod records;
mod startup;
mod sync;
mod applications;
mod overview;
mod documents;
