//! quartier's benchmark: full builds and `serve`'s edit-to-visible time on the default site and
//! on generated sites. Run with `cargo bench --bench quartier` (writes to /dev/shm when it
//! exists). Prints a Markdown table; the figures in README.md come from it. Not a test: it
//! measures, it asserts nothing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-24";

fn scratch() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("quartier-bench-{}", std::process::id()))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// Wall time (ms) and peak memory (KB, from GNU time when installed) of one build.
fn build_once(binary: &Path, root: &Path, out: &Path) -> (f64, Option<u64>) {
    let gnu_time = Path::new("/usr/bin/time");
    let started = Instant::now();
    let output = if gnu_time.exists() {
        Command::new(gnu_time)
            .arg("-f")
            .arg("%M")
            .arg(binary)
            .args(["build", "--today", TODAY, "--root"])
            .arg(root)
            .arg("--out")
            .arg(out)
            .output()
    } else {
        Command::new(binary)
            .args(["build", "--today", TODAY, "--root"])
            .arg(root)
            .arg("--out")
            .arg(out)
            .output()
    }
    .expect("run quartier");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rss = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok());
    (ms, rss)
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: x\r\n\r\n");
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

/// Median milliseconds from saving an edited guide until the page, reloaded on `serve`'s event
/// as the browser does, shows the new text.
fn serve_edit_to_visible(binary: &Path, root: &Path, guide: &Path, page: &str, runs: usize) -> f64 {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(binary)
        .args(["serve", "--today", TODAY, "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !get(port, page).contains("200 OK") {
        assert!(Instant::now() < deadline, "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Like a browser: listen for the reload event, then load the page once.
    let first_page = get(port, page);
    let marker = "/__quartier/events";
    let at = first_page.find(marker).expect("reload script");
    let events_port: u16 = first_page[..at][first_page[..at].rfind(':').unwrap() + 1..]
        .parse()
        .unwrap();
    let mut events = TcpStream::connect(("127.0.0.1", events_port)).unwrap();
    write!(events, "GET {marker} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut seen = String::new();
    let mut next_event = |seen: &mut String| {
        let mut buf = [0u8; 512];
        loop {
            if let Some(i) = seen.find("data: ")
                && let Some(end) = seen[i..].find('\n')
            {
                let generation = seen[i + 6..i + end].to_string();
                seen.drain(..i + end);
                return generation;
            }
            let n = events.read(&mut buf).expect("event stream");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    next_event(&mut seen);
    let original = std::fs::read_to_string(guide).unwrap();
    let mut times = Vec::new();
    for run in 0..runs {
        let token = format!("Messpunkt{run}x{}", std::process::id());
        let started = Instant::now();
        std::fs::write(guide, format!("{original}\n{token}\n")).unwrap();
        next_event(&mut seen);
        let body = get(port, page);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(body.contains(&token), "the reloaded page does not show the edit");
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(guide, original).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    median(times)
}

fn main() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_quartier"));
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch();
    std::fs::create_dir_all(&dir).unwrap();
    let only: Option<usize> = std::env::var("QUARTIER_BENCH_PAGES").ok().and_then(|v| v.parse().ok());

    // The default site, copied so the benchmark can edit it.
    let default_site = dir.join("default");
    std::fs::create_dir_all(&default_site).unwrap();
    for part in ["site-config.yaml", "content", "themes"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(repo.join(part))
            .arg(default_site.join(part))
            .status()
            .expect("cp");
        assert!(status.success(), "cannot copy {part}");
    }
    let mut sites = vec![(
        "default site (Dortmund)".to_string(),
        default_site.clone(),
        default_site.join("content/districts/scharnhorst/guide.de.md"),
        "/de/districts/scharnhorst/".to_string(),
    )];
    for pages in [1_000usize, 10_000] {
        if only.is_some_and(|o| o != pages) {
            continue;
        }
        let root = dir.join(format!("corpus-{pages}"));
        let spec = quartier::corpus::CorpusSpec::for_pages(pages, 8);
        quartier::corpus::write_corpus(&root, spec, &repo.join("themes")).unwrap();
        sites.push((
            format!("generated, {} pages", spec.pages()),
            root.clone(),
            root.join("content/districts/district-0/guide.de.md"),
            "/de/districts/district-0/".to_string(),
        ));
    }

    println!(
        "| site | pages | full build (median of 3) | pages/s | peak memory | serve: edit → visible (median of 5) |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, root, guide, page) in &sites {
        let out = dir.join("out");
        let mut times = Vec::new();
        let mut rss = None;
        for _ in 0..3 {
            let (ms, kb) = build_once(&binary, root, &out);
            times.push(ms);
            rss = rss.max(kb);
        }
        let pages = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .count();
        let build = median(times);
        let visible = serve_edit_to_visible(&binary, root, guide, page, 5);
        println!(
            "| {name} | {pages} | {build:.0} ms | {:.0} | {} | {visible:.0} ms |",
            pages as f64 / (build / 1000.0),
            rss.map_or("–".to_string(), |kb| format!("{} MB", kb / 1024))
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
