//! The offline search index: built from the post-processed HTML of every page, per language,
//! split into small JavaScript files that a `<script>` tag can load (so `file://` works).
//!
//! **One definition of text processing.** [`normalize`] is specified by [`NORMALIZATION`] and
//! the folding of German digraphs; the same tables are written into each language's
//! manifest and `search.js` applies them the same way (tested against the shared vectors in
//! `tests/search-vectors.json`). Stemming runs only at build time: the index maps every
//! normalised word that occurs (its surface form) to its stem, so the browser never needs a
//! stemmer. A query word that does not occur as such is matched by prefix (the last word, as
//! it is typed) or after dropping up to two letters (inflections the pages do not contain).

mod text;

pub use text::*;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// What kind of page a result is (for filters, labels and the boost of offices and districts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An office page.
    Office,
    /// A district page.
    District,
    /// The partner directory.
    Partners,
    /// The home page.
    Home,
    /// A content page.
    Page,
}

/// The text of one page, as the post-processing pass read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// The `h1`.
    pub title: String,
    /// `h2` and `h3` headings.
    pub headings: String,
    /// All other text of `<main>` (scripts left out).
    pub body: String,
    /// The page's description (`<meta name="description">`), when it has one in its language.
    pub summary: String,
}

/// A page to index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Site-absolute URL.
    pub url: String,
    /// Kind of page.
    pub kind: PageKind,
    /// District ids the page belongs to.
    pub districts: Vec<String>,
    /// District names (in the page's language), indexed as a field.
    pub district_names: String,
    /// The text.
    pub text: PageText,
}

/// Field weights: a word in the title counts this many times more than in the body.
const TITLE_WEIGHT: f64 = 4.0;
const HEADING_WEIGHT: f64 = 2.0;
const DISTRICT_WEIGHT: f64 = 3.0;
const BODY_WEIGHT: f64 = 1.0;
/// Extra score for a word of the title, divided by the number of words in the title.
const TITLE_BONUS: f64 = 3.0;

/// The index of one language.
#[derive(Debug, Default)]
pub struct LanguageIndex {
    /// Documents in order.
    pub docs: Vec<(String, PageKind, Vec<String>, String, String)>,
    /// Normalised surface form → stem.
    pub vocabulary: BTreeMap<String, String>,
    /// Stem → (document, score × 100), best first.
    pub postings: BTreeMap<String, Vec<(u32, u32)>>,
    /// The normalised words of the language's names for an office and its hours (the UI
    /// strings `search_kind_office` and `hours`): a query with one of them, or one of them with
    /// an ending, ranks office pages first ("Brackel office", "مكتب براكل", "Hörde ofisi",
    /// "opening hours Lanstrop"). Written to the manifest for `search.js`.
    pub office_words: Vec<String>,
}

