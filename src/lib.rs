//! quartier — a static site generator for local integration networks.
//!
//! The build is a pipeline of stages, each a function from one value to the next:
//!
//! ```text
//! load_config → load_content → validate_content → load_theme → compute_hours → localize_site
//! → for each language, each page in parallel: localize → render_page → postprocess_page
//!   (lol_html, one pass) → check_page → store; then index_language
//! → check_deferred (links between pages, weights) → publish (swap the staging folder in)
//! ```
//!
//! Pages are stored as soon as they are made ([`output::Sink`]), so memory holds only what
//! the last checks need. Content problems are [`diagnostics::Diagnostic`]s, collected over the
//! whole site and returned together; nothing is published unless the whole build succeeded.

#![warn(missing_docs)]

mod build;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod editorial;
pub mod external;
pub mod hours;
pub mod html;
pub mod ics;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod pdf;
pub mod postprocess;
pub mod preview;
pub mod printed;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod source;
pub mod text;
pub mod theme;
pub mod validate;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use output::BuiltSite;

/// A successful build, with the warnings found on the way.
pub struct Build {
    /// Every output file, when the build was made in memory ([`build_site`]); empty when it
    /// was written to disk ([`build`]) or only checked ([`check_site`]).
    pub site: BuiltSite,
    /// Number of HTML pages.
    pub pages: usize,
    /// Number of output files (pages, assets, calendars, search index; PDFs not counted).
    pub files: usize,
    /// Warnings (the build succeeded despite them).
    pub warnings: Diagnostics,
    /// How long each stage took (wall time), in pipeline order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Inside "make pages and the search index", the time all threads together spent on each
    /// step.
    pub page_steps: Vec<(&'static str, std::time::Duration)>,
    /// The search index of each language, by tag (what the published index files hold); only
    /// kept by [`build_site`], which builds in memory.
    pub search: BTreeMap<String, search::LanguageIndex>,
    /// Leaflets to print to PDF: (page, PDF file), both relative to the output folder.
    pub pdf_jobs: Vec<(String, String)>,
    /// What each district's leaflet says now, with its version: what `build --pdf` records for
    /// the leaflets it printed.
    pub leaflets: BTreeMap<String, content::PrintedFacts>,
    /// Weight of each page: (HTML, CSS, JS) bytes, by output file.
    pub page_weights: BTreeMap<String, (usize, usize, usize)>,
}

/// How far a build has come, for a progress line on the terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Pages made (rendered, post-processed and written) so far, of all.
    Pages {
        /// Made so far.
        done: usize,
        /// All pages of the build.
        total: usize,
    },
    /// Leaflets printed to PDF so far, of all.
    Pdfs {
        /// Printed so far.
        done: usize,
        /// All PDFs of the build.
        total: usize,
    },
}

/// A progress listener that hears nothing.
pub fn no_progress(_: Progress) {}

/// Which leaflets to print to PDF: all districts and languages unless narrowed.
#[derive(Debug, Clone, Default)]
pub struct PdfSelection {
    /// District ids; `None`: all.
    pub districts: Option<Vec<String>>,
    /// Language tags; `None`: all.
    pub languages: Option<Vec<String>>,
}

impl PdfSelection {
    /// Whether the leaflet of `district` in `lang` is printed (and the checklists of the
    /// journeys for that district).
    pub fn includes(&self, lang: &str, district: &str) -> bool {
        self.languages.as_ref().is_none_or(|l| l.iter().any(|x| x == lang))
            && self.districts.as_ref().is_none_or(|d| d.iter().any(|x| x == district))
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
    /// The output folder may not be written (it holds sources or files quartier did not
    /// write); nothing was touched.
    Refused(output::guard::Refusal),
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
            BuildError::Refused(refusal) => write!(f, "{refusal}"),
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
            BuildError::Write(_) | BuildError::NotASite(_) | BuildError::Pdf(_) | BuildError::Refused(_) => 2,
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
    /// The preview (`serve`): drafts (`draft: true`) are included with a banner and each page
    /// lists the files it was made from; `build` and `check` leave drafts out.
    pub preview: bool,
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
            preview: false,
        }
    }
}

