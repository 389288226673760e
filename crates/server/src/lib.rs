//! `rencontres-server`: the central sync server as a library. The binary in `main.rs` only
//! parses flags and calls [`serve`]; tests and the benchmark start it in the background on
//! `127.0.0.1:0` with [`spawn_in_background`] and stop it cleanly.

pub mod auth;
mod background;
pub mod http;
pub mod scope;
pub mod storage;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;

pub use background::{spawn_in_background, BackgroundServer};
pub use storage::{sqlite::SqliteStorage, Storage, StorageError};

/// How a server runs: where it listens, where it keeps its data, and its limits.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// The data folder; the SQLite store is `server.sqlite3` inside it.
    pub data: PathBuf,
    /// How long a login token is valid.
    pub token_ttl: Duration,
    /// The largest request body accepted; larger ones get 413.
    pub max_body_bytes: usize,
}

impl Config {
    pub fn new(listen: SocketAddr, data: PathBuf) -> Config {
        Config { listen, data, token_ttl: Duration::from_secs(30 * 24 * 3600), max_body_bytes: 8 * 1024 * 1024 }
    }
}

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the server stopped on an error: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("the server thread failed: {0}")]
    Thread(String),
}

/// Opens the data folder's store, binds, and serves until `shutdown` resolves; requests
/// in flight are finished first.
pub async fn serve(
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let storage = Arc::new(SqliteStorage::open_folder(&config.data)?);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    serve_on(listener, storage, config, shutdown).await
}

/// Serves on a listener already bound (so a caller can learn the port of `127.0.0.1:0`).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    storage: Arc<dyn Storage>,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, data = %config.data.display(), "rencontres-server listening");
    let router = http::router(storage, &config);
    // Small answers must not wait for the client's delayed ACK (Nagle): sync round trips
    // are many and small.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await?;
    tracing::info!("rencontres-server stopped");
    Ok(())
}
