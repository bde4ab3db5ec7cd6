//! The relevance suite: realistic queries in every language against the default site's index
//! (the same index the browser loads); the expected page must be in the top 3, at least 80 %
//! at rank 1, and no query may come back empty. The browser suite runs the same queries and
//! holds search.js to the first results written here (target/search-expected.json).

mod common;

use common::*;

/// The default site, built in memory as of 2026-11-24.
fn default_site() -> quartier::Build {
    let options = quartier::BuildOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        editorial: false,
        pdf: None,
        preview: false,
    };
    match quartier::build_site(&repo(), &options) {
        Ok(b) => b,
        Err(_) => panic!("the default site does not build"),
    }
}

#[test]
fn relevance_suite() {
    let build = default_site();
    let queries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tests/search-queries.json")).unwrap()).unwrap();
    assert!(queries.len() >= 50);
    let mut first = 0;
    let mut failures = Vec::new();
    let mut per_lang: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    // The first five results of every query, for the browser suite to hold search.js to.
    let mut tops = Vec::new();
    for q in &queries {
        let (lang, text, expect) = (
            q["lang"].as_str().unwrap(),
            q["q"].as_str().unwrap(),
            q["expect"].as_str().unwrap(),
        );
        let any_of = q["any_of"].as_str();
        let index = &build.search[lang];
        let urls: Vec<&str> = quartier::search::query(index, text)
            .iter()
            .map(|d| index.docs[*d as usize].0.as_str())
            .collect();
        tops.push(serde_json::json!({"lang": lang, "q": text, "top": &urls[..urls.len().min(5)]}));
        let hit = |u: &&str| *u == expect || any_of.is_some_and(|prefix| u.starts_with(prefix));
        let rank = urls.iter().position(hit);
        let entry = per_lang.entry(lang.to_string()).or_default();
        entry.1 += 1;
        match rank {
            Some(0) => {
                first += 1;
                entry.0 += 1;
            }
            Some(r) if r < 3 => println!("rank {}: {lang} {text:?} -> {:?}", r + 1, &urls[..urls.len().min(3)]),
            _ => failures.push(format!(
                "{lang} {text:?}: expected {expect}, got {:?}",
                &urls[..urls.len().min(3)]
            )),
        }
        assert!(!urls.is_empty(), "{lang} {text:?}: no result");
    }
    let target = repo().join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(
        target.join("search-expected.json"),
        serde_json::to_string_pretty(&tops).unwrap(),
    )
    .unwrap();
    for (lang, (ok, n)) in &per_lang {
        println!("{lang}: {ok}/{n} at rank 1");
    }
    println!("at rank 1: {first} of {}", queries.len());
    assert!(failures.is_empty(), "not in the top 3:\n{}", failures.join("\n"));
    assert!(
        first * 100 >= queries.len() * 90,
        "only {first} of {} at rank 1",
        queries.len()
    );
}

/// The normalisation of the build agrees with the shared vectors; the browser suite checks
/// `search.js` against the same file, so both sides agree.
#[test]
fn normalisation_vectors() {
    let vectors: Vec<(String, String, String)> =
        serde_json::from_str(&std::fs::read_to_string(repo().join("tests/search-vectors.json")).unwrap()).unwrap();
    for (lang, input, expected) in vectors {
        assert_eq!(quartier::search::normalize(&input), expected, "{lang} {input:?}");
    }
}

/// A result's snippet is the page's description in the reader's language, not what the page
/// starts with (a leaflet link, a badge, the list of Stadtteile).
#[test]
fn snippets_are_the_pages_descriptions() {
    let build = default_site();
    let snippet = |lang: &str, url: &str| {
        build.search[lang]
            .docs
            .iter()
            .find(|d| d.0 == url)
            .map(|d| d.4.clone())
            .unwrap_or_else(|| panic!("{url} is not in the {lang} index"))
    };
    let ar = snippet("ar", "/ar/districts/eving/");
    assert!(ar.starts_with("التسجيل والنفايات"), "{ar}");
    let de = snippet("de", "/de/districts/scharnhorst/");
    assert!(de.starts_with("Anmelden, Müll"), "{de}");
    assert!(!de.contains("Handzettel"), "{de}");
    let office = snippet("de", "/de/offices/eving-scharnhorst/");
    assert!(!office.contains("Handzettel") && !office.is_empty(), "{office}");
}
