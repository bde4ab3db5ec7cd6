//! The preview's rebuild (`quartier serve`): the site is kept in memory with what each page was
//! made from, and a change remakes only the pages that depend on what changed.
//!
//! [`Preview::rebuild`] runs the stages of a full build, each as far as the change requires:
//!
//! | stage | kept between rebuilds | redone |
//! |---|---|---|
//! | load content | each file's parse and all of them put together ([`content::FileCache`]) | the files the watcher named ([`Preview::only_changed`]), else those whose size or time changed |
//! | validate | each Markdown body's rendering ([`markdown::Memo`]) | all of it, from the parsed files (no file is read again) |
//! | load the theme | the theme | when a file under `themes/` changed |
//! | compute hours | every location's hours | the offices that changed |
//! | make pages | each page's record ([`PageRecord`]: its files, links, ids, problems, search text) | the pages [`Scope::touches`] names |
//! | search index | each language's index files | the languages whose search text changed |
//! | localize | the German leaflet columns | those of the districts the change touches |
//! | last checks | which pages have problems, which are too heavy | the links of remade pages and of pages linking to what changed; the weight of remade pages and of pages loading a resized file (all of it when the set of pages changed) |
//!
//! What a page depends on is written once, in [`Scope::touches`], by page kind: a guide its
//! district's page; an office (or its hours) its own pages, the pages of its districts, the
//! leaflets, journeys and checklists there, the language pages, and the home and search pages
//! when its name or status changed; a partner likewise.
//! Any other change (configuration, theme, a district's or page's or journey's file, a file
//! added or removed, another day) remakes every page from the loaded content. The result is the
//! same site, byte for byte, as a fresh build of the same files: `tests/preview.rs` holds it to
//! that over random sequences of edits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::steps::{PageMaker, PageOutcome, Plan, StepClock};
use crate::diagnostics::Diagnostics;
use crate::output::Sink;
use crate::pages::{HoursTable, PageJob, PageKey};
use crate::*;

/// The records of a language's pages.
type Records = rustc_hash::FxHashMap<PageJob, PageRecord>;

/// Every page's output file, as a set (what pages may link to) and by file (the language and
/// job that make it).
struct PageFiles {
    set: Arc<std::collections::HashSet<String>>,
    by_file: rustc_hash::FxHashMap<String, (usize, PageJob)>,
}

/// The site's files that are not pages.
fn other_files(files: &BTreeMap<String, Arc<[u8]>>) -> Arc<std::collections::HashSet<String>> {
    Arc::new(files.keys().filter(|f| !f.ends_with(".html")).cloned().collect())
}

/// What the preview keeps of a page between rebuilds.
struct PageRecord {
    /// The page's file and the files made with it (an office's calendars).
    files: Vec<String>,
    summary: links::PageSummary,
    deferred: Vec<links::Deferred>,
    problems: Diagnostics,
    /// The broken ones among `deferred`, as the last checks found them.
    link_problems: Diagnostics,
    text: Option<search::IndexedPage>,
}

/// The last good site and everything it was made from.
struct Kept {
    today: NaiveDate,
    config: Arc<config::SiteConfig>,
    config_print: u64,
    theme: Arc<theme::Theme>,
    theme_print: u64,
    /// The warnings loading the theme gave (a kept theme still has them).
    theme_diags: Diagnostics,
    content: validate::Content,
    hours: HoursTable,
    /// Per language (in configuration order), each page's record.
    pages: Vec<Records>,
    /// The language chooser and the 404 page.
    root_pages: Vec<PageRecord>,
    /// The diagnostics of the root pages' templates.
    root_problems: Diagnostics,
    keys: Vec<PageKey>,
    /// The German leaflet columns (made again only for the districts a change touches).
    leaflet_columns: pages::LeafletColumns,
    /// Each district's section of the spoken languages' pages, rendered.
    language_sections: pages::LanguageSections,
    /// Per language tag, the search index files.
    search_files: BTreeMap<String, Vec<String>>,
    /// Per language tag, the search index (tools and tests read it, like [`Build::search`]).
    search: BTreeMap<String, search::LanguageIndex>,
    /// The languages (by index) whose search index is not made yet.
    pending_search: BTreeSet<usize>,
    /// The sitemap lists other pages than the one served (made with the search index, after
    /// the changed page is shown: it is the largest file of a big site).
    pending_sitemap: bool,
    /// Per language, its pages in the order of a full build (the search index's order).
    jobs: Vec<Vec<PageJob>>,
    /// The pages (language and job) with problems or broken links.
    flagged: BTreeSet<(usize, PageJob)>,
    /// The pages over the weight budget, with their weights, by file.
    heavy: BTreeMap<String, (usize, usize, usize)>,
    /// Number of pages.
    page_count: usize,
    /// Every page's file, and what made it (kept while `jobs` stay the same).
    page_files: Arc<PageFiles>,
    /// The site's files that are not pages (kept while none comes or goes).
    other_files: Arc<std::collections::HashSet<String>>,
    /// The last build's warnings but those on page weights.
    warnings_before_weights: Diagnostics,
    /// The site as served (shared with the server: not copied to keep it).
    site: Arc<output::BuiltSite>,
}

