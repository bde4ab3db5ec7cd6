//! Stage: `load_theme` — templates, UI strings and static files.
//!
//! The default theme is built into the binary. A site's `themes/<name>/` lays its own files
//! over it, one file at a time: a site with only `themes/city/static/style.css` gets the
//! default templates and strings with its own stylesheet. UI strings are merged key by key, so
//! a site's `strings/de.yaml` needs only the strings it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::source;
use crate::yaml;

/// UI strings of one language, every key resolved along the fallback chain.
pub type Strings = BTreeMap<String, String>;

/// A loaded theme.
pub struct Theme {
    /// The theme folder, relative to the site root.
    pub dir: PathBuf,
    /// Compiled templates, named by their path under `templates/`.
    pub tera: tera::Tera,
    /// UI strings per language tag.
    pub strings: BTreeMap<String, Strings>,
    /// Static files: (path in the output, bytes).
    pub static_files: Vec<(String, Vec<u8>)>,
    /// The markup put around marked texts, per language tag (from `templates/partials/`).
    pub markup: BTreeMap<String, Markup>,
}

/// The markup quartier puts around texts it marks, made once per language from the theme's
/// partials, so a designer restyles it in templates, not in Rust: a text shown in another
/// language than the page's (`partials/fallback_text.html`), a placeholder for a fact still
/// missing (`partials/placeholder.html`), a German name on a page in another language
/// (`partials/german_name.html`). Each is rendered with a marker in place of `text` and kept
/// as the two halves around it, so wrapping a text costs two string copies.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// Around a text in another language, by (its language tag, whether it is a block of text
    /// that also gets the visible "only in …" label).
    pub fallback: BTreeMap<(String, bool), (String, String)>,
    /// Around the rest of a placeholder text after the word `PLATZHALTER`.
    pub placeholder: (String, String),
    /// Around a German name on a page in another language.
    pub german: (String, String),
}

/// Stands for the wrapped text while a partial is rendered (a private-use character).
const MARKER: &str = "\u{E000}";

/// Renders `template` with `text` set to [`MARKER`] and returns the halves around it.
fn halves(
    tera: &tera::Tera,
    template: &str,
    mut context: tera::Context,
    dir: &Path,
    diags: &mut Diagnostics,
) -> (String, String) {
    context.insert("text", MARKER);
    match tera.render(template, &context) {
        Ok(out) => match out.split_once(MARKER) {
            Some((before, after)) if !after.contains(MARKER) => (before.to_string(), after.to_string()),
            _ => {
                diags.push(
                    Diagnostic::error(
                        dir.join("templates").join(template),
                        None,
                        "this partial must show `{{ text | safe }}` exactly once",
                    )
                    .with_help("it wraps a text quartier marks; write the text once where it belongs"),
                );
                (String::new(), String::new())
            }
        },
        Err(e) => {
            diags.push(template_diagnostic(dir, &e, None));
            (String::new(), String::new())
        }
    }
}

/// The [`Markup`] of every language.
fn make_markup(
    tera: &tera::Tera,
    strings: &BTreeMap<String, Strings>,
    config: &SiteConfig,
    dir: &Path,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Markup> {
    let mut all = BTreeMap::new();
    for lang in &config.languages {
        let mut base = tera::Context::new();
        base.insert("ui", &strings.get(&lang.tag).cloned().unwrap_or_default());
        let mut markup = Markup::default();
        for other in &config.languages {
            for block in [false, true] {
                let mut context = base.clone();
                context.insert("lang", &other.html_lang);
                context.insert("dir", other.dir.as_str());
                context.insert("block", &block);
                let pair = halves(tera, "partials/fallback_text.html", context, dir, diags);
                markup.fallback.insert((other.tag.clone(), block), pair);
            }
        }
        let mut context = base.clone();
        context.insert("word", crate::validate::PLACEHOLDER_PREFIX);
        markup.placeholder = halves(tera, "partials/placeholder.html", context, dir, diags);
        markup.german = halves(tera, "partials/german_name.html", base, dir, diags);
        all.insert(lang.tag.clone(), markup);
        if diags.has_errors() {
            break;
        }
    }
    all
}

/// The CLDR plural categories a language uses for whole numbers, plus `other` (the fallback):
/// found by asking its rules for 0 to 1000.
pub fn plural_categories(html_lang: &str) -> Vec<&'static str> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let Some(rules) = html_lang
        .parse::<unic_langid::LanguageIdentifier>()
        .ok()
        .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok())
    else {
        return vec!["other"];
    };
    let mut found = vec!["other"];
    for n in 0..=1000u32 {
        let name = match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        };
        if !found.contains(&name) {
            found.push(name);
        }
    }
    const ORDER: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    found.sort_by_key(|c| ORDER.iter().position(|o| o == c));
    found
}

