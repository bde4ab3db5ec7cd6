//! Stage 1: `load_config` — `site-config.yaml` into a validated [`SiteConfig`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source;
use crate::yaml;

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left (Arabic, Persian, Sorani…).
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as written in HTML.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: BTreeMap<String, String>,
    base_url: String,
    default_language: String,
    timezone: String,
    holiday_region: String,
    #[serde(default = "default_theme")]
    theme: String,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    spoken_languages: BTreeMap<String, String>,
    #[serde(default)]
    closures: Vec<crate::dates::RawClosure>,
    #[serde(default = "default_review_interval")]
    review_interval_days: u32,
    #[serde(default = "default_page_weight_budget")]
    page_weight_budget_kb: u32,
    #[serde(default)]
    emergency_numbers: Vec<RawEmergencyNumber>,
    #[serde(default)]
    region: Option<Region>,
}

/// The area the site serves (`region:` in site-config.yaml): coordinates of offices and partners
/// outside it are warned about (a swapped latitude and longitude, a typo in a digit).
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Southern edge (latitude, degrees).
    pub south: f64,
    /// Western edge (longitude, degrees).
    pub west: f64,
    /// Northern edge (latitude, degrees).
    pub north: f64,
    /// Eastern edge (longitude, degrees).
    pub east: f64,
}

impl Region {
    /// Whether the point lies inside the region.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEmergencyNumber {
    label: BTreeMap<String, String>,
    number: String,
}

/// A number printed on every leaflet.
#[derive(Debug, Clone)]
pub struct EmergencyNumber {
    /// What it is for, per language (German required).
    pub label: BTreeMap<String, String>,
    /// The number as dialled.
    pub number: String,
}

fn default_page_weight_budget() -> u32 {
    60
}

fn default_review_interval() -> u32 {
    365
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    tag: String,
    endonym: String,
    #[serde(default)]
    dir: Direction,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    html_lang: Option<String>,
    #[serde(default)]
    fallback: Vec<String>,
    #[serde(default = "yes")]
    hreflang: bool,
}

fn yes() -> bool {
    true
}

/// One language the site is published in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The tag used in content files (`de`, `fa-AF`, `de-simple`).
    pub tag: String,
    /// The URL prefix (`/de/`); the tag unless the config says otherwise.
    pub path: String,
    /// The value of `<html lang>`; the tag unless the config says otherwise.
    pub html_lang: String,
    /// The language's own name (العربية).
    pub endonym: String,
    /// Writing direction.
    pub dir: Direction,
    /// Languages to try, in order, when a text is missing; always ends with the default language.
    pub fallback: Vec<String>,
    /// Whether the language is listed in `hreflang` alternates.
    pub hreflang: bool,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title per language tag (German required).
    pub title: BTreeMap<String, String>,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// The source language (German).
    pub default_language: String,
    /// IANA time zone of the offices.
    pub timezone: String,
    /// ISO 3166-2 region whose public holidays apply.
    pub holiday_region: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Published languages, in the order of the language switcher.
    pub languages: Vec<Language>,
    /// Names of languages spoken in offices and by partners, by tag, in that language.
    pub spoken_languages: BTreeMap<String, String>,
    /// Days on which every office of the network is closed.
    pub closures: Vec<crate::hours::Closure>,
    /// After how many days `quartier check` asks to verify an office or partner entry again.
    pub review_interval_days: u32,
    /// The most a page may weigh (HTML + CSS + JS it loads, uncompressed, in KB) before the
    /// build warns.
    pub page_weight_budget_kb: u32,
    /// Emergency and help numbers printed on the leaflets.
    pub emergency_numbers: Vec<EmergencyNumber>,
    /// The area the site serves, when configured.
    pub region: Option<Region>,
}