/// `root` holds a `site-config.yaml`, or the error saying it is not a quartier site.
pub fn require_site(root: &Path) -> Result<(), BuildError> {
    if root.join(config::CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(BuildError::NotASite(root.to_path_buf()))
    }
}

/// Loads and checks the configuration and content under `root` (no theme, no rendering).
pub fn load_checked_content(
    root: &Path,
    options: &BuildOptions,
) -> Result<(config::SiteConfig, Option<validate::Content>, Diagnostics), BuildError> {
    load_checked_content_cached(root, options, &mut content::FileCache::default(), None)
}

/// [`load_checked_content`], reading only the content files that changed since `cache` saw
/// them and rendering only the Markdown bodies that `memo` does not hold yet (the preview).
pub fn load_checked_content_cached(
    root: &Path,
    options: &BuildOptions,
    cache: &mut content::FileCache,
    memo: Option<&markdown::Memo>,
) -> Result<(config::SiteConfig, Option<validate::Content>, Diagnostics), BuildError> {
    require_site(root)?;
    let config = config::load_config(root).map_err(BuildError::Content)?;
    // The preview keeps the content between rebuilds and shows drafts; a build reads it once
    // and sets drafts aside.
    // (The schemas list drafts too: they are compared before drafts are set aside.)
    let stale = |raw: &content::RawContent| options.editorial.then(|| stale_schemas(root, &config, raw)).flatten();
    let owned: content::RawContent;
    let (raw, mut diags) = if options.preview {
        let (raw, mut diags) = content::load_content_kept(root, &config, cache);
        if let Some(d) = stale(raw) {
            diags.push(d);
        }
        (raw, diags)
    } else {
        let (mut raw, mut diags) = content::load_content_cached(root, &config, cache);
        if let Some(d) = stale(&raw) {
            diags.push(d);
        }
        raw.set_drafts_aside();
        for file in raw.drafts.values() {
            diags.push(
                diagnostics::Diagnostic::warning(file, None, "draft: not published")
                    .with_help("the preview shows it with a banner; delete the line `draft: true` to publish it"),
            );
        }
        owned = raw;
        (&owned, diags)
    };
    let (content, validation) = validate::validate_content_with(raw, &config, options.today, options.editorial, memo);
    if let Some(memo) = memo {
        memo.sweep();
    }
    diags.extend(validation);
    if options.editorial {
        diags.extend(editorial::placeholders(root));
    }
    Ok((config, content, diags))
}

/// Builds the site under `root` in memory (what `serve` shows).
pub fn build_site(root: &Path, options: &BuildOptions) -> Result<Build, BuildError> {
    let sink = output::MemorySink::default();
    let mut built = build_into(root, options, &sink, &no_progress, true)?;
    built.site = sink.into_site();
    Ok(built)
}

