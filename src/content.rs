//! Stage 2: `load_content` — the `content/` folder into [`RawContent`], as written.
//!
//! Raw types mirror the files one to one; unknown keys are errors. Nothing here checks
//! cross-references: that is `validate`'s job, which turns raw values into checked ones.

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

/// Whether an office is open to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeStatus {
    /// Open and advising.
    Active,
    /// Decided or in preparation, not yet open.
    Planned,
    /// Closed for a while.
    TemporarilyClosed,
}

/// Who runs an office together with the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorRole {
    /// The city administration.
    City,
    /// A welfare association (Wohlfahrtsverband).
    WelfareAssociation,
    /// A registered association (e.V.) or initiative.
    Association,
}

/// Main office or outpost (a weekly consultation hour elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// The office itself.
    Main,
    /// A consultation hour in another place.
    Outpost,
}

/// Kinds of local partners, in the order the directory shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerCategory {
    /// Counselling services.
    Counselling,
    /// Day care for children.
    Kita,
    /// Schools.
    School,
    /// Youth clubs and children's meeting points.
    Youth,
    /// Sports clubs.
    Sports,
    /// Health services.
    Health,
    /// Migrant self-organisations.
    MigrantOrganisation,
    /// Volunteer initiatives.
    Volunteers,
    /// Public administration.
    Administration,
    /// Anything else.
    Other,
}

impl PartnerCategory {
    /// The key of the category's UI string (`category.kita`).
    pub fn key(self) -> &'static str {
        match self {
            PartnerCategory::Counselling => "counselling",
            PartnerCategory::Kita => "kita",
            PartnerCategory::School => "school",
            PartnerCategory::Youth => "youth",
            PartnerCategory::Sports => "sports",
            PartnerCategory::Health => "health",
            PartnerCategory::MigrantOrganisation => "migrant_organisation",
            PartnerCategory::Volunteers => "volunteers",
            PartnerCategory::Administration => "administration",
            PartnerCategory::Other => "other",
        }
    }
}

/// A postal address. German, as written on the door.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// Postcode, when known.
    #[serde(default)]
    pub postcode: Option<String>,
    /// City.
    pub city: String,
}

/// Coordinates (WGS 84).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Phone, e-mail and web address.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone number, written as dialled in Germany.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Web address.
    #[serde(default)]
    pub web: Option<String>,
}

/// One operator of an office.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Name per language.
    pub name: I18n,
    /// City, welfare association or association.
    pub role: OperatorRole,
}

/// One place where an office advises.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    /// Id of the location inside its office (`main`, `lanstrop`).
    pub id: String,
    /// Main office or outpost.
    pub kind: LocationKind,
    /// Name per language.
    pub name: I18n,
    /// Postal address.
    pub address: Address,
    /// Coordinates.
    #[serde(default)]
    pub geo: Option<Geo>,
    /// How to get there.
    #[serde(default)]
    pub transport: Option<I18n>,
    /// Step-free access, toilets, hearing loop…
    #[serde(default)]
    pub accessibility: Option<I18n>,
}

/// `content/offices/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOffice {
    /// Name per language.
    pub name: I18n,
    /// Active, planned or temporarily closed.
    pub status: OfficeStatus,
    /// What to tell readers about the status (e.g. when it is expected to open).
    #[serde(default)]
    pub status_note: Option<I18n>,
    /// Year the office opened.
    #[serde(default)]
    pub since: Option<u16>,
    /// Ids of the districts it serves.
    pub districts: Vec<String>,
    /// Who runs it.
    #[serde(default)]
    pub operators: Vec<Operator>,
    /// What the office does, per language.
    #[serde(default)]
    pub description: Option<I18n>,
    /// Main office and outposts.
    #[serde(default)]
    pub locations: Vec<RawLocation>,
    /// How to reach the team.
    #[serde(default)]
    pub contact: Contact,
    /// Languages advice is given in (tags).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Services offered, one text per language each.
    #[serde(default)]
    pub services: Vec<I18n>,
    /// Date (YYYY-MM-DD) the entry was last checked.
    #[serde(default)]
    pub last_verified: Option<String>,
}

