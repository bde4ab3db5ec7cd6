//! The preview's HTTP side: a small HTTP/1.1 server over `std::net`, bounded in every way a
//! page on the internet or a stuck client could push it.
//!
//! - The request head is read into a buffer of at most [`MAX_HEAD_BYTES`] and parsed with
//!   `httparse`; a longer request line is answered 414, longer headers 431 — nothing is buffered
//!   beyond that.
//! - The `Host` header must name the preview itself (an IP address or `localhost`, with the
//!   preview's port): a DNS-rebinding page on the internet, whose name resolves to 127.0.0.1,
//!   is answered 403 and never sees the preview.
//! - At most [`MAX_CONNECTIONS`] connections are served at once; the next one gets a 503 that
//!   says why.
//! - Live reload is a Server-Sent Events stream on the same address (so the pages' strict
//!   Content-Security-Policy allows it); a stream whose client went away is released within a
//!   second.

use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Resolved, Shared, resolve_request};

/// The most bytes of a request line quartier reads (answered 414 beyond).
pub const MAX_REQUEST_LINE_BYTES: usize = 8 * 1024;
/// The most bytes of a whole request head (answered 431 beyond).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// The most header lines of one request (answered 431 beyond).
const MAX_HEADERS: usize = 64;
/// Connections served at once (pages, assets and open reload streams together).
pub const MAX_CONNECTIONS: usize = 128;
/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__quartier/events";
/// The reload script every served page loads.
const RELOAD_PATH: &str = "/__quartier/reload.js";
/// The style of the error overlay.
const OVERLAY_CSS_PATH: &str = "/__quartier/overlay.css";

const RELOAD_JS: &str = r#"// quartier serve: reload this page when the site was rebuilt, keeping the scroll position.
(function () {
  var me = document.currentScript, generation = me && me.getAttribute("data-generation"), key = "quartier-scroll";
  try {
    var saved = JSON.parse(sessionStorage.getItem(key) || "null");
    if (saved && saved[0] === location.pathname) addEventListener("load", function () { scrollTo(saved[1], saved[2]); });
    sessionStorage.removeItem(key);
  } catch (e) {}
  var events = new EventSource("/__quartier/events");
  events.onmessage = function (e) {
    if (e.data === generation) return;
    try { sessionStorage.setItem(key, JSON.stringify([location.pathname, scrollX, scrollY])); } catch (x) {}
    events.close();
    location.reload();
  };
  addEventListener("pagehide", function () { events.close(); });
})();
"#;

const OVERLAY_CSS: &str = "#quartier-error{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#1b1b1b;border-top:4px solid #b00020;padding:1rem;font:14px/1.5 ui-monospace,monospace;text-align:left}\n#quartier-error pre{white-space:pre-wrap;margin:.5rem 0 0}\n";

/// Counts a connection while it is served.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections until the listener fails; each is served on its own thread, at most
/// [`MAX_CONNECTIONS`] at once.
pub(super) fn accept(listener: TcpListener, shared: Arc<Shared>) {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse_busy(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _slot = slot;
            serve_connection(&shared, stream, port);
        });
    }
}

