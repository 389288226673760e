//! A real central server for the end-to-end tests: the `rencontres-server` binary on a free
//! loopback port with its own data folder and a first secretariat account.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const USERNAME: &str = "anna";
pub const PASSWORD: &str = "correct-horse-battery";

pub struct Server {
    child: Child,
    pub url: String,
    _data: tempfile::TempDir,
}

impl Server {
    pub fn start() -> Server {
        let data = tempfile::tempdir().expect("server data folder");
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let child = Command::new(binary())
            .args(["--listen", &format!("127.0.0.1:{port}"), "--bootstrap-user", USERNAME])
            .arg("--data")
            .arg(data.path())
            .env("RENCONTRES_PASSWORD", PASSWORD)
            .env("RENCONTRES_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("rencontres-server starts (built by `cargo build --workspace`)");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "the server did not listen on {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, url, _data: data }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Beside the app binary: cargo puts every workspace binary in one folder.
fn binary() -> PathBuf {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_rencontres"));
    app.with_file_name(format!("rencontres-server{}", std::env::consts::EXE_SUFFIX))
}
