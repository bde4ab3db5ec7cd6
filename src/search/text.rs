//! Search text: normalising (the same rules as search.js, checked against the shared
//! vectors), tokenising and stemming in every language.

use super::*;

/// Characters mapped to others after lowercasing, before combining marks are removed.
/// Hamza forms and alef variants decompose (NFKD) into the base letter and a mark.
pub const NORMALIZATION: &[(char, &str)] = &[
    ('ı', "i"),
    ('ß', "ss"),
    ('ى', "ي"),
    ('ی', "ي"),
    ('ک', "ك"),
    ('ة', "ه"),
    ('ٱ', "ا"),
    // Ukrainian and Russian spellings of the same names (Евінг/Эвинг, Гёрде/Герде: ё loses
    // its mark): э and є as е, і (and ї) as и, ґ as г.
    ('э', "е"),
    ('є', "е"),
    ('і', "и"),
    ('ґ', "г"),
    ('ـ', ""),        // tatweel
    ('\u{00AD}', ""), // soft hyphen
    ('\u{00B7}', ""), // middle dot of Leichte Sprache (Bürger·amt)
    ('\u{200C}', ""), // zero-width non-joiner (Persian)
    ('\u{2019}', ""), // apostrophes inside Ukrainian words
    ('\u{02BC}', ""),
    ('\'', ""),
    ('٠', "0"),
    ('١', "1"),
    ('٢', "2"),
    ('٣', "3"),
    ('٤', "4"),
    ('٥', "5"),
    ('٦', "6"),
    ('٧', "7"),
    ('٨', "8"),
    ('٩', "9"),
    ('۰', "0"),
    ('۱', "1"),
    ('۲', "2"),
    ('۳', "3"),
    ('۴', "4"),
    ('۵', "5"),
    ('۶', "6"),
    ('۷', "7"),
    ('۸', "8"),
    ('۹', "9"),
];

/// Normalises text for search: NFKD, lowercase, [`NORMALIZATION`], combining marks removed,
/// German digraphs folded (`ae`, `oe`, `ue` as typed for `ä`, `ö`, `ü`) in every language, as
/// every page carries German place names ("hoerde" finds Hörde on the Arabic site too).
pub fn normalize(text: &str) -> String {
    let lower: String = text.nfkd().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if let Some((_, to)) = NORMALIZATION.iter().find(|(from, _)| *from == c) {
            out.push_str(to);
        } else if !unicode_normalization::char::is_combining_mark(c) {
            out.push(c);
        }
    }
    // Until nothing changes, so normalising twice gives the same text ("uuee" → "uue" → "uu";
    // found by fuzzing).
    loop {
        let folded = out.replace("ae", "a").replace("oe", "o").replace("ue", "u");
        if folded == out {
            break;
        }
        out = folded;
    }
    out
}

/// Words of normalised text: runs of letters and digits.
pub fn tokenize(normalized: &str) -> Vec<&str> {
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A light stemmer for languages without a Snowball stemmer (Ukrainian, Persian): the longest
/// listed ending is removed when at least three letters remain.
pub(super) fn light_stem<'a>(word: &'a str, endings: &[&str]) -> &'a str {
    let mut best = word;
    for ending in endings {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 3
            && stem.len() < best.len()
        {
            best = stem;
        }
    }
    best
}

pub(super) const UKRAINIAN_ENDINGS: &[&str] = &[
    "ами", "ями", "ові", "еві", "ого", "ому", "ими", "іх", "их", "ах", "ях", "ам", "ям", "ою", "ею", "ій", "ий", "ої",
    "ом", "ем", "ів", "у", "ю", "а", "я", "і", "и", "о", "е", "ь",
];
/// Persian endings as they look after [`normalize`] (Persian yeh ی becomes Arabic yeh ي).
pub(super) const PERSIAN_ENDINGS: &[&str] = &["هايي", "هاي", "ها", "ترين", "تر", "ان", "ات", "اي", "ي"];

/// The stem of a normalised word in `lang`.
pub fn stem(word: &str, lang: &str) -> String {
    use rust_stemmers::{Algorithm, Stemmer};
    let algorithm = match lang.split('-').next().unwrap_or(lang) {
        "de" => Some(Algorithm::German),
        "en" => Some(Algorithm::English),
        "ar" => Some(Algorithm::Arabic),
        "ru" => Some(Algorithm::Russian),
        "tr" => Some(Algorithm::Turkish),
        _ => None,
    };
    match (algorithm, lang.split('-').next().unwrap_or(lang)) {
        (Some(a), _) => Stemmer::create(a).stem(word).into_owned(),
        (None, "uk") => light_stem(word, UKRAINIAN_ENDINGS).to_string(),
        (None, "fa") => light_stem(word, PERSIAN_ENDINGS).to_string(),
        _ => word.to_string(),
    }
}
