//! Fixture sites: valid ones with golden output trees, invalid ones with their exact
//! diagnostics. `QUARTIER_BLESS=1 cargo test --test fixtures` rewrites the goldens; review the diff.

mod common;

use std::path::Path;

use common::*;

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
        let result = quartier(&[
            "build",
            "--today",
            TODAY,
            "--root",
            &site.path().to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ]);
        assert!(
            result.status.success(),
            "{}: {}",
            case.display(),
            String::from_utf8_lossy(&result.stderr)
        );
        let actual = read_tree(&out, &["assets"]);
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

fn run_invalid(case: &Path) -> (i32, String) {
    let base = repo().join("tests/fixtures/valid/minimal/site");
    let site = assemble(&base, Some(case));
    let out = site.path().join("public");
    let result = quartier(&[
        "build",
        "--today",
        TODAY,
        "--root",
        &site.path().to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
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
