//! Stage 2: `load_content` — the `content/` folder into [`RawContent`], as written.
//!
//! Raw types mirror the files one to one; unknown keys are errors. Nothing here checks
//! cross-references: that is `validate`'s job, which turns raw values into checked ones.

mod raw;

pub use raw::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::markdown;
use crate::source;
use crate::yaml::{self, KeyPositions};

pub use crate::dates::RawClosure;
pub use crate::text::{I18n, is_blank};

/// The content folder name under the site root.
pub const CONTENT_DIR: &str = "content";

/// Whether `id` is a valid id: lowercase ASCII letters and digits in groups joined by `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// A suggestion for an id: umlauts transliterated, everything else folded to `-`.
pub fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "new-id".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Whether a file name is hidden or an editor's temporary file (`.x`, `x~`, `#x#`, `.swp`…):
/// never content, and never a reason for `serve` to rebuild.
pub fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads every file under `root/content`. Each unreadable or malformed file is a diagnostic;
/// the rest is still loaded so all problems are reported at once.
pub fn load_content(root: &Path, config: &SiteConfig) -> (RawContent, Diagnostics) {
    load_content_cached(root, config, &mut FileCache::default())
}

/// What was read of each content file, kept by the preview between rebuilds: a file whose
/// size and modification time are unchanged is not read or parsed again.
#[derive(Default)]
pub struct FileCache {
    files: std::collections::HashMap<PathBuf, CachedFile>,
    /// The configuration the files were read with (file names are checked against its
    /// languages): another one empties the cache.
    config: u64,
    /// The content files in the order of the last walk, with what the walk itself found
    /// (unusual folder entries, unreadable folders).
    walked: Vec<PathBuf>,
    walk_diags: Diagnostics,
    /// The files the file watcher saw change since the last load ([`FileCache::only_changed`]),
    /// or `None`: every file's stamp is checked.
    changed: Option<Vec<PathBuf>>,
    /// All files' parses put together, with their problems ([`load_content_kept`]), as of the
    /// last load that made them.
    assembled: Option<(RawContent, Diagnostics)>,
    /// The files whose text changed since [`FileCache::settle`], and whether a file came or
    /// went since then.
    touched: std::collections::BTreeSet<PathBuf>,
    came_or_went: bool,
}

struct CachedFile {
    stamp: (u64, Option<std::time::SystemTime>),
    /// When it was read: a file changed less than a second before could change again
    /// without a new time (file times are coarse), so it is read again.
    read_at: std::time::SystemTime,
    fingerprint: u64,
    parsed: RawContent,
    diags: Diagnostics,
}

impl FileCache {
    /// Tells the next load that only `paths` (relative to the site root, as the file watcher
    /// reported them) changed since the last one. When they are all files already read that
    /// are still there, the next load looks at them alone instead of walking the whole
    /// folder; anything else (a file added or removed, a folder) and it walks as always.
    pub fn only_changed(&mut self, paths: Vec<PathBuf>) {
        // Added to those a load has not taken yet (one that stopped at a broken
        // configuration).
        self.changed.get_or_insert_with(Vec::new).extend(paths);
    }

    /// The files (relative to the site root) whose text changed since the last
    /// [`FileCache::settle`], or `None` when a file came or went since then (or the cache is
    /// new).
    pub fn changes(&self) -> Option<&std::collections::BTreeSet<PathBuf>> {
        (!self.came_or_went).then_some(&self.touched)
    }

    /// Forgets the changes: what the cache holds now is what the caller built from.
    pub fn settle(&mut self) {
        self.touched.clear();
        self.came_or_went = false;
    }
}

/// A hash of anything hashable, stable within one run (what caches compare).
pub fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

/// [`load_content`], reading and parsing only the files that changed since `cache` saw them.
pub fn load_content_cached(root: &Path, config: &SiteConfig, cache: &mut FileCache) -> (RawContent, Diagnostics) {
    let (mut diags, _) = refresh(root, config, cache);
    let (content, file_diags) = assemble(cache);
    diags.extend(file_diags);
    (content, diags)
}

