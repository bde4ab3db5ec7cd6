//! Whole-build behaviour: atomic output, determinism, and the default Dortmund site.

mod common;

use std::collections::BTreeMap;

use common::*;

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let before = read_tree(&out, &[]);
    assert!(before.contains_key("de/index.html"));

    // A content error: the build fails with exit code 1 and publishes nothing.
    std::fs::write(
        site.path().join("content/partners/sportverein.yaml"),
        "name: {de: X}\ncategory: sports\ndistricts: [nowhere]\noffer: {de: Y}\n",
    )
    .unwrap();
    let failed = build(site.path(), &out);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(read_tree(&out, &[]), before, "the output changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");

    // A broken link is found only after pages were written to the staging folder: still
    // nothing is published and the staging folder is gone.
    std::fs::remove_file(site.path().join("content/partners/sportverein.yaml")).unwrap();
    std::fs::remove_dir_all(site.path().join("content/journeys")).unwrap();
    std::fs::write(
        site.path().join("content/pages/broken.de.md"),
        "---\ntitle: Kaputt\n---\n\nSiehe [das Büro](/offices/gibt-es-nicht/).\n",
    )
    .unwrap();
    let failed = build(site.path(), &out);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("content/pages/broken.de.md:5:7: error: broken link"),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert_eq!(read_tree(&out, &[]), before, "the output changed after a failed build");
    let leftovers = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .count();
    assert_eq!(leftovers, 0, "a staging folder was left behind");
}

/// A symbolic link that loops (a folder linking to its parent) and a linked file are skipped
/// with a warning; the build finishes.
#[test]
fn symlink_loop_in_content_is_skipped_with_a_warning() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let district = site.path().join("content/districts/nord");
    std::os::unix::fs::symlink("..", district.join("loop")).unwrap();
    std::os::unix::fs::symlink(district.join("guide.de.md"), district.join("guide.en.md")).unwrap();
    let out = site.path().join("public");
    let result = build(site.path(), &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/districts/nord/loop: warning: symbolic link ignored"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/districts/nord/guide.en.md: warning: symbolic link ignored"),
        "{stderr}"
    );
    assert!(out.join("de/districts/nord/index.html").is_file());
}

#[test]
fn successful_build_replaces_output_completely() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    std::fs::create_dir_all(out.join("stale")).unwrap();
    std::fs::write(out.join("stale/old.html"), "old").unwrap();
    assert!(build(site.path(), &out).status.success());
    assert!(
        !out.join("stale").exists(),
        "files of the previous site survived a rebuild"
    );
    assert!(out.join("de/index.html").is_file());
}

/// On a terminal (a real pseudo-terminal from `script`) the build shows a progress line; with
/// `--quiet`, or when stderr is a pipe, it does not, and `--quiet` drops the summary too.
#[test]
fn progress_only_on_a_terminal_and_never_with_quiet() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    let command = |extra: &str| {
        format!(
            "{} build --today {TODAY} --root {} --out {} {extra}",
            env!("CARGO_BIN_EXE_quartier"),
            site.path().display(),
            out.display()
        )
    };
    let on_terminal = |extra: &str| {
        let output = std::process::Command::new("script")
            .args(["-qec", &command(extra), "/dev/null"])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let shown = on_terminal("");
    assert!(
        shown.contains("pages made: "),
        "no progress line on a terminal: {shown:?}"
    );
    assert!(shown.contains("built "), "{shown:?}");
    let quiet = on_terminal("--quiet");
    assert!(!quiet.contains("pages made"), "progress despite --quiet: {quiet:?}");
    assert!(!quiet.contains("built "), "summary despite --quiet: {quiet:?}");

    let piped = build(site.path(), &out);
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains("pages made") && !stderr.contains('\r'), "{stderr:?}");
    assert!(stderr.contains("built "), "{stderr:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let root = repo();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(build(&root, &a.path().join("out")).status.success());
    assert!(build(&root, &b.path().join("out")).status.success());
    let first = read_tree(&a.path().join("out"), &[]);
    let second = read_tree(&b.path().join("out"), &[]);
    assert!(first.len() > 100);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between two builds");
    }
}