/// Builds the index of one language with BM25 scores over weighted fields; offices and
/// districts get a boost, so the place to go ranks above pages that mention it.
pub fn build_index(lang: &str, docs: &[SearchDoc]) -> LanguageIndex {
    use std::collections::{HashMap, HashSet};
    let mut index = LanguageIndex::default();
    // Words and stems are numbered while counting (a word seen before costs one hash lookup,
    // no allocation); the sorted maps of the index are made once at the end.
    let mut stem_of_word: HashMap<String, u32> = HashMap::new();
    let mut stem_ids: HashMap<String, u32> = HashMap::new();
    let mut stems: Vec<String> = Vec::new();
    let mut term_freqs: Vec<HashMap<u32, f64>> = Vec::with_capacity(docs.len());
    let mut title_stems: Vec<(HashSet<u32>, usize)> = Vec::with_capacity(docs.len());
    let mut lengths = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut tf: HashMap<u32, f64> = HashMap::new();
        let mut length = 0.0;
        let mut title_set = HashSet::new();
        let mut title_words = 0;
        for (text, weight, is_title) in [
            (&doc.text.title, TITLE_WEIGHT, true),
            (&doc.text.headings, HEADING_WEIGHT, false),
            (&doc.district_names, DISTRICT_WEIGHT, false),
            (&doc.text.body, BODY_WEIGHT, false),
        ] {
            let normalized = normalize(text);
            for word in tokenize(&normalized) {
                let id = match stem_of_word.get(word) {
                    Some(id) => *id,
                    None => {
                        let stemmed = stem(word, lang);
                        let id = match stem_ids.get(&stemmed) {
                            Some(id) => *id,
                            None => {
                                stems.push(stemmed.clone());
                                let id = (stems.len() - 1) as u32;
                                stem_ids.insert(stemmed, id);
                                id
                            }
                        };
                        stem_of_word.insert(word.to_string(), id);
                        id
                    }
                };
                if is_title {
                    title_set.insert(id);
                    title_words += 1;
                }
                *tf.entry(id).or_insert(0.0) += weight;
                length += weight;
            }
        }
        title_stems.push((title_set, title_words.max(1)));
        term_freqs.push(tf);
        lengths.push(length);
        // The result's snippet: the page's description, or else what follows the title.
        let body = doc
            .text
            .body
            .strip_prefix(doc.text.title.as_str())
            .unwrap_or(&doc.text.body);
        let snippet = if doc.text.summary.is_empty() {
            body
        } else {
            &doc.text.summary
        };
        let summary: String = snippet.split_whitespace().take(24).collect::<Vec<_>>().join(" ");
        index.docs.push((
            doc.url.clone(),
            doc.kind,
            doc.districts.clone(),
            doc.text.title.clone(),
            summary,
        ));
    }
    let n = docs.len().max(1) as f64;
    let average = lengths.iter().sum::<f64>() / n;
    let mut document_frequency = vec![0usize; stems.len()];
    for tf in &term_freqs {
        for stem in tf.keys() {
            document_frequency[*stem as usize] += 1;
        }
    }
    let (k1, b) = (1.2, 0.75);
    let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); stems.len()];
    for (i, tf) in term_freqs.iter().enumerate() {
        let boost = match docs[i].kind {
            PageKind::Office | PageKind::District => 1.5,
            _ => 1.0,
        };
        for (stem, f) in tf {
            let df = document_frequency[*stem as usize] as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            // A word of a short title counts most: "Hörde" ranks the page titled "Hörde" above
            // "lokal willkommen Hörde/Hombruch".
            let title_bonus = if title_stems[i].0.contains(stem) {
                TITLE_BONUS * idf / title_stems[i].1 as f64
            } else {
                0.0
            };
            let score =
                (idf * f * (k1 + 1.0) / (f + k1 * (1.0 - b + b * lengths[i] / average.max(1.0))) + title_bonus) * boost;
            postings[*stem as usize].push((i as u32, (score * 100.0).round().max(1.0) as u32));
        }
    }
    for (stem, mut list) in stems.iter().zip(postings) {
        // Scores and documents give a total order: the list does not depend on hash order.
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // A word on thousands of pages says little: its best pages are kept, which keeps every
        // shard small on large sites.
        list.truncate(MAX_POSTINGS);
        index.postings.insert(stem.clone(), list);
    }
    index.vocabulary = stem_of_word
        .into_iter()
        .map(|(word, id)| (word, stems[id as usize].clone()))
        .collect();
    index
}

/// Pages kept per stem (best scores first).
pub const MAX_POSTINGS: usize = 500;
/// A shard above this size (JSON bytes) is split by one more character.
pub const MAX_SHARD_BYTES: usize = 24 * 1024;

/// The shard of a surface form: its first two characters.
pub fn shard_key(surface: &str) -> String {
    surface.chars().take(2).collect()
}

/// Stems a query word can mean, each with the share of its score it brings (out of 2): the
/// word itself (2); words it begins, when it has at least three letters (2 for the last word,
/// which is still being typed, 1 for the others); for words the pages do not contain, words
/// beginning with it less one or two letters (three for words of eight letters or more; at
/// least three kept; 2), and then words one letter away with the same first three (a typo, a
/// letter written another way: "Шарнгорст" → "шарнхорст"; 1).
fn candidate_stems<'a>(index: &'a LanguageIndex, word: &str, is_last: bool) -> BTreeMap<&'a str, u32> {
    let mut stems: BTreeMap<&'a str, u32> = BTreeMap::new();
    let add = |stem: &'a str, share: u32, stems: &mut BTreeMap<&'a str, u32>| {
        let entry = stems.entry(stem).or_default();
        *entry = (*entry).max(share);
    };
    let with_prefix = |prefix: &str| -> Vec<&'a str> {
        index
            .vocabulary
            .range(prefix.to_string()..)
            .take_while(|(surface, _)| surface.starts_with(prefix))
            .map(|(_, stem)| stem.as_str())
            .collect()
    };
    let chars: Vec<char> = word.chars().collect();
    if let Some(stem) = index.vocabulary.get(word) {
        add(stem, 2, &mut stems);
    }
    if chars.len() >= 3 || (is_last && chars.len() >= 2) {
        for stem in with_prefix(word) {
            add(stem, if is_last { 2 } else { 1 }, &mut stems);
        }
    }
    let mut cut = 1;
    let most = if chars.len() >= 8 { 3 } else { 2 };
    while stems.is_empty() && cut <= most && chars.len() >= 3 + cut {
        let prefix: String = chars[..chars.len() - cut].iter().collect();
        for stem in with_prefix(&prefix) {
            add(stem, 2, &mut stems);
        }
        cut += 1;
    }
    if stems.is_empty() && chars.len() >= 5 {
        // Among words with the same first three letters: all of them are in the shard the
        // browser loaded for the word.
        let shard: String = chars[..3].iter().collect();
        let near = index
            .vocabulary
            .range(shard.clone()..)
            .take_while(|(surface, _)| surface.starts_with(&shard));
        for (surface, stem) in near {
            if one_edit_apart(word, surface) {
                add(stem, 1, &mut stems);
            }
        }
    }
    stems
}

