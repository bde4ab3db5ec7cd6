//! `quartier serve` over real loopback HTTP: reload events, the error overlay on a broken edit
//! and its recovery, a folder deleted and recreated, many and slow clients, path traversal,
//! methods, and a clean stop.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
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
            &root.to_string_lossy(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(30);
    while request(port, "GET", "/de/").is_none() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// One request; returns (status, head, body).
fn request(port: u16, method: &str, path: &str) -> Option<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, head.to_string(), body.to_string()))
}

/// An open event stream; `next_generation` waits for the next `data:` line.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /__quartier/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        Events {
            stream,
            seen: String::new(),
        }
    }

    fn next_generation(&mut self, timeout: Duration) -> Option<u64> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.seen.find("data: ") {
                let rest = &self.seen[i + 6..];
                if let Some(end) = rest.find('\n') {
                    let value = rest[..end].trim().parse().ok();
                    self.seen = rest[end..].to_string();
                    return value;
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut buf = [0u8; 1024];
            match self.stream.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn serve_reloads_shows_errors_recovers_and_refuses_traversal() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let server = start(site.path());
    let port = server.port;

    // Pages, folders, 404, methods.
    let (status, head, body) = request(port, "GET", "/de/districts/nord/").unwrap();
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(body.contains("Gelbe Tonne") && body.contains("<script src=\"/__quartier/reload.js\""));
    assert!(
        !body.contains("<script>"),
        "no inline script: the page's CSP must hold in the preview"
    );
    let (status, _, script) = request(port, "GET", "/__quartier/reload.js").unwrap();
    assert!(status == 200 && script.contains("new EventSource(\"/__quartier/events\")"));
    let events_port = port;
    assert_eq!(request(port, "GET", "/de/districts/nord").unwrap().0, 301);
    let css_head = request(port, "GET", "/assets/style.css").unwrap().1;
    assert!(css_head.to_ascii_lowercase().contains("text/css"));
    let (status, _, missing) = request(port, "GET", "/de/nowhere/deep/").unwrap();
    assert_eq!(status, 404);
    // Shown under any path, the 404 page's style and links are absolute.
    assert!(missing.contains("href=\"/assets/style.css\""), "{missing}");
    assert!(missing.contains("href=\"/de/\""), "{missing}");
    assert_eq!(request(port, "POST", "/de/").unwrap().0, 405);
    let (status, _, body) = request(port, "HEAD", "/de/").unwrap();
    assert_eq!((status, body.len()), (200, 0));
    for bad in [
        "/../site-config.yaml",
        "/%2e%2e/site-config.yaml",
        "/de/..%2f..%2fsite-config.yaml",
        "/..\\site-config.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
    ] {
        let (status, _, body) = request(port, "GET", bad).unwrap();
        assert_eq!(status, 400, "{bad}");
        assert!(!body.contains("base_url"));
    }

    // Many listeners and one slow client that never reads do not hold up a reload.
    let mut events = Events::open(events_port);
    let first = events.next_generation(WAIT).expect("initial generation");
    let mut others: Vec<Events> = (0..20).map(|_| Events::open(events_port)).collect();
    let slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = (&slow).write_all(b"GET /de/districts/nord/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    // An edit: a reload event, then the new content.
    let guide = site.path().join("content/districts/nord/guide.de.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text.replace("Gelbe Tonne", "Blaue Tonne")).unwrap();
    let second = events.next_generation(WAIT).expect("reload event after an edit");
    assert!(second > first);
    assert!(
        request(port, "GET", "/de/districts/nord/")
            .unwrap()
            .2
            .contains("Blaue Tonne")
    );
    for (i, other) in others.iter_mut().enumerate() {
        let generation = other.next_generation(WAIT);
        assert!(
            generation.is_some(),
            "listener {i} got no event; it saw {:?}",
            other.seen
        );
    }

    // A broken edit: an event, the old content, and the error with its place on every page.
    let district = site.path().join("content/districts/nord/district.yaml");
    let good = std::fs::read_to_string(&district).unwrap();
    std::fs::write(&district, good.replace("office: nord-buero", "office: sued-buero")).unwrap();
    events.next_generation(WAIT).expect("event after a broken edit");
    let body = request(port, "GET", "/de/districts/nord/").unwrap().2;
    assert!(body.contains("Blaue Tonne"), "the last good page is served");
    assert!(body.contains("id=\"quartier-error\""));
    assert!(
        !body.contains("style=\""),
        "the overlay is styled from /__quartier/overlay.css"
    );
    assert!(
        body.contains("content/districts/nord/district.yaml:6:1: error: unknown office `sued-buero`"),
        "{body}"
    );
    assert!(
        request(port, "GET", "/en/")
            .unwrap()
            .2
            .contains("id=\"quartier-error\"")
    );

    // Fixed: the overlay goes away.
    std::fs::write(&district, &good).unwrap();
    events.next_generation(WAIT).expect("event after the fix");
    assert!(
        !request(port, "GET", "/de/districts/nord/")
            .unwrap()
            .2
            .contains("quartier-error")
    );

    // A folder deleted and created again is still watched.
    let pages = site.path().join("content/pages");
    let about = std::fs::read_to_string(pages.join("about.de.md")).unwrap();
    std::fs::remove_dir_all(&pages).unwrap();
    events.next_generation(WAIT).expect("event after deleting a folder");
    assert_eq!(request(port, "GET", "/de/about/").unwrap().0, 404);
    std::fs::create_dir_all(&pages).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        pages.join("about.de.md"),
        about.replace("Ein Testnetz.", "Ein neues Testnetz."),
    )
    .unwrap();
    let deadline = Instant::now() + WAIT;
    while !request(port, "GET", "/de/about/").is_some_and(|(s, _, b)| s == 200 && b.contains("Ein neues Testnetz.")) {
        assert!(Instant::now() < deadline, "a recreated folder is not watched");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(slow);

    // Stops cleanly: the process ends and the port is free again.
    let mut server = server;
    server.child.kill().unwrap();
    let status = server.child.wait().unwrap();
    assert!(!status.success());
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "port still in use"
    );
}

/// Sends `raw` bytes as a request; returns the status line's code (None if the server closed
/// without an answer).
fn raw_request(port: u16, raw: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    // The server may answer and close before all is sent; that is what is tested.
    let _ = stream.write_all(raw);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace().nth(1)?.parse().ok()
}

/// What a hostile page or a stuck client can send: an endless request line or header, a
/// foreign Host (DNS rebinding), more connections than the bound; and closed reload streams
/// are released at once.
#[test]
fn serve_bounds_requests_hosts_and_connections() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let server = start(site.path());
    let port = server.port;

    // A request line of 1 MB is refused after 8 KB, never buffered whole.
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "a".repeat(1 << 20));
    assert_eq!(raw_request(port, long_line.as_bytes()), Some(414));
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "b".repeat(1 << 20)
    );
    assert_eq!(raw_request(port, long_header.as_bytes()), Some(431));
    let many: String = (0..100).map(|i| format!("X-{i}: 1\r\n")).collect();
    let many_headers = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{many}\r\n");
    assert_eq!(raw_request(port, many_headers.as_bytes()), Some(431));

    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    for host in ["evil.example", &format!("evil.example:{port}"), "127.0.0.1:1"] {
        let raw = format!("GET /de/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(raw_request(port, raw.as_bytes()), Some(403), "{host}");
    }
    assert_eq!(raw_request(port, b"GET /de/ HTTP/1.1\r\n\r\n"), Some(403), "no Host");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let raw = format!("GET /de/ HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(raw_request(port, raw.as_bytes()), Some(200), "{host}");
    }

    // Reload streams of closed tabs are released: open and close twice the bound, then the
    // preview still answers (each closed stream gave its connection back).
    for round in 0..2 {
        // Open reload streams until a new connection is turned away: that must happen at the
        // bound. A stream opened while a finished request's thread still holds its slot is
        // itself turned away, so a few more than the bound may be needed.
        let mut streams: Vec<Events> = Vec::new();
        let deadline = Instant::now() + WAIT;
        loop {
            let answer = request(port, "GET", "/de/");
            if let Some((503, _, body)) = &answer {
                assert!(body.contains("connections are open already"), "{body}");
                break;
            }
            assert!(
                streams.len() <= quartier::serve::MAX_CONNECTIONS + 32 && Instant::now() < deadline,
                "round {round}: no 503 with {} streams open: {answer:?}",
                streams.len()
            );
            if streams.is_empty() {
                streams.extend((0..quartier::serve::MAX_CONNECTIONS - 8).map(|_| Events::open(port)));
            } else {
                streams.push(Events::open(port));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(streams);
        let deadline = Instant::now() + WAIT;
        while request(port, "GET", "/de/").map(|r| r.0) != Some(200) {
            assert!(
                Instant::now() < deadline,
                "round {round}: closed reload streams were not released"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