/// A part of the hours with its own mode or languages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    /// When, as an `opening_hours` expression inside the location's hours (`Tu 13:00-16:00`).
    pub when: String,
    /// Mode in this slot (default: the location's mode).
    #[serde(default)]
    pub mode: Option<crate::hours::Mode>,
    /// Languages in this slot (default: the location's languages).
    #[serde(default)]
    pub languages: Vec<String>,
}

/// Weekly hours of one location, in `content/opening-hours/<office>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocationHours {
    /// OpenStreetMap `opening_hours` expression; `null` while unknown.
    #[serde(default)]
    pub hours: Option<String>,
    /// How advice is given outside the slots (default: walk-in).
    #[serde(default)]
    pub mode: crate::hours::Mode,
    /// Languages of advice outside the slots (default: the office's languages).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Parts of the hours with another mode or other languages.
    #[serde(default)]
    pub slots: Vec<RawSlot>,
    /// Days this location is closed.
    #[serde(default)]
    pub closures: Vec<RawClosure>,
    /// Closed until further notice, with this message.
    #[serde(default)]
    pub temporarily_closed: Option<I18n>,
    /// A note shown under the table, per language.
    #[serde(default)]
    pub note: Option<I18n>,
}

/// `content/opening-hours/<office>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHoursFile {
    /// Hours per location id of the office.
    pub locations: BTreeMap<String, RawLocationHours>,
    /// Days every location of the office is closed.
    #[serde(default)]
    pub closures: Vec<RawClosure>,
}

/// `content/partners/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPartner {
    /// Name per language.
    pub name: I18n,
    /// What kind of partner.
    pub category: PartnerCategory,
    /// Ids of the districts it works in.
    pub districts: Vec<String>,
    /// What it offers, per language.
    pub offer: I18n,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Coordinates.
    #[serde(default)]
    pub geo: Option<Geo>,
    /// Phone, e-mail, web.
    #[serde(default)]
    pub contact: Contact,
    /// Languages spoken (tags).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Opening hours, OpenStreetMap syntax.
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// Accessibility, per language.
    #[serde(default)]
    pub accessibility: Option<I18n>,
    /// Whether the partner appears on printed leaflets.
    #[serde(default)]
    pub on_leaflet: bool,
    /// Date (YYYY-MM-DD) the entry was last checked.
    #[serde(default)]
    pub last_verified: Option<String>,
}

/// `content/districts/<id>/district.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    /// Name per language.
    pub name: I18n,
    /// The Stadtteile (quarters) of the district, German names.
    #[serde(default)]
    pub stadtteile: Vec<String>,
    /// Id of the responsible office; `null` while no office is responsible yet.
    #[serde(default)]
    pub office: Option<String>,
}

/// Who made a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Translated by a person.
    Human,
    /// Machine translation, not reviewed.
    Machine,
    /// Machine translation reviewed by a person.
    MachineReviewed,
}

/// The YAML front matter of a guide or page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// Page title (the `h1`).
    pub title: String,
    /// One or two sentences for lists and search results.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who made this translation (not for German sources).
    #[serde(default)]
    pub translation: Option<Provenance>,
    /// Hash of the German source the translation was made from.
    #[serde(default)]
    pub source_hash: Option<String>,
    /// Where a content page is linked from: `header`, `footer` or `none`.
    #[serde(default)]
    pub nav: Option<NavPlace>,
    /// Order in navigation (small first).
    #[serde(default)]
    pub order: Option<i32>,
}

/// Where a content page is linked from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NavPlace {
    /// In the header, next to the language switcher.
    Header,
    /// In the footer.
    Footer,
    /// Not linked from navigation.
    None,
}

/// A loaded YAML file: its id (from the file name), path and value with positions.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The id, from the file or folder name.
    pub id: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The parsed value.
    pub value: T,
    /// Where each key was written.
    pub positions: KeyPositions,
}

/// A loaded Markdown file with front matter.
#[derive(Debug, Clone)]
pub struct LoadedMarkdown {
    /// District or page id.
    pub id: String,
    /// Language tag from the file name.
    pub lang: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The front matter.
    pub front: RawFrontMatter,
    /// Where each front-matter key was written (real file lines).
    pub front_positions: KeyPositions,
    /// The Markdown body.
    pub body: String,
    /// Number of lines above the body (front matter and its fences).
    pub body_line_offset: usize,
}