/// Whether `a` becomes `b` by changing, adding or removing one letter.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let start = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[start + 1..] == long[start + 1..]
    } else {
        short[start..] == long[start + 1..]
    }
}

/// A word the pages do not contain that they write as two ("Mülltrennung" → "müll" +
/// "trennung", found as "Müll trennen"): split after the longest beginning (at least three
/// letters) that is a word of the pages, where the rest (at least three letters) matches as
/// a word would. Words of seven letters or more only.
pub fn split_joined_words(index: &LanguageIndex, words: Vec<String>) -> Vec<String> {
    let count = words.len();
    let mut out = Vec::with_capacity(count + 1);
    for (i, word) in words.into_iter().enumerate() {
        let is_last = i + 1 == count;
        let chars: Vec<char> = word.chars().collect();
        if chars.len() >= 7 && candidate_stems(index, &word, is_last).is_empty() {
            let split = (3..=chars.len() - 3).rev().find_map(|k| {
                let (left, right): (String, String) = (chars[..k].iter().collect(), chars[k..].iter().collect());
                (index.vocabulary.contains_key(&left) && !candidate_stems(index, &right, is_last).is_empty())
                    .then_some((left, right))
            });
            if let Some((left, right)) = split {
                out.push(left);
                out.push(right);
                continue;
            }
        }
        out.push(word);
    }
    out
}

/// Adjacent query words the pages write as one ("nadler weg" → "nadlerweg", "نورد شتات"):
/// joined where the joined word occurs (or, for the last two, begins a word that occurs) and
/// the first has at least three letters (so the browser finds it in the same shard).
pub fn join_split_words(index: &LanguageIndex, words: &[&str]) -> Vec<String> {
    let mut joined = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len() && words[i].chars().count() >= 3 {
            let both = format!("{}{}", words[i], words[i + 1]);
            let last = i + 2 == words.len();
            let occurs = index.vocabulary.contains_key(&both)
                || (last
                    && index
                        .vocabulary
                        .range(both.clone()..)
                        .next()
                        .is_some_and(|(surface, _)| surface.starts_with(&both)));
            if occurs {
                joined.push(both);
                i += 2;
                continue;
            }
        }
        joined.push(words[i].to_string());
        i += 1;
    }
    joined
}

