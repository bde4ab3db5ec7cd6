//! The pipeline of a build, stage by stage (see the crate documentation for the drawing).

mod incremental;
mod steps;

pub use incremental::{Preview, PreviewBuild};

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::*;
use steps::{PageMaker, PageOutcome, Plan, StepClock};

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
    let mut localizer = pages::localize_site(
        &content,
        &config,
        &theme,
        &hours,
        options.today,
        &pdf_selected,
        None,
        &|_| true,
    );
    localizer.preview = options.preview;
    let jobs: Vec<Vec<pages::PageJob>> = (0..config.languages.len()).map(|i| localizer.jobs(i)).collect();
    if options.editorial {
        diags.extend(localizer.outdated_leaflets());
    }
    watch.lap("prepare languages");

    let write = |path: &str, bytes: Vec<u8>| sink.put(path, bytes).map_err(BuildError::Write);
    for (path, bytes) in &theme.static_files {
        write(path, bytes.clone())?;
    }
    write("sitemap.xml", sitemap::sitemap(&config, &localizer.keys).into_bytes())?;
    write(pages::routes::BUILD_INFO, pages::routes::build_info(options.today))?;
    let mut pages: HashSet<String> = ["index.html".to_string(), "404.html".to_string()].into();
    for (lang, language_jobs) in jobs.iter().enumerate() {
        pages.extend(language_jobs.iter().filter_map(|job| localizer.file(lang, job)));
    }
    let maker = PageMaker {
        theme: &theme,
        plan: Plan {
            language_paths: config.languages.iter().map(|l| l.path.clone()).collect(),
            files: std::sync::Arc::new(sink.sizes().into_keys().collect()),
            pages: std::sync::Arc::new(pages),
        },
        sink,
        clock: StepClock::default(),
    };

    // The language chooser and the 404 page.
    let (root_pages, root_diags) = render::render_root_pages(&localizer.root, &theme);
    diags.extend(root_diags);
    let root_outcomes: Vec<PageOutcome> = root_pages
        .into_iter()
        .map(|page| maker.make_rendered(page, Vec::new(), None, std::time::Instant::now()))
        .collect();

    let total = maker.plan.pages.len();
    let done = std::sync::atomic::AtomicUsize::new(root_outcomes.len());
    let mut summaries = Vec::with_capacity(total);
    let mut deferred = Vec::new();
    let mut search_indexes = BTreeMap::new();
    let mut write_error = None;
    let mut absorb = |outcome: PageOutcome, texts: &mut Vec<search::IndexedPage>| match outcome {
        PageOutcome::Nothing => {}
        PageOutcome::Made {
            extra: _,
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
    let mut pending: Option<(usize, Vec<search::IndexedPage>)> = None;
    // One round more than there are languages: the last round indexes the last language.
    for current in jobs.iter().enumerate().map(Some).chain(std::iter::once(None)) {
        let index_previous = || {
            let (previous, texts) = pending.take()?;
            let started = std::time::Instant::now();
            let language = &config.languages[previous];
            let indexed = search::index_language(language, &content, theme.strings.get(&language.tag), texts);
            maker.clock.add(steps::PageStep::Index, started);
            Some((language.tag.clone(), indexed))
        };
        let make_pages = || -> Option<(usize, Vec<PageOutcome>)> {
            let (lang, language_jobs) = current?;
            let started = std::time::Instant::now();
            let language_localizer = localizer.language(lang)?;
            maker.clock.add(steps::PageStep::Localize, started);
            Some((
                lang,
                language_jobs
                    .par_iter()
                    .map(|job| {
                        let outcome = maker.make_job(&localizer, &language_localizer, job);
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
                for journey in content.journeys.keys() {
                    let checklist = pages::routes::checklist(journey, district);
                    let page = format!("{}/{checklist}index.html", lang.path);
                    let pdf = format!(
                        "{}/{}",
                        lang.path,
                        pages::routes::checklist_pdf(journey, district, &lang.path)
                    );
                    sizes.insert(pdf.clone(), 0);
                    pdf_jobs.push((page, pdf));
                }
            }
        }
    }
    diags.extend(links::check_deferred(&deferred, &summaries, &sizes));
    let weights = links::page_weights(&summaries, &sizes);
    diags.extend(links::check_page_weight(&weights, config.page_weight_budget_kb));
    crate::validate::explain_draft_links(&mut diags, &content.drafts);
    watch.lap("check links and page weight");
    if diags.has_errors() {
        return Err(BuildError::Content(diags));
    }
    Ok(Build {
        leaflets: localizer.leaflet_facts(),
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