/// [`load_content_cached`] for the preview: the content stays in `cache`, put together once
/// and then changed file by file, and is lent (not copied for every rebuild).
pub fn load_content_kept<'c>(
    root: &Path,
    config: &SiteConfig,
    cache: &'c mut FileCache,
) -> (&'c RawContent, Diagnostics) {
    let (mut diags, read) = refresh(root, config, cache);
    // Only files already read were read again: their parses take the place of the old ones
    // when they hold the same entries, have no problems and name nothing broken (else
    // everything is put together again).
    let patched = match (cache.assembled.as_mut(), read) {
        (Some((assembled, _)), Some(read)) => read.iter().all(|(file, simple)| {
            cache
                .files
                .get(file)
                .is_some_and(|new| *simple && assembled.patch(file, &new.parsed))
        }),
        _ => false,
    };
    if !patched {
        cache.assembled = Some(assemble(cache));
    }
    let (content, file_diags) = cache.assembled.get_or_insert_with(Default::default);
    diags.extend(file_diags.clone());
    (content, diags)
}

/// Brings `cache` up to date with the files under `content/`. Returns what the walk found
/// (or that the folder is missing), and the files read again with whether both their old
/// and new parse are simple (no problems, nothing broken) when only the files the watcher
/// named were looked at (`None` after a walk).
fn refresh(root: &Path, config: &SiteConfig, cache: &mut FileCache) -> (Diagnostics, Option<Vec<(PathBuf, bool)>>) {
    let mut diags = Diagnostics::new();
    let content_root = root.join(CONTENT_DIR);
    let config_print = fingerprint(&format!("{:?}", config.languages));
    if cache.config != config_print {
        *cache = FileCache {
            config: config_print,
            ..FileCache::default()
        };
    }
    if !content_root.is_dir() {
        cache.came_or_went |= !cache.files.is_empty();
        cache.files.clear();
        cache.walked.clear();
        cache.assembled = None;
        diags.push(
            Diagnostic::error(CONTENT_DIR, None, "the content folder is missing")
                .with_help("create `content/` next to `site-config.yaml` (see the README)"),
        );
        return (diags, None);
    }
    // The watcher saw only files already read change, and they are still files: their
    // stamps alone are taken, the other files keep theirs.
    let hinted = cache.changed.take().and_then(|changed| {
        let stamps: Option<Vec<(PathBuf, Stamp)>> = changed
            .into_iter()
            .filter(|p| p.starts_with(CONTENT_DIR))
            .filter(|p| !p.iter().any(|part| part.to_str().is_some_and(is_editor_temporary)))
            .map(|p| {
                let meta = std::fs::symlink_metadata(root.join(&p)).ok()?;
                let known = cache.files.contains_key(&p) && meta.is_file();
                known.then(|| (p, (meta.len(), meta.modified().ok())))
            })
            .collect();
        stamps
    });
    match hinted {
        Some(stamps) => {
            diags.extend(cache.walk_diags.clone());
            let read = read_changed(root, config, cache, &stamps, false);
            (diags, Some(read))
        }
        None => {
            let mut files = Vec::new();
            walk_content(root, &content_root, &mut files, &mut diags);
            cache.walked = files.iter().map(|(f, _)| f.clone()).collect();
            cache.walk_diags = diags.clone();
            read_changed(root, config, cache, &files, true);
            (diags, None)
        }
    }
}

/// Every file's parse (cloned) and problems, in the order of the walk.
fn assemble(cache: &FileCache) -> (RawContent, Diagnostics) {
    let mut content = RawContent::default();
    let mut diags = Diagnostics::new();
    for file in &cache.walked {
        if let Some(one) = cache.files.get(file) {
            content.merge(one.parsed.clone());
            diags.extend(one.diags.clone());
        }
    }
    (content, diags)
}

type Stamp = (u64, Option<std::time::SystemTime>);

