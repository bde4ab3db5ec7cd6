//! `quartier serve` over real loopback HTTP: serves, rebuilds on an edit, keeps the last good
//! site on a broken edit, refuses path traversal.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((status, body))
}

/// Polls `path` until `check` holds or 20 s pass.
fn wait_for(port: u16, path: &str, check: impl Fn(u16, &str) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some((status, body)) = get(port, path)
            && check(status, &body)
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_rebuilds_keeps_last_good_site_and_refuses_traversal() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_quartier"))
        .args([
            "serve",
            "--today",
            TODAY,
            "--root",
            &site.path().to_string_lossy(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);

    assert!(
        wait_for(port, "/de/districts/nord/", |s, b| s == 200
            && b.contains("Gelbe Tonne")),
        "site not served"
    );
    let (status, _) = get(port, "/de/does-not-exist/").unwrap();
    assert_eq!(status, 404);
    for bad in [
        "/../site-config.yaml",
        "/%2e%2e/site-config.yaml",
        "/de/..%2f..%2fsite-config.yaml",
        "/..\\site-config.yaml",
    ] {
        let (status, body) = get(port, bad).unwrap();
        assert!(status == 400 || status == 404, "{bad}: status {status}");
        assert!(!body.contains("base_url"), "{bad}: served a file outside the site");
    }

    // An edit shows up after the rebuild.
    let guide = site.path().join("content/districts/nord/guide.de.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text.replace("Gelbe Tonne", "Blaue Tonne")).unwrap();
    assert!(
        wait_for(port, "/de/districts/nord/", |s, b| s == 200
            && b.contains("Blaue Tonne")),
        "edit not rebuilt"
    );

    // A broken edit keeps the last good site.
    std::fs::write(
        site.path().join("content/districts/nord/district.yaml"),
        "name: {de: Nord\noffice: [\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let (status, body) = get(port, "/de/districts/nord/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Blaue Tonne"));
}
