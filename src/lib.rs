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
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod source;
pub mod text;
pub mod theme;
pub mod validate;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Diagnostics};
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
    require_site(root)?;
    let config = config::load_config(root).map_err(BuildError::Content)?;
    let (raw, mut diags) = content::load_content(root, &config);
    let (content, validation) = validate::validate_content(raw, &config, options.today, options.editorial);
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
    Ok(built)
}

/// Writes report files (name → bytes) into the reports folder `out` of the site at `root`,
/// after [`output::guard::claim`] allowed it, with the marker file beside them; returns the
/// paths written.
pub fn write_reports(root: &Path, out: &Path, files: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, BuildError> {
    let out = output::guard::claim(root, out, output::guard::Purpose::Reports).map_err(BuildError::Refused)?;
    let write = |path: PathBuf, bytes: &[u8]| {
        std::fs::write(&path, bytes).map_err(|source| BuildError::Write(output::WriteError { path, source }))
    };
    std::fs::create_dir_all(&out).map_err(|source| {
        BuildError::Write(output::WriteError {
            path: out.clone(),
            source,
        })
    })?;
    write(out.join(output::guard::MARKER), output::guard::MARKER_TEXT.as_bytes())?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out.join(name);
        write(path.clone(), bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// What making one page left behind.
enum PageOutcome {
    /// The job named nothing (a page in no language of the chain).
    Nothing,
    /// The page is written; what the last checks and the search index need of it.
    Made {
        summary: links::PageSummary,
        deferred: Vec<links::Deferred>,
        problems: Diagnostics,
        text: Option<(String, search::PageText)>,
    },
    /// A template or post-processing problem: the page is not written.
    Failed(Diagnostic),
    /// Writing failed.
    Unwritten(output::WriteError),
}

/// Thread time of the steps of making pages, summed over all threads (nanoseconds).
#[derive(Default)]
struct StepClock([std::sync::atomic::AtomicU64; 5]);

const PAGE_STEPS: [&str; 5] = [
    "localize",
    "render templates",
    "post-process and check links",
    "write",
    "build the search index (beside the next language's pages)",
];

impl StepClock {
    fn add(&self, step: usize, since: std::time::Instant) -> std::time::Instant {
        let now = std::time::Instant::now();
        self.0[step].fetch_add((now - since).as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        now
    }

    fn steps(&self) -> Vec<(&'static str, std::time::Duration)> {
        PAGE_STEPS
            .iter()
            .zip(&self.0)
            .map(|(name, ns)| {
                (
                    *name,
                    std::time::Duration::from_nanos(ns.load(std::sync::atomic::Ordering::Relaxed)),
                )
            })
            .collect()
    }
}

/// Renders, post-processes and stores pages, checking what can be checked at once.
struct PageMaker<'a> {
    theme: &'a theme::Theme,
    plan: Plan,
    sink: &'a dyn output::Sink,
    clock: StepClock,
}

impl PageMaker<'_> {
    /// Makes a localized page (localizing took since `started`) and stores it with its files.
    /// `indexed`: keep its text for the search index.
    fn make(
        &self,
        (page, extra_files): pages::PageWithFiles,
        indexed: bool,
        started: std::time::Instant,
    ) -> PageOutcome {
        let t = self.clock.add(0, started);
        let rendered = match render::render_page(page, self.theme) {
            Ok(r) => r,
            Err(d) => return PageOutcome::Failed(d),
        };
        let t = self.clock.add(1, t);
        self.make_rendered(rendered, extra_files, indexed, t)
    }

    fn make_rendered(
        &self,
        rendered: render::RenderedPage,
        extra_files: Vec<(String, Vec<u8>)>,
        indexed: bool,
        started: std::time::Instant,
    ) -> PageOutcome {
        let file = rendered.file.clone();
        let processed = match postprocess::postprocess_page(rendered, &self.plan.language_paths) {
            Ok(p) => p,
            Err(e) => {
                return PageOutcome::Failed(Diagnostic::error(
                    format!("public/{file}"),
                    None,
                    format!("cannot post-process the page: {e}"),
                ));
            }
        };
        let (problems, deferred) = links::check_page(&processed, &self.plan.pages, &self.plan.files);
        let summary = links::PageSummary::of(&processed);
        let t = self.clock.add(2, started);
        for (path, bytes) in extra_files {
            if let Err(e) = self.sink.put(&path, bytes) {
                return PageOutcome::Unwritten(e);
            }
        }
        if let Err(e) = self.sink.put(&processed.file, processed.html.into_bytes()) {
            return PageOutcome::Unwritten(e);
        }
        self.clock.add(3, t);
        PageOutcome::Made {
            summary,
            deferred,
            problems,
            text: indexed.then_some((processed.file, processed.text)),
        }
    }
}

/// What every page may link to, known before any page is made.
struct Plan {
    /// URL prefixes of the configured languages.
    language_paths: BTreeSet<String>,
    /// Every page the build makes.
    pages: HashSet<String>,
    /// The files stored before the pages (assets, sitemap).
    files: HashSet<String>,
}

/// The pipeline, storing every file in `sink` as soon as it is made, so that memory holds only
/// the pages being made, the search text of one language and what the last checks need
/// (and, with `keep_search`, the search index of each language, for tests and tools).
pub fn build_into(
    root: &Path,
    options: &BuildOptions,
    sink: &dyn output::Sink,
    progress: &(dyn Fn(Progress) + Sync),
    keep_search: bool,
) -> Result<Build, BuildError> {
    use rayon::prelude::*;
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

    let hours = pages::compute_hours(&content, options.today);
    watch.lap("compute opening hours");
    let pdf_selected = |lang: &str, district: &str| options.pdf.as_ref().is_some_and(|p| p.includes(lang, district));
    let localizer = pages::localize_site(&content, &config, &theme.strings, &hours, options.today, &pdf_selected);
    let jobs: Vec<Vec<pages::PageJob>> = (0..config.languages.len()).map(|i| localizer.jobs(i)).collect();
    watch.lap("prepare languages");

    let write = |path: &str, bytes: Vec<u8>| sink.put(path, bytes).map_err(BuildError::Write);
    for (path, bytes) in &theme.static_files {
        write(path, bytes.clone())?;
    }
    write("sitemap.xml", sitemap::sitemap(&config, &localizer.keys).into_bytes())?;
    let mut pages: HashSet<String> = ["index.html".to_string(), "404.html".to_string()].into();
    for (lang, language_jobs) in jobs.iter().enumerate() {
        pages.extend(language_jobs.iter().filter_map(|job| localizer.file(lang, job)));
    }
    let maker = PageMaker {
        theme: &theme,
        plan: Plan {
            language_paths: config.languages.iter().map(|l| l.path.clone()).collect(),
            files: sink.sizes().into_keys().collect(),
            pages,
        },
        sink,
        clock: StepClock::default(),
    };

    // The language chooser and the 404 page.
    let (root_pages, root_diags) = render::render_root_pages(&localizer.root, &theme);
    diags.extend(root_diags);
    let root_outcomes: Vec<PageOutcome> = root_pages
        .into_iter()
        .map(|page| maker.make_rendered(page, Vec::new(), false, std::time::Instant::now()))
        .collect();

    let total = maker.plan.pages.len();
    let done = std::sync::atomic::AtomicUsize::new(root_outcomes.len());
    let mut summaries = Vec::with_capacity(total);
    let mut deferred = Vec::new();
    let mut search_indexes = BTreeMap::new();
    let mut write_error = None;
    let mut absorb = |outcome: PageOutcome, texts: &mut Vec<(String, search::PageText)>| match outcome {
        PageOutcome::Nothing => {}
        PageOutcome::Made {
            summary,
            deferred: page_deferred,
            problems,
            text,
        } => {
            summaries.push(summary);
            deferred.extend(page_deferred);
            diags.extend(problems);
            texts.extend(text);
        }
        PageOutcome::Failed(d) => diags.push(d),
        PageOutcome::Unwritten(e) => {
            write_error.get_or_insert(e);
        }
    };
    // Languages one after the other, the pages of each in parallel; the search index of a
    // language is built while the pages of the next are made. Memory holds the search text of
    // at most two languages.
    let mut pending: Option<(usize, Vec<(String, search::PageText)>)> = None;
    // One round more than there are languages: the last round indexes the last language.
    for current in jobs.iter().enumerate().map(Some).chain(std::iter::once(None)) {
        let index_previous = || {
            let (previous, texts) = pending.take()?;
            let started = std::time::Instant::now();
            let language = &config.languages[previous];
            let indexed = search::index_language(language, &content, theme.strings.get(&language.tag), texts);
            maker.clock.add(4, started);
            Some((language.tag.clone(), indexed))
        };
        let make_pages = || -> Option<(usize, Vec<PageOutcome>)> {
            let (lang, language_jobs) = current?;
            let started = std::time::Instant::now();
            let language_localizer = localizer.language(lang)?;
            maker.clock.add(0, started);
            Some((
                lang,
                language_jobs
                    .par_iter()
                    .map(|job| {
                        let started = std::time::Instant::now();
                        let indexed = search::page_kind(&job.suffix()).is_some();
                        let outcome = match localizer.page(&language_localizer, job) {
                            Some(page) => maker.make(page, indexed, started),
                            None => PageOutcome::Nothing,
                        };
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if n.is_multiple_of(250) {
                            progress(Progress::Pages { done: n, total });
                        }
                        outcome
                    })
                    .collect(),
            ))
        };
        let (indexed, outcomes) = rayon::join(index_previous, make_pages);
        if let Some((tag, (index, files))) = indexed {
            for (path, bytes) in files {
                write(&path, bytes)?;
            }
            if keep_search {
                search_indexes.insert(tag, index);
            }
        }
        if let Some((lang, outcomes)) = outcomes {
            let mut texts = Vec::with_capacity(outcomes.len());
            for outcome in outcomes {
                absorb(outcome, &mut texts);
            }
            pending = Some((lang, texts));
        }
    }
    for outcome in root_outcomes {
        absorb(outcome, &mut Vec::new());
    }
    progress(Progress::Pages { done: total, total });
    if let Some(e) = write_error {
        return Err(BuildError::Write(e));
    }
    watch.lap("make pages and the search index");

    let mut pdf_jobs = Vec::new();
    let mut sizes = sink.sizes();
    let files = sizes.len();
    if let Some(selection) = &options.pdf {
        for lang in &config.languages {
            for district in content.districts.keys().filter(|d| selection.includes(&lang.tag, d)) {
                let page = format!("{}/{}index.html", lang.path, pages::routes::leaflet(district));
                let pdf = format!("{}/{}", lang.path, pages::routes::leaflet_pdf(district, &lang.path));
                sizes.insert(pdf.clone(), 0);
                pdf_jobs.push((page, pdf));
            }
        }
    }
    diags.extend(links::check_deferred(&deferred, &summaries, &sizes));
    let weights = links::page_weights(&summaries, &sizes);
    diags.extend(links::check_page_weight(&weights, config.page_weight_budget_kb));
    watch.lap("check links and page weight");
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }
    Ok(Build {
        search: search_indexes,
        pdf_jobs,
        page_weights: weights,
        timings: watch.laps,
        page_steps: maker.clock.steps(),
        site: BuiltSite::default(),
        pages: summaries.len(),
        files,
        warnings: diags,
    })
}

/// The default output folder, relative to the site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