/// Writes the JSON Schemas of the site's files into `ROOT/schemas/` (`quartier schema`, and
/// `quartier new` after it made a file): the structure of each file kind with the site's own
/// districts, offices and languages as allowed values. Returns the files written.
pub fn write_schemas(root: &Path) -> Result<Vec<std::path::PathBuf>, BuildError> {
    require_site(root)?;
    let config = config::load_config(root).map_err(BuildError::Content)?;
    let (raw, _) = content::load_content(root, &config);
    let dir = root.join(schema::SCHEMA_DIR);
    let write_error = |path: &Path, source: std::io::Error| {
        BuildError::Write(output::WriteError {
            path: path.to_path_buf(),
            source,
        })
    };
    std::fs::create_dir_all(&dir).map_err(|e| write_error(&dir, e))?;
    let mut written = Vec::new();
    for (file, text) in schema::site_schemas(&schema::SiteValues::of(&config, &raw)) {
        let path = dir.join(file);
        std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// A warning when `schemas/` exists but no longer matches the site (a district or office was
/// added or renamed since `quartier schema` last ran), so editors would offer old values.
fn stale_schemas(
    root: &Path,
    config: &config::SiteConfig,
    raw: &content::RawContent,
) -> Option<diagnostics::Diagnostic> {
    let dir = root.join(schema::SCHEMA_DIR);
    if !dir.is_dir() {
        return None;
    }
    let stale = schema::site_schemas(&schema::SiteValues::of(config, raw))
        .into_iter()
        .find(|(file, text)| std::fs::read_to_string(dir.join(file)).ok().as_deref() != Some(text.as_str()))?;
    Some(
        diagnostics::Diagnostic::warning(
            Path::new(schema::SCHEMA_DIR).join(stale.0),
            None,
            "the editor schemas no longer match the site's districts, offices or languages",
        )
        .with_help("run `quartier schema` to write them anew"),
    )
}

/// How many days before the published open-now data runs out `check` warns.
pub const HOURS_RUN_OUT_WARNING_DAYS: i64 = 14;

/// A warning when the site published in `published` was built so long ago that its open-now
/// data runs out within [`HOURS_RUN_OUT_WARNING_DAYS`] days of `today` (or already has).
pub fn published_hours_warning(published: &Path, today: chrono::NaiveDate) -> Option<diagnostics::Diagnostic> {
    let (built, until) = pages::routes::read_build_info(published)?;
    let left = (until - today).num_days();
    (left <= HOURS_RUN_OUT_WARNING_DAYS).then(|| {
        let when = if left <= 0 {
            format!("ran out on {until}: its pages now say only how old the hours are")
        } else {
            format!("runs out on {until}, in {left} days")
        };
        diagnostics::Diagnostic::warning(
            published.join(pages::routes::BUILD_INFO),
            None,
            format!("the published site was built on {built}; its open-now data {when}"),
        )
        .with_help(
            "rebuild and publish the site every day (README: \"Publishing\"), e.g. a daily cron job or CI schedule",
        )
    })
}

/// Runs every stage of a build but keeps no output (what `quartier check` does).
pub fn check_site(root: &Path, options: &BuildOptions) -> Result<Build, BuildError> {
    build_into(root, options, &output::DiscardSink::default(), &no_progress, false)
}

/// Builds the site under `root` and replaces `out` with it atomically: pages are written to a
/// staging folder as they are made, which is swapped in only when the whole build succeeded.
pub fn build(
    root: &Path,
    out: &Path,
    options: &BuildOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Build, BuildError> {
    // Before the staging folder: a wrong --root must not create folders.
    require_site(root)?;
    let out = output::guard::claim(root, out, output::guard::Purpose::Site).map_err(BuildError::Refused)?;
    let staging = output::Staging::create(&out).map_err(BuildError::Write)?;
    let built = build_into(root, options, &staging, progress, false)?;
    let jobs = &built.pdf_jobs;
    staging
        .publish(&|dir| pdf::print_pages(dir, jobs, progress))
        .map_err(|e| match e {
            output::PublishError::Write(w) => BuildError::Write(w),
            output::PublishError::BeforeSwap(message) => BuildError::Pdf(message),
        })?;
    // The leaflets are printed and published: record what they say, so that every later build
    // can tell whether they are still up to date.
    if let Some(selection) = &options.pdf {
        let config = config::load_config(root).map_err(BuildError::Content)?;
        printed::record(root, &config, &built.leaflets, selection, options.today).map_err(BuildError::Write)?;
    }
    Ok(built)
}

/// Writes report files (name → bytes) into the reports folder `out` of the site at `root`,
/// after [`output::guard::claim`] allowed it, with the marker file beside them; returns the
/// paths written.
pub fn write_reports(root: &Path, out: &Path, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, BuildError> {
    let out = output::guard::claim(root, out, output::guard::Purpose::Reports).map_err(BuildError::Refused)?;
    let write = |path: &Path, bytes: &[u8]| output::ctx(path, std::fs::write(path, bytes)).map_err(BuildError::Write);
    output::ctx(&out, std::fs::create_dir_all(&out)).map_err(BuildError::Write)?;
    write(&out.join(output::guard::MARKER), output::guard::MARKER_TEXT.as_bytes())?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out.join(name);
        write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

pub use build::{Preview, PreviewBuild, build_into};

/// The default output folder, relative to the site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