/// The outcome of one rebuild of the preview.
pub struct PreviewBuild {
    /// The whole site.
    pub site: Arc<output::BuiltSite>,
    /// Number of HTML pages.
    pub pages: usize,
    /// Pages made by this rebuild (all of them after a change that touches everything).
    pub remade: usize,
    /// Warnings.
    pub warnings: Diagnostics,
}

/// The preview's site and what it was made from; see the module documentation.
#[derive(Default)]
pub struct Preview {
    files: content::FileCache,
    /// The rendered Markdown of each body, kept like the files.
    markdown: markdown::Memo,
    kept: Option<Kept>,
    /// Whether the file watcher reported what changed for the next rebuild
    /// ([`Preview::only_changed`]).
    hinted: bool,
    /// Whether it reported a file under `themes/` since the last good rebuild: without one
    /// (and with `hinted`), the theme is not looked at.
    theme_touched: bool,
}

/// What changed since the last good build: the pages to remake are those it touches.
#[derive(Default)]
struct Scope {
    all: bool,
    guides: BTreeSet<String>,
    offices: BTreeSet<String>,
    partners: BTreeSet<String>,
    records: BTreeSet<String>,
    /// Districts whose office or partners changed (before or after the change).
    districts: BTreeSet<String>,
    /// Journeys that name a changed partner.
    journeys: BTreeSet<String>,
    /// Whether a changed office now serves other districts (the search index names them).
    moved: bool,
    /// Whether a changed office has another name or status (the home and search pages list
    /// every office by them).
    renamed: bool,
    /// The spoken languages in which a changed office or partner advises, before or after the
    /// change: only their pages list it.
    spoken: BTreeSet<String>,
}

impl Scope {
    /// Sorts the changed content files into the scope; `false` when a file's change can touch
    /// any page (then everything is remade).
    fn add_file(&mut self, file: &Path) -> bool {
        let inside = file.strip_prefix(content::CONTENT_DIR).unwrap_or(file);
        let parts: Vec<&str> = inside.iter().filter_map(|p| p.to_str()).collect();
        let id = |name: &str| name.strip_suffix(".yaml").map(str::to_string);
        match parts.as_slice() {
            ["districts", district, name] if name.starts_with("guide.") => {
                self.guides.insert(district.to_string());
            }
            ["offices" | "opening-hours", name] => match id(name) {
                Some(office) => {
                    self.offices.insert(office);
                }
                None => return false,
            },
            ["partners", name] => match id(name) {
                Some(partner) => {
                    self.partners.insert(partner);
                }
                None => return false,
            },
            ["printed-leaflets", district, _] => {
                self.records.insert(district.to_string());
            }
            _ => return false,
        }
        true
    }

    /// Adds the districts and journeys that the changed offices and partners appear in, as the
    /// content says `before` and `after` the change.
    fn widen(&mut self, before: &validate::Content, after: &validate::Content) {
        self.moved = self
            .offices
            .iter()
            .any(|o| before.offices.get(o).map(|o| &o.districts) != after.offices.get(o).map(|o| &o.districts));
        self.renamed = self.offices.iter().any(|id| {
            before.offices.get(id).map(|o| (&o.name, o.status)) != after.offices.get(id).map(|o| (&o.name, o.status))
        });
        for content in [before, after] {
            for office in &self.offices {
                if let Some(o) = content.offices.get(office) {
                    self.districts.extend(o.districts.iter().cloned());
                }
                self.districts.extend(
                    content
                        .districts
                        .values()
                        .filter(|d| d.office.as_deref() == Some(office))
                        .map(|d| d.id.clone()),
                );
            }
            for partner in &self.partners {
                if let Some(p) = content.partners.get(partner) {
                    self.districts.extend(p.districts.iter().cloned());
                }
                self.journeys.extend(
                    content
                        .journeys
                        .values()
                        .filter(|j| j.steps.iter().any(|s| s.partners.contains(partner)))
                        .map(|j| j.id.clone()),
                );
            }
        }
    }

    /// Adds the spoken languages in which the changed offices (for the whole office or in a
    /// session of the regular week, as `hours` has it) and partners advise, as `content` says.
    fn add_spoken(&mut self, content: &validate::Content, hours: &HoursTable) {
        for o in self.offices.iter().filter_map(|id| content.offices.get(id)) {
            self.spoken.extend(o.languages.iter().cloned());
            for loc in &o.locations {
                let Some(facts) = hours.get(&(o.id.clone(), loc.id.clone())) else {
                    continue;
                };
                for entry in facts.resolved.week.iter().flatten() {
                    if let crate::hours::EntryKind::Open(_, langs) = &entry.kind {
                        self.spoken.extend(langs.iter().cloned());
                    }
                }
            }
        }
        for p in self.partners.iter().filter_map(|id| content.partners.get(id)) {
            self.spoken.extend(p.languages.iter().cloned());
        }
    }