/// Every file under `content_root` (skipping editors' temporary files) with its stamp, in
/// file-name order; what is not a plain file or cannot be read goes to `diags`.
fn walk_content(root: &Path, content_root: &Path, files: &mut Vec<(PathBuf, Stamp)>, diags: &mut Diagnostics) {
    let walker = WalkDir::new(content_root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_editor_temporary));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                let stamp = entry
                    .metadata()
                    .map(|m| (m.len(), m.modified().ok()))
                    .unwrap_or((u64::MAX, None));
                files.push((relative, stamp));
            }
            Ok(entry) => {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                if let Some(d) = crate::source::unusual_entry(relative, entry.file_type()) {
                    diags.push(d);
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                diags.push(
                    Diagnostic::error(path, None, format!("cannot read: {e}"))
                        .with_help("check the folder's permissions"),
                );
            }
        }
    }
}

/// Reads and parses those of `files` whose stamp changed since `cache` read them (or that it
/// read less than a second after they were written); with `all`, `files` are all there are
/// and the cache forgets the others.
fn read_changed(
    root: &Path,
    config: &SiteConfig,
    cache: &mut FileCache,
    files: &[(PathBuf, Stamp)],
    all: bool,
) -> Vec<(PathBuf, bool)> {
    // Read and parse in parallel what changed; merge in file order so results do not depend
    // on scheduling.
    use rayon::prelude::*;
    let fresh: Vec<(PathBuf, CachedFile)> = files
        .par_iter()
        .filter(|(file, stamp)| {
            cache.files.get(file).is_none_or(|c| {
                let settled = stamp
                    .1
                    .is_some_and(|m| m + std::time::Duration::from_secs(1) < c.read_at);
                c.stamp != *stamp || !settled
            })
        })
        .map(|(file, stamp)| {
            let read_at = std::time::SystemTime::now();
            let mut parsed = RawContent::default();
            let mut one_diags = Diagnostics::new();
            let fingerprint = load_file(root, file, config, &mut parsed, &mut one_diags);
            let cached = CachedFile {
                stamp: *stamp,
                read_at,
                fingerprint,
                parsed,
                diags: one_diags,
            };
            (file.clone(), cached)
        })
        .collect();
    let simple = |f: &CachedFile| f.diags.is_empty() && f.parsed.broken.is_empty();
    let read = fresh
        .iter()
        .map(|(file, new)| (file.clone(), simple(new) && cache.files.get(file).is_some_and(simple)))
        .collect();
    for (file, new) in &fresh {
        match cache.files.get(file) {
            None => cache.came_or_went = true,
            Some(old) if old.fingerprint != new.fingerprint => {
                cache.touched.insert(file.clone());
            }
            Some(_) => {}
        }
    }
    cache.files.extend(fresh);
    if all {
        let present: std::collections::HashSet<&PathBuf> = files.iter().map(|(f, _)| f).collect();
        let before = cache.files.len();
        cache.files.retain(|f, _| present.contains(f));
        cache.came_or_went |= cache.files.len() != before;
    }
    read
}

/// What a path under `content/` is, judged by its place and name.
enum FileKind {
    Office(String),
    Hours(String),
    Partner(String),
    District(String),
    Guide { district: String, lang: String },
    Page { id: String, lang: String },
    Journey(String),
    JourneyText { journey: String, lang: String },
    LeafletRecord { district: String, version: String },
}

impl FileKind {
    /// The id the file name gives (a guide's is its district's).
    fn id(&self) -> &str {
        match self {
            FileKind::Office(id)
            | FileKind::Hours(id)
            | FileKind::Partner(id)
            | FileKind::District(id)
            | FileKind::Journey(id) => id,
            FileKind::JourneyText { journey, .. } => journey,
            FileKind::LeafletRecord { version, .. } => version,
            FileKind::Guide { district, .. } => district,
            FileKind::Page { id, .. } => id,
        }
    }
}

