//! The search text path: normalising, splitting into words and stemming in every language,
//! and a query against a small index built from the same text. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const LANGUAGES: [&str; 8] = ["de", "en", "ar", "uk", "fa", "tr", "ru", "de-simple"];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let lang = LANGUAGES[which as usize % LANGUAGES.len()];
    let normalized = quartier::search::normalize(text);
    // Normalising is idempotent: the browser normalises what the index already holds.
    assert_eq!(
        quartier::search::normalize(&normalized),
        normalized,
        "normalize is not idempotent"
    );
    for word in quartier::search::tokenize(&normalized) {
        let _ = quartier::search::stem(word, lang);
        let _ = quartier::search::shard_key(word);
    }
    let half = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let docs = vec![quartier::search::SearchDoc {
        url: "/de/districts/a/".into(),
        kind: quartier::search::PageKind::District,
        districts: vec!["a".into()],
        district_names: text[..half].to_string(),
        text: quartier::search::PageText {
            title: text[..half].to_string(),
            headings: text[half..].to_string(),
            body: text.to_string(),
            summary: text[half..].to_string(),
        },
    }];
    let index = quartier::search::build_index(lang, &docs);
    let _ = quartier::search::query(&index, text);
});