impl SiteConfig {
    /// The language with `tag`, if it is published.
    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag == tag)
    }

    /// The configured language tags in their order, comma-separated (for help texts); without
    /// the default language unless `with_default`.
    pub fn tag_list(&self, with_default: bool) -> String {
        self.languages
            .iter()
            .filter(|l| with_default || l.tag != self.default_language)
            .map(|l| l.tag.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site-config.yaml";

/// Tags that look right but mean something else, with what to write instead.
const MISLEADING_TAGS: &[(&str, &str)] = &[
    (
        "de-ls",
        "`de-ls` means German as used in Lesotho; write `de-simple` for Leichte Sprache",
    ),
    ("prs", "write `fa-AF` for Dari"),
    ("kmr", "write `ku` for Kurmanji"),
    ("ua", "`ua` is a country code; write `uk` for Ukrainian"),
    ("farsi", "write `fa` for Persian"),
];

/// Whether `tag` has the shape of a language tag (`de`, `fa-AF`, `de-simple`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Help for a tag that is wrong, naming the right one where a common mistake is known.
pub fn tag_help(tag: &str) -> String {
    MISLEADING_TAGS
        .iter()
        .find(|(wrong, _)| wrong.eq_ignore_ascii_case(tag))
        .map(|(_, help)| help.to_string())
        .unwrap_or_else(|| "write a language tag such as `de`, `ar`, `fa-AF` or `de-simple`".to_string())
}

/// The JSON Schema of `site-config.yaml`, from the same type its loader reads.
pub fn config_schema() -> schemars::Schema {
    schemars::schema_for!(RawConfig)
}

/// Reads and validates `site-config.yaml` under `root`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let file = Path::new(CONFIG_FILE);
    let text = source::read_text(root, file).map_err(|d| Diagnostics::from(vec![d]))?;
    parse_config(&text)
}

/// Parses and validates the text of `site-config.yaml`.
pub fn parse_config(text: &str) -> Result<SiteConfig, Diagnostics> {
    let file = Path::new(CONFIG_FILE);
    let parsed = yaml::parse::<RawConfig>(text, file, 0).map_err(|d| Diagnostics::from(vec![d]))?;
    validate_config(parsed, file)
}

fn validate_config(parsed: yaml::Parsed<RawConfig>, file: &Path) -> Result<SiteConfig, Diagnostics> {
    let raw = parsed.value;
    let pos = &parsed.positions;
    let mut diags = Diagnostics::new();
    let mut error = |path: &str, message: String, help: &str| {
        diags.push(Diagnostic::error(file, Some(pos.at(path)), message).with_help(help));
    };

    let mut base_url = raw.base_url.trim().to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        error(
            "base_url",
            format!("base_url `{base_url}` is not an absolute web address"),
            "write the address the site is published at, e.g. `https://lokal-willkommen.example/`",
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }

    let languages = check_languages(&raw, &mut error);
    if languages.is_empty() {
        error(
            "languages",
            "no language is configured".into(),
            "list at least `- tag: de` under `languages:`",
        );
    }
    if !raw.languages.iter().any(|l| l.tag == raw.default_language) {
        error(
            "default_language",
            format!("default_language `{}` is not in `languages`", raw.default_language),
            "add it to `languages:` or name one of the listed tags",
        );
    }
    if raw
        .title
        .get(&raw.default_language)
        .is_none_or(|t| crate::text::is_blank(t))
    {
        error(
            "title",
            format!(
                "the title has no text in the default language `{}` (or only an empty one)",
                raw.default_language
            ),
            "add a line `de: …` under `title:`",
        );
    }
    let tags: Vec<String> = raw.languages.iter().map(|l| l.tag.clone()).collect();
    for key in raw.title.keys() {
        if !tags.contains(key) {
            error(
                &format!("title.{key}"),
                format!("title has a text for `{key}`, which is not a configured language"),
                "remove it or add the language under `languages:`",
            );
        }
    }
    for tag in raw.spoken_languages.keys() {
        if !is_language_tag(tag) {
            error(
                &format!("spoken_languages.{tag}"),
                format!("`{tag}` is not a language tag"),
                &tag_help(tag),
            );
        }
    }
    if raw.timezone != "Europe/Berlin" {
        error(
            "timezone",
            format!("timezone `{}` is not supported yet", raw.timezone),
            "write `timezone: Europe/Berlin`",
        );
    }
    if !raw.holiday_region.starts_with("DE-") {
        error(
            "holiday_region",
            format!("holiday_region `{}` is not a German state code", raw.holiday_region),
            "write the ISO code of the state, e.g. `DE-NW` for North Rhine-Westphalia",
        );
    }
    if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
        error(
            "theme",
            format!("theme `{}` is not a folder name", raw.theme),
            "write the name of a folder under `themes/`, e.g. `default`",
        );
    }

    let (closures, emergency_numbers) = check_network_facts(&raw, &mut error);

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(SiteConfig {
        region: raw.region,
        closures,
        review_interval_days: raw.review_interval_days,
        page_weight_budget_kb: raw.page_weight_budget_kb,
        emergency_numbers,
        title: raw.title,
        base_url,
        default_language: raw.default_language,
        timezone: raw.timezone,
        holiday_region: raw.holiday_region,
        theme: raw.theme,
        languages,
        spoken_languages: raw.spoken_languages,
    })
}

/// A problem found in the configuration: path, message, help.
type ConfigError<'e> = &'e mut dyn FnMut(&str, String, &str);