/// Runs a query; returns document numbers, best first. `search.js` implements the same steps
/// in the browser.
///
/// First the pages that match every word (scores add up). Then, for questions and for words
/// the pages do not share ("wo ist das büro in eving", "rubbish collection"), the pages that
/// match some of the words: by how many of the telling words they match (a word found on
/// more than half of the pages does not count), then by score, a rare word weighing up to 20
/// times a common one.
pub fn query(index: &LanguageIndex, text: &str) -> Vec<u32> {
    let normalized = normalize(text);
    let words = split_joined_words(index, join_split_words(index, &tokenize(&normalized)));
    // "ofisi", "офісу", "Büros": a word for an office with an ending counts too. Such a word
    // asks for an office page rather than for pages that contain it, so office pages come
    // first and the other words decide which.
    let is_office_word = |w: &String| index.office_words.iter().any(|o| w.starts_with(o.as_str()));
    let names_office = words.iter().any(is_office_word);
    let words: Vec<String> = if names_office && words.iter().any(|w| !is_office_word(w)) {
        words.into_iter().filter(|w| !is_office_word(w)).collect()
    } else {
        words
    };
    let per_word: Vec<BTreeMap<u32, u32>> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let mut scores: BTreeMap<u32, u32> = BTreeMap::new();
            for (stem, share) in candidate_stems(index, word, i + 1 == words.len()) {
                for (doc, score) in index.postings.get(stem).into_iter().flatten() {
                    let entry = scores.entry(*doc).or_default();
                    *entry = (*entry).max(score * share / 2);
                }
            }
            scores
        })
        .collect();
    let mut all: Option<BTreeMap<u32, u32>> = None;
    for scores in &per_word {
        all = Some(match all {
            None => scores.clone(),
            Some(previous) => previous
                .into_iter()
                .filter_map(|(doc, s)| scores.get(&doc).map(|t| (doc, s + t)))
                .collect(),
        });
    }
    // A query that names an office ("Büro Eving") puts the office pages first.
    let first = |doc: u32| names_office && index.is_office(doc);
    let mut ranked: Vec<(u32, u32)> = all.unwrap_or_default().into_iter().collect();
    ranked.sort_by(|a, b| first(b.0).cmp(&first(a.0)).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut found: Vec<u32> = ranked.into_iter().map(|(doc, _)| doc).collect();
    if per_word.len() > 1 {
        let pages = index.docs.len().max(1) as u64;
        let mut some: BTreeMap<u32, (u32, u64)> = BTreeMap::new();
        for scores in per_word.iter().filter(|s| !s.is_empty()) {
            let df = scores.len() as u64;
            let telling = u32::from(df * 2 <= pages);
            let weight = pages.div_ceil(df).min(20);
            for (doc, score) in scores {
                let entry = some.entry(*doc).or_default();
                entry.0 += telling;
                entry.1 += u64::from(*score) * weight;
            }
        }
        let seen: BTreeSet<u32> = found.iter().copied().collect();
        let mut rest: Vec<(u32, (u32, u64))> = some
            .into_iter()
            .filter(|(doc, (telling, _))| *telling > 0 && !seen.contains(doc))
            .collect();
        rest.sort_by(|a, b| {
            (b.1.0.cmp(&a.1.0))
                .then(first(b.0).cmp(&first(a.0)))
                .then(b.1.1.cmp(&a.1.1))
                .then(a.0.cmp(&b.0))
        });
        found.extend(rest.into_iter().map(|(doc, _)| doc));
    }
    // Pages that list everything (home, the partner directory) after the pages about the
    // thing: "Aplerbeck'de danışmanlık" means the Aplerbeck page, not the home page that
    // names every district.
    let (listings, mut about): (Vec<u32>, Vec<u32>) = found.into_iter().partition(|doc| index.is_listing(*doc));
    about.extend(listings);
    about
}

impl LanguageIndex {
    fn kind_is(&self, doc: u32, kinds: &[PageKind]) -> bool {
        self.docs.get(doc as usize).is_some_and(|d| kinds.contains(&d.1))
    }

    /// Whether document `doc` lists everything rather than being about one thing.
    pub fn is_listing(&self, doc: u32) -> bool {
        self.kind_is(doc, &[PageKind::Home, PageKind::Partners])
    }

    /// Whether document `doc` is an office page.
    pub fn is_office(&self, doc: u32) -> bool {
        self.kind_is(doc, &[PageKind::Office])
    }
}

/// Ascending document numbers as `[first, last]` runs: the pages of one kind are made one
/// after another, so the offices of a 10,000-page site are a handful of runs, not thousands of
/// numbers in every manifest.
fn ranges(docs: impl Iterator<Item = u32>) -> Vec<[u32; 2]> {
    let mut runs: Vec<[u32; 2]> = Vec::new();
    for doc in docs {
        match runs.last_mut() {
            Some(run) if run[1] + 1 == doc => run[1] = doc,
            _ => runs.push([doc, doc]),
        }
    }
    runs
}

/// Documents per document shard: small, so showing ten results loads little.
pub const DOCS_PER_SHARD: usize = 10;

fn js_file(key: &str, value: &serde_json::Value) -> Vec<u8> {
    // `</` cannot occur: the JSON is escaped.
    format!(
        "quartierSearch.put({},{});\n",
        serde_json::json!(key),
        value.to_string().replace('<', "\\u003c")
    )
    .into_bytes()
}