/// The default theme, built into the binary.
static BUILT_IN: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name under which the built-in theme needs no folder of its own.
pub const BUILT_IN_NAME: &str = "default";

/// The built-in theme's files under `sub` (`templates`, `static`, `root`), by path below it.
fn built_in_tree(sub: &str) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &include_dir::Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
        for file in dir.files() {
            out.push((
                file.path().to_string_lossy().replace('\\', "/"),
                file.contents().to_vec(),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut files = Vec::new();
    if let Some(dir) = BUILT_IN.get_dir(sub) {
        walk(dir, &mut files);
    }
    let prefix = format!("{sub}/");
    files
        .into_iter()
        .filter_map(|(path, bytes)| path.strip_prefix(&prefix).map(|p| (p.to_string(), bytes)))
        .filter(|(name, _)| !name.starts_with('.') && !name.ends_with('~'))
        .collect()
}

/// The files of `sub`: the built-in theme's, with the site theme's own files laid over them.
fn layered_tree(root: &Path, dir: &Path, sub: &str, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut files = built_in_tree(sub);
    files.extend(read_tree(root, &dir.join(sub), diags));
    files.into_iter().collect()
}

/// Reads the theme named in the config. Missing UI strings are warnings; template syntax
/// errors are diagnostics at the template's line.
pub fn load_theme(root: &Path, config: &SiteConfig) -> (Option<Theme>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let dir = PathBuf::from("themes").join(&config.theme);
    if !root.join(&dir).is_dir() && config.theme != BUILT_IN_NAME {
        diags.push(
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                None,
                format!("theme folder `{}` does not exist", dir.display()),
            )
            .with_help("set `theme:` to the name of a folder under themes/, or to `default` for the built-in theme"),
        );
        return (None, diags);
    }

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.global_context()
        .insert("content_security_policy", crate::html::CONTENT_SECURITY_POLICY);
    let mut templates = Vec::new();
    for (relative, text) in layered_tree(root, &dir, "templates", &mut diags) {
        match String::from_utf8(text) {
            Ok(text) => templates.push((relative, text)),
            Err(_) => diags.push(
                Diagnostic::error(dir.join("templates").join(&relative), None, "template is not UTF-8")
                    .with_help("save it as UTF-8"),
            ),
        }
    }
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_diagnostic(&dir, &e, None));
    }

    let strings = load_strings(root, &dir, config, &mut diags);
    let markup = make_markup(&tera, &strings, config, &dir, &mut diags);
    let mut static_files: Vec<(String, Vec<u8>)> = layered_tree(root, &dir, "static", &mut diags)
        .into_iter()
        .map(|(relative, bytes)| (format!("assets/{relative}"), bytes))
        .collect();
    // Files that must sit at the site root (the service worker, whose scope is its folder).
    static_files.extend(layered_tree(root, &dir, "root", &mut diags));

    if diags.has_errors() {
        return (None, diags);
    }
    (
        Some(Theme {
            dir,
            tera,
            strings,
            static_files,
            markup,
        }),
        diags,
    )
}

/// Turns a tera error into a diagnostic at the template line when tera knows it.
pub fn template_diagnostic(theme_dir: &Path, error: &tera::Error, page: Option<&str>) -> Diagnostic {
    let context = page.map(|p| format!(" while rendering {p}")).unwrap_or_default();
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::error(
                theme_dir.join("templates").join(report.filename()),
                Some(Position::new(span.start_line, span.start_col + 1)),
                format!("template error{context}: {}", report.message()),
            )
            .with_help("fix the template at this place; see https://keats.github.io/tera/ for the syntax")
        }
        _ => {
            let mut message = error.to_string();
            let mut cause = std::error::Error::source(error);
            while let Some(c) = cause {
                message.push_str(&format!(": {c}"));
                cause = c.source();
            }
            Diagnostic::error(
                theme_dir.join("templates"),
                None,
                format!("template error{context}: {message}"),
            )
            .with_help("check the template names in `extends` and `include`")
        }
    }
}