/// Answers a connection over the bound with a 503 that says why. The request head is read
/// first (briefly: at most 16 KB and 300 ms in all, on the accepting thread), so closing does
/// not reset the connection before the client has read the answer.
fn refuse_busy(mut stream: TcpStream) {
    let started = Instant::now();
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    while !head.windows(4).any(|w| w == b"\r\n\r\n")
        && head.len() < MAX_HEAD_BYTES
        && started.elapsed() < Duration::from_millis(200)
    {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let text = format!(
        "quartier serve: {MAX_CONNECTIONS} connections are open already (open tabs of the preview each hold one); close some tabs, then reload\n"
    );
    let _ = write_response(
        &mut stream,
        503,
        "text/plain; charset=utf-8",
        text.as_bytes(),
        &[("Retry-After", "2")],
        false,
    );
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let _ = stream.read(&mut chunk);
}

/// A request head that was read and checked.
struct Head {
    method: String,
    target: String,
}

/// Why a request head is refused: status and a line of text.
type Refusal = (u16, String);

/// Reads one request head, bounded in size and time.
fn read_head(stream: &mut TcpStream, port: u16) -> Result<Head, Option<Refusal>> {
    let _ = stream.set_read_timeout(Some(HEAD_TIMEOUT));
    let started = Instant::now();
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let room = MAX_HEAD_BYTES - buffer.len();
        let take = room.min(chunk.len());
        let n = match stream.read(&mut chunk[..take]) {
            Ok(0) | Err(_) => return Err(None),
            Ok(n) => n,
        };
        buffer.extend_from_slice(&chunk[..n]);
        let line_end = buffer.windows(2).position(|w| w == b"\r\n");
        if line_end.map_or(buffer.len(), |e| e) > MAX_REQUEST_LINE_BYTES {
            return Err(Some((
                414,
                format!("the request line is longer than {MAX_REQUEST_LINE_BYTES} bytes"),
            )));
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer) {
            Ok(httparse::Status::Complete(_)) => {
                let host = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("host"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned());
                check_host(host.as_deref(), port)?;
                return Ok(Head {
                    method: request.method.unwrap_or("").to_string(),
                    target: request.path.unwrap_or("").to_string(),
                });
            }
            Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD_BYTES => {
                return Err(Some((
                    431,
                    format!("the request headers are longer than {MAX_HEAD_BYTES} bytes"),
                )));
            }
            Ok(httparse::Status::Partial) if started.elapsed() > HEAD_TIMEOUT => return Err(None),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => {
                return Err(Some((431, format!("the request has more than {MAX_HEADERS} headers"))));
            }
            Err(e) => return Err(Some((400, format!("the request cannot be read: {e}")))),
        }
    }
}

/// The `Host` a browser sends must name this preview: an IP address or `localhost` (never a
/// domain name, which a DNS-rebinding page could point at 127.0.0.1), with this port if a
/// port is given.
fn check_host(host: Option<&str>, port: u16) -> Result<(), Option<Refusal>> {
    let refuse = |why: &str| {
        Err(Some((
            403,
            format!("{why}; this preview answers only to its own address, e.g. http://127.0.0.1:{port}/"),
        )))
    };
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return refuse("the request names no Host");
    };
    let (name, given_port) = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((address, rest)) => (address, rest.strip_prefix(':')),
            None => return refuse("the Host header cannot be read"),
        },
        None => match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        },
    };
    if given_port.is_some_and(|p| p.parse::<u16>().ok() != Some(port)) {
        return refuse(&format!("the Host `{host}` names another port"));
    }
    let name = name.to_ascii_lowercase();
    let is_local_name = name == "localhost" || name.ends_with(".localhost");
    if is_local_name || name.parse::<IpAddr>().is_ok() {
        Ok(())
    } else {
        refuse(&format!("the Host `{host}` is not this computer's address"))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Serves one request on `stream`, then closes it.
fn serve_connection(shared: &Shared, mut stream: TcpStream, port: u16) {
    let head = match read_head(&mut stream, port) {
        Ok(head) => head,
        Err(None) => return,
        Err(Some((status, text))) => {
            let _ = write_response(
                &mut stream,
                status,
                "text/plain; charset=utf-8",
                format!("{text}\n").as_bytes(),
                &[],
                false,
            );
            close_after_refusal(stream);
            return;
        }
    };
    let head_only = head.method == "HEAD";
    if head.method != "GET" && !head_only {
        let _ = write_response(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            &[("Allow", "GET, HEAD")],
            false,
        );
        return;
    }
    let path = head.target.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS_PATH => return stream_events(shared, stream),
        RELOAD_PATH => {
            let _ = write_response(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes(),
                &[],
                head_only,
            );
            return;
        }
        OVERLAY_CSS_PATH => {
            let _ = write_response(
                &mut stream,
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes(),
                &[],
                head_only,
            );
            return;
        }
        _ => {}
    }
    let (generation, site, error) = shared.snapshot();
    let (status, file) = match resolve_request(&site, &head.target) {
        Resolved::File(file) => (200, Some(file)),
        Resolved::Redirect(location) => {
            let _ = write_response(
                &mut stream,
                301,
                "text/plain; charset=utf-8",
                b"",
                &[("Location", &location)],
                head_only,
            );
            return;
        }
        Resolved::NotFound => (404, site.files.contains_key("404.html").then(|| "404.html".to_string())),
        Resolved::BadRequest => {
            let _ = write_response(
                &mut stream,
                400,
                "text/plain; charset=utf-8",
                b"bad request\n",
                &[],
                head_only,
            );
            return;
        }
    };
    let Some(file) = file else {
        let _ = write_response(
            &mut stream,
            404,
            "text/plain; charset=utf-8",
            b"not found\n",
            &[],
            head_only,
        );
        return;
    };
    let bytes = &site.files[&file];
    let injected = file.ends_with(".html").then(|| {
        let text = String::from_utf8_lossy(bytes);
        let inject = injection(generation, error.as_deref());
        match text.rfind("</body>") {
            Some(i) => format!("{}{inject}{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{inject}").into_bytes(),
        }
    });
    let body: &[u8] = injected.as_deref().unwrap_or(bytes);
    let _ = write_response(&mut stream, status, super::content_type(&file), body, &[], head_only);
    if injected.is_some() {
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.served < generation {
            state.served = generation;
            shared.served.notify_all();
        }
    }
}