fn classify(parts: &[&str]) -> Option<FileKind> {
    let strip = |name: &str, ext: &str| name.strip_suffix(ext).map(str::to_string);
    match parts {
        ["offices", name] => strip(name, ".yaml").map(FileKind::Office),
        ["opening-hours", name] => strip(name, ".yaml").map(FileKind::Hours),
        ["partners", name] => strip(name, ".yaml").map(FileKind::Partner),
        ["districts", district, "district.yaml"] => Some(FileKind::District(district.to_string())),
        ["districts", district, name] => {
            let lang = name.strip_prefix("guide.")?.strip_suffix(".md")?;
            Some(FileKind::Guide {
                district: district.to_string(),
                lang: lang.to_string(),
            })
        }
        ["journeys", journey, "journey.yaml"] => Some(FileKind::Journey(journey.to_string())),
        ["journeys", journey, name] => {
            let lang = name.strip_prefix("journey.")?.strip_suffix(".md")?;
            Some(FileKind::JourneyText {
                journey: journey.to_string(),
                lang: lang.to_string(),
            })
        }
        ["printed-leaflets", district, name] => Some(FileKind::LeafletRecord {
            district: district.to_string(),
            version: strip(name, ".yaml")?,
        }),
        ["pages", name] => {
            let stem = name.strip_suffix(".md")?;
            let (id, lang) = stem.split_once('.')?;
            Some(FileKind::Page {
                id: id.to_string(),
                lang: lang.to_string(),
            })
        }
        _ => None,
    }
}

/// Reads and parses one file into `content`; returns the fingerprint of what it found (its
/// bytes, or its name's problem).
fn load_file(root: &Path, file: &Path, config: &SiteConfig, content: &mut RawContent, diags: &mut Diagnostics) -> u64 {
    let inside = file.strip_prefix(CONTENT_DIR).unwrap_or(file);
    let parts: Vec<&str> = inside.iter().filter_map(|p| p.to_str()).collect();
    let Some(kind) = classify(&parts) else {
        let name = file.to_string_lossy();
        let help = if name.ends_with(".yml") {
            "rename the file to end in `.yaml`".to_string()
        } else {
            "quartier reads offices/<id>.yaml, opening-hours/<office>.yaml, partners/<id>.yaml, districts/<id>/district.yaml, districts/<id>/guide.<lang>.md, pages/<id>.<lang>.md, journeys/<id>/journey.yaml, journeys/<id>/journey.<lang>.md and printed-leaflets/<district>/<version>.yaml; move or rename this file".to_string()
        };
        diags.push(
            Diagnostic::warning(
                file,
                None,
                "file not used: its name or folder is not one quartier reads",
            )
            .with_help(help),
        );
        return fingerprint(&format!("{diags:?}"));
    };
    let id = kind.id().to_string();
    if !is_valid_id(&id) {
        diags.push(
            Diagnostic::error(
                file,
                None,
                format!("`{id}` is not a valid id (the file or folder name is the id)"),
            )
            .with_help(format!(
                "ids use lowercase letters a–z, digits and `-` only; rename it to `{}`",
                suggest_id(&id)
            )),
        );
        return fingerprint(&format!("{diags:?}"));
    }
    if let FileKind::Guide { lang, .. } | FileKind::Page { lang, .. } | FileKind::JourneyText { lang, .. } = &kind
        && config.language(lang).is_none()
    {
        diags.push(
            Diagnostic::error(
                file,
                None,
                format!("`{lang}` in the file name is not a configured language"),
            )
            .with_help(format!(
                "{}; configured: {}",
                crate::config::tag_help(lang),
                config.tag_list(true)
            )),
        );
        return fingerprint(&format!("{diags:?}"));
    }
    let text = match source::read_text(root, file) {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            if let Some(section) = parts.first() {
                content.broken.insert(format!("{section}/{id}"));
            }
            return fingerprint(&format!("{diags:?}"));
        }
    };
    parse_file(file, kind, &id, &text, content, diags);
    fingerprint(&text)
}