/// The published languages: tags, paths (each its own), and each language's fallback chain
/// ending in the default language.
fn check_languages(raw: &RawConfig, error: ConfigError) -> Vec<Language> {
    let mut seen_paths = BTreeMap::new();
    let mut languages = Vec::new();
    for (i, lang) in raw.languages.iter().enumerate() {
        let at = format!("languages.{i}.tag");
        if !is_language_tag(&lang.tag) || MISLEADING_TAGS.iter().any(|(w, _)| w.eq_ignore_ascii_case(&lang.tag)) {
            error(
                &at,
                format!("`{}` is not a usable language tag", lang.tag),
                &tag_help(&lang.tag),
            );
        }
        let path = lang.path.clone().unwrap_or_else(|| lang.tag.clone());
        if path.is_empty() || !path.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            error(
                &format!("languages.{i}.path"),
                format!("language path `{path}` may only contain letters, digits and `-`"),
                "write a short path such as `de` or `fa-af`",
            );
        }
        if let Some(previous) = seen_paths.insert(path.clone(), lang.tag.clone()) {
            error(
                &at,
                format!("language `{}` uses the path `{path}` of `{previous}` again", lang.tag),
                "each language needs its own path; remove the duplicate",
            );
        }
        languages.push(Language {
            tag: lang.tag.clone(),
            html_lang: lang.html_lang.clone().unwrap_or_else(|| lang.tag.clone()),
            path,
            endonym: lang.endonym.clone(),
            dir: lang.dir,
            fallback: Vec::new(),
            hreflang: lang.hreflang,
        });
    }
    let tags: Vec<String> = raw.languages.iter().map(|l| l.tag.clone()).collect();
    for (i, lang) in raw.languages.iter().enumerate() {
        let mut chain = Vec::new();
        for (j, f) in lang.fallback.iter().enumerate() {
            if !tags.contains(f) {
                error(
                    &format!("languages.{i}.fallback.{j}"),
                    format!("fallback language `{f}` is not configured"),
                    "name a tag listed under `languages:`",
                );
            } else if f != &lang.tag && !chain.contains(f) {
                chain.push(f.clone());
            }
        }
        if lang.tag != raw.default_language && !chain.contains(&raw.default_language) {
            chain.push(raw.default_language.clone());
        }
        languages[i].fallback = chain;
    }
    languages
}

/// Facts of the whole network: closures of every office, emergency numbers, the region.
fn check_network_facts(raw: &RawConfig, error: ConfigError) -> (Vec<crate::hours::Closure>, Vec<EmergencyNumber>) {
    let mut closures = Vec::new();
    for (i, c) in raw.closures.iter().enumerate() {
        let at = format!("closures.{i}");
        match crate::dates::closure_days(&c.from, c.to.as_deref()) {
            Ok((from, to)) => closures.push(crate::hours::Closure {
                from,
                to,
                reason: c.reason.clone(),
            }),
            Err(problems) => {
                for p in problems {
                    error(&format!("{at}.{}", p.field), p.message, p.help);
                }
            }
        }
        if c.reason
            .get(&raw.default_language)
            .is_none_or(|t| crate::text::is_blank(t))
        {
            error(
                &format!("{at}.reason"),
                "the reason has no German text (or an empty one)".into(),
                "add a line `de: …` under `reason:`",
            );
        }
    }

    let mut emergency_numbers = Vec::new();
    for (i, e) in raw.emergency_numbers.iter().enumerate() {
        if !e.label.contains_key(&raw.default_language) {
            error(
                &format!("emergency_numbers.{i}.label"),
                "the label has no German text".into(),
                "add a line `de: …` under `label:`",
            );
        }
        if !e.number.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c)) {
            error(
                &format!("emergency_numbers.{i}.number"),
                format!("`{}` is not a phone number", e.number),
                "write the number as dialled, e.g. \"116 117\"",
            );
        }
        emergency_numbers.push(EmergencyNumber {
            label: e.label.clone(),
            number: e.number.clone(),
        });
    }

    if let Some(r) = raw.region
        && !(r.south < r.north
            && r.west < r.east
            && r.south >= -90.0
            && r.north <= 90.0
            && r.west >= -180.0
            && r.east <= 180.0)
    {
        error(
            "region",
            "the region's edges are out of order or out of range".into(),
            "write south < north (latitudes, -90 to 90) and west < east (longitudes, -180 to 180), e.g. `{south: 51.41, west: 7.30, north: 51.60, east: 7.64}`",
        );
    }

    (closures, emergency_numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
        let file = Path::new(CONFIG_FILE);
        validate_config(yaml::parse(text, file, 0).unwrap(), file)
    }

    const BASE: &str = "title: {de: T}\nbase_url: https://x.example\ndefault_language: de\ntimezone: Europe/Berlin\nholiday_region: DE-NW\n";

    #[test]
    fn fallback_chain_ends_in_default_language() {
        let text = format!(
            "{BASE}languages:\n  - tag: de\n    endonym: Deutsch\n  - tag: de-simple\n    endonym: Leichte Sprache\n  - tag: fa-AF\n    endonym: دری\n    dir: rtl\n    fallback: [de-simple]\n"
        );
        let config = parse(&text).unwrap();
        assert_eq!(config.base_url, "https://x.example/");
        assert_eq!(config.language("fa-AF").unwrap().fallback, vec!["de-simple", "de"]);
        assert!(config.language("de").unwrap().fallback.is_empty());
    }

    #[test]
    fn lesotho_tag_is_refused_with_help() {
        let text = format!(
            "{BASE}languages:\n  - tag: de\n    endonym: Deutsch\n  - tag: de-ls\n    endonym: Leichte Sprache\n"
        );
        let diags = parse(&text).unwrap_err().sorted();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].position.unwrap().line, 9);
        assert!(diags[0].help.as_deref().unwrap().contains("de-simple"));
    }
}
