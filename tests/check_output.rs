//! What `quartier check` prints for a person: errors first, then warnings grouped by kind with
//! a count and the first three of each; `--all`, `--errors-only`, and `--hours` alone.

mod common;

use common::*;

fn check(root: &std::path::Path, extra: &[&str]) -> (Option<i32>, String) {
    let root = root.to_string_lossy().to_string();
    let mut args = vec!["check", "--today", TODAY, "--root", &root];
    args.extend_from_slice(extra);
    let r = quartier(&args);
    (r.status.code(), String::from_utf8_lossy(&r.stdout).to_string())
}

#[test]
fn errors_come_first_and_warnings_are_grouped() {
    // The minimal fixture with an error in its hours: the error is the first thing printed.
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    std::fs::write(
        site.path().join("content/opening-hours/nord-buero.yaml"),
        "locations:\n  main:\n    hours: 'Do 08:30-11:30'\n  aussen:\n    hours: null\n",
    )
    .unwrap();
    let (code, out) = check(site.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("content/opening-hours/nord-buero.yaml:3:13: error: `Do` is German; write `Th`"),
        "{out}"
    );
    let (_, only) = check(site.path(), &["--errors-only"]);
    assert!(!only.contains("warning:"), "{only}");
    assert!(only.contains("error: `Do` is German"));

    // The default site: 62 placeholders are one group of three examples, all of them with --all.
    let (code, out) = check(&repo(), &[]);
    assert_eq!(code, Some(0));
    let header = out
        .lines()
        .find(|l| l.contains("warnings: placeholder still present"))
        .expect(&out);
    let count: usize = header
        .trim_start_matches("== ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(count > 3);
    let shown = out.matches("warning: placeholder still present").count();
    assert_eq!(shown, 3, "{out}");
    assert!(out.contains(&format!("… and {} more like these", count - 3)));
    let (_, all) = check(&repo(), &["--all"]);
    assert_eq!(all.matches("warning: placeholder still present").count(), count);
    // Placeholders are quoted whole, without the YAML's closing quote or brace.
    assert!(!all.contains("\"`"), "{all}");
    assert!(!all.contains("}`"), "{all}");
}

#[test]
fn check_hours_prints_only_the_hours() {
    let (code, out) = check(&repo(), &["--hours", "eving-scharnhorst"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Woche / regular week:"), "{out}");
    assert!(!out.contains("warning:"), "{out}");
}
