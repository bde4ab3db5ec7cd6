//! `quartier serve`: build into memory, serve over HTTP on loopback, rebuild on every change
//! and reload open pages.
//!
//! The site lives in memory ([`BuiltSite`]); a rebuild replaces it as a whole, so a reader never
//! sees half a site. A failed rebuild keeps the last good site and shows the error on every page.
//! Open pages listen on `/__quartier/events` (Server-Sent Events) and reload, keeping their
//! scroll position, when the generation changes.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::Diagnostics;
use crate::output::BuiltSite;
use crate::{BuildError, BuildOptions, build_site};

/// What the server reports to the command line.
pub enum Event {
    /// The server listens at this address.
    Listening(SocketAddr),
    /// A build succeeded.
    Built {
        /// Pages built.
        pages: usize,
        /// Build time.
        millis: u128,
        /// Warnings.
        warnings: Diagnostics,
    },
    /// A build failed; the previous site stays.
    Failed(BuildError),
}

/// How to serve.
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to listen on; loopback unless asked.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Poll the file system instead of using native events (network drives).
    pub poll: bool,
}

/// The site being served and what is known about the last build.
struct State {
    generation: u64,
    site: Arc<BuiltSite>,
    /// The text of the last build's errors, shown on every page until a build succeeds.
    error: Option<String>,
}

struct Shared {
    /// Port of the reload event stream.
    events_port: u16,
    state: Mutex<State>,
    changed: Condvar,
    event_clients: AtomicUsize,
}

impl Shared {
    fn snapshot(&self) -> (u64, Arc<BuiltSite>, Option<String>) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.generation, Arc::clone(&s.site), s.error.clone())
    }
}

/// The path of the reload event stream on its own port.
pub const EVENTS_PATH: &str = "/__quartier/events";
const MAX_EVENT_CLIENTS: usize = 256;

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site.
    File(String),
    /// A folder without its trailing slash: redirect to the slash form.
    Redirect(String),
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the site, or cannot be decoded.
    BadRequest,
}