/// The default site: every district, office and the partner list in every language, with the
/// right `lang`/`dir`, fallbacks marked, and no warnings.
#[test]
fn default_site_is_complete_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = build(&repo(), &out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(!stderr.contains("warning:"), "the default site has warnings:\n{stderr}");
    let files = read_tree(&out, &[]);
    let html =
        |path: &str| String::from_utf8(files.get(path).unwrap_or_else(|| panic!("missing {path}")).clone()).unwrap();

    let languages = [
        ("de", "de", "ltr"),
        ("de-simple", "de", "ltr"),
        ("en", "en", "ltr"),
        ("ar", "ar", "rtl"),
        ("fa", "fa", "rtl"),
        ("uk", "uk", "ltr"),
        ("ru", "ru", "ltr"),
        ("tr", "tr", "ltr"),
    ];
    let districts: Vec<String> = std::fs::read_dir(repo().join("content/districts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let offices: Vec<String> = std::fs::read_dir(repo().join("content/offices"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".yaml")
                .to_string()
        })
        .collect();
    assert_eq!(districts.len(), 12, "Dortmund has twelve Stadtbezirke");
    assert_eq!(offices.len(), 7);
    for (path, lang, dir) in languages {
        let mut pages = vec![format!("{path}/index.html"), format!("{path}/partners/index.html")];
        pages.extend(districts.iter().map(|d| format!("{path}/districts/{d}/index.html")));
        pages.extend(offices.iter().map(|o| format!("{path}/offices/{o}/index.html")));
        for page in pages {
            let text = html(&page);
            assert!(
                text.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
                "{page}: wrong lang/dir"
            );
            assert_eq!(text.matches("<h1").count(), 1, "{page}: needs exactly one h1");
        }
    }
    // Farsi has no guide for Brackel: the German guide is shown, marked, never blank.
    let fa = html("fa/districts/brackel/index.html");
    assert!(fa.contains("class=\"notice fallback-notice\""));
    assert!(fa.contains("<div class=\"prose\" lang=\"de\" dir=\"ltr\">"));
    assert!(fa.contains("Wohnung anmelden"));
    // Farsi has its own guide for Scharnhorst: no fallback notice there.
    let fa_own = html("fa/districts/scharnhorst/index.html");
    assert!(!fa_own.contains("fallback-notice") && fa_own.contains("<div class=\"prose\" lang=\"fa\" dir=\"rtl\">"));
    // German street names stay isolated on right-to-left pages.
    assert!(html("ar/offices/eving-scharnhorst/index.html").contains("<bdi lang=\"de\">Nadlerweg 1</bdi>"));
    // Placeholders are visibly marked, never passed off as facts.
    assert!(html("de/offices/brackel-aplerbeck/index.html").contains("<mark class=\"placeholder\""));
    // The Lanstrop outpost and its Thursday hours.
    let office = html("de/offices/eving-scharnhorst/index.html");
    assert!(
        office.contains("<th scope=\"row\" rowspan=\"1\">Donnerstag</th><td><span dir=\"ltr\">08:30–11:30</span></td>"),
        "Lanstrop hours missing"
    );
    assert!(files.contains_key("de/offices/eving-scharnhorst/lanstrop.ics"));

    // sitemap.xml lists every page with hreflang alternates; Leichte Sprache is no alternate.
    let sitemap = html("sitemap.xml");
    assert!(sitemap.contains("<loc>https://lokal-willkommen.example/ar/districts/scharnhorst/</loc>"));
    assert!(sitemap.contains("hreflang=\"uk\" href=\"https://lokal-willkommen.example/uk/districts/scharnhorst/\""));
    assert!(sitemap.contains("hreflang=\"x-default\""));
    assert!(!sitemap.contains("hreflang=\"de-simple\""));

    // No request leaves the site: no absolute http(s) in src or stylesheet links.
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("src=\"http") && !text.contains("src=\"//"),
                "{name} loads from another host"
            );
            assert!(
                !text.contains("rel=\"stylesheet\" href=\"http"),
                "{name} loads a stylesheet from another host"
            );
        }
    }
}

