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
    let bytes = std::fs::read(reports.join("translations.csv")).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 with BOM, for spreadsheet programs"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["language", "content", "item", "status", "german words"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.iter().all(|r| r.len() == 5));
    let guide = rows
        .iter()
        .find(|r| &r[0] == "ar" && &r[1] == "district guides")
        .unwrap();
    assert_eq!(&guide[2], "content/districts/nord/guide.ar.md");
    assert_eq!(&guide[3], "outdated");
    assert!(guide[4].parse::<usize>().unwrap() > 10, "a guide has many words");
    let name = rows.iter().find(|r| &r[1] == "district names").unwrap();
    assert_eq!(&name[4], "1", "a district name is one word");
    let html = std::fs::read_to_string(reports.join("translations.html")).unwrap();
    assert!(html.contains(r#"<svg class="bar" role="img" aria-label="ar, German words:"#));
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

#[test]
fn the_csv_of_the_default_site_opens_with_every_column_in_place() {
    // "machine, not reviewed" holds a comma: every row must still have five fields.
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    let root = repo().to_string_lossy().to_string();
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
    let bytes = std::fs::read(reports.join("translations.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() > 300);
    assert!(rows.iter().all(|r| r.len() == 5));
    assert!(rows.iter().any(|r| &r[3] == "machine, not reviewed"));
    let table = String::from_utf8_lossy(&r.stdout);
    assert!(table.contains("words covered"), "{table}");
}
