//! The theme is built in and overridable file by file: a site without a `themes/` folder
//! builds with the built-in theme; a site theme of one stylesheet, one template or one string
//! changes exactly that and nothing else.

mod common;

use std::path::Path;

use common::*;

/// The minimal site without any theme folder, with `theme:` set to `name`.
fn bare_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/valid/minimal/site"), dir.path());
    let config = dir.path().join("site-config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\ntheme: {name}\n")).unwrap();
    dir
}

fn built(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = site.join("public");
    let result = build(site, &out);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    read_tree(&out, &[])
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8_lossy(&files[name]).into_owned()
}

#[test]
fn a_site_without_a_theme_folder_gets_the_built_in_theme() {
    let with_copy = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    let bare = bare_site("default");
    assert!(!bare.path().join("themes").exists());
    assert_eq!(
        built(bare.path()),
        built(with_copy.path()),
        "the built-in theme differs from themes/default"
    );
}

#[test]
fn one_file_overrides_exactly_that_file() {
    let reference = built(bare_site("default").path());

    // A theme of one stylesheet.
    let city = bare_site("city");
    std::fs::create_dir_all(city.path().join("themes/city/static")).unwrap();
    std::fs::write(city.path().join("themes/city/static/style.css"), "body{color:#123}\n").unwrap();
    let styled = built(city.path());
    assert_eq!(text(&styled, "assets/style.css"), "body{color:#123}\n");
    let differing: Vec<&String> = reference
        .keys()
        .filter(|k| reference.get(*k) != styled.get(*k))
        .collect();
    assert_eq!(differing, ["assets/style.css"], "only the stylesheet may change");

    // One template.
    std::fs::create_dir_all(city.path().join("themes/city/templates")).unwrap();
    std::fs::write(
        city.path().join("themes/city/templates/404.html"),
        "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Weg</title></head><body><main><h1>Hier ist nichts – Stadt</h1></main></body></html>\n",
    )
    .unwrap();
    let templated = built(city.path());
    assert!(text(&templated, "404.html").contains("Hier ist nichts – Stadt"));
    assert_eq!(text(&templated, "de/index.html"), text(&styled, "de/index.html"));

    // One UI string, in German only: German pages change, the rest keep the built-in strings.
    std::fs::create_dir_all(city.path().join("themes/city/strings")).unwrap();
    std::fs::write(
        city.path().join("themes/city/strings/de.yaml"),
        "skip_to_content: Direkt zum Text\n",
    )
    .unwrap();
    let worded = built(city.path());
    assert!(text(&worded, "de/index.html").contains("Direkt zum Text"));
    assert!(text(&reference, "de/index.html").contains("Zum Inhalt springen"));
    assert!(!text(&worded, "de/index.html").contains("Zum Inhalt springen"));
    assert_eq!(text(&worded, "ar/index.html"), text(&templated, "ar/index.html"));
}

#[test]
fn a_named_theme_without_its_folder_is_an_error() {
    let site = bare_site("stadt");
    let result = build(site.path(), &site.path().join("public"));
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("theme folder `themes/stadt` does not exist"));
}

/// The markup around placeholders, fallback texts and German names is the theme's: a site
/// theme's partial restyles it on every page; a partial that loses the text is an error.
#[test]
fn marked_texts_take_their_markup_from_partials() {
    let city = bare_site("city");
    let partials = city.path().join("themes/city/templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("placeholder.html"),
        "<strong class=\"missing\">{{ word }}{{ text | safe }}</strong>",
    )
    .unwrap();
    let files = built(city.path());
    let office = text(&files, "en/offices/nord-buero/index.html");
    assert!(
        office.contains("<strong class=\"missing\">PLATZHALTER: Adresse</strong>"),
        "{office}"
    );
    assert!(!office.contains("class=\"placeholder\""));

    std::fs::write(partials.join("german_name.html"), "<bdi lang=\"de\">Name</bdi>").unwrap();
    let result = build(city.path(), &city.path().join("public"));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("themes/city/templates/partials/german_name.html: error: this partial must show `{{ text | safe }}` exactly once"),
        "{stderr}"
    );
}