/// Every relative link of every page resolves to a file of the built site, so the folder works
/// from `file://` (USB stick, kiosk).
#[test]
fn every_relative_link_resolves_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build(&repo(), &out).status.success());
    let files: BTreeMap<String, Vec<u8>> = read_tree(&out, &[]);
    let mut checked = 0;
    for (name, bytes) in &files {
        // The 404 page is shown by a web server under missing paths, never opened from a
        // folder: its links are absolute on purpose (tests/serve.rs).
        if !name.ends_with(".html") || name == "404.html" {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for piece in text.split(attr).skip(1) {
                let href = &piece[..piece.find('"').unwrap()];
                if href.starts_with("http")
                    || href.starts_with("mailto:")
                    || href.starts_with("tel:")
                    || href.starts_with('#')
                {
                    continue;
                }
                let href = href.split('#').next().unwrap();
                assert!(
                    !href.ends_with('/') && !href.starts_with('/'),
                    "{name}: link `{href}` does not work from file://"
                );
                let base = std::path::Path::new(name).parent().unwrap();
                let target = out.join(base).join(href);
                assert!(target.is_file(), "{name}: `{href}` leads nowhere");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn pages_above_the_weight_budget_are_warned_about() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let config = site.path().join("site-config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}page_weight_budget_kb: 8\n")).unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success(), "a heavy page is a warning, not an error");
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains("public/de/offices/nord-buero/index.html: warning: the page weighs"),
        "{stderr}"
    );
    assert!(stderr.contains("above the budget of 8 KB"));
}

