//! Just enough of the WebDriver HTTP protocol to start the real app through tauri-driver,
//! find an element and end the session: plain HTTP/1.1 over a std TcpStream with
//! `Connection: close`, so the bench needs no async runtime or HTTP crate.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use anyhow::{bail, Context as _};
use serde_json::{json, Value};

pub struct Session {
    port: u16,
    pub id: String,
}

/// One request; answers the HTTP status and the JSON body (Null when empty). tauri-driver
/// now and then closes a connection without answering (its pooled connection to
/// WebKitWebDriver went stale), so such a request is sent again, up to three times; finding
/// and clicking are harmless to repeat. Creating a session is not retried here: each try
/// starts an app, and [`crate::app`] handles that.
fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> anyhow::Result<(u16, Value)> {
    let mut attempt = 1;
    loop {
        match send(port, method, path, body) {
            Err(error) if path != "/session" && attempt < 3 && error.chain().any(|e| e.to_string().contains("header end")) => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            answer => return answer,
        }
    }
}

fn send(port: u16, method: &str, path: &str, body: Option<&Value>) -> anyhow::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).with_context(|| format!("connecting to the WebDriver on port {port}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(payload.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw).with_context(|| format!("{method} {path} on port {port}"))
}

fn parse_response(raw: &[u8]) -> anyhow::Result<(u16, Value)> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").context("an HTTP response without a header end")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).context("an HTTP response without a status")?;
    let mut body = raw[split + 4..].to_vec();
    if head.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body)?;
    }
    let value = if body.iter().all(u8::is_ascii_whitespace) { Value::Null } else { serde_json::from_slice(&body)? };
    Ok((status, value))
}

fn dechunk(mut body: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").context("a chunk without a size line")?;
        let size_text = String::from_utf8_lossy(&body[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)?;
        if size == 0 {
            return Ok(out);
        }
        let start = end + 2;
        anyhow::ensure!(body.len() >= start + size, "a chunk shorter than its size");
        out.extend_from_slice(&body[start..start + size]);
        body = body.get(start + size + 2..).unwrap_or_default();
    }
}

impl Session {
    /// Asks tauri-driver to start `application` and open a session on its webview.
    pub fn start(port: u16, application: &str) -> anyhow::Result<Session> {
        let capabilities = json!({ "tauri:options": { "application": application }, "browserName": "wry" });
        let body = json!({ "capabilities": { "alwaysMatch": capabilities }, "desiredCapabilities": capabilities });
        let (status, value) = request(port, "POST", "/session", Some(&body))?;
        let id = value["value"]["sessionId"].as_str().or_else(|| value["sessionId"].as_str());
        match id {
            Some(id) if status == 200 => Ok(Session { port, id: id.to_string() }),
            _ => bail!("tauri-driver refused the session ({status}): {value}"),
        }
    }

    /// True when an element matches the CSS selector now. A dropped connection counts as "not
    /// yet": while the webview is busy loading, the driver may close one without answering.
    pub fn has(&self, selector: &str) -> anyhow::Result<bool> {
        let body = json!({ "using": "css selector", "value": selector });
        match request(self.port, "POST", &format!("/session/{}/element", self.id), Some(&body)) {
            Ok((status, _)) => Ok(status == 200),
            Err(error) if error.chain().any(|e| e.to_string().contains("header end")) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// The WebDriver reference of the first element matching the CSS selector.
    fn element(&self, selector: &str) -> anyhow::Result<String> {
        let body = json!({ "using": "css selector", "value": selector });
        let (status, value) = request(self.port, "POST", &format!("/session/{}/element", self.id), Some(&body))?;
        anyhow::ensure!(status == 200, "no element {selector}: {value}");
        Ok(value["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .context("an element reference without an id")?
            .to_string())
    }

    /// Clicks the first element matching the CSS selector.
    pub fn click(&self, selector: &str) -> anyhow::Result<()> {
        let element = self.element(selector)?;
        let (status, value) = request(self.port, "POST", &format!("/session/{}/element/{element}/click", self.id), Some(&json!({})))?;
        anyhow::ensure!(status == 200, "clicking {selector} failed: {value}");
        Ok(())
    }

    /// Types `text` into the first element matching the CSS selector, as real key presses
    /// (`\u{E007}` is Enter).
    pub fn type_into(&self, selector: &str, text: &str) -> anyhow::Result<()> {
        let element = self.element(selector)?;
        let body = json!({ "text": text, "value": text.chars().map(String::from).collect::<Vec<_>>() });
        let (status, value) = request(self.port, "POST", &format!("/session/{}/element/{element}/value", self.id), Some(&body))?;
        anyhow::ensure!(status == 200, "typing into {selector} failed: {value}");
        Ok(())
    }

    /// Runs `script` in the page (its `arguments` are `args`) and answers what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        let body = json!({ "script": script, "args": args });
        let (status, value) = request(self.port, "POST", &format!("/session/{}/execute/sync", self.id), Some(&body))?;
        anyhow::ensure!(status == 200, "the script failed: {value}");
        Ok(value["value"].clone())
    }

    pub fn end(self) -> anyhow::Result<()> {
        request(self.port, "DELETE", &format!("/session/{}", self.id), None)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunked_json_response_is_read_whole() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n";
        let (status, value) = parse_response(raw).expect("parses");
        assert_eq!(status, 200);
        assert_eq!(value, json!({ "a": 1 }));
    }

    #[test]
    fn a_plain_response_and_an_empty_body_are_read() {
        let (status, value) = parse_response(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").expect("parses");
        assert_eq!((status, value), (404, Value::Null));
    }
}
