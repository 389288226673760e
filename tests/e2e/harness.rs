//! Drives the real Rencontres binary in its real webview: starts `tauri-driver` (which
//! starts WebKitWebDriver, which starts the app) with a private store and private XDG folders,
//! and gives each test a WebDriver client. Run under Xvfb (see the Makefile's `test-e2e`).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long a test waits for something to appear before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// How long opening a session (starting WebKitWebDriver and the app) may take: longer than
/// `PATIENCE`, since a busy machine can take that long to start a webview.
const SESSION_PATIENCE: Duration = Duration::from_secs(60);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// The tauri-driver process of one app; stopped when dropped, also when a test panics, so
/// that no driver outlives its test holding the run's pipes open.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        stop(&mut self.child, self.port);
    }
}

/// One app under test: its driver process, its session and its private folders.
pub struct App {
    driver: Driver,
    pub client: Client,
    pub home: tempfile::TempDir,
    pub db: PathBuf,
}

impl App {
    /// Starts the app on a new, empty store.
    pub async fn start() -> App {
        let home = tempfile::tempdir().expect("temp home");
        let db = home.path().join("store.sqlite3");
        Self::start_with(home, db).await
    }

    /// Starts the app on a new, empty store with extra environment variables (for example
    /// `RENCONTRES_TEST_OPEN_FILE`, the open dialog's answer). A `restart` does not keep them.
    pub async fn start_with_env(env: &[(&str, &str)]) -> App {
        let home = tempfile::tempdir().expect("temp home");
        let db = home.path().join("store.sqlite3");
        Self::launch(home, db, env).await
    }

    /// Starts the app on the store at `db`, with `home` for its XDG folders.
    pub async fn start_with(home: tempfile::TempDir, db: PathBuf) -> App {
        Self::launch(home, db, &[]).await
    }

    async fn launch(home: tempfile::TempDir, db: PathBuf, env: &[(&str, &str)]) -> App {
        let port = free_port();
        let native_port = free_port();
        let xdg = |name: &str| {
            let dir = home.path().join(name);
            std::fs::create_dir_all(&dir).expect("xdg dir");
            dir
        };
        let child = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("RENCONTRES_DB", &db)
            .env("XDG_DATA_HOME", xdg("data"))
            .env("XDG_CONFIG_HOME", xdg("config"))
            .env("XDG_CACHE_HOME", xdg("cache"))
            .env("HOME", home.path())
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts (run `make test-setup` to install it)");
        let driver = Driver { child, port };
        let client = connect(port).await;
        App { driver, client, home, db }
    }

    /// Quits the app and starts it again on the same store and folders.
    pub async fn restart(self) -> App {
        let App { driver, client, home, db } = self;
        let _ = client.close().await;
        drop(driver);
        Self::start_with(home, db).await
    }

    pub async fn quit(self) {
        let App { driver, client, .. } = self;
        let _ = client.close().await;
        drop(driver);
    }

    pub async fn find(&self, testid: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no element [data-testid={testid}] after {PATIENCE:?}: {e}"))
    }

    pub async fn click(&self, testid: &str) {
        self.find(testid).await.click().await.unwrap_or_else(|e| panic!("click {testid}: {e}"));
    }

    /// Replaces the text of an input.
    pub async fn fill(&self, testid: &str, text: &str) {
        let input = self.find(testid).await;
        input.clear().await.unwrap_or_else(|e| panic!("clear {testid}: {e}"));
        input.send_keys(text).await.unwrap_or_else(|e| panic!("type into {testid}: {e}"));
    }

    /// Chooses the option with `value` in a select.
    pub async fn choose(&self, testid: &str, value: &str) {
        let select = self.find(testid).await;
        select.select_by_value(value).await.unwrap_or_else(|e| panic!("choose {value} in {testid}: {e}"));
    }

    pub async fn value_of(&self, testid: &str) -> String {
        self.find(testid).await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    pub async fn text_of(&self, testid: &str) -> String {
        self.find(testid).await.text().await.unwrap_or_default()
    }

    /// Waits until `check` holds on the text of the elements with `testid`, and returns them.
    pub async fn wait_texts(&self, testid: &str, what: &str, check: impl Fn(&[String]) -> bool) -> Vec<String> {
        let started = Instant::now();
        loop {
            let texts = self.texts(testid).await;
            if check(&texts) {
                return texts;
            }
            if started.elapsed() > PATIENCE {
                panic!("waited {PATIENCE:?} for {what}; [data-testid={testid}] shows {texts:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn texts(&self, testid: &str) -> Vec<String> {
        let locator = format!("[data-testid=\"{testid}\"]");
        let mut texts = Vec::new();
        if let Ok(elements) = self.client.find_all(Locator::Css(&locator)).await {
            for element in elements {
                texts.push(element.text().await.unwrap_or_default());
            }
        }
        texts
    }
}

async fn connect(port: u16) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("tauri:options".into(), serde_json::json!({ "application": app_binary() }));
    capabilities.insert("browserName".into(), serde_json::json!("wry"));
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return client,
            Err(error) if started.elapsed() < SESSION_PATIENCE => {
                let _ = error;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => panic!("could not open a WebDriver session on tauri-driver at {url}: {error}"),
        }
    }
}

/// SIGTERM, never SIGKILL: only then does tauri-driver stop its WebKitWebDriver child,
/// whose open pipes would otherwise hang the test run.
fn stop(driver: &mut Child, port: u16) {
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("tauri-driver on port {port} did not stop after SIGTERM; killing it");
    let _ = driver.kill();
    let _ = driver.wait();
}

fn app_binary() -> String {
    env!("CARGO_BIN_EXE_rencontres").to_string()
}

fn tauri_driver() -> PathBuf {
    if let Ok(path) = std::env::var("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    let installed = cargo_home.join("bin").join("tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}
