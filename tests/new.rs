//! `quartier new`: every kind of file it writes is valid as written, explained in German and
//! English, and never overwrites anything.

mod common;

use common::*;

#[test]
fn new_files_are_valid_and_commented() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let root = site.path().to_string_lossy().to_string();
    let cases = [
        ("office", "buero-west", vec!["content/offices/buero-west.yaml"]),
        (
            "partner",
            "kita-sonnenschein",
            vec!["content/partners/kita-sonnenschein.yaml"],
        ),
        (
            "district",
            "west",
            vec![
                "content/districts/west/district.yaml",
                "content/districts/west/guide.de.md",
            ],
        ),
        ("page", "kontakt", vec!["content/pages/kontakt.de.md"]),
    ];
    for (kind, id, files) in &cases {
        let r = quartier(&["new", kind, id, "--root", &root]);
        assert!(r.status.success(), "new {kind}: {}", String::from_utf8_lossy(&r.stderr));
        for f in files {
            let text = std::fs::read_to_string(site.path().join(f)).unwrap();
            assert!(text.contains("PLATZHALTER"), "{f}");
            if f.ends_with(".yaml") {
                assert!(
                    text.contains("Zeilen mit # sind Erklärungen")
                        && text.contains("Lines starting with # are explanations"),
                    "{f}"
                );
            }
        }
    }
    // All of them together still build: no errors, the new pages exist.
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for page in [
        "de/offices/buero-west/index.html",
        "de/districts/west/index.html",
        "de/kontakt/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page}");
    }
    // `check` lists what is still to be filled in, without errors.
    let r = quartier(&["check", "--today", TODAY, "--root", &root, "--all"]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("content/partners/kita-sonnenschein.yaml:10:8: warning: placeholder still present: `PLATZHALTER: Name des Partners`"));

    // Never overwrites; refuses bad ids with a suggestion.
    let again = quartier(&["new", "page", "kontakt", "--root", &root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad = quartier(&["new", "office", "Büro Süd", "--root", &root]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("buero-sued"));
}