/// On right-to-left pages German names, street addresses, phone numbers and e-mail addresses
/// are isolated so they read correctly.
#[test]
fn rtl_pages_isolate_german_names_numbers_and_addresses() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let ar = std::fs::read_to_string(out.join("ar/offices/nord-buero/index.html")).unwrap();
    assert!(ar.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(
        ar.contains(r#"<a href="tel:+49123456789"><span dir="ltr">0123 456789</span></a>"#),
        "phone"
    );
    assert!(
        ar.contains(r#"<a href="mailto:nord@test.example"><span dir="ltr">nord@test.example</span></a>"#),
        "e-mail"
    );
    assert!(ar.contains(r#"<bdi lang="de">Teststraße 1</bdi>"#), "street");
    assert!(
        ar.contains(r#"<bdi>12345</bdi> <bdi lang="de">Teststadt</bdi>"#),
        "postcode and city"
    );
    assert!(
        ar.contains(r#"<span lang="de" dir="ltr">Hauptbüro</span>"#),
        "German fallback name"
    );
    // Times in the hours table read left to right too.
    assert!(ar.contains(r#"<td><span dir="ltr">09:00–12:00</span></td>"#));
}

/// Without Chromium, `build --pdf` says what to install, exits 2 and publishes nothing.
#[test]
fn pdf_without_chromium_says_what_to_install() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    assert!(build(site.path(), &out).status.success());
    let before = read_tree(&out, &[]);
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_quartier"))
        .args([
            "build",
            "--pdf",
            "--today",
            TODAY,
            "--root",
            &site.path().to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ])
        .env("QUARTIER_CHROMIUM", "/nonexistent/chromium")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains("sudo apt-get install chromium fonts-noto-core"),
        "{stderr}"
    );
    assert_eq!(
        read_tree(&out, &[]),
        before,
        "a failed PDF run changed the published site"
    );
}

/// A byte-order mark and CRLF line ends (Windows editors) are read like any other file; HTML
/// or a script typed into a YAML text is shown as text, never run.
#[test]
fn bom_crlf_and_script_in_yaml_text() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let partner = "\u{FEFF}name: {de: Sportverein Nord}\r\ncategory: sports\r\ndistricts: [nord]\r\noffer:\r\n  de: \"<script>alert('x')</script> <b>fett</b>\"\r\n";
    std::fs::write(site.path().join("content/partners/sportverein.yaml"), partner).unwrap();
    let out = site.path().join("public");
    let r = build(site.path(), &out);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let page = std::fs::read_to_string(out.join("de/partners/index.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert("), "the script is shown as text");
    assert!(!page.contains("<script>alert("), "the script must never reach the page");
    assert!(!page.contains("<b>fett</b>"));
}

/// Killing the build at any moment leaves the output either the complete old site or the
/// complete new one (a bounded loop of runs killed after different delays).
#[test]
fn a_killed_build_leaves_the_old_or_the_new_site() {
    let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let out = site.path().join("public");
    let about = site.path().join("content/pages/about.de.md");
    let original = std::fs::read_to_string(&about).unwrap();
    let version = |n: u32| {
        std::fs::write(
            &about,
            original.replace("Ein Testnetz.", &format!("Ein Testnetz, Fassung {n}.")),
        )
        .unwrap();
    };
    // The two complete sites the output may hold.
    let mut complete = Vec::new();
    for n in 0..2 {
        version(n);
        let dir = site.path().join(format!("expected-{n}"));
        assert!(build(site.path(), &dir).status.success());
        complete.push(read_tree(&dir, &[]));
    }
    version(0);
    // The delays before the kill spread over 0 to 2 times one whole build, so kills land in
    // every stage: reading, rendering, writing and the swap.
    let started = std::time::Instant::now();
    assert!(build(site.path(), &out).status.success());
    let whole = started.elapsed();
    let mut saw_new = false;
    let mut saw_old = false;
    for run in 0..24u64 {
        let next = ((run + 1) % 2) as u32;
        version(next);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quartier"))
            .args([
                "build",
                "--today",
                TODAY,
                "--root",
                &site.path().to_string_lossy(),
                "--out",
                &out.to_string_lossy(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(2.0 * run as f64 / 23.0));
        let _ = child.kill();
        let _ = child.wait();
        let now = read_tree(&out, &[]);
        let which = complete.iter().position(|c| *c == now);
        assert!(
            which.is_some(),
            "run {run}: the output is neither the old nor the new site"
        );
        saw_new |= which == Some(next as usize);
        saw_old |= which != Some(next as usize);
        if which != Some(next as usize) {
            // The build was killed before the swap: put the other version in place for the next run.
            version(next);
        }
    }
    // Both outcomes must occur, or the kills did not cover the build from start to swap.
    assert!(
        saw_new,
        "no build finished before its kill: the delays do not reach the swap"
    );
    assert!(
        saw_old,
        "every build finished before its kill: no kill landed inside a build"
    );
    // A later build cleans up what killed builds left beside the output.
    assert!(build(site.path(), &out).status.success());
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn lists_are_sorted_the_way_readers_of_the_language_sort() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(build(&repo(), &out).status.success());
    let home = std::fs::read_to_string(out.join("de/index.html")).unwrap();
    let names: Vec<&str> = home
        .split("districts/")
        .skip(1)
        .filter_map(|piece| {
            piece
                .split_once("/index.html\">")
                .map(|(_, rest)| rest.split('<').next().unwrap_or(""))
        })
        .collect();
    let at = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("{name} in {names:?}"))
    };
    // German collation: ö sorts with o, not after z.
    assert!(
        at("Hombruch") < at("Hörde") && at("Hörde") < at("Huckarde"),
        "{names:?}"
    );
    assert!(at("Lütgendortmund") < at("Mengede"), "{names:?}");
    // Partner categories carry their icon, hidden from screen readers (the name says it).
    let partners = std::fs::read_to_string(out.join("ar/partners/index.html")).unwrap();
    for category in ["kita", "school", "youth"] {
        assert!(
            partners.contains(&format!(
                "id=\"cat-{category}\"><svg class=\"category-icon\" aria-hidden=\"true\""
            )),
            "{category}"
        );
    }
}
