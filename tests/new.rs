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
        (
            "journey",
            "erste-woche",
            vec![
                "content/journeys/erste-woche/journey.yaml",
                "content/journeys/erste-woche/journey.de.md",
            ],
        ),
    ];
    for (kind, id, files) in &cases {
        let r = quartier(&["new", kind, id, "--root", &root]);
        assert!(r.status.success(), "new {kind}: {}", String::from_utf8_lossy(&r.stderr));
        for f in files {
            let text = std::fs::read_to_string(site.path().join(f)).unwrap();
            assert!(text.contains("PLATZHALTER"), "{f}");
            if f.ends_with(".yaml") {
                // The first line tells the editor's YAML language server the schema.
                assert!(text.starts_with("# yaml-language-server: $schema=../../"), "{f}");
                assert!(
                    text.contains("Zeilen mit # sind Erklärungen")
                        && text.contains("Lines starting with # are explanations"),
                    "{f}"
                );
            }
        }
    }
    // `new` wrote the editor schemas, with the new ids as allowed values.
    let office_schema = std::fs::read_to_string(site.path().join("schemas/office.schema.json")).unwrap();
    assert!(
        office_schema.contains("\"west\""),
        "the new district is a value offices may name"
    );

    // New files are drafts: the build leaves them out, check lists them.
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pages = [
        "de/offices/buero-west/index.html",
        "de/districts/west/index.html",
        "de/kontakt/index.html",
        "de/journeys/erste-woche/index.html",
    ];
    for page in pages {
        assert!(!out.join(page).exists(), "a draft was published: {page}");
    }
    let r = quartier(&["check", "--today", TODAY, "--root", &root, "--all"]);
    assert!(r.status.success());
    let listed = String::from_utf8_lossy(&r.stdout).to_string();
    for (_, _, files) in &cases {
        assert!(
            listed.contains(&format!("{}: warning: draft: not published", files[0])),
            "{listed}"
        );
    }

    // In the preview (drafts included) they are there, with the banner.
    let options = quartier::BuildOptions {
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        editorial: false,
        pdf: None,
        preview: true,
    };
    let preview = quartier::build_site(site.path(), &options).unwrap_or_else(|e| panic!("{e}"));
    let office = String::from_utf8(
        preview
            .site
            .files
            .get("de/offices/buero-west/index.html")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(office.contains("class=\"draft-banner\""));
    // The preview names the files a page is made from; a published page never does.
    assert!(office.contains("class=\"staff-box\""));
    assert!(office.contains("<code>content/offices/buero-west.yaml</code>"));
    assert!(office.contains("<code>content/opening-hours/buero-west.yaml</code>"));

    // A published page that links to a draft: an error at the link's line that says so.
    let about = site.path().join("content/pages/about.de.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, format!("{text}\nSiehe [Büro West](/offices/buero-west/).\n")).unwrap();
    let r = build(site.path(), &out);
    let err = String::from_utf8_lossy(&r.stderr).to_string();
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: the link `/offices/buero-west/` leads to a draft, which is not published"),
        "{err}"
    );
    assert!(err.contains("content/pages/about.de.md:"), "{err}");
    std::fs::write(&about, text).unwrap();

    // Deleting `draft: true` publishes them: all of them together build without errors.
    for (_, _, files) in &cases {
        let path = site.path().join(files[0]);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("draft: true\n", "")).unwrap();
    }
    let r = build(site.path(), &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for page in pages {
        assert!(out.join(page).is_file(), "{page}");
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("draft-banner") && !html.contains("staff-box"), "{page}");
    }
    // `check` lists what is still to be filled in, without errors.
    let r = quartier(&["check", "--today", TODAY, "--root", &root, "--all"]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("content/partners/kita-sonnenschein.yaml:15:8: warning: placeholder still present: `PLATZHALTER: Name des Partners`"));

    // Never overwrites; refuses bad ids with a suggestion.
    let again = quartier(&["new", "page", "kontakt", "--root", &root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad = quartier(&["new", "office", "Büro Süd", "--root", &root]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("buero-sued"));
}