/// Parses the text of one content file of a known kind into `content` (the file is read and
/// its name checked already). Public through [`parse_source`] for the fuzz targets.
fn parse_file(file: &Path, kind: FileKind, id: &str, text: &str, content: &mut RawContent, diags: &mut Diagnostics) {
    let section = file
        .strip_prefix(CONTENT_DIR)
        .unwrap_or(file)
        .iter()
        .next()
        .and_then(|p| p.to_str())
        .map(str::to_string);
    let result = match kind {
        FileKind::Office(id) => load_yaml(text, file, id).map(|l| content.offices.push(l)),
        FileKind::Hours(id) => load_yaml(text, file, id).map(|l| content.hours.push(l)),
        FileKind::Partner(id) => load_yaml(text, file, id).map(|l| content.partners.push(l)),
        FileKind::District(id) => load_yaml(text, file, id).map(|l| content.districts.push(l)),
        FileKind::Guide { district, lang } => load_markdown(text, file, district, lang).map(|m| content.guides.push(m)),
        FileKind::Page { id, lang } => load_markdown(text, file, id, lang).map(|m| content.pages.push(m)),
        FileKind::Journey(id) => load_yaml(text, file, id).map(|l| content.journeys.push(l)),
        FileKind::JourneyText { journey, lang } => {
            load_markdown(text, file, journey, lang).map(|m| content.journey_texts.push(m))
        }
        FileKind::LeafletRecord { district, version } => {
            load_yaml(text, file, format!("{district}/{version}")).map(|l| content.leaflet_records.push(l))
        }
    };
    if let Err(d) = result {
        diags.push(d);
        if let Some(section) = section {
            content.broken.insert(format!("{section}/{id}"));
        }
    }
}

/// Parses `bytes` as if they were the content file `relative` (e.g.
/// `content/offices/x.yaml`): decoding, YAML and front matter, as `load_content` does for
/// each file it reads. For fuzzing and tests; files of no known kind give nothing.
pub fn parse_source(relative: &Path, bytes: &[u8]) -> (RawContent, Diagnostics) {
    let mut content = RawContent::default();
    let mut diags = Diagnostics::new();
    let inside = relative.strip_prefix(CONTENT_DIR).unwrap_or(relative);
    let parts: Vec<&str> = inside.iter().filter_map(|p| p.to_str()).collect();
    let Some(kind) = classify(&parts) else {
        return (content, diags);
    };
    let id = kind.id().to_string();
    match source::decode(bytes, relative) {
        Ok(text) => parse_file(relative, kind, &id, &text, &mut content, &mut diags),
        Err(d) => diags.push(d),
    }
    (content, diags)
}

fn load_yaml<T: serde::de::DeserializeOwned>(text: &str, file: &Path, id: String) -> Result<Loaded<T>, Diagnostic> {
    let parsed = yaml::parse::<T>(text, file, 0)?;
    Ok(Loaded {
        id,
        file: file.to_path_buf(),
        value: parsed.value,
        positions: parsed.positions,
    })
}

fn load_markdown(text: &str, file: &Path, id: String, lang: String) -> Result<LoadedMarkdown, Diagnostic> {
    let split = markdown::split_front_matter(text).map_err(|(line, message, help)| {
        Diagnostic::error(file, Some(Position::new(line, 1)), message).with_help(help)
    })?;
    let parsed = yaml::parse::<RawFrontMatter>(split.front_matter, file, split.front_matter_line_offset)?;
    Ok(LoadedMarkdown {
        id,
        lang,
        file: file.to_path_buf(),
        front: parsed.value,
        front_positions: parsed.positions,
        body: split.body.into(),
        body_line_offset: split.body_line_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_suggestions() {
        assert!(is_valid_id("eving-scharnhorst"));
        assert!(!is_valid_id("Hörde"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("-a"));
        assert_eq!(suggest_id("Hörde Hombruch"), "hoerde-hombruch");
        assert_eq!(suggest_id("مرکز"), "new-id");
    }
}
