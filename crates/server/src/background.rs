//! A server running on its own thread and runtime, for tests and the benchmark: it binds
//! before returning (so the port of `127.0.0.1:0` is known) and stops cleanly on request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::{Config, ServerError, SqliteStorage, Storage};

pub struct BackgroundServer {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), ServerError>>>,
}

impl BackgroundServer {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes requests in flight, closes the store, joins the thread.
    pub fn stop(mut self) -> Result<(), ServerError> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), ServerError> {
        if let Some(shutdown) = self.shutdown.take() {
            // The receiver is gone only if the server already stopped: nothing to signal.
            let _ = shutdown.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| ServerError::Thread("the server thread panicked".into()))?,
            None => Ok(()),
        }
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Err(error) = self.stop_inner() {
            tracing::warn!(%error, "background server did not stop cleanly");
        }
    }
}

/// Starts a server for `config` (its `listen` may use port 0) on a thread of its own.
pub fn spawn_in_background(config: Config) -> Result<BackgroundServer, ServerError> {
    let storage: Arc<dyn Storage> = Arc::new(SqliteStorage::open_folder(&config.data)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(config.listen))
        .map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name(format!("rencontres-server {addr}")).spawn(move || {
        let result = runtime.block_on(crate::serve_on(listener, storage, config, async move {
            // A dropped sender also means stop.
            let _ = stopped.await;
        }));
        // Blocking tasks (store calls) still running are given a moment, then abandoned.
        runtime.shutdown_timeout(std::time::Duration::from_secs(5));
        result
    })?;
    Ok(BackgroundServer { addr, shutdown: Some(shutdown), thread: Some(thread) })
}
