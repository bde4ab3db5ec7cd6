//! `quartier serve`: build, serve the output on loopback, rebuild when sources change.
//!
//! The HTTP side only reads the output folder, which every rebuild replaces atomically, so a
//! reader never sees a half-written site and a failed rebuild keeps the last good one.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostics::Diagnostics;
use crate::{BuildError, build};

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

/// Maps a request path to a file under `out`, refusing anything that could leave it.
pub fn resolve_request(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = out.join(relative);
    if decoded.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    // Refuse symlinks that point out of the output folder.
    let canonical_out = out.canonicalize().ok()?;
    let canonical = file.canonicalize().ok()?;
    canonical.starts_with(&canonical_out).then_some(canonical)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(out: &Path, request: tiny_http::Request) {
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    let method = request.method().clone();
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        let _ = request.respond(tiny_http::Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    let Some(file) = resolve_request(out, request.url()) else {
        let status = if request.url().contains("..")
            || request.url().contains('\\')
            || request.url().to_ascii_lowercase().contains("%2e%2e")
        {
            400
        } else {
            404
        };
        let body = std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        if let Some(h) = header("Content-Type", "text/html; charset=utf-8") {
            response.add_header(h);
        }
        let _ = request.respond(response);
        return;
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let mut response = tiny_http::Response::from_data(body);
            if let Some(h) = header("Content-Type", content_type(&file)) {
                response.add_header(h);
            }
            if let Some(h) = header("Cache-Control", "no-store") {
                response.add_header(h);
            }
            let _ = request.respond(response);
        }
        Err(_) => {
            let _ = request.respond(tiny_http::Response::from_string("not found").with_status_code(404));
        }
    }
}

/// Builds the site, serves `out` on `127.0.0.1:port` and rebuilds on every change under
/// `content/`, `themes/` and `site-config.yaml`. Returns only on a server or watcher error.
pub fn serve(
    root: &Path,
    out: &Path,
    port: u16,
    options: &dyn Fn() -> crate::BuildOptions,
    report: &mut dyn FnMut(Event),
) -> Result<(), String> {
    let rebuild = |report: &mut dyn FnMut(Event)| {
        let started = Instant::now();
        match build(root, out, &options()) {
            Ok(b) => report(Event::Built {
                pages: b.pages,
                millis: started.elapsed().as_millis(),
                warnings: b.warnings,
            }),
            Err(e) => report(Event::Failed(e)),
        }
    };
    rebuild(report);

    let server =
        tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    if let Some(addr) = server.server_addr().to_ip() {
        report(Event::Listening(addr));
    }
    let server = Arc::new(server);
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let out = out.to_path_buf();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond(&out, request);
            }
        });
    }

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = tx.send(event);
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for watched in ["content", "themes", crate::config::CONFIG_FILE] {
        let path = root.join(watched);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    loop {
        let Ok(first) = rx.recv() else {
            return Err("the file watcher stopped".into());
        };
        let mut relevant = is_relevant(&first);
        // Debounce: editors write several events per save.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(100)) {
            relevant |= is_relevant(&more);
        }
        if relevant {
            rebuild(report);
        }
    }
}

fn is_relevant(event: &notify::Event) -> bool {
    !event.kind.is_access()
        && event.paths.iter().any(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("de")).unwrap();
        std::fs::write(dir.path().join("de/index.html"), "x").unwrap();
        assert!(resolve_request(dir.path(), "/de/").is_some());
        assert!(resolve_request(dir.path(), "/de").is_some());
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/de/..%2f..%2fetc",
            "/de\\..\\x",
            "//etc/passwd",
        ] {
            assert!(resolve_request(dir.path(), bad).is_none(), "{bad}");
        }
    }
}
