//! The preview's incremental rebuild against fresh builds: after every edit of a random
//! sequence (guides, offices, opening hours, partners, strings, templates, the configuration;
//! files changed, added, removed and renamed; broken and mended), the preview's site must be
//! byte for byte what a fresh build of the same files makes, and fail when that fails.
//!
//! `QUARTIER_PREVIEW_SEED` repeats a sequence, `QUARTIER_PREVIEW_EDITS` sets its length.

mod common;

use std::path::{Path, PathBuf};

use common::Random;
use quartier::{BuildOptions, Preview};

fn files_under(dir: &Path, ending: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with(ending))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Replaces the first line that starts with `prefix` (after indentation) by `line` with the
/// same indentation; appends nothing when there is none.
fn replace_line(text: &str, prefix: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            let indent = &l[..l.len() - l.trim_start().len()];
            if !done && l.trim_start().starts_with(prefix) {
                done = true;
                format!("{indent}{line}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

const HOURS: [&str; 7] = [
    "\"Mo,We 09:00-12:00; PH off\"",
    "\"Tu 10:00-13:00; Th 14:00-18:00\"",
    "\"Mo-Fr 08:00-12:00; SH off; PH off\"",
    "\"We 15:00-17:00 || \\\"nach Vereinbarung\\\"\"",
    "\"week 1-53/2 Fr 09:00-12:00\"",
    "\"Fr 22:00-26:00\"",
    // An error: past midnight is written after 24:00.
    "\"Sa 22:00-02:00\"",
];

/// `text` (an office's or partner's YAML) with its top-level `languages:` line set to `langs`.
fn with_languages(text: &str, langs: &str) -> String {
    if text.lines().any(|l| l.starts_with("languages:")) {
        replace_line(text, "languages:", &format!("languages: {langs}"))
    } else {
        format!("{text}languages: {langs}\n")
    }
}

/// Makes one random edit under `site`; returns what it did, for the failure message.
fn edit(site: &Path, random: &mut Random, step: usize) -> String {
    let content = site.join("content");
    let guides = files_under(&content.join("districts"), ".md");
    let offices = files_under(&content.join("offices"), ".yaml");
    let hours = files_under(&content.join("opening-hours"), ".yaml");
    let partners = files_under(&content.join("partners"), ".yaml");
    let districts: Vec<String> = files_under(&content.join("districts"), "district.yaml")
        .iter()
        .filter_map(|f| Some(f.parent()?.file_name()?.to_str()?.to_string()))
        .collect();
    let read = |f: &Path| std::fs::read_to_string(f).unwrap_or_default();
    let write = |f: &Path, text: String| std::fs::write(f, text).unwrap();
    let name = |f: &Path| f.strip_prefix(site).unwrap_or(f).display().to_string();
    match random.below(14) {
        0..=2 => {
            let g = random.pick(&guides);
            let addition = match random.below(4) {
                0 => format!("\n\nNeuer Absatz {step} mit **Betonung**.\n"),
                1 => format!("\n\n## Neuer Abschnitt {step} {{#neu-{step}}}\n\nText {step}.\n"),
                2 => format!(
                    "\n\nSiehe [das Büro](/offices/{}/).\n",
                    random.pick(&offices).file_stem().unwrap().to_string_lossy()
                ),
                _ => "\n\nEin [kaputter Link](/offices/gibt-es-nicht/).\n".to_string(),
            };
            write(g, read(g) + &addition);
            format!("guide {}: appended {addition:?}", name(g))
        }
        3 | 4 => {
            let f = random.pick(&hours);
            let expression = random.pick(&HOURS);
            write(f, replace_line(&read(f), "hours:", &format!("hours: {expression}")));
            format!("hours {}: {expression}", name(f))
        }
        5 => {
            let f = random.pick(&offices);
            let choice = random.below(4);
            if choice == 0 {
                // The language pages list the office under the languages it advises in (its
                // sessions' languages default to these).
                let langs = random.pick(&["[de, ar]", "[de, uk, fa]", "[tr]"]);
                write(f, with_languages(&read(f), langs));
                format!("office {}: languages {langs}", name(f))
            } else if choice == 1 {
                // The home page lists every office by its status.
                let status = random.pick(&["active", "planned", "temporarily_closed"]);
                write(f, replace_line(&read(f), "status:", &format!("status: {status}")));
                format!("office {}: status {status}", name(f))
            } else {
                write(
                    f,
                    replace_line(&read(f), "de:", &format!("de: lokal willkommen Büro {step}")),
                );
                format!("office {}: German name", name(f))
            }
        }
        6 => {
            let f = random.pick(&offices);
            let d: Vec<&String> = (0..2).map(|_| random.pick(&districts)).collect();
            write(
                f,
                replace_line(&read(f), "districts:", &format!("districts: [{}, {}]", d[0], d[1])),
            );
            format!("office {}: districts {d:?}", name(f))
        }
        7 => {
            let f = random.pick(&partners);
            let d = random.pick(&districts);
            let leaflet = if random.below(2) == 0 { "true" } else { "false" };
            let text = replace_line(&read(f), "districts:", &format!("districts: [{d}]"));
            write(f, replace_line(&text, "on_leaflet:", &format!("on_leaflet: {leaflet}")));
            format!("partner {}: district {d}, on_leaflet {leaflet}", name(f))
        }
        8 => {
            let f = random.pick(&partners);
            if random.below(2) == 0 {
                // The language pages list the partners who speak a language, by district.
                let langs = random.pick(&["[ar]", "[uk, fa]", "[de, tr]", "[]"]);
                write(f, with_languages(&read(f), langs));
                format!("partner {}: languages {langs}", name(f))
            } else {
                write(f, replace_line(&read(f), "de:", &format!("de: Angebot {step}")));
                format!("partner {}: German name", name(f))
            }
        }
        9 => {
            // Add a partner, or remove one (a journey or nothing may name it).
            if random.below(2) == 0 {
                let from = random.pick(&partners);
                let to = from.with_file_name(format!("neu-{step}.yaml"));
                std::fs::copy(from, &to).unwrap();
                format!("partner added: {}", name(&to))
            } else {
                let f = random.pick(&partners);
                std::fs::remove_file(f).unwrap();
                format!("partner removed: {}", name(f))
            }
        }
        10 => {
            // A guide translation added, removed or renamed.
            let g = random.pick(&guides);
            match random.below(3) {
                0 => {
                    let to = g.with_file_name("guide.fa.md");
                    std::fs::copy(g, &to).unwrap();
                    format!("guide added: {}", name(&to))
                }
                1 if !g.ends_with("guide.de.md") => {
                    std::fs::remove_file(g).unwrap();
                    format!("guide removed: {}", name(g))
                }
                _ => {
                    let to = g.with_file_name("guide.tr.md");
                    std::fs::rename(g, &to).unwrap();
                    format!("guide renamed: {} to {}", name(g), name(&to))
                }
            }
        }
        11 => {
            // A broken file: wrong YAML, then mended by a later edit of the same kind.
            let f = random.pick(&offices);
            write(f, read(f) + "\nthis is: [not closed\n");
            format!("office {}: broken YAML", name(f))
        }
        12 => {
            let strings = site.join("themes/default/strings/de.yaml");
            let templates = files_under(&site.join("themes/default/templates"), ".html");
            let choice = random.below(3);
            if choice == 0 {
                let t = random.pick(&templates);
                write(t, read(t) + &format!("\n{{# edit {step} #}}\n"));
                format!("template {}: comment", name(t))
            } else if choice == 1 {
                // A plural string without its `other` form: a warning of the theme, which
                // later rebuilds that keep the theme must still give.
                let english = site.join("themes/default/strings/en.yaml");
                write(
                    &english,
                    read(&english) + &format!("\nprobe_{step}:\n  one: \"{{n}} probe\"\n"),
                );
                format!("strings en.yaml: plural probe_{step} without `other`")
            } else {
                write(
                    &strings,
                    replace_line(
                        &read(&strings),
                        "partners_title:",
                        &format!("partners_title: Angebote {step}"),
                    ),
                );
                "strings de.yaml: partners_title".to_string()
            }
        }
        _ => {
            let config = site.join("site-config.yaml");
            write(
                &config,
                replace_line(&read(&config), "de:", &format!("de: lokal willkommen {step}")),
            );
            "site-config.yaml: title".to_string()
        }
    }
}

/// The files under `site` (content, themes, configuration), relative to it.
fn site_files(site: &Path) -> std::collections::BTreeSet<PathBuf> {
    let mut files: std::collections::BTreeSet<PathBuf> = ["content", "themes"]
        .iter()
        .flat_map(|dir| files_under(&site.join(dir), ""))
        .filter_map(|f| Some(f.strip_prefix(site).ok()?.to_path_buf()))
        .collect();
    files.insert(PathBuf::from("site-config.yaml"));
    files
}

/// Mends what earlier edits did: one file that differs from `original` (changed, added or
/// removed) gets its original state back, more often while the site fails to build (then
/// preferably a file its errors name), so that
/// broken states (wrong YAML, a broken link, a partner a journey names removed) are left again
/// and the rebuild after the mend is tested too.
fn mend(site: &Path, original: &Path, random: &mut Random, named: &[PathBuf]) -> Option<String> {
    if random.below(if named.is_empty() { 4 } else { 2 }) != 0 {
        return None;
    }
    let changed: Vec<PathBuf> = site_files(site)
        .union(&site_files(original))
        .filter(|f| std::fs::read(site.join(f)).ok() != std::fs::read(original.join(f)).ok())
        .cloned()
        .collect();
    // The files the errors name first, when they were changed (a journey naming a removed
    // partner is unchanged itself: then any changed file).
    let blamed: Vec<PathBuf> = changed.iter().filter(|f| named.contains(f)).cloned().collect();
    let f = random.pick(if blamed.is_empty() { &changed } else { &blamed });
    if original.join(f).exists() {
        std::fs::copy(original.join(f), site.join(f)).unwrap();
    } else {
        std::fs::remove_file(site.join(f)).unwrap();
    }
    Some(format!("mended {}", f.display()))
}

/// A copy of the default site (content, theme, configuration) in a temporary folder.
fn default_site() -> tempfile::TempDir {
    let repo = common::repo();
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&repo.join("content"), &dir.path().join("content"));
    common::copy_tree(&repo.join("themes"), &dir.path().join("themes"));
    // A page weight budget that about half the pages exceed: edits move pages across it,
    // so the preview's kept weights are compared with a fresh build's warnings too.
    let config = std::fs::read_to_string(repo.join("site-config.yaml")).unwrap();
    assert!(
        !config.contains("page_weight_budget_kb"),
        "the test sets the budget itself"
    );
    std::fs::write(
        dir.path().join("site-config.yaml"),
        config + "\npage_weight_budget_kb: 27\n",
    )
    .unwrap();
    dir
}

fn options() -> BuildOptions {
    BuildOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        pdf: None,
        editorial: false,
        preview: true,
    }
}

/// Asserts that the files `which` selects are the same, byte for byte, in both sites.
fn same_files(
    kept: &quartier::output::BuiltSite,
    fresh: &quartier::output::BuiltSite,
    which: impl Fn(&&String) -> bool,
    context: &dyn Fn() -> String,
) {
    let kept_files: Vec<&String> = kept.files.keys().filter(&which).collect();
    let fresh_files: Vec<&String> = fresh.files.keys().filter(&which).collect();
    assert_eq!(
        kept_files,
        fresh_files,
        "the preview has other files than a fresh build; {}",
        context()
    );
    for (file, bytes) in fresh.files.iter().filter(|(f, _)| which(f)) {
        assert!(
            kept.files[file] == *bytes,
            "{file} differs from a fresh build's; {}",
            context()
        );
    }
}

/// Every source file of the site (content, themes, configuration) with its bytes.
fn snapshot(site: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    ["content", "themes", "site-config.yaml"]
        .iter()
        .flat_map(|top| walkdir::WalkDir::new(site.join(top)).into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(site).unwrap().to_path_buf();
            (relative, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_preview_after_any_edits_is_a_fresh_build() {
    let original = default_site();
    let site = default_site();
    let seed: u64 = std::env::var("QUARTIER_PREVIEW_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let edits: usize = std::env::var("QUARTIER_PREVIEW_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    eprintln!("QUARTIER_PREVIEW_SEED={seed}");
    let mut random = Random(seed);
    let options = options();
    let mut preview = Preview::default();
    let mut history = Vec::new();
    let (mut incremental, mut full, mut failed) = (0, 0, 0);
    let mut named: Vec<PathBuf> = Vec::new();
    for step in 0..=edits {
        if step > 0 {
            let before = snapshot(site.path());
            history.push(edit(site.path(), &mut random, step));
            history.extend(mend(site.path(), original.path(), &mut random, &named));
            // As `serve` does, mostly: tell the preview which files changed (what the file
            // watcher reports), so it looks at those alone; sometimes not (the watcher
            // overflowed), and it looks at every file.
            if random.below(4) > 0 {
                let after = snapshot(site.path());
                let changed = before
                    .keys()
                    .chain(after.keys())
                    .filter(|f| before.get(*f) != after.get(*f))
                    .map(|f| site.path().join(f))
                    .collect::<Vec<_>>();
                preview.only_changed(site.path(), changed);
            }
        }
        // As `serve` does: the pages first (the old search index and sitemap stay), then those.
        let kept = preview.rebuild_pages(site.path(), &options);
        let fresh = quartier::build_site(site.path(), &options);
        named = match &fresh {
            Err(quartier::BuildError::Content(d)) => d.sorted().iter().map(|d| d.file.clone()).collect(),
            Err(_) => vec![PathBuf::from("site-config.yaml")],
            Ok(_) => Vec::new(),
        };
        let context = || format!("seed {seed}, after:\n  {}", history.join("\n  "));
        match (kept, fresh) {
            (Ok(mut kept), Ok(fresh)) => {
                if kept.remade < kept.pages {
                    incremental += 1;
                } else {
                    full += 1;
                }
                // The search index and the sitemap are made by `finish_search`.
                let later = |f: &&String| f.contains("/search/data/") || f.as_str() == "sitemap.xml";
                same_files(&kept.site, &fresh.site, |f| !later(f), &context);
                // The warnings too, but those on the search pages' weight (their index is
                // the old one until `finish_search`).
                let messages_but_search = |d: &quartier::diagnostics::Diagnostics| {
                    d.sorted()
                        .iter()
                        .filter(|d| !d.file.to_string_lossy().contains("/search/"))
                        .map(|d| format!("{d:?}"))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    messages_but_search(&kept.warnings),
                    messages_but_search(&fresh.warnings),
                    "warnings before the search index differ; {}",
                    context()
                );
                if let Some((site, warnings)) = preview.finish_search() {
                    kept.site = site;
                    kept.warnings = warnings;
                }
                same_files(&kept.site, &fresh.site, |_| true, &context);
                let messages = |d: &quartier::diagnostics::Diagnostics| {
                    d.sorted().iter().map(|d| format!("{d:?}")).collect::<Vec<_>>()
                };
                assert_eq!(
                    messages(&kept.warnings),
                    messages(&fresh.warnings),
                    "warnings differ; {}",
                    context()
                );
                assert_eq!(kept.pages, fresh.pages, "page counts differ; {}", context());
            }
            (Err(_), Err(_)) => failed += 1,
            (kept, fresh) => panic!(
                "the preview {} where a fresh build {}; {}",
                if kept.is_ok() { "succeeded" } else { "failed" },
                if fresh.is_ok() { "succeeded" } else { "failed" },
                context()
            ),
        }
    }
    eprintln!(
        "{incremental} incremental and {full} full rebuilds matched fresh builds; \
         {failed} failed as fresh builds did"
    );
    assert!(incremental > 0, "no rebuild was incremental: the test did not test it");
}

#[test]
fn a_kept_theme_keeps_its_warnings() {
    let site = default_site();
    let english = site.path().join("themes/default/strings/en.yaml");
    let text = std::fs::read_to_string(&english).unwrap();
    std::fs::write(&english, text + "\nprobe:\n  one: \"{n} probe\"\n").unwrap();
    let mut preview = Preview::default();
    preview.rebuild(site.path(), &options()).unwrap();
    let guide = site.path().join("content/districts/scharnhorst/guide.de.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text + "\nNeuer Satz.\n").unwrap();
    let kept = preview.rebuild(site.path(), &options()).unwrap();
    assert!(kept.remade < kept.pages, "the guide's edit was not incremental");
    let fresh = quartier::build_site(site.path(), &options()).unwrap();
    let messages =
        |d: &quartier::diagnostics::Diagnostics| d.sorted().iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
    assert!(
        messages(&fresh.warnings)
            .iter()
            .any(|m| m.contains("has no `other` form")),
        "the theme's warning is missing from a fresh build"
    );
    assert_eq!(messages(&kept.warnings), messages(&fresh.warnings));
}

/// A theme change found by a rebuild that then failed (a broken content file) is not
/// forgotten when the next rebuild is told only of the mended content file.
#[test]
fn a_theme_change_seen_by_a_failed_rebuild_is_loaded_by_the_next() {
    let site = default_site();
    let english = site.path().join("themes/default/strings/en.yaml");
    let original = std::fs::read_to_string(&english).unwrap();
    std::fs::write(&english, original.clone() + "\nprobe:\n  one: \"{n} probe\"\n").unwrap();
    let mut preview = Preview::default();
    preview.rebuild(site.path(), &options()).unwrap();
    // The probe removed and an office broken, with no hint (the watcher overflowed): the
    // rebuild walks every file, sees the theme changed, and fails on the office.
    std::fs::write(&english, &original).unwrap();
    let office = site.path().join("content/offices/nordstadt.yaml");
    let office_text = std::fs::read_to_string(&office).unwrap();
    std::fs::write(&office, office_text.clone() + "\nthis is: [not closed\n").unwrap();
    assert!(preview.rebuild(site.path(), &options()).is_err());
    // The office mended; the watcher names it alone.
    std::fs::write(&office, &office_text).unwrap();
    preview.only_changed(site.path(), vec![office.clone()]);
    let kept = preview.rebuild(site.path(), &options()).unwrap();
    let fresh = quartier::build_site(site.path(), &options()).unwrap();
    let messages =
        |d: &quartier::diagnostics::Diagnostics| d.sorted().iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
    assert!(
        !messages(&kept.warnings).iter().any(|m| m.contains("probe")),
        "the preview still has the removed string's warnings"
    );
    assert_eq!(messages(&kept.warnings), messages(&fresh.warnings));
}
