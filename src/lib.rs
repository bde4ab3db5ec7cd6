//! quartier — a static site generator for local integration networks.
//!
//! The build is a pipeline of stages, each a function from one value to the next:
//!
//! ```text
//! load_config → load_content → validate_content → load_theme → localize_site
//! → render_pages → postprocess_page (lol_html, one pass) → check_links → write_site
//! ```
//!
//! Content problems are [`diagnostics::Diagnostic`]s, collected over the whole site and
//! returned together; nothing is written unless the whole build succeeded.

#![warn(missing_docs)]

pub mod config;
pub mod content;
pub mod corpus;
pub mod diagnostics;
pub mod editorial;
pub mod external;
pub mod hours;
pub mod ics;
pub mod links;
pub mod localize;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod postprocess;
pub mod preview;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod source;
pub mod theme;
pub mod validate;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Diagnostics};
use output::BuiltSite;

/// A successful build in memory, with the warnings found on the way.
pub struct Build {
    /// Every output file.
    pub site: BuiltSite,
    /// Number of HTML pages.
    pub pages: usize,
    /// Warnings (the build succeeded despite them).
    pub warnings: Diagnostics,
    /// How long each stage took, in pipeline order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The search index of each language, by tag (what the published index files hold).
    pub search: BTreeMap<String, search::LanguageIndex>,
    /// Leaflets to print to PDF: (page, PDF file), both relative to the output folder.
    pub pdf_jobs: Vec<(String, String)>,
    /// Weight of each page: (HTML, CSS, JS) bytes, by output file.
    pub page_weights: BTreeMap<String, (usize, usize, usize)>,
}

/// Which leaflets to print to PDF: all districts and languages unless narrowed.
#[derive(Debug, Clone, Default)]
pub struct PdfSelection {
    /// District ids; `None`: all.
    pub districts: Option<Vec<String>>,
    /// Language tags; `None`: all.
    pub languages: Option<Vec<String>>,
}

impl PdfSelection {
    /// Whether the leaflet of `district` in `lang` is printed.
    pub fn includes(&self, lang: &str, district: &str) -> bool {
        self.languages.as_ref().is_none_or(|l| l.iter().any(|x| x == lang))
            && self.districts.as_ref().is_none_or(|d| d.iter().any(|x| x == district))
    }
}

/// Records how long each stage of a build takes.
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The content (or theme) has errors; all of them, with warnings.
    Content(Diagnostics),
    /// Writing the output failed.
    Write(output::WriteError),
    /// The folder is not a quartier site (no `site-config.yaml`).
    NotASite(PathBuf),
    /// Printing the leaflets to PDF failed (Chromium missing or failing).
    Pdf(String),
}

/// How a failed build reads, the same in the terminal and on the pages `serve` shows.
impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(diags) => {
                for d in diags.sorted() {
                    writeln!(f, "{d}")?;
                }
                let n = diags.error_count();
                write!(
                    f,
                    "build failed: {n} error{} — nothing was published; the previous output is unchanged",
                    if n == 1 { "" } else { "s" }
                )
            }
            BuildError::NotASite(root) => write!(
                f,
                "error: {} has no {} — this is not a quartier site\n  help: run quartier in the folder that holds site-config.yaml, or pass --root FOLDER",
                root.display(),
                config::CONFIG_FILE
            ),
            BuildError::Pdf(message) => write!(
                f,
                "error: the leaflets could not be printed to PDF: {message}\n  nothing was published; the previous output is unchanged"
            ),
            BuildError::Write(e) => {
                write!(f, "error: {e}")?;
                let mut cause = std::error::Error::source(e);
                while let Some(c) = cause {
                    write!(f, "\n  caused by: {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
        }
    }
}

impl BuildError {
    /// The process exit code: 1 for content errors, 2 for environment errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            BuildError::Content(_) => 1,
            BuildError::Write(_) | BuildError::NotASite(_) | BuildError::Pdf(_) => 2,
        }
    }
}

/// What a build depends on besides the files: injected, so output is reproducible.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The day the site is built for (Europe/Berlin): hours, closures and "open now" data
    /// start here.
    pub today: chrono::NaiveDate,
    /// Print these leaflets to PDF with Chromium (`build --pdf`); `None`: no PDFs.
    pub pdf: Option<PdfSelection>,
    /// Also run the editorial checks of `quartier check`: placeholders still present, entries
    /// not verified within the review interval, translations missing or outdated.
    pub editorial: bool,
}

impl BuildOptions {
    /// Today in Europe/Berlin, or the day of `SOURCE_DATE_EPOCH` when that is set.
    pub fn from_environment() -> Self {
        use chrono::TimeZone;
        let now = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::Utc.timestamp_opt(secs, 0).single())
            .unwrap_or_else(chrono::Utc::now);
        BuildOptions {
            today: now.with_timezone(&chrono_tz::Europe::Berlin).date_naive(),
            editorial: false,
            pdf: None,
        }
    }
}

