//! Test support for syncing real client stores through the real server: a server on
//! `127.0.0.1:0` with accounts, laptops (a store in a temporary folder, signed in), and a
//! transport that injects faults (a dropped request, a lost answer, a repeated request).

pub mod smtp;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::net::SocketAddr;
use std::path::PathBuf;

use rencontres_core::model::{MembershipCategory, MembershipStatus, OrganisationInput, OrganisationKind, PersonInput, PersonRole};
use rencontres_core::sync::http::{login, HttpTransport};
use rencontres_core::sync::{SyncError, SyncReport, Transport};
use rencontres_core::Store;
use rencontres_protocol::{PullResponse, PushRequest, PushResponse, Role};
use rencontres_server::{spawn_in_background, BackgroundServer, Config, SqliteStorage, Storage};

pub const PASSWORD: &str = "a password long enough";

/// The real server with its data folder; it can be stopped and started again on the same data.
pub struct TestServer {
    pub data: tempfile::TempDir,
    running: Option<BackgroundServer>,
}

impl TestServer {
    pub fn start() -> anyhow::Result<TestServer> {
        let data = tempfile::tempdir()?;
        let running = Some(spawn_in_background(config(data.path().to_path_buf()))?);
        Ok(TestServer { data, running })
    }

    pub fn url(&self) -> String {
        self.running.as_ref().map(BackgroundServer::url).unwrap_or_else(|| "http://127.0.0.1:9".into())
    }

    /// Adds an account straight in the server's store (as `rencontres-server user add` does).
    pub fn add_user(&self, username: &str, role: Role) -> anyhow::Result<()> {
        SqliteStorage::open_folder(self.data.path())?.add_user(username, role, PASSWORD)?;
        Ok(())
    }

    pub fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(server) = self.running.take() {
            server.stop()?;
        }
        Ok(())
    }

    /// Starts again on the same data folder (on a new port).
    pub fn restart(&mut self) -> anyhow::Result<()> {
        self.stop()?;
        self.running = Some(spawn_in_background(config(self.data.path().to_path_buf()))?);
        Ok(())
    }
}

fn config(data: PathBuf) -> Config {
    let listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 0));
    Config::new(listen, data)
}

/// One laptop: its own store on disk, signed in to the server as one account.
pub struct Laptop {
    pub store: Store,
    pub folder: tempfile::TempDir,
    pub token: String,
    pub server_url: String,
}

impl Laptop {
    /// A new laptop signed in as `username` (who must exist on `server`).
    pub fn new(server: &TestServer, username: &str) -> anyhow::Result<Laptop> {
        let folder = tempfile::tempdir()?;
        let mut store = Store::open(&folder.path().join("rencontres.sqlite3"))?;
        let answer = login(&server.url(), username, PASSWORD, &store.author().device)?;
        store.set_actor(&answer.username)?;
        Ok(Laptop { store, folder, token: answer.token, server_url: server.url() })
    }

    pub fn transport(&self) -> HttpTransport {
        HttpTransport::new(&self.server_url, &self.token)
    }

    /// Follows a server that came back on another port.
    pub fn reconnect(&mut self, server: &TestServer) {
        self.server_url = server.url();
    }

    pub fn sync(&mut self) -> Result<SyncReport, SyncError> {
        let transport = self.transport();
        self.store.sync(&transport)
    }

    /// Copies the store file aside, as a backup tool would (the store is closed meanwhile).
    pub fn backup(&mut self) -> anyhow::Result<PathBuf> {
        let path = self.folder.path().join("rencontres.sqlite3");
        let copy = self.folder.path().join("backup.sqlite3");
        self.store = Store::open_in_memory()?;
        std::fs::copy(&path, &copy)?;
        self.store = Store::open(&path)?;
        Ok(copy)
    }

    /// Puts a backup back in place of the store, as after recovering a laptop.
    pub fn restore(&mut self, backup: &std::path::Path) -> anyhow::Result<()> {
        let path = self.folder.path().join("rencontres.sqlite3");
        self.store = Store::open_in_memory()?;
        for leftover in ["rencontres.sqlite3-wal", "rencontres.sqlite3-shm"] {
            let _ = std::fs::remove_file(self.folder.path().join(leftover));
        }
        std::fs::copy(backup, &path)?;
        self.store = Store::open(&path)?;
        Ok(())
    }

    /// Closes and opens the store again, as after a crash or a restart of the app.
    pub fn reopen(&mut self) -> anyhow::Result<()> {
        let path = self.folder.path().join("rencontres.sqlite3");
        // The old connection is closed before the new one opens, as after a process exit.
        self.store = Store::open_in_memory()?;
        self.store = Store::open(&path)?;
        Ok(())
    }
}

/// A member city, valid for the core's checks.
pub fn city(name: &str) -> OrganisationInput {
    OrganisationInput {
        name: name.into(),
        kind: OrganisationKind::City,
        country: "PT".into(),
        subdivision: String::new(),
        population: Some(230_000),
        population_year: Some(2021),
        population_source: String::new(),
        address: String::new(),
        website: String::new(),
        email: String::new(),
        languages: vec!["pt".into()],
        notes: String::new(),
        category: MembershipCategory::Full,
        status: MembershipStatus::Active,
        joined_on: None,
        left_on: None,
    }
}

/// An elected contact of `organisation_id`.
pub fn contact(first_name: &str, last_name: &str, organisation_id: &str) -> PersonInput {
    PersonInput {
        first_name: first_name.into(),
        last_name: last_name.into(),
        function: "Deputy mayor in charge of culture".into(),
        role: PersonRole::Elected,
        organisation_id: Some(organisation_id.into()),
        emails: vec![format!("{}@example.org", first_name.to_lowercase())],
        phones: Vec::new(),
        languages: vec!["pt".into()],
        notes: String::new(),
    }
}

/// What the faulty transport does to the next call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The request never reaches the server.
    DropRequest,
    /// The server handles the request but its answer is lost on the way back.
    LoseResponse,
    /// The request is sent twice (a retry by a proxy or the network stack).
    Repeat,
}

/// Wraps a transport and applies the planned faults to the next calls, one per call.
pub struct Faulty<T: Transport> {
    pub inner: T,
    plan: Mutex<VecDeque<Fault>>,
}

impl<T: Transport> Faulty<T> {
    pub fn new(inner: T, plan: impl IntoIterator<Item = Fault>) -> Faulty<T> {
        Faulty { inner, plan: Mutex::new(plan.into_iter().collect()) }
    }

    fn call<R>(&self, mut call: impl FnMut() -> Result<R, SyncError>) -> Result<R, SyncError> {
        let fault = self.plan.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop_front();
        match fault {
            None => call(),
            Some(Fault::DropRequest) => Err(SyncError::Offline("request dropped".into())),
            Some(Fault::LoseResponse) => {
                call()?;
                Err(SyncError::Offline("answer lost".into()))
            }
            Some(Fault::Repeat) => {
                call()?;
                call()
            }
        }
    }
}

impl<T: Transport> Transport for Faulty<T> {
    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        self.call(|| self.inner.push(request))
    }

    fn pull(&self, cursor: u64, limit: u32, initial: bool) -> Result<PullResponse, SyncError> {
        self.call(|| self.inner.pull(cursor, limit, initial))
    }
}