/// The reload script and, after a failed build, the error overlay, put before `</body>`: no
/// inline script or style, so the page's Content-Security-Policy holds in the preview too.
fn injection(generation: u64, error: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(error) = error {
        out.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\"><div id=\"quartier-error\" role=\"alert\" lang=\"en\" dir=\"ltr\"><strong>The last change has errors — the page shows the last good version.</strong><pre>{}</pre></div>",
            crate::html::escape_html(error)
        ));
    }
    out.push_str(&format!(
        "<script src=\"{RELOAD_PATH}\" data-generation=\"{generation}\"></script>"
    ));
    out
}

/// Streams the generation to one client whenever it changes, until the client goes away
/// (noticed within a second, so a closed tab never holds a connection for long).
fn stream_events(shared: &Shared, mut stream: TcpStream) {
    let mut message = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n".to_vec();
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut sent: Option<u64> = None;
    let mut last_write = Instant::now();
    loop {
        if !message.is_empty() {
            if stream.write_all(&message).and_then(|()| stream.flush()).is_err() {
                return;
            }
            last_write = Instant::now();
        }
        let guard = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(1), |s| Some(s.generation) == sent)
            .unwrap_or_else(|e| e.into_inner());
        let generation = guard.generation;
        drop(guard);
        if client_gone(&stream) {
            return;
        }
        message = if Some(generation) != sent {
            sent = Some(generation);
            format!("data: {generation}\n\n").into_bytes()
        } else if last_write.elapsed() >= Duration::from_secs(15) {
            b": keep-alive\n\n".to_vec()
        } else {
            Vec::new()
        };
    }
}

/// Closes a connection whose request was refused while the client may still be sending it:
/// the rest is read and dropped (at most 4 MB, 2 s) so the client can read the answer instead
/// of a connection reset.
fn close_after_refusal(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let started = Instant::now();
    let mut dropped = 0usize;
    let mut chunk = [0u8; 16 * 1024];
    while dropped < 4 << 20 && started.elapsed() < Duration::from_secs(2) {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => dropped += n,
        }
    }
}

/// Whether the peer closed the connection (a read would return end of file at once).
fn client_gone(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_previews_own_names_are_answered() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "[::1]:8000",
            "192.168.1.5:8000",
            "app.localhost",
        ] {
            assert!(check_host(Some(ok), 8000).is_ok(), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "127.0.0.1:9000",
            "127.0.0.1.nip.io:8000",
            "",
            "[::1",
        ] {
            let refused = check_host(Some(bad), 8000).unwrap_err().unwrap();
            assert_eq!(refused.0, 403, "{bad}");
        }
        assert!(check_host(None, 8000).is_err());
    }
}
