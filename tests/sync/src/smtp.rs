//! A real SMTP server for the e-bulletin tests: Python's aiosmtpd (Debian package
//! python3-aiosmtpd, installed by `scripts/setup.sh test`) on 127.0.0.1, storing every message
//! it accepts in a maildir, which can be stopped and started again on the same port. A second
//! flavour insists on STARTTLS and a user and password (`smtp_tls_auth.py`), with a
//! certificate from a throwaway CA made by `openssl` for the run.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rencontres_core::bulletin::sending::{SmtpSecurity, SmtpSettings};

/// A Python with aiosmtpd: Debian's (the package installs there), or `RENCONTRES_TEST_PYTHON`.
fn python() -> String {
    let candidates = std::env::var("RENCONTRES_TEST_PYTHON").into_iter().chain(["/usr/bin/python3".to_string(), "python3".to_string()]);
    for candidate in candidates {
        let ok = Command::new(&candidate).args(["-c", "import aiosmtpd"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        if ok {
            return candidate;
        }
    }
    panic!("no Python with aiosmtpd: run `scripts/setup.sh test` (Debian package python3-aiosmtpd)");
}

/// aiosmtpd on 127.0.0.1 storing every message it accepts in a maildir.
pub struct SmtpSink {
    child: Option<Child>,
    pub port: u16,
    maildir: PathBuf,
    /// STARTTLS + AUTH flavour: the script's arguments after the port and maildir.
    tls_auth: Option<Vec<String>>,
    /// The throwaway CA that signed the server's certificate (PEM), to trust in the client.
    pub ca_pem: Option<Vec<u8>>,
}

fn openssl(folder: &Path, args: &[&str]) {
    let status = Command::new("openssl").args(args).current_dir(folder).stdout(Stdio::null()).stderr(Stdio::null()).status().expect("openssl runs");
    assert!(status.success(), "openssl {args:?} failed");
}

impl SmtpSink {
    pub fn start(maildir: &Path) -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port();
        // aiosmtpd makes the maildir (new/, cur/, tmp/) only in a folder that does not exist yet.
        let mut sink = SmtpSink { child: None, port, maildir: maildir.join("maildir"), tls_auth: None, ca_pem: None };
        sink.restart();
        sink
    }

    /// A server that requires STARTTLS, then `user` and `password`, on 127.0.0.1.
    pub fn start_tls_auth(folder: &Path, user: &str, password: &str) -> SmtpSink {
        openssl(folder, &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Rencontres test CA"]);
        openssl(folder, &["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
        std::fs::write(folder.join("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n").expect("ext");
        openssl(
            folder,
            &["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"],
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port();
        let arguments = vec![
            folder.join("server.pem").display().to_string(),
            folder.join("server.key").display().to_string(),
            user.to_string(),
            password.to_string(),
        ];
        let ca_pem = std::fs::read(folder.join("ca.pem")).expect("the CA");
        let mut sink = SmtpSink { child: None, port, maildir: folder.join("maildir"), tls_auth: Some(arguments), ca_pem: Some(ca_pem) };
        sink.restart();
        sink
    }

    /// Starts (again) on the same port and maildir.
    pub fn restart(&mut self) {
        let mut command = Command::new(python());
        match &self.tls_auth {
            None => command.args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{}", self.port), "-c", "aiosmtpd.handlers.Mailbox"]).arg(&self.maildir),
            Some(arguments) => command
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp_tls_auth.py"))
                .arg(self.port.to_string())
                .arg(&self.maildir)
                .args(arguments),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not listen on {}", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message received, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for folder in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(folder)) {
                for entry in entries.flatten() {
                    out.push(std::fs::read_to_string(entry.path()).expect("a message"));
                }
            }
        }
        out
    }

    /// The recipient of each message received (aiosmtpd's X-RcptTo header), sorted.
    pub fn recipients(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .messages()
            .iter()
            .filter_map(|m| m.lines().find_map(|l| l.strip_prefix("X-RcptTo: ")).map(str::to_string))
            .collect();
        out.sort();
        out
    }

    pub fn settings(&self) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            security: SmtpSecurity::None,
            username: String::new(),
            from_address: "office@rencontres.example".into(),
            from_name: "Rencontres".into(),
            per_minute: 3600,
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

