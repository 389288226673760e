//! End-to-end tests of the real app in its real webview (tauri-driver + WebKitWebDriver,
//! under Xvfb). `#[ignore]`d in the plain `cargo test` run; `make test` runs them with
//! `--ignored` inside xvfb-run, one at a time.

mod harness;
mod server;

mod committee;
mod contacts;
mod dues;
mod import;
mod language;
mod members;
mod startup;
mod sync;
mod overview;
mod documents;