/// The whole `content/` folder as written.
#[derive(Debug, Default)]
pub struct RawContent {
    /// `offices/*.yaml`.
    pub offices: Vec<Loaded<RawOffice>>,
    /// `opening-hours/*.yaml`.
    pub hours: Vec<Loaded<RawHoursFile>>,
    /// `partners/*.yaml`.
    pub partners: Vec<Loaded<RawPartner>>,
    /// `districts/<id>/district.yaml`.
    pub districts: Vec<Loaded<RawDistrict>>,
    /// `districts/<id>/guide.<lang>.md`.
    pub guides: Vec<LoadedMarkdown>,
    /// `pages/<id>.<lang>.md`.
    pub pages: Vec<LoadedMarkdown>,
    /// Ids of offices, districts and partners whose file exists but could not be read or
    /// parsed (`offices/x`, `districts/y`); references to them are not reported again.
    pub broken: std::collections::BTreeSet<String>,
}

impl RawContent {
    fn merge(&mut self, other: RawContent) {
        self.offices.extend(other.offices);
        self.hours.extend(other.hours);
        self.partners.extend(other.partners);
        self.districts.extend(other.districts);
        self.guides.extend(other.guides);
        self.pages.extend(other.pages);
        self.broken.extend(other.broken);
    }
}

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
    let mut content = RawContent::default();
    let mut diags = Diagnostics::new();
    let content_root = root.join(CONTENT_DIR);
    if !content_root.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, None, "the content folder is missing")
                .with_help("create `content/` next to `site-config.yaml` (see the README)"),
        );
        return (content, diags);
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&content_root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_editor_temporary));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                files.push(relative);
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
    // Read and parse in parallel; merge in file order so results do not depend on scheduling.
    use rayon::prelude::*;
    let loaded: Vec<(RawContent, Diagnostics)> = files
        .par_iter()
        .map(|file| {
            let mut one = RawContent::default();
            let mut one_diags = Diagnostics::new();
            load_file(root, file, config, &mut one, &mut one_diags);
            (one, one_diags)
        })
        .collect();
    for (one, one_diags) in loaded {
        content.merge(one);
        diags.extend(one_diags);
    }
    (content, diags)
}

/// What a path under `content/` is, judged by its place and name.
enum FileKind {
    Office(String),
    Hours(String),
    Partner(String),
    District(String),
    Guide { district: String, lang: String },
    Page { id: String, lang: String },
}

impl FileKind {
    /// The id the file name gives (a guide's is its district's).
    fn id(&self) -> &str {
        match self {
            FileKind::Office(id) | FileKind::Hours(id) | FileKind::Partner(id) | FileKind::District(id) => id,
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

fn load_file(root: &Path, file: &Path, config: &SiteConfig, content: &mut RawContent, diags: &mut Diagnostics) {
    let inside = file.strip_prefix(CONTENT_DIR).unwrap_or(file);
    let parts: Vec<&str> = inside.iter().filter_map(|p| p.to_str()).collect();
    let Some(kind) = classify(&parts) else {
        let name = file.to_string_lossy();
        let help = if name.ends_with(".yml") {
            "rename the file to end in `.yaml`".to_string()
        } else {
            "quartier reads offices/<id>.yaml, opening-hours/<office>.yaml, partners/<id>.yaml, districts/<id>/district.yaml, districts/<id>/guide.<lang>.md and pages/<id>.<lang>.md; move or rename this file".to_string()
        };
        diags.push(
            Diagnostic::warning(
                file,
                None,
                "file not used: its name or folder is not one quartier reads",
            )
            .with_help(help),
        );
        return;
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
        return;
    }
    if let FileKind::Guide { lang, .. } | FileKind::Page { lang, .. } = &kind
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
                config
                    .languages
                    .iter()
                    .map(|l| l.tag.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return;
    }
    let text = match source::read_text(root, file) {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            if let Some(section) = parts.first() {
                content.broken.insert(format!("{section}/{id}"));
            }
            return;
        }
    };
    parse_file(file, kind, &id, &text, content, diags);
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
        body: split.body.to_string(),
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