    /// Whether the page of `job` may differ after the change.
    fn touches(&self, job: &PageJob) -> bool {
        if self.all {
            return true;
        }
        let people = !self.offices.is_empty() || !self.partners.is_empty();
        match job {
            // Every district with its office's name and status; every page's title.
            PageJob::Home | PageJob::Search => self.renamed,
            // How many advise in each spoken language.
            PageJob::Languages => people,
            // Who advises in a spoken language: offices with their places and sessions,
            // partners.
            PageJob::SpokenLanguage(tag) => self.spoken.contains(tag),
            PageJob::Partners => !self.partners.is_empty(),
            PageJob::District(d) => self.guides.contains(d) || self.districts.contains(d),
            PageJob::Office(o) | PageJob::ShowOffice(o) => self.offices.contains(o),
            PageJob::ShowPartner(p) => self.partners.contains(p),
            PageJob::Page(_) => false,
            PageJob::Journey(j) => self.journeys.contains(j),
            PageJob::JourneyIn(j, d) | PageJob::Checklist(j, d) => {
                self.districts.contains(d) || self.journeys.contains(j)
            }
            PageJob::Leaflet(d) | PageJob::LeafletVersion(d, _) => {
                self.districts.contains(d) || self.records.contains(d)
            }
        }
    }
}

/// A fingerprint of every file under `themes/` (names, sizes and times): the theme is loaded
/// again only when it changes.
fn theme_print(root: &Path) -> u64 {
    let stamps: Vec<(PathBuf, u64, Option<std::time::SystemTime>)> = walkdir::WalkDir::new(root.join("themes"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let meta = e.metadata().ok();
            (
                e.path().to_path_buf(),
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            )
        })
        .collect();
    content::fingerprint(&stamps)
}

/// The search index of each language in `langs`, made in parallel from the pages' texts
/// (`texts`: a language's indexed pages in page order).
fn make_indexes(
    langs: &BTreeSet<usize>,
    config: &config::SiteConfig,
    content: &validate::Content,
    theme: &theme::Theme,
    texts: impl Fn(usize) -> Vec<search::IndexedPage> + Sync,
) -> Vec<(String, search::LanguageIndex, BTreeMap<String, Vec<u8>>)> {
    use rayon::prelude::*;
    langs
        .par_iter()
        .filter_map(|&lang| {
            let language = config.languages.get(lang)?;
            let (index, files) =
                search::index_language(language, content, theme.strings.get(&language.tag), texts(lang));
            Some((language.tag.clone(), index, files))
        })
        .collect()
}

/// The pages among `records` above the weight budget, with their weights, by file.
fn heavy_pages<'a>(
    records: impl Iterator<Item = &'a PageRecord>,
    size: &dyn Fn(&str) -> Option<usize>,
    config: &config::SiteConfig,
) -> BTreeMap<String, (usize, usize, usize)> {
    let budget = config.page_weight_budget_kb as usize * 1024;
    records
        .filter_map(|r| {
            let (html, css, js) = links::page_weight(&r.summary, size);
            (html + css + js > budget).then(|| (r.summary.file.clone(), (html, css, js)))
        })
        .collect()
}

/// The size of each stylesheet and script among `files`, in a hash map: weighing every page
/// looks each up several times.
fn resource_sizes(files: &BTreeMap<String, Arc<[u8]>>) -> rustc_hash::FxHashMap<&str, usize> {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".css") || name.ends_with(".js"))
        .map(|(name, bytes)| (name.as_str(), bytes.len()))
        .collect()
}

/// Puts newly made search indexes into the site, in place of the old ones.
fn put_indexes(
    indexed: Vec<(String, search::LanguageIndex, BTreeMap<String, Vec<u8>>)>,
    files: &mut BTreeMap<String, Arc<[u8]>>,
    search_files: &mut BTreeMap<String, Vec<String>>,
    search: &mut BTreeMap<String, search::LanguageIndex>,
) {
    for (tag, index, index_files) in indexed {
        for old in search_files.remove(&tag).unwrap_or_default() {
            files.remove(&old);
        }
        search_files.insert(tag.clone(), index_files.keys().cloned().collect());
        for (path, bytes) in index_files {
            files.insert(path, bytes.into());
        }
        search.insert(tag, index);
    }
}

