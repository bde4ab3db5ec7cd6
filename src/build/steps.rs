//! Making one page: localize → render → post-process and check links → write, timed per step.

use std::collections::{BTreeSet, HashSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::*;

/// What making one page left behind.
pub(super) enum PageOutcome {
    /// The job named nothing (a page in no language of the chain).
    Nothing,
    /// The page is written; what the last checks and the search index need of it.
    Made {
        /// The files stored besides the page (an office's calendars).
        extra: Vec<String>,
        summary: links::PageSummary,
        deferred: Vec<links::Deferred>,
        problems: Diagnostics,
        text: Option<search::IndexedPage>,
    },
    /// A template or post-processing problem: the page is not written.
    Failed(Diagnostic),
    /// Writing failed.
    Unwritten(output::WriteError),
}

/// The steps every page goes through, in order, as `build --timings` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageStep {
    /// Put the page's content into its language ([`crate::pages`]).
    Localize,
    /// Render the page's template ([`crate::render`]).
    Render,
    /// Post-process the HTML and check its links ([`crate::postprocess`], [`crate::links`]).
    PostProcess,
    /// Store the page and its files ([`crate::output::Sink`]).
    Write,
    /// Add the language's pages to its search index ([`crate::search`]).
    Index,
}

impl PageStep {
    const ALL: [PageStep; 5] = [
        PageStep::Localize,
        PageStep::Render,
        PageStep::PostProcess,
        PageStep::Write,
        PageStep::Index,
    ];

    fn name(self) -> &'static str {
        match self {
            PageStep::Localize => "localize",
            PageStep::Render => "render templates",
            PageStep::PostProcess => "post-process and check links",
            PageStep::Write => "write",
            PageStep::Index => "build the search index (beside the next language's pages)",
        }
    }
}

/// Thread time of the steps of making pages, summed over all threads (nanoseconds).
#[derive(Default)]
pub(crate) struct StepClock([std::sync::atomic::AtomicU64; 5]);

impl StepClock {
    pub(crate) fn add(&self, step: PageStep, since: std::time::Instant) -> std::time::Instant {
        let now = std::time::Instant::now();
        self.0[step as usize].fetch_add((now - since).as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        now
    }

    pub(crate) fn steps(&self) -> Vec<(&'static str, std::time::Duration)> {
        PageStep::ALL
            .iter()
            .zip(&self.0)
            .map(|(step, ns)| {
                (
                    step.name(),
                    std::time::Duration::from_nanos(ns.load(std::sync::atomic::Ordering::Relaxed)),
                )
            })
            .collect()
    }
}

/// Renders, post-processes and stores pages, checking what can be checked at once.
pub(super) struct PageMaker<'a> {
    pub(super) theme: &'a theme::Theme,
    pub(super) plan: Plan,
    pub(super) sink: &'a dyn output::Sink,
    pub(super) clock: StepClock,
}

impl PageMaker<'_> {
    /// Makes the page of `job` in the language of `language` and stores it with its files; its
    /// search text is kept when the job's page kind goes into the search index.
    pub(super) fn make_job(
        &self,
        localizer: &pages::SiteLocalizer,
        language: &pages::LanguageLocalizer,
        job: &pages::PageJob,
    ) -> PageOutcome {
        let started = std::time::Instant::now();
        let indexed = job.search_kind().map(|(kind, id)| (kind, id.to_string()));
        let Some((page, extra_files)) = localizer.page(language, job) else {
            return PageOutcome::Nothing;
        };
        let t = self.clock.add(PageStep::Localize, started);
        let rendered = match render::render_page(page, self.theme) {
            Ok(r) => r,
            Err(d) => return PageOutcome::Failed(d),
        };
        let t = self.clock.add(PageStep::Render, t);
        self.make_rendered(rendered, extra_files, indexed, t)
    }

    pub(super) fn make_rendered(
        &self,
        rendered: render::RenderedPage,
        extra_files: Vec<(String, Vec<u8>)>,
        indexed: Option<(search::PageKind, String)>,
        started: std::time::Instant,
    ) -> PageOutcome {
        let file = rendered.file.clone();
        let collect = if indexed.is_some() {
            postprocess::Collect::SearchText
        } else {
            postprocess::Collect::LinksAndIds
        };
        let processed = match postprocess::postprocess_page(rendered, &self.plan.language_paths, collect) {
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
        let t = self.clock.add(PageStep::PostProcess, started);
        let mut extra = Vec::with_capacity(extra_files.len());
        for (path, bytes) in extra_files {
            if let Err(e) = self.sink.put(&path, bytes) {
                return PageOutcome::Unwritten(e);
            }
            extra.push(path);
        }
        if let Err(e) = self.sink.put(&processed.file, processed.html.into_bytes()) {
            return PageOutcome::Unwritten(e);
        }
        self.clock.add(PageStep::Write, t);
        PageOutcome::Made {
            extra,
            summary,
            deferred,
            problems,
            text: indexed.map(|(kind, id)| search::IndexedPage {
                file: processed.file,
                kind,
                id,
                text: processed.text,
            }),
        }
    }
}

/// What every page may link to, known before any page is made.
pub(super) struct Plan {
    /// URL prefixes of the configured languages.
    pub(super) language_paths: BTreeSet<String>,
    /// Every page the build makes (shared: the preview keeps it while the pages stay).
    pub(super) pages: std::sync::Arc<HashSet<String>>,
    /// The files stored before the pages (assets, sitemap).
    pub(super) files: std::sync::Arc<HashSet<String>>,
}