/// Loads and checks the configuration and content under `root` (no theme, no rendering).
pub fn load_checked_content(
    root: &Path,
    options: &BuildOptions,
) -> Result<(config::SiteConfig, Option<validate::Content>, Diagnostics), BuildError> {
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(BuildError::NotASite(root.to_path_buf()));
    }
    let config = config::load_config(root).map_err(BuildError::Content)?;
    let (raw, mut diags) = content::load_content(root, &config);
    let (content, validation) = validate::validate_content(raw, &config, options.today, options.editorial);
    diags.extend(validation);
    if options.editorial {
        diags.extend(editorial::placeholders(root));
    }
    Ok((config, content, diags))
}

/// Builds the site under `root` in memory.
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<Build, BuildError> {
    let mut watch = Stopwatch::start();
    let (config, content, mut diags) = load_checked_content(root, options)?;
    watch.lap("load and validate content");
    let (theme, theme_diags) = theme::load_theme(root, &config);
    watch.lap("load theme");
    diags.extend(theme_diags);
    let (Some(content), Some(theme)) = (content, theme) else {
        return Err(BuildError::Content(diags));
    };
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }

    let hours = localize::compute_hours(&content, options.today);
    watch.lap("compute opening hours");
    let pdf_selected = |lang: &str, district: &str| options.pdf.as_ref().is_some_and(|p| p.includes(lang, district));
    let localized = localize::localize_site(&content, &config, &theme.strings, &hours, options.today, &pdf_selected);
    watch.lap("localize (page data per language)");
    let (rendered, render_diags) = render::render_pages(&localized, &theme);
    watch.lap("render templates");
    diags.extend(render_diags);
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }

    let language_paths: BTreeSet<String> = config.languages.iter().map(|l| l.path.clone()).collect();
    let results: Vec<(String, Result<postprocess::ProcessedPage, String>)> = {
        use rayon::prelude::*;
        rendered
            .into_par_iter()
            .map(|page| (page.file.clone(), postprocess::postprocess_page(page, &language_paths)))
            .collect()
    };
    let mut processed = Vec::with_capacity(results.len());
    for (file, result) in results {
        match result {
            Ok(p) => processed.push(p),
            Err(e) => diags.push(Diagnostic::error(
                format!("public/{file}"),
                None,
                format!("cannot post-process the page: {e}"),
            )),
        }
    }
    watch.lap("post-process HTML");
    let mut site = BuiltSite::default();
    for (path, bytes) in &theme.static_files {
        site.files.insert(path.clone(), bytes.clone());
    }
    site.files.insert(
        "sitemap.xml".into(),
        sitemap::sitemap(&config, &localized.keys).into_bytes(),
    );
    for (path, bytes) in &localized.files {
        site.files.insert(path.clone(), bytes.clone());
    }
    let (search_indexes, search_files) = search::index_site(&config, &content, &theme.strings, &processed);
    site.files.extend(search_files);
    watch.lap("build search index");
    let mut other_files: BTreeSet<String> = site.files.keys().cloned().collect();
    let mut pdf_jobs = Vec::new();
    if let Some(selection) = &options.pdf {
        for lang in &config.languages {
            for district in content.districts.keys().filter(|d| selection.includes(&lang.tag, d)) {
                let folder = format!("{}/leaflets/{district}", lang.path);
                let pdf = format!("{folder}/{}", localize::pdf_file_name(district, &lang.path));
                other_files.insert(pdf.clone());
                pdf_jobs.push((format!("{folder}/index.html"), pdf));
            }
        }
    }
    diags.extend(links::check_links(&processed, &other_files));
    let weights = links::page_weights(&processed, &site.files);
    diags.extend(links::check_page_weight(&weights, config.page_weight_budget_kb));
    watch.lap("check links and page weight");
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }
    let pages = processed.len();
    for page in processed {
        site.files.insert(page.file, page.html.into_bytes());
    }
    Ok(Build {
        search: search_indexes,
        pdf_jobs,
        page_weights: weights,
        timings: watch.laps,
        site,
        pages,
        warnings: diags,
    })
}

/// Builds the site under `root` and replaces `out` with it atomically.
pub fn build(root: &Path, out: &Path, options: &BuildOptions) -> Result<Build, BuildError> {
    let built = build_site(root, options)?;
    let jobs = built.pdf_jobs.clone();
    output::write_site(&built.site, out, &|staging| pdf::print_pages(staging, &jobs)).map_err(|e| match e {
        output::PublishError::Write(w) => BuildError::Write(w),
        output::PublishError::BeforeSwap(message) => BuildError::Pdf(message),
    })?;
    Ok(built)
}

/// The default output folder, relative to the site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