fn read_tree(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let full = root.join(dir);
    if !full.is_dir() {
        return out;
    }
    for entry in WalkDir::new(&full).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let relative = e.path().strip_prefix(&full).unwrap_or(e.path());
                let name = relative
                    .iter()
                    .map(|p| p.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if name.starts_with('.') || name.ends_with('~') {
                    continue;
                }
                match std::fs::read(e.path()) {
                    Ok(bytes) => out.push((name, bytes)),
                    Err(err) => diags.push(Diagnostic::error(
                        dir.join(relative),
                        None,
                        format!("cannot read: {err}"),
                    )),
                }
            }
            Ok(e) => {
                let relative = e.path().strip_prefix(root).unwrap_or(e.path());
                if !e.file_name().to_string_lossy().starts_with('.')
                    && let Some(d) = crate::source::unusual_entry(relative, e.file_type())
                {
                    diags.push(d);
                }
            }
            Err(err) => diags.push(Diagnostic::error(dir, None, format!("cannot read: {err}"))),
        }
    }
    out
}

/// The UI strings of one file, as written.
type RawStrings = BTreeMap<String, Entry>;

/// One UI string: a text, or a text per CLDR plural category (`one`, `few`, `other`…).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Plural strings name CLDR categories and have an `other` form.
fn check_plurals(p: &yaml::Parsed<BTreeMap<String, Entry>>, file: &Path, diags: &mut Diagnostics) {
    for (key, entry) in &p.value {
        if let Entry::Plural(forms) = entry {
            for category in forms.keys().filter(|c| !PLURAL_CATEGORIES.contains(&c.as_str())) {
                diags.push(
                    Diagnostic::warning(
                        file,
                        Some(p.positions.at(&format!("{key}.{category}"))),
                        format!("`{category}` is not a plural category"),
                    )
                    .with_help("use the CLDR categories of this language: zero, one, two, few, many, other"),
                );
            }
            if !forms.contains_key("other") {
                diags.push(
                    Diagnostic::warning(
                        file,
                        Some(p.positions.at(key)),
                        format!("the plural string `{key}` has no `other` form"),
                    )
                    .with_help("add `other: …`; it is used for every number no other form covers"),
                );
            }
        }
    }
}

/// The built-in theme's UI strings by language tag, parsed once per process: they are part of
/// the binary, while `serve` loads the theme again at every rebuild.
static BUILT_IN_STRINGS: std::sync::LazyLock<BTreeMap<String, Result<RawStrings, Diagnostic>>> =
    std::sync::LazyLock::new(|| {
        let Some(dir) = BUILT_IN.get_dir("strings") else {
            return BTreeMap::new();
        };
        dir.files()
            .filter_map(|file| {
                let tag = file.path().file_stem()?.to_str()?.to_string();
                let name = PathBuf::from("themes")
                    .join(BUILT_IN_NAME)
                    .join("strings")
                    .join(format!("{tag}.yaml (built in)"));
                let parsed = source::decode(file.contents(), &name)
                    .and_then(|text| yaml::parse::<BTreeMap<String, Entry>>(&text, &name, 0))
                    .map(|p| p.value);
                Some((tag, parsed))
            })
            .collect()
    });