/// Maps a request target to a file of `site`, refusing anything that could leave it.
pub fn resolve_request(site: &BuiltSite, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::BadRequest;
    };
    if !decoded.starts_with('/') || decoded.starts_with("//") || decoded.contains(['\\', '\0']) {
        return Resolved::BadRequest;
    }
    let relative = decoded.trim_start_matches('/');
    if Path::new(relative)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Resolved::BadRequest;
    }
    if relative.is_empty() || relative.ends_with('/') {
        let index = format!("{relative}index.html");
        return if site.files.contains_key(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if site.files.contains_key(relative) {
        return Resolved::File(relative.to_string());
    }
    if site.files.contains_key(&format!("{relative}/index.html")) {
        return Resolved::Redirect(format!("{decoded}/"));
    }
    Resolved::NotFound
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The live-reload script and, after a failed build, the error overlay, put before `</body>`.
fn injection(generation: u64, events_port: u16, error: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(error) = error {
        out.push_str(&format!(
            "<div id=\"quartier-error\" role=\"alert\" lang=\"en\" dir=\"ltr\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#1b1b1b;border-top:4px solid #b00020;padding:1rem;font:14px/1.5 ui-monospace,monospace;text-align:left\"><strong>The last change has errors — the page shows the last good version.</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
            crate::render::escape_html(error)
        ));
    }
    out.push_str(&format!(
        "<script>(function(){{var g=\"{generation}\",k=\"quartier-scroll\";try{{var s=JSON.parse(sessionStorage.getItem(k)||\"null\");if(s&&s[0]===location.pathname){{addEventListener(\"load\",function(){{scrollTo(s[1],s[2]);}});}}sessionStorage.removeItem(k);}}catch(e){{}}var es=new EventSource(\"http://\"+location.hostname+\":{events_port}{EVENTS_PATH}\");es.onmessage=function(e){{if(e.data!==g){{try{{sessionStorage.setItem(k,JSON.stringify([location.pathname,scrollX,scrollY]));}}catch(x){{}}es.close();location.reload();}}}};}})();</script>"
    ));
    out
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    // Names and values here are ASCII constants or content types.
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| tiny_http::Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header"))
}

fn respond(shared: &Shared, request: tiny_http::Request) {
    let method = request.method().clone();
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        let response = tiny_http::Response::from_string("only GET and HEAD\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let (generation, site, error) = shared.snapshot();
    let (status, path) = match resolve_request(&site, request.url()) {
        Resolved::File(path) => (200, Some(path)),
        Resolved::Redirect(location) => {
            let response = tiny_http::Response::empty(301).with_header(header("Location", &location));
            let _ = request.respond(response);
            return;
        }
        Resolved::NotFound => (404, site.files.contains_key("404.html").then(|| "404.html".to_string())),
        Resolved::BadRequest => {
            let _ = request.respond(tiny_http::Response::from_string("bad request\n").with_status_code(400));
            return;
        }
    };
    let Some(path) = path else {
        let _ = request.respond(tiny_http::Response::from_string("not found\n").with_status_code(404));
        return;
    };
    let bytes = &site.files[&path];
    let body = if path.ends_with(".html") {
        let text = String::from_utf8_lossy(bytes);
        let inject = injection(generation, shared.events_port, error.as_deref());
        match text.rfind("</body>") {
            Some(i) => format!("{}{inject}{}", &text[..i], &text[i..]).into_bytes(),
            None => format!("{text}{inject}").into_bytes(),
        }
    } else {
        bytes.clone()
    };
    let response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Connection", "close"));
    let _ = request.respond(response);
}

/// Streams the generation to one client whenever it changes, until the client goes away.
///
/// The stream runs on its own listener and thread, outside tiny_http's connection pool, so a
/// page that stays open never holds a thread the pool needs for ordinary requests.
fn stream_events(shared: Arc<Shared>, mut stream: std::net::TcpStream) {
    use std::io::Read;
    // Read the request head (and ignore it); give up on clients that send nothing.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let mut sent: Option<u64> = None;
    let mut message = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\nretry: 1000\n\n".to_vec();
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    loop {
        if stream.write_all(&message).and_then(|()| stream.flush()).is_err() {
            break;
        }
        let guard = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = shared
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |s| Some(s.generation) == sent)
            .unwrap_or_else(|e| e.into_inner());
        message = if Some(guard.generation) == sent {
            b": keep-alive\n\n".to_vec()
        } else {
            sent = Some(guard.generation);
            format!("data: {}\n\n", guard.generation).into_bytes()
        };
    }
}

fn accept_event_clients(shared: Arc<Shared>, listener: std::net::TcpListener) {
    for stream in listener.incoming().flatten() {
        if shared.event_clients.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_CLIENTS {
            shared.event_clients.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            stream_events(Arc::clone(&shared), stream);
            shared.event_clients.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn is_relevant(root: &Path, event: &notify::Event) -> bool {
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let temporary = crate::content::is_editor_temporary(name);
        let inside = p.starts_with(root.join("content"))
            || p.starts_with(root.join("themes"))
            || p == &root.join(crate::config::CONFIG_FILE);
        inside && !temporary
    })
}

/// (Re)establishes the watches; folders that were deleted and created again are watched anew.
fn rewatch(watcher: &mut dyn Watcher, root: &Path, watched: &mut BTreeSet<PathBuf>) {
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if watched.contains(&path) {
            let _ = watcher.unwatch(&path);
            watched.remove(&path);
        }
        if path.is_dir() && watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
            watched.insert(path);
        }
    }
}

/// Builds the site in memory, serves it and rebuilds on every change. Returns only on a
/// server or watcher error.
pub fn serve(
    options: &ServeOptions,
    build_options: &dyn Fn() -> BuildOptions,
    report: &mut dyn FnMut(Event),
) -> Result<(), String> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
    let events = std::net::TcpListener::bind((options.bind, 0))
        .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
    let events_port = events.local_addr().map_err(|e| e.to_string())?.port();
    let shared = Arc::new(Shared {
        events_port,
        state: Mutex::new(State {
            generation: 0,
            site: Arc::new(BuiltSite::default()),
            error: None,
        }),
        changed: Condvar::new(),
        event_clients: AtomicUsize::new(0),
    });
    let rebuild = |report: &mut dyn FnMut(Event)| {
        let started = Instant::now();
        let result = build_site(&root, &build_options());
        let millis = started.elapsed().as_millis();
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        match result {
            Ok(b) => {
                state.site = Arc::new(b.site);
                state.error = None;
                drop(state);
                shared.changed.notify_all();
                report(Event::Built {
                    pages: b.pages,
                    millis,
                    warnings: b.warnings,
                });
            }
            Err(e) => {
                state.error = Some(e.to_string());
                drop(state);
                shared.changed.notify_all();
                report(Event::Failed(e));
            }
        }
    };
    // Watch first, then build: a change saved while the first build runs is never lost.
    let (tx, rx) = mpsc::channel();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = tx.send(event);
        }
    };
    let mut watcher: Box<dyn Watcher> = if options.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        Box::new(notify::PollWatcher::new(handler, config).map_err(|e| format!("cannot watch files: {e}"))?)
    } else {
        Box::new(notify::recommended_watcher(handler).map_err(|e| format!("cannot watch files: {e}"))?)
    };
    let mut watched = BTreeSet::new();
    rewatch(watcher.as_mut(), &root, &mut watched);
    rebuild(report);

    let server = tiny_http::Server::http((options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    if let Some(addr) = server.server_addr().to_ip() {
        report(Event::Listening(addr));
    }
    let server = Arc::new(server);
    for _ in 0..8 {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond(&shared, request);
            }
        });
    }
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || accept_event_clients(shared, events));
    }

    loop {
        let Ok(first) = rx.recv() else {
            return Err("the file watcher stopped".into());
        };
        let mut relevant = is_relevant(&root, &first);
        // Debounce: an editor's save is several events; wait until they stop.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(30)) {
            relevant |= is_relevant(&root, &more);
        }
        if relevant {
            rewatch(watcher.as_mut(), &root, &mut watched);
            while rx.try_recv().is_ok() {}
            rebuild(report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BuiltSite {
        let mut site = BuiltSite::default();
        site.files.insert("de/index.html".into(), b"x".to_vec());
        site.files.insert("index.html".into(), b"x".to_vec());
        site
    }

    #[test]
    fn requests_resolve_inside_the_site_only() {
        let s = site();
        assert_eq!(resolve_request(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(resolve_request(&s, "/de/"), Resolved::File("de/index.html".into()));
        assert_eq!(
            resolve_request(&s, "/de/index.html?x=1"),
            Resolved::File("de/index.html".into())
        );
        assert_eq!(resolve_request(&s, "/de"), Resolved::Redirect("/de/".into()));
        assert_eq!(resolve_request(&s, "/en/"), Resolved::NotFound);
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/de/..%2f..%2fetc",
            "/de\\..\\x",
            "//etc/passwd",
            "/%2fetc/passwd",
            "etc",
            "/%ff",
        ] {
            assert_eq!(resolve_request(&s, bad), Resolved::BadRequest, "{bad}");
        }
    }
}