/// The files of one language's index, by path under `search/<lang>/`, plus the manifest.
pub fn index_files(
    lang: &str,
    index: &LanguageIndex,
    labels: &BTreeMap<&'static str, String>,
    district_names: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    // Shards by the first two characters; a large one is split by three ("deep").
    let shard_json = |surfaces: &[(&String, &String)]| -> serde_json::Value {
        let vocabulary: BTreeMap<&str, &str> = surfaces.iter().map(|(s, t)| (s.as_str(), t.as_str())).collect();
        let stems: BTreeSet<&str> = surfaces.iter().map(|(_, t)| t.as_str()).collect();
        let postings: BTreeMap<&str, Vec<[u32; 2]>> = stems
            .iter()
            .map(|s| {
                (
                    *s,
                    index
                        .postings
                        .get(*s)
                        .map(|p| p.iter().map(|(d, sc)| [*d, *sc]).collect())
                        .unwrap_or_default(),
                )
            })
            .collect();
        serde_json::json!({ "v": vocabulary, "p": postings })
    };
    let mut by_two: BTreeMap<String, Vec<(&String, &String)>> = BTreeMap::new();
    for (surface, stem) in &index.vocabulary {
        by_two.entry(shard_key(surface)).or_default().push((surface, stem));
    }
    let mut deep: BTreeMap<String, String> = BTreeMap::new();
    for (key, surfaces) in &by_two {
        let json = shard_json(surfaces);
        if json.to_string().len() > MAX_SHARD_BYTES && key.chars().count() == 2 {
            let mut by_three: BTreeMap<String, Vec<(&String, &String)>> = BTreeMap::new();
            for (surface, stem) in surfaces {
                by_three
                    .entry(surface.chars().take(3).collect())
                    .or_default()
                    .push((surface, stem));
            }
            deep.insert(key.clone(), by_three.keys().filter_map(|k| k.chars().nth(2)).collect());
            for (key3, group) in by_three {
                files.insert(
                    format!("t-{}.js", hex_key(&key3)),
                    js_file(&format!("{lang}/t-{key3}"), &shard_json(&group)),
                );
            }
        } else {
            files.insert(
                format!("t-{}.js", hex_key(key)),
                js_file(&format!("{lang}/t-{key}"), &json),
            );
        }
    }
    for (n, chunk) in index.docs.chunks(DOCS_PER_SHARD).enumerate() {
        let docs: Vec<serde_json::Value> = chunk
            .iter()
            .map(|(url, kind, districts, title, summary)| serde_json::json!([url, kind, districts, title, summary]))
            .collect();
        files.insert(
            format!("d-{n}.js"),
            js_file(&format!("{lang}/d-{n}"), &serde_json::json!(docs)),
        );
    }
    let normalization: BTreeMap<String, &str> = NORMALIZATION.iter().map(|(c, to)| (c.to_string(), *to)).collect();
    // The version changes whenever any file of the index changes (offline copies are renewed).
    let version = {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        for bytes in files.values() {
            hasher.update(bytes);
        }
        hasher
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let manifest = serde_json::json!({
        "version": version,
        "lang": lang,
        "map": normalization,
        "deep": deep,
        "docs": index.docs.len(),
        "perShard": DOCS_PER_SHARD,
        "officeWords": index.office_words,
        "listings": ranges((0..index.docs.len() as u32).filter(|d| index.is_listing(*d))),
        "offices": ranges((0..index.docs.len() as u32).filter(|d| index.is_office(*d))),
        "labels": labels,
        "districts": district_names,
    });
    files.insert("index.js".to_string(), js_file(&format!("{lang}/index"), &manifest));
    // The list of all files, fetched only to keep the whole index for offline use.
    let all: Vec<&String> = files.keys().collect();
    let list = serde_json::to_vec(&all).unwrap_or_default();
    files.insert("files.json".to_string(), list);
    files
}

/// A file-name-safe form of a shard key (hex of its UTF-8 bytes).
pub fn hex_key(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Labels the search script needs, in the page's language.
pub const SEARCH_LABELS: [&str; 10] = [
    "search_results_none",
    "list_separator",
    "search_results.one",
    "search_results.other",
    "search_kind_office",
    "search_kind_district",
    "search_kind_partners",
    "search_kind_home",
    "search_kind_page",
    "search_too_short",
];

/// A page to index: its output file, its kind and id (from the build's page job), its text.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    /// Output file, e.g. `de/offices/nordstadt/index.html`.
    pub file: String,
    /// What kind of page it is.
    pub kind: PageKind,
    /// The id of the district, office or page (empty for the home and partner pages).
    pub id: String,
    /// Its text, as the post-processing pass read it.
    pub text: PageText,
}

/// Indexes the pages of one language (in file order) and makes its published index files,
/// by output path.
pub fn index_language(
    lang: &crate::config::Language,
    content: &crate::validate::Content,
    strings: Option<&crate::theme::Strings>,
    pages: Vec<IndexedPage>,
) -> (LanguageIndex, BTreeMap<String, Vec<u8>>) {
    let chain: Vec<&str> = std::iter::once(lang.tag.as_str())
        .chain(lang.fallback.iter().map(String::as_str))
        .collect();
    let name_of = |id: &str| -> String {
        content
            .districts
            .get(id)
            .and_then(|d| chain.iter().find_map(|t| d.name.get(*t)))
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let docs: Vec<SearchDoc> = pages
        .into_iter()
        .map(|IndexedPage { file, kind, id, text }| {
            let districts = match kind {
                PageKind::District => vec![id],
                PageKind::Office => content
                    .offices
                    .get(&id)
                    .map(|o| o.districts.clone())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let district_names = districts.iter().map(|d| name_of(d)).collect::<Vec<_>>().join(" ");
            SearchDoc {
                url: format!("/{}", file.trim_end_matches("index.html")),
                kind,
                districts,
                district_names,
                text,
            }
        })
        .collect();
    let mut index = build_index(&lang.tag, &docs);
    let labels: BTreeMap<&'static str, String> = SEARCH_LABELS
        .iter()
        .map(|k| (*k, strings.and_then(|u| u.get(*k)).cloned().unwrap_or_default()))
        .collect();
    let hours = strings.and_then(|u| u.get("hours")).cloned().unwrap_or_default();
    let office_names = normalize(&format!("{} {hours}", labels["search_kind_office"]));
    index.office_words = tokenize(&office_names)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: BTreeMap<String, String> = content.districts.keys().map(|id| (id.clone(), name_of(id))).collect();
    let files: BTreeMap<String, Vec<u8>> = index_files(&lang.tag, &index, &labels, &names)
        .into_iter()
        .map(|(name, bytes)| (format!("{}/search/data/{name}", lang.path), bytes))
        .collect();
    (index, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_folds_what_people_type() {
        assert_eq!(normalize("Ausländerbehörde"), "auslanderbehorde");
        assert_eq!(normalize("Auslaenderbehoerde"), "auslanderbehorde");
        assert_eq!(normalize("Bürger·amt"), "burgeramt");
        assert_eq!(normalize("Stra\u{00AD}ße"), "strasse");
        assert_eq!(normalize("İSTANBUL ılık"), "istanbul ilik");
        assert_eq!(normalize("كتاب"), normalize("کتاب"));
        assert_eq!(normalize("أحمد إلى آخر"), "احمد الي اخر");
        assert_eq!(normalize("مدرسة"), "مدرسه");
        assert_eq!(normalize("مُدَرِّسـة"), "مدرسه");
        assert_eq!(normalize("۱۲۳ ١٢٣"), "123 123");
        assert_eq!(normalize("ёлка"), "елка");
        assert_eq!(normalize("п’ять"), "пять");
    }

    fn docs() -> Vec<SearchDoc> {
        let doc = |url: &str, kind, title: &str, body: &str| SearchDoc {
            url: url.into(),
            kind,
            districts: vec![],
            district_names: String::new(),
            text: PageText {
                title: title.into(),
                headings: String::new(),
                body: body.into(),
                summary: String::new(),
            },
        };
        vec![
            doc("/uk/a/", PageKind::Page, "Лікарня", "Міська лікарня приймає пацієнтів."),
            doc("/uk/b/", PageKind::Page, "Школа", "Діти йдуть до школи."),
            doc(
                "/uk/c/",
                PageKind::District,
                "Район",
                "У районі немає лікарні, але є школа.",
            ),
        ]
    }

    #[test]
    fn inflected_forms_prefixes_and_all_words() {
        let index = build_index("uk", &docs());
        assert_eq!(
            query(&index, "лікарнями").first(),
            Some(&0),
            "an inflection the pages do not contain"
        );
        assert!(query(&index, "лікарні").contains(&2));
        assert_eq!(query(&index, "шко"), vec![1, 2], "prefix of the last word");
        assert_eq!(
            query(&index, "лікарні школа"),
            vec![2],
            "pages with both words; a word on more than half of the pages brings no page of its own"
        );
        assert!(query(&index, "метро").is_empty());
    }
}
