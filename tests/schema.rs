//! The editor schemas (`quartier schema`) and the Rust validator must not disagree: every file
//! of the default site and of the valid fixture validates against its schema with a real JSON
//! Schema validator, and the mistakes people make are refused by both.

mod common;

use std::path::Path;

use common::*;

/// The schema file for a file of the site, by where it lies.
fn schema_for(relative: &str) -> Option<&'static str> {
    let parts: Vec<&str> = relative.split('/').collect();
    match parts.as_slice() {
        ["site-config.yaml"] => Some("site-config.schema.json"),
        ["content", "offices", _] => Some("office.schema.json"),
        ["content", "opening-hours", _] => Some("opening-hours.schema.json"),
        ["content", "partners", _] => Some("partner.schema.json"),
        ["content", "districts", _, "district.yaml"] => Some("district.schema.json"),
        ["content", "journeys", _, "journey.yaml"] => Some("journey.schema.json"),
        _ => None,
    }
}

/// The schema's complaints about one YAML file (empty: valid).
fn complaints(site: &Path, relative: &str) -> Vec<String> {
    let schema_file = schema_for(relative).unwrap_or_else(|| panic!("no schema for {relative}"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("schemas").join(schema_file)).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(site.join(relative)).unwrap()).unwrap();
    let instance = serde_json::to_value(yaml).unwrap();
    validator
        .iter_errors(&instance)
        .map(|e| format!("{relative}: {e}"))
        .collect()
}

fn yaml_files(site: &Path) -> Vec<String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let relative = e.path().strip_prefix(site).ok()?.to_string_lossy().replace('\\', "/");
            schema_for(&relative).map(|_| relative)
        })
        .collect()
}

fn write_schemas(site: &Path) {
    let r = quartier(&["schema", "--root", &site.to_string_lossy()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn every_file_of_the_valid_sites_validates_against_its_schema() {
    let default_site = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "site-config.yaml"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_tree(&from, &default_site.path().join(part));
        } else {
            std::fs::copy(&from, default_site.path().join(part)).unwrap();
        }
    }
    let minimal = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
    for site in [default_site.path(), minimal.path()] {
        write_schemas(site);
        let files = yaml_files(site);
        assert!(files.len() >= 5, "{files:?}");
        let all: Vec<String> = files.iter().flat_map(|f| complaints(site, f)).collect();
        assert!(all.is_empty(), "{}", all.join("\n"));
    }
    // The schemas in the repository are the ones `quartier schema` writes for the default site.
    for entry in std::fs::read_dir(repo().join("schemas")).unwrap() {
        let entry = entry.unwrap();
        let written = std::fs::read_to_string(default_site.path().join("schemas").join(entry.file_name())).unwrap();
        assert_eq!(
            std::fs::read_to_string(entry.path()).unwrap(),
            written,
            "run `quartier schema`"
        );
    }
}

#[test]
fn the_schema_and_the_validator_refuse_the_same_mistakes() {
    // (file, text to replace, replacement): each a mistake a person makes.
    let mistakes = [
        (
            "content/offices/nord-buero.yaml",
            "status: active",
            "status: active\nnmae: Büro",
        ),
        (
            "content/offices/nord-buero.yaml",
            "since: 2020",
            "since: zweitausendzwanzig",
        ),
        ("content/offices/nord-buero.yaml", "kind: outpost", "kind: aussenstelle"),
        (
            "content/offices/nord-buero.yaml",
            "districts: [nord]",
            "districts: [sued]",
        ),
        (
            "content/partners/sportverein.yaml",
            "category: sports",
            "category: verein",
        ),
        (
            "content/districts/nord/district.yaml",
            "office: nord-buero",
            "office: sued-buero",
        ),
        (
            "content/opening-hours/nord-buero.yaml",
            "mode: appointment",
            "mode: termin",
        ),
        (
            "site-config.yaml",
            "default_language: de",
            "default_language: de\nlanguage: de",
        ),
    ];
    for (file, from, to) in mistakes {
        let site = assemble(&repo().join("tests/fixtures/valid/minimal/site"), None);
        write_schemas(site.path());
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let schema_says = complaints(site.path(), file);
        let r = quartier(&["check", "--today", TODAY, "--root", &site.path().to_string_lossy()]);
        let validator_says = String::from_utf8_lossy(&r.stdout).to_string() + &String::from_utf8_lossy(&r.stderr);
        assert_eq!(
            r.status.code(),
            Some(1),
            "the validator accepts `{to}` in {file}:\n{validator_says}"
        );
        assert!(!schema_says.is_empty(), "the schema accepts `{to}` in {file}");
    }
}

#[test]
fn the_schema_refuses_the_key_and_type_errors_of_the_invalid_fixtures() {
    for (case, file) in [
        ("unknown-key", "content/partners/sportverein.yaml"),
        ("wrong-type", "content/offices/nord-buero.yaml"),
    ] {
        let site = assemble(
            &repo().join("tests/fixtures/valid/minimal/site"),
            Some(&repo().join("tests/fixtures/invalid").join(case)),
        );
        write_schemas(site.path());
        assert!(
            !complaints(site.path(), file).is_empty(),
            "{case}: the schema accepts {file}"
        );
    }
}
