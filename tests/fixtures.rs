//! Fixture sites: valid ones with golden output trees, invalid ones with their exact
//! diagnostics. `QUARTIER_BLESS=1 cargo test --test fixtures` rewrites the goldens; review the diff.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// Files that come from the theme as they are (the theme's own test covers them).
const THEME_FILES: &[&str] = &["sw.js"];

/// What a page says, without the theme's chrome: the language and direction of `<html>`, the
/// title, the canonical and hreflang links, JSON-LD, and the `<main>` element. A change to the
/// header, footer or stylesheet does not touch these goldens; a change to what a page says does.
fn what_the_page_says(html: &str) -> String {
    let mut out = String::new();
    let head_end = html.find("</head>").unwrap_or(html.len());
    for line in html[..head_end].lines() {
        let line = line.trim();
        if line.starts_with("<html")
            || line.starts_with("<title>")
            || line.contains("rel=\"canonical\"")
            || line.contains("hreflang=")
            || line.contains("application/ld+json")
        {
            out.push_str(line);
            out.push('\n');
        }
    }
    if let (Some(start), Some(end)) = (html.find("<main"), html.find("</main>")) {
        out.push_str(&html[start..end + "</main>".len()]);
        out.push('\n');
    }
    out
}

/// Builds every `tests/fixtures/valid/<case>/site` and compares the output tree (without
/// `assets/`) with `expected/`.
#[test]
fn valid_sites_match_their_golden_output() {
    let valid = repo().join("tests/fixtures/valid");
    let mut checked = 0;
    for case in std::fs::read_dir(&valid).unwrap() {
        let case = case.unwrap().path();
        let site = assemble(&case.join("site"), None);
        let out = site.path().join("public");
        let result = build(site.path(), &out);
        assert!(
            result.status.success(),
            "{}: {}",
            case.display(),
            String::from_utf8_lossy(&result.stderr)
        );
        let actual: BTreeMap<String, Vec<u8>> = read_tree(&out, &["assets"])
            .into_iter()
            .filter(|(name, _)| !THEME_FILES.contains(&name.as_str()))
            .map(|(name, bytes)| {
                let said = if name.ends_with(".html") {
                    what_the_page_says(&String::from_utf8_lossy(&bytes)).into_bytes()
                } else {
                    bytes
                };
                (name, said)
            })
            .collect();
        let expected_dir = case.join("expected");
        if bless() {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (rel, bytes) in &actual {
                let path = expected_dir.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
        let expected = read_tree(&expected_dir, &[]);
        let actual_names: Vec<_> = actual.keys().collect();
        let expected_names: Vec<_> = expected.keys().collect();
        assert_eq!(
            actual_names,
            expected_names,
            "{}: the set of output files differs",
            case.display()
        );
        for (rel, bytes) in &expected {
            if &actual[rel] != bytes {
                let a = String::from_utf8_lossy(&actual[rel]);
                let e = String::from_utf8_lossy(bytes);
                let line = a.lines().zip(e.lines()).position(|(x, y)| x != y).unwrap_or(0);
                panic!(
                    "{}: {rel} differs from the golden at line {}:\n  got:      {}\n  expected: {}\n(run with QUARTIER_BLESS=1 to accept)",
                    case.display(),
                    line + 1,
                    a.lines().nth(line).unwrap_or(""),
                    e.lines().nth(line).unwrap_or("")
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 0, "no valid fixtures found");
}

/// Runs `quartier check` on the minimal site with `case` laid over it; returns everything it
/// printed, prefixed with the exit code.
fn run_check(case: &Path) -> String {
    let base = repo().join("tests/fixtures/valid/minimal/site");
    let site = assemble(&base, Some(case));
    generate(case, site.path());
    let result = quartier(&["check", "--today", TODAY, "--root", &site.path().to_string_lossy()]);
    assert!(!site.path().join("public").exists(), "check wrote output");
    format!(
        "exit code: {}\n{}{}",
        result.status.code().unwrap_or(-1),
        scrub(&String::from_utf8_lossy(&result.stdout), site.path()),
        scrub(&String::from_utf8_lossy(&result.stderr), site.path())
    )
}

/// Compares `actual` with the golden `file` (rewritten under QUARTIER_BLESS); returns a
/// description of the difference.
fn golden(file: &Path, actual: &str) -> Option<String> {
    if bless() {
        std::fs::write(file, actual).unwrap();
    }
    let expected = std::fs::read_to_string(file).unwrap_or_default();
    (actual != expected).then(|| format!("== {}\n-- got:\n{actual}-- expected:\n{expected}", file.display()))
}

/// `quartier check` on every invalid fixture (errors, exit 1) and on the editorial fixtures in
/// `tests/fixtures/editorial/` (sites that build but have work left: warnings, exit 0), each
/// against its `check.txt`.
#[test]
fn check_gives_golden_findings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for dir in ["invalid", "editorial"] {
        let mut cases: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures").join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for case in cases {
            let actual = run_check(&case);
            if dir == "editorial" {
                assert!(
                    actual.starts_with("exit code: 0\n"),
                    "{}: editorial findings must not fail: {actual}",
                    case.display()
                );
            }
            failures.extend(golden(&case.join("check.txt"), &actual));
            count += 1;
        }
    }
    let minimal = repo().join("tests/fixtures/valid/minimal");
    failures.extend(golden(
        &minimal.join("check.txt"),
        &run_check(&minimal.join("no-overlay")),
    ));
    assert!(count >= 20);
    assert!(
        failures.is_empty(),
        "{} check output(s) differ (QUARTIER_BLESS=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Cases whose input is too large to commit are written here.
fn generate(case: &Path, site: &Path) {
    if case.ends_with("big-markdown") {
        let line = "Ein ziemlich langer Satz über das Ankommen in Dortmund, der sich oft wiederholt. ".repeat(10);
        let mut text = String::from("---\ntitle: Groß\n---\n\n");
        while text.len() < 5 * 1024 * 1024 {
            text.push_str(&line);
            text.push_str("\n\n");
        }
        std::fs::write(site.join("content/pages/big.de.md"), text).unwrap();
    }
    if case.ends_with("not-a-file") {
        // Git cannot hold these: a named pipe where a YAML file would be (reading it would
        // wait forever), and a symbolic link among the theme's files.
        let fifo = site.join("content/partners/rohr.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink("/etc/hostname", site.join("themes/default/static/fremd.css")).unwrap();
    }
    let partner = "name: {de: Tief}\ncategory: kita\ndistricts: [nord]\noffer: {de: Angebot}\n";
    if case.ends_with("deep-yaml-brackets") {
        // Before the depth limit, the YAML scanner took over a minute on this line.
        let deep = format!("{partner}languages: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        std::fs::write(site.join("content/partners/tief.yaml"), deep).unwrap();
    }
    if case.ends_with("deep-yaml-lists") {
        // Before the depth limit, indexing key positions needed memory by the square of the depth.
        let deep = format!("{partner}languages:\n{}de\n", "- ".repeat(200_000));
        std::fs::write(site.join("content/partners/tief.yaml"), deep).unwrap();
    }
    if case.ends_with("deep-markdown") {
        let deep = format!(
            "---\ntitle: Tief\n---\n\n{}Punkt\n\nText.\n\n{} Zitat\n",
            "- ".repeat(3_000),
            ">".repeat(50_000)
        );
        std::fs::write(site.join("content/pages/tief.de.md"), deep).unwrap();
    }
}

fn run_invalid(case: &Path) -> (i32, String) {
    let base = repo().join("tests/fixtures/valid/minimal/site");
    let site = assemble(&base, Some(case));
    generate(case, site.path());
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    assert!(!out.exists(), "{}: a failed build wrote output", case.display());
    let stderr = scrub(&String::from_utf8_lossy(&result.stderr), site.path());
    (result.status.code().unwrap_or(-1), stderr)
}

/// Each `tests/fixtures/invalid/<case>` (an overlay on the minimal site) fails with exactly the
/// diagnostics in `expected.txt` and the exit code in its first line.
#[test]
fn invalid_sites_give_their_exact_diagnostics() {
    let invalid = repo().join("tests/fixtures/invalid");
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(&invalid)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in &cases {
        let (code, stderr) = run_invalid(case);
        let actual = format!("exit code: {code}\n{stderr}");
        let expected_file = case.join("expected.txt");
        if bless() {
            std::fs::write(&expected_file, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "== {}\n-- got:\n{actual}-- expected:\n{expected}",
                case.display()
            ));
        }
        assert!(!stderr.contains("panicked"), "{}: panic", case.display());
    }
    assert!(cases.len() >= 15, "expected the invalid fixtures to be present");
    assert!(
        failures.is_empty(),
        "{} case(s) differ (QUARTIER_BLESS=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `check --format json` gives the same findings as objects with file, line, column, severity,
/// message and help.
#[test]
fn check_json_format() {
    let site = assemble(
        &repo().join("tests/fixtures/valid/minimal/site"),
        Some(&repo().join("tests/fixtures/invalid/unknown-district")),
    );
    let result = quartier(&[
        "check",
        "--format",
        "json",
        "--today",
        TODAY,
        "--root",
        &site.path().to_string_lossy(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&result.stdout).expect("JSON on stdout");
    let errors: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[0]["file"], "content/offices/nord-buero.yaml");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(4), Some(19))
    );
    assert_eq!(errors[0]["message"], "unknown district `sued`");
    assert!(errors[0]["help"].as_str().unwrap().contains("nord"));
}