fn load_strings(root: &Path, dir: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> BTreeMap<String, Strings> {
    let mut raw: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
    for lang in &config.languages {
        let file = dir.join("strings").join(format!("{}.yaml", lang.tag));
        let own = root.join(&file).is_file();
        if !own && BUILT_IN.get_file(format!("strings/{}.yaml", lang.tag)).is_none() {
            if lang.tag == config.default_language {
                diags.push(
                    Diagnostic::error(&file, None, "the German UI strings are missing")
                        .with_help("the theme needs strings/de.yaml; every other language falls back to it"),
                );
            } else {
                diags.push(
                    Diagnostic::warning(
                        &file,
                        None,
                        format!("no UI strings for `{}`; its pages use the fallback language", lang.tag),
                    )
                    .with_help(format!(
                        "copy strings/{}.yaml and translate it",
                        config.default_language
                    )),
                );
            }
            continue;
        }
        // The built-in strings first, then the site's own, key by key. A site file that is a
        // copy of the built-in one (as in this repository) makes the built-in one redundant.
        let own_text = own.then(|| source::read_text(root, &file));
        let copy_of_built_in = matches!(&own_text, Some(Ok(text))
            if BUILT_IN.get_file(format!("strings/{}.yaml", lang.tag)).is_some_and(|f| f.contents() == text.as_bytes()));
        let mut merged = BTreeMap::new();
        if !copy_of_built_in {
            match BUILT_IN_STRINGS.get(&lang.tag) {
                Some(Ok(strings)) => merged.extend(strings.clone()),
                Some(Err(d)) => diags.push(d.clone()),
                None => {}
            }
        }
        if let Some(text) = own_text {
            match text.and_then(|text| yaml::parse::<BTreeMap<String, Entry>>(&text, &file, 0)) {
                Ok(p) => {
                    check_plurals(&p, &file, diags);
                    merged.extend(p.value);
                }
                Err(d) => diags.push(d),
            }
        }
        raw.insert(lang.tag.clone(), merged);
    }
    let keys: Vec<String> = raw
        .get(&config.default_language)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let mut resolved = BTreeMap::new();
    for lang in &config.languages {
        let mut strings = Strings::new();
        let mut missing = Vec::new();
        for key in &keys {
            let own = raw.get(&lang.tag).and_then(|s| s.get(key));
            if own.is_none() && raw.contains_key(&lang.tag) {
                missing.push(key.clone());
            }
            let value = own.or_else(|| lang.fallback.iter().find_map(|f| raw.get(f).and_then(|s| s.get(key))));
            match value {
                Some(Entry::Text(text)) => {
                    strings.insert(key.clone(), text.clone());
                }
                Some(Entry::Plural(forms)) => {
                    let absent: Vec<&str> = plural_categories(&lang.html_lang)
                        .into_iter()
                        .filter(|c| !forms.contains_key(*c))
                        .collect();
                    if own.is_some() && !absent.is_empty() {
                        diags.push(
                            Diagnostic::warning(
                                dir.join("strings").join(format!("{}.yaml", lang.tag)),
                                None,
                                format!(
                                    "the UI string `{key}` lacks the plural forms `{}` (the rules of `{}` need them)",
                                    absent.join(", "),
                                    lang.tag
                                ),
                            )
                            .with_help(
                                "add the missing forms under the key, e.g. `few: \"{n} …\"`; `{n}` is the number",
                            ),
                        );
                    }
                    for (category, text) in forms {
                        strings.insert(format!("{key}.{category}"), text.clone());
                    }
                }
                None => {}
            }
        }
        if !missing.is_empty() {
            let file = dir.join("strings").join(format!("{}.yaml", lang.tag));
            diags.push(
                Diagnostic::warning(
                    &file,
                    None,
                    format!(
                        "{} UI strings missing, shown in the fallback language: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                )
                .with_help("add these keys, translated, to this file"),
            );
        }
        if let Some(own) = raw.get(&lang.tag) {
            for key in own.keys().filter(|k| !keys.contains(k)) {
                let file = dir.join("strings").join(format!("{}.yaml", lang.tag));
                diags.push(
                    Diagnostic::warning(
                        &file,
                        None,
                        format!("UI string `{key}` is not in the German strings and is never used"),
                    )
                    .with_help("delete it, or correct the key's spelling"),
                );
            }
        }
        resolved.insert(lang.tag.clone(), strings);
    }
    resolved
}

#[cfg(test)]
mod tests {
    #[test]
    fn plural_categories_follow_cldr() {
        assert_eq!(
            super::plural_categories("ar"),
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(super::plural_categories("ru"), ["one", "few", "many", "other"]);
        assert_eq!(super::plural_categories("uk"), ["one", "few", "many", "other"]);
        assert_eq!(super::plural_categories("de"), ["one", "other"]);
        assert_eq!(super::plural_categories("fa"), ["one", "other"]);
    }
}
