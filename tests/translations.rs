//! Translation status by content: the notices on pages (machine-made, outdated, with a link to
//! the German page) and `quartier report` (table, CSV, HTML with coverage bars).

mod common;

use common::*;

#[test]
fn outdated_translation_is_marked_on_the_page_and_in_the_report() {
    let site = assemble(
        &repo().join("tests/fixtures/valid/minimal/site"),
        Some(&repo().join("tests/fixtures/editorial/outdated-translation")),
    );
    let root = site.path().to_string_lossy().to_string();
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success());
    let page = std::fs::read_to_string(out.join("ar/districts/nord/index.html")).unwrap();
    assert!(page.contains("هذه الترجمة قديمة"), "outdated notice in Arabic");
    assert!(
        page.contains(
            r#"<a href="../../../de/districts/nord/index.html" lang="de" hreflang="de">اقرأ النص الألماني</a>"#
        )
    );

    let reports = site.path().join("reports");
    let r = quartier(&[
        "report",
        "--today",
        TODAY,
        "--root",
        &root,
        "--out",
        &reports.to_string_lossy(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let table = String::from_utf8_lossy(&r.stdout);
    assert!(
        table.contains("ar          district guides           0        0         1        0"),
        "{table}"
    );
    assert!(
        table.contains("en          district guides           0        0         0        1"),
        "{table}"
    );
    let csv = std::fs::read_to_string(reports.join("translations.csv")).unwrap();
    assert!(csv.starts_with("language,content,item,status\n"));
    assert!(
        csv.contains("ar,district guides,content/districts/nord/guide.ar.md,outdated\n"),
        "{csv}"
    );
    let html = std::fs::read_to_string(reports.join("translations.html")).unwrap();
    assert!(html.contains(r#"<svg class="bar" role="img" aria-label="ar:"#));
    assert!(reports.join("translations.css").is_file());
    assert!(html.contains("content/districts/nord/guide.ar.md — outdated"));
}

#[test]
fn machine_translation_is_disclosed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = build(&repo(), &out);
    assert!(r.status.success());
    let ar = std::fs::read_to_string(out.join("ar/districts/scharnhorst/index.html")).unwrap();
    assert!(ar.contains("تُرجم هذا النص آليًا ولم يراجعه إنسان."));
    // The German source carries no notice.
    let de = std::fs::read_to_string(out.join("de/districts/scharnhorst/index.html")).unwrap();
    assert!(!de.contains("translation-notice"));
}
