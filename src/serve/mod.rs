//! `quartier serve`: build into memory, serve over HTTP on loopback, rebuild on every change
//! and reload open pages.
//!
//! The site lives in memory ([`BuiltSite`]); a rebuild replaces it as a whole, so a reader never
//! sees half a site. A failed rebuild keeps the last good site and shows the error on every page.
//! Open pages listen on `/__quartier/events` (Server-Sent Events) and reload, keeping their
//! scroll position, when the generation changes. The HTTP side, bounded against hostile pages
//! and stuck clients, is in `serve/http.rs`.

mod http;

pub use http::{EVENTS_PATH, MAX_CONNECTIONS, MAX_HEAD_BYTES, MAX_REQUEST_LINE_BYTES};

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::Diagnostics;
use crate::output::BuiltSite;
use crate::{BuildError, BuildOptions};

/// What the server reports to the command line.
pub enum Event {
    /// The server listens at this address.
    Listening(SocketAddr),
    /// A build succeeded.
    Built {
        /// Pages of the site.
        pages: usize,
        /// Pages made by this build (the others were kept from the last one).
        remade: usize,
        /// Time until the pages were served (the search index follows).
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
    /// The newest generation of which a page was served (the open tab's reload).
    served: u64,
}

struct Shared {
    state: Mutex<State>,
    /// The generation changed (the open tabs reload).
    changed: Condvar,
    /// A page of a newer generation was served.
    served: Condvar,
}

/// How long the search index waits for the open tab to fetch the changed page, at most: the
/// reader's request comes first, the index is made after it.
const RELOAD_FIRST: Duration = Duration::from_millis(300);

impl Shared {
    fn snapshot(&self) -> (u64, Arc<BuiltSite>, Option<String>) {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (s.generation, Arc::clone(&s.site), s.error.clone())
    }
}

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

/// The Content-Type of a file of the site, by its ending.
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

/// What the file watcher reported between two rebuilds.
#[derive(Default)]
struct Seen {
    /// A change to the site's sources (not an editor's temporary file).
    relevant: bool,
    /// A change right under the site's folder (`content/` or `themes/` itself).
    top_level: bool,
    /// The watcher may have missed events.
    rescan: bool,
    paths: Vec<PathBuf>,
}

impl Seen {
    fn add(&mut self, root: &Path, event: notify::Event) {
        self.relevant |= is_relevant(root, &event);
        self.rescan |= event.need_rescan();
        self.top_level |= event.paths.iter().any(|p| p.parent() == Some(root));
        self.paths.extend(event.paths);
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
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            generation: 0,
            site: Arc::new(BuiltSite::default()),
            error: None,
            served: 0,
        }),
        changed: Condvar::new(),
        served: Condvar::new(),
    });
    // The preview keeps the site and what each page was made from, and remakes only what a
    // change touches (`build/incremental.rs`).
    let mut preview = crate::Preview::default();
    let rebuild = |preview: &mut crate::Preview, report: &mut dyn FnMut(Event)| {
        let started = Instant::now();
        // The preview shows drafts (with a banner); `build` leaves them out.
        let result = preview.rebuild_pages(&root, &build_options());
        let millis = started.elapsed().as_millis();
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        let generation = state.generation;
        match result {
            Ok(mut b) => {
                state.site = b.site;
                state.error = None;
                // The open tabs reload now; the search index follows once the changed page
                // was served (no reload: no page shows it; on two cores, making it at once
                // would slow the page the reader waits for), then the terminal gets the
                // warnings, which weigh it too.
                shared.changed.notify_all();
                drop(
                    shared
                        .served
                        .wait_timeout_while(state, RELOAD_FIRST, |s| s.served < generation)
                        .map_or_else(|e| e.into_inner().0, |(guard, _)| guard),
                );
                if let Some((site, warnings)) = preview.finish_search() {
                    shared.state.lock().unwrap_or_else(|e| e.into_inner()).site = site;
                    b.warnings = warnings;
                }
                report(Event::Built {
                    pages: b.pages,
                    remade: b.remade,
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
    rebuild(&mut preview, report);

    let listener = std::net::TcpListener::bind((options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    report(Event::Listening(address));
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::accept(listener, shared));
    }

    loop {
        let Ok(first) = rx.recv() else {
            return Err("the file watcher stopped".into());
        };
        let mut seen = Seen::default();
        seen.add(&root, first);
        // Debounce: an editor's save is several events, a few milliseconds apart; wait until
        // they stop. (A save slower than that is two rebuilds, each of what it saw.)
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(10)) {
            seen.add(&root, more);
        }
        if seen.relevant {
            // A folder at the top (`content/`, `themes/`) removed or made again is watched
            // anew; inside them the watcher follows new folders itself.
            if seen.top_level {
                rewatch(watcher.as_mut(), &root, &mut watched);
            }
            while let Ok(more) = rx.try_recv() {
                seen.add(&root, more);
            }
            // The rebuild looks at the files the watcher named, unless it may have missed
            // some (its queue overflowed): then at every file.
            if !seen.rescan {
                preview.only_changed(&root, seen.paths);
            }
            rebuild(&mut preview, report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BuiltSite {
        let mut site = BuiltSite::default();
        site.files.insert("de/index.html".into(), b"x".as_slice().into());
        site.files.insert("index.html".into(), b"x".as_slice().into());
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