impl Preview {
    /// Tells the next rebuild that only `paths` changed since the last one (absolute, or
    /// relative to `root`), as the file watcher reported them: it then looks at those files
    /// alone instead of every file's stamp (on a large site, walking them is a good share of
    /// a small edit's time). Without it, a rebuild looks at every file.
    pub fn only_changed(&mut self, root: &Path, paths: impl IntoIterator<Item = PathBuf>) {
        let relative: Vec<PathBuf> = paths
            .into_iter()
            .map(|p| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))
            .collect();
        self.theme_touched |= relative.iter().any(|p| p.is_absolute() || p.starts_with("themes"));
        self.hinted = true;
        self.files.only_changed(relative);
    }

    /// Rebuilds the site under `root` after a change (or builds it the first time), search
    /// index included. On an error the last good site stays as it was, and the next rebuild
    /// compares with it.
    pub fn rebuild(&mut self, root: &Path, options: &BuildOptions) -> Result<PreviewBuild, BuildError> {
        let mut build = self.rebuild_pages(root, options)?;
        if let Some((site, warnings)) = self.finish_search() {
            build.site = site;
            build.warnings = warnings;
        }
        Ok(build)
    }

    /// [`Preview::rebuild`] up to the search index: the pages, the other files and every check
    /// (the search index files are never linked, so no check depends on them). The search
    /// index is the old one until [`Preview::finish_search`] makes the new one.
    pub fn rebuild_pages(&mut self, root: &Path, options: &BuildOptions) -> Result<PreviewBuild, BuildError> {
        use rayon::prelude::*;
        let options = BuildOptions {
            preview: true,
            pdf: None,
            ..options.clone()
        };
        let hinted = std::mem::take(&mut self.hinted);
        let (config, content, mut diags) =
            load_checked_content_cached(root, &options, &mut self.files, Some(&self.markdown))?;
        let config_print = content::fingerprint(&format!("{config:?}"));
        let theme_print = match &self.kept {
            Some(k) if hinted && !self.theme_touched => k.theme_print,
            _ => theme_print(root),
        };
        let kept = self.kept.as_ref();
        // A theme other than the kept one stays to be loaded until a rebuild succeeds (this
        // one may fail, and the next one be told only of content files).
        if kept.is_none_or(|k| k.theme_print != theme_print) {
            self.theme_touched = true;
        }
        let same_config = kept.is_some_and(|k| k.config_print == config_print);
        let (theme, theme_diags) = match kept {
            Some(k) if same_config && k.theme_print == theme_print => {
                (Some(Arc::clone(&k.theme)), k.theme_diags.clone())
            }
            _ => {
                let (theme, d) = theme::load_theme(root, &config);
                (theme.map(Arc::new), d)
            }
        };
        diags.extend(theme_diags.clone());
        let (Some(content), Some(theme)) = (content, theme) else {
            return Err(BuildError::Content(diags));
        };
        if diags.has_errors() {
            return Err(BuildError::Content(diags));
        }
        let config = match kept {
            Some(k) if same_config => Arc::clone(&k.config),
            _ => Arc::new(config),
        };

        // What changed, and so which pages to remake.
        let mut scope = Scope::default();
        match kept {
            Some(k)
                if same_config
                    && k.today == options.today
                    && Arc::ptr_eq(&k.theme, &theme)
                    && self.files.changes().is_some() =>
            {
                for file in self.files.changes().into_iter().flatten() {
                    if !scope.add_file(file) {
                        scope.all = true;
                    }
                }
                scope.widen(&k.content, &content);
            }
            _ => scope.all = true,
        }

        let hours = match kept {
            Some(k) if !scope.all => {
                let mut hours: HoursTable = k
                    .hours
                    .iter()
                    .filter(|((office, _), _)| !scope.offices.contains(office))
                    .map(|(key, facts)| (key.clone(), facts.clone()))
                    .collect();
                hours.extend(pages::compute_hours_of(&content, options.today, |o| {
                    scope.offices.contains(o)
                }));
                hours
            }
            _ => pages::compute_hours(&content, options.today),
        };
        if let Some(k) = kept.filter(|_| !scope.all) {
            scope.add_spoken(&k.content, &k.hours);
            scope.add_spoken(&content, &hours);
        }
        let no_pdf = |_: &str, _: &str| false;
        // A leaflet shows its district's office (with its hours) and partners: the German
        // column is made again only where those changed.
        // So is each district's section of the spoken languages' pages.
        let (kept_columns, kept_sections) = match kept {
            Some(k) if !scope.all => (k.leaflet_columns.clone(), k.language_sections.clone()),
            _ => Default::default(),
        };
        let mut localizer = pages::localize_site(
            &content,
            &config,
            &theme,
            &hours,
            options.today,
            &no_pdf,
            Some((&kept_columns, &kept_sections)),
            &|district| scope.districts.contains(district),
        );
        localizer.preview = true;
        let jobs: Vec<Vec<PageJob>> = (0..config.languages.len()).map(|i| localizer.jobs(i)).collect();

        // The site as it will be: the kept files, then what this rebuild makes.
        let mut files: BTreeMap<String, Arc<[u8]>> = match kept {
            Some(k) if !scope.all => k.site.files.clone(),
            _ => BTreeMap::new(),
        };
        let sink = output::MemorySink::default();
        let write = |path: &str, bytes: Vec<u8>| sink.put(path, bytes).map_err(BuildError::Write);
        if scope.all {
            for (path, bytes) in &theme.static_files {
                write(path, bytes.clone())?;
            }
            write(pages::routes::BUILD_INFO, pages::routes::build_info(options.today))?;
        }
        // After an edit, a new or removed page (a leaflet's new version) is listed in the
        // sitemap by `finish_search`.
        let pending_sitemap = match kept {
            Some(k) if !scope.all => k.pending_sitemap || k.keys != localizer.keys,
            _ => {
                write("sitemap.xml", sitemap::sitemap(&config, &localizer.keys).into_bytes())?;
                false
            }
        };
        // The pages' files while the pages stay the same; the other files while none came or
        // went (they are known before pages are made: a link to one is checked at once).
        let same_jobs = kept.is_some_and(|k| !scope.all && k.jobs == jobs);
        let page_files = match kept {
            Some(k) if same_jobs => Arc::clone(&k.page_files),
            _ => {
                let mut by_file = rustc_hash::FxHashMap::default();
                for (lang, language_jobs) in jobs.iter().enumerate() {
                    for job in language_jobs {
                        if let Some(file) = localizer.file(lang, job) {
                            by_file.insert(file, (lang, job.clone()));
                        }
                    }
                }
                let mut set: std::collections::HashSet<String> = by_file.keys().cloned().collect();
                set.extend(["index.html".to_string(), "404.html".to_string()]);
                Arc::new(PageFiles {
                    set: Arc::new(set),
                    by_file,
                })
            }
        };
        let known = match kept {
            Some(k) if !scope.all => Arc::clone(&k.other_files),
            _ => Arc::new(
                files
                    .keys()
                    .chain(sink.sizes().keys())
                    .filter(|f| !f.ends_with(".html"))
                    .cloned()
                    .collect(),
            ),
        };
        let maker = PageMaker {
            theme: &theme,
            plan: Plan {
                language_paths: config.languages.iter().map(|l| l.path.clone()).collect(),
                files: Arc::clone(&known),
                pages: Arc::clone(&page_files.set),
            },
            sink: &sink,
            clock: StepClock::default(),
        };
        let record = |outcome: PageOutcome| -> Result<Option<PageRecord>, Diagnostics> {
            match outcome {
                PageOutcome::Nothing => Ok(None),
                PageOutcome::Made {
                    extra,
                    summary,
                    deferred,
                    problems,
                    text,
                } => Ok(Some(PageRecord {
                    files: std::iter::once(summary.file.clone()).chain(extra).collect(),
                    summary,
                    deferred,
                    problems,
                    link_problems: Diagnostics::new(),
                    text,
                })),
                PageOutcome::Failed(d) => {
                    let mut diags = Diagnostics::new();
                    diags.push(d);
                    Err(diags)
                }
                PageOutcome::Unwritten(e) => Err({
                    let mut diags = Diagnostics::new();
                    diags.push(diagnostics::Diagnostic::error(e.path, None, e.source.to_string()));
                    diags
                }),
            }
        };

        let (root_pages, root_problems) = match kept {
            Some(_) if !scope.all => (None, None),
            _ => {
                let (rendered, problems) = render::render_root_pages(&localizer.root, &theme);
                let made: Result<Vec<PageRecord>, Diagnostics> = rendered
                    .into_iter()
                    .map(|page| maker.make_rendered(page, Vec::new(), None, std::time::Instant::now()))
                    .filter_map(|outcome| record(outcome).transpose())
                    .collect();
                (Some(made), Some(problems))
            }
        };

        // Remake the pages the change touches, all languages' in parallel (a few heavy pages
        // per language spread over the cores).
        let mut made: Vec<rustc_hash::FxHashMap<PageJob, Option<PageRecord>>> =
            (0..jobs.len()).map(|_| Default::default()).collect();
        let mut failed = Diagnostics::new();
        let mut languages = Vec::with_capacity(jobs.len());
        let mut todo: Vec<(usize, &PageJob)> = Vec::new();
        for (lang, language_jobs) in jobs.iter().enumerate() {
            let old = kept.and_then(|k| k.pages.get(lang));
            let before = todo.len();
            todo.extend(
                language_jobs
                    .iter()
                    .filter(|job| scope.touches(job) || old.is_none_or(|o| !o.contains_key(*job)))
                    .map(|job| (lang, job)),
            );
            languages.push(if todo.len() > before {
                localizer.language(lang)
            } else {
                None
            });
        }
        let outcomes: Vec<(usize, PageJob, Result<Option<PageRecord>, Diagnostics>)> = todo
            .par_iter()
            .filter_map(|&(lang, job)| {
                let language = languages[lang].as_ref()?;
                Some((lang, job.clone(), record(maker.make_job(&localizer, language, job))))
            })
            .collect();
        for (lang, job, outcome) in outcomes {
            match outcome {
                Ok(r) => {
                    made[lang].insert(job, r);
                }
                Err(d) => failed.extend(d),
            }
        }
        if !failed.is_empty() {
            diags.extend(failed);
            return Err(BuildError::Content(diags));
        }
        let root_pages = match root_pages {
            Some(Ok(pages)) => Some(pages),
            Some(Err(d)) => {
                diags.extend(d);
                return Err(BuildError::Content(diags));
            }
            None => None,
        };

        // The pages that are gone (a leaflet's old version): remade as nothing.
        let incremental = kept.is_some() && !scope.all;
        if let Some(k) = kept.filter(|_| incremental && !same_jobs) {
            for (lang, old) in k.pages.iter().enumerate() {
                let now = jobs.get(lang).map_or(&[][..], Vec::as_slice);
                if k.jobs.get(lang).is_some_and(|before| before.as_slice() == now) {
                    continue;
                }
                let wanted: std::collections::HashSet<&PageJob> = now.iter().collect();
                for job in old.keys().filter(|job| !wanted.contains(job)) {
                    made[lang].entry(job.clone()).or_insert(None);
                }
            }
        }
        // The new records: what was made, else what was kept, in each language's page order.
        let record_of = |lang: usize, job: &PageJob| -> Option<&PageRecord> {
            match made[lang].get(job) {
                Some(r) => r.as_ref(),
                None => kept.and_then(|k| k.pages.get(lang)?.get(job)),
            }
        };
        // Files of pages that are gone, or that a remade page no longer makes; and the files
        // that came or went with this rebuild (links to them are checked again below).
        let mut came_or_went: rustc_hash::FxHashSet<String> = Default::default();
        if let Some(k) = kept.filter(|_| incremental) {
            for (lang, old) in k.pages.iter().enumerate() {
                for (job, r) in made[lang].keys().filter_map(|job| old.get_key_value(job)) {
                    let now: &[String] = match made.get(lang).and_then(|m| m.get(job)) {
                        Some(Some(new)) => &new.files,
                        _ => &[],
                    };
                    for f in r.files.iter().filter(|f| !now.contains(f)) {
                        if files.remove(f).is_some() {
                            came_or_went.insert(f.clone());
                        }
                    }
                }
            }
        }
        // The files that are not pages (stylesheets, scripts) with another size, or that came
        // or went: pages that load one weigh otherwise.
        let mut resized: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (path, bytes) in sink.into_site().files {
            if !incremental {
                files.insert(path, bytes);
                continue;
            }
            let size = bytes.len();
            let page = path.ends_with(".html");
            match files.insert(path.clone(), bytes) {
                Some(old) => {
                    if !page && old.len() != size {
                        resized.insert(path);
                    }
                }
                // New, or back after it was removed above (then it neither came nor went).
                None => {
                    if !came_or_went.remove(&path) {
                        came_or_went.insert(path);
                    }
                }
            }
        }
        resized.extend(came_or_went.iter().filter(|f| !f.ends_with(".html")).cloned());

        // The search index of each language whose searchable pages changed: made after the
        // pages are shown ([`Preview::finish_search`]); until then the old index is served.
        let changed_search: BTreeSet<usize> = (0..jobs.len())
            .filter(|&lang| {
                scope.all
                    || made[lang].iter().any(|(job, r)| {
                        let before = kept
                            .and_then(|k| k.pages.get(lang)?.get(job))
                            .and_then(|r| r.text.as_ref());
                        let after = r.as_ref().and_then(|r| r.text.as_ref());
                        job.search_kind().is_some()
                            && (before.map(|t| &t.text) != after.map(|t| &t.text) || scope.moved)
                    })
            })
            .collect();
        let mut search_files = BTreeMap::new();
        let mut search_indexes = BTreeMap::new();
        let mut pending_search = BTreeSet::new();
        match kept {
            // An edit: the old index is served until `finish_search`.
            Some(k) if !scope.all => {
                search_files = k.search_files.clone();
                pending_search = changed_search;
                pending_search.extend(k.pending_search.iter().copied());
            }
            // Everything new: the index too, now.
            _ => {
                let indexed = make_indexes(&changed_search, &config, &content, &theme, |lang| {
                    jobs[lang]
                        .iter()
                        .filter_map(|job| record_of(lang, job)?.text.clone())
                        .collect()
                });
                put_indexes(indexed, &mut files, &mut search_files, &mut search_indexes);
            }
        }

        // The last checks. After a change that keeps every page (the same pages), only the
        // remade pages and those linking to what changed are checked again, and only they and
        // those loading a resized script or stylesheet are weighed again; the others'
        // problems and weights are what they were.
        let root_records: &[PageRecord] = match (&root_pages, kept) {
            (Some(pages), _) => pages,
            (None, Some(k)) => &k.root_pages,
            (None, None) => &[],
        };
        let root_problems = root_problems.unwrap_or_else(|| kept.map(|k| k.root_problems.clone()).unwrap_or_default());
        diags.extend(root_problems.clone());
        let targets = links::LinkTargets::found_by(
            Box::new(|file| match page_files.by_file.get(file) {
                Some((lang, job)) => record_of(*lang, job).map(|r| &r.summary),
                None => root_records.iter().map(|r| &r.summary).find(|s| s.file == file),
            }),
            Box::new(|file| files.contains_key(file)),
        );
        // A kept page's links are checked again only when what they point at changed: a file
        // that came or went, a page whose ids changed. (Without a kept site, `scope.all`.)
        let other_files_same = incremental && came_or_went.iter().all(|f| f.ends_with(".html"));
        let mut changed_targets = came_or_went;
        if let Some(k) = kept.filter(|_| !scope.all) {
            for (lang, language_made) in made.iter().enumerate() {
                for (job, r) in language_made {
                    let old = k.pages.get(lang).and_then(|p| p.get(job));
                    if old.map(|o| &o.summary.ids) != r.as_ref().map(|r| &r.summary.ids) {
                        changed_targets.extend(old.into_iter().chain(r.as_ref()).map(|r| r.summary.file.clone()));
                    }
                }
            }
        }
        let fast = kept.filter(|_| incremental);
        let mut link_problems: Vec<BTreeMap<PageJob, Diagnostics>> = Vec::with_capacity(jobs.len());
        for (lang, language_jobs) in jobs.iter().enumerate() {
            let mut checked = BTreeMap::new();
            let candidates: Box<dyn Iterator<Item = &PageJob>> = match fast {
                Some(_) if changed_targets.is_empty() => Box::new(made[lang].keys()),
                _ => Box::new(language_jobs.iter()),
            };
            for job in candidates {
                let Some(r) = record_of(lang, job) else {
                    continue;
                };
                if scope.all
                    || made[lang].contains_key(job)
                    || (!changed_targets.is_empty() && r.deferred.iter().any(|d| changed_targets.contains(d.target())))
                {
                    checked.insert(job.clone(), targets.check(&r.deferred));
                }
            }
            link_problems.push(checked);
        }
        let root_link_problems: Option<Vec<Diagnostics>> = root_pages
            .as_ref()
            .map(|pages| pages.iter().map(|r| targets.check(&r.deferred)).collect());
        drop(targets);
        // The pages with problems of their own or broken links.
        let has_problems = |lang: usize, job: &PageJob, r: &PageRecord| {
            !r.problems.is_empty()
                || match link_problems[lang].get(job) {
                    Some(checked) => !checked.is_empty(),
                    None => !r.link_problems.is_empty(),
                }
        };
        let flagged: BTreeSet<(usize, PageJob)> = match fast {
            Some(k) => {
                let mut flagged = k.flagged.clone();
                for (lang, checked) in link_problems.iter().enumerate() {
                    for job in made[lang].keys().chain(checked.keys()) {
                        let key = (lang, job.clone());
                        match record_of(lang, job) {
                            Some(r) if has_problems(lang, job, r) => flagged.insert(key),
                            _ => flagged.remove(&key),
                        };
                    }
                }
                flagged
            }
            None => jobs
                .iter()
                .enumerate()
                .flat_map(|(lang, language_jobs)| {
                    language_jobs
                        .iter()
                        .filter(move |job| record_of(lang, job).is_some_and(|r| has_problems(lang, job, r)))
                        .map(move |job| (lang, job.clone()))
                })
                .collect(),
        };
        for (lang, job) in &flagged {
            if let Some(r) = record_of(*lang, job) {
                diags.extend(r.problems.clone());
                diags.extend(link_problems[*lang].get(job).unwrap_or(&r.link_problems).clone());
            }
        }
        for r in root_records {
            diags.extend(r.problems.clone());
        }
        match &root_link_problems {
            Some(checked) => checked.iter().for_each(|d| diags.extend(d.clone())),
            None => root_records.iter().for_each(|r| diags.extend(r.link_problems.clone())),
        }
        validate::explain_draft_links(&mut diags, &content.drafts);
        if diags.has_errors() {
            return Err(BuildError::Content(diags));
        }
        // Page weights last: `finish_search` weighs again (the search page loads its index).
        let warnings_before_weights = diags.clone();
        let (heavy, page_count) = match fast {
            Some(k) => {
                let mut heavy = k.heavy.clone();
                let mut count = k.page_count;
                let mut weigh: Vec<&PageRecord> = Vec::new();
                for (lang, language_made) in made.iter().enumerate() {
                    for (job, r) in language_made {
                        let old = k.pages.get(lang).and_then(|p| p.get(job));
                        count = count + usize::from(r.is_some()) - usize::from(old.is_some());
                        for gone in old.into_iter().chain(r) {
                            heavy.remove(&gone.summary.file);
                        }
                        weigh.extend(r);
                    }
                }
                if !resized.is_empty() {
                    let loads_resized = |r: &&PageRecord| r.summary.resources.iter().any(|f| resized.contains(f));
                    for (lang, language_jobs) in jobs.iter().enumerate() {
                        let kept_pages = language_jobs
                            .iter()
                            .filter(|job| !made[lang].contains_key(*job))
                            .filter_map(|job| record_of(lang, job));
                        weigh.extend(kept_pages.filter(loads_resized));
                    }
                    weigh.extend(root_records.iter().filter(loads_resized));
                    for r in &weigh {
                        heavy.remove(&r.summary.file);
                    }
                }
                let size = |file: &str| files.get(file).map(|bytes| bytes.len());
                heavy.extend(heavy_pages(weigh.into_iter(), &size, &config));
                (heavy, count)
            }
            None => {
                let records: Vec<&PageRecord> = jobs
                    .iter()
                    .enumerate()
                    .flat_map(|(lang, language_jobs)| language_jobs.iter().filter_map(move |job| record_of(lang, job)))
                    .chain(root_records)
                    .collect();
                let sizes = resource_sizes(&files);
                let size = |file: &str| sizes.get(file).copied();
                (heavy_pages(records.iter().copied(), &size, &config), records.len())
            }
        };
        diags.extend(links::check_page_weight(&heavy, config.page_weight_budget_kb));
        let remade =
            made.iter().map(|m| m.values().flatten().count()).sum::<usize>() + root_pages.as_ref().map_or(0, Vec::len);
        let keys = localizer.keys.clone();
        let leaflet_columns = localizer.leaflet_columns();
        let language_sections = localizer.language_sections();

        // Keep what this build made for the next one.
        let mut old_kept = self.kept.take();
        let (mut pages, old_root) = match old_kept.as_mut() {
            Some(k) if !scope.all => {
                search_indexes = std::mem::take(&mut k.search);
                (std::mem::take(&mut k.pages), Some(std::mem::take(&mut k.root_pages)))
            }
            Some(k) => (Vec::new(), Some(std::mem::take(&mut k.root_pages))),
            None => (Vec::new(), None),
        };
        pages.resize_with(jobs.len(), Records::default);
        for ((lang, language_made), checked) in made.into_iter().enumerate().zip(link_problems) {
            for (job, r) in language_made {
                match r {
                    Some(r) => pages[lang].insert(job, r),
                    None => pages[lang].remove(&job),
                };
            }
            for (job, d) in checked {
                if let Some(r) = pages[lang].get_mut(&job) {
                    r.link_problems = d;
                }
            }
        }
        let root_pages = root_pages.map(|mut pages| {
            for (r, d) in pages.iter_mut().zip(root_link_problems.into_iter().flatten()) {
                r.link_problems = d;
            }
            pages
        });
        let other_files = if other_files_same { known } else { other_files(&files) };
        let site = Arc::new(output::BuiltSite { files });
        self.kept = Some(Kept {
            today: options.today,
            config,
            config_print,
            theme,
            theme_print,
            theme_diags,
            content,
            hours,
            pages,
            root_pages: root_pages.or(old_root).unwrap_or_default(),
            root_problems,
            keys,
            leaflet_columns,
            language_sections,
            search_files,
            search: search_indexes,
            pending_search,
            pending_sitemap,
            jobs,
            flagged,
            heavy,
            page_count,
            page_files,
            other_files,
            site: Arc::clone(&site),
            warnings_before_weights,
        });
        self.theme_touched = false;
        self.files.settle();
        // Freeing the old site and content is work too: not while the reader waits.
        std::thread::spawn(move || drop(old_kept));
        Ok(PreviewBuild {
            site,
            pages: page_count,
            remade,
            warnings: diags,
        })
    }

    /// Makes the search index of the languages whose searchable text the last rebuilds
    /// changed, and the sitemap when pages came or went; returns the site with them and the
    /// warnings (a search page's weight counts its index), or `None` when nothing was left to
    /// make.
    pub fn finish_search(&mut self) -> Option<(Arc<output::BuiltSite>, Diagnostics)> {
        let k = self.kept.as_mut()?;
        if k.pending_search.is_empty() && !k.pending_sitemap {
            return None;
        }
        let (pages, jobs) = (&k.pages, &k.jobs);
        let indexed = make_indexes(&k.pending_search, &k.config, &k.content, &k.theme, |lang| {
            let Some(records) = pages.get(lang) else {
                return Vec::new();
            };
            jobs[lang]
                .iter()
                .filter_map(|job| records.get(job)?.text.clone())
                .collect()
        });
        let mut files = k.site.files.clone();
        put_indexes(indexed, &mut files, &mut k.search_files, &mut k.search);
        if k.pending_sitemap {
            files.insert(
                "sitemap.xml".to_string(),
                sitemap::sitemap(&k.config, &k.keys).into_bytes().into(),
            );
            k.pending_sitemap = false;
        }
        k.other_files = other_files(&files);
        k.site = Arc::new(output::BuiltSite { files });
        k.pending_search.clear();
        let records = k
            .jobs
            .iter()
            .zip(&k.pages)
            .flat_map(|(jobs, records)| jobs.iter().filter_map(|job| records.get(job)))
            .chain(&k.root_pages);
        let mut warnings = k.warnings_before_weights.clone();
        let sizes = resource_sizes(&k.site.files);
        k.heavy = heavy_pages(records, &|file| sizes.get(file).copied(), &k.config);
        warnings.extend(links::check_page_weight(&k.heavy, k.config.page_weight_budget_kb));
        Some((Arc::clone(&k.site), warnings))
    }

    /// The search index of each language, by tag, as the last good build made it.
    pub fn search(&self) -> Option<&BTreeMap<String, search::LanguageIndex>> {
        self.kept.as_ref().map(|k| &k.search)
    }
}
