//! The Markdown-to-page path: front matter split and parsed, the body rendered to HTML, the
//! HTML placed in a page and post-processed (ids, links, search text), then the page's links
//! checked. Must never panic or hang.
#![no_main]

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Path::new("content/districts/district-a/guide.de.md");
    let (raw, _) = quartier::content::parse_source(file, data);
    let Some(guide) = raw.guides.first() else { return };
    let (rendered, _diags) = quartier::markdown::render(&guide.body, file, guide.body_line_offset);
    let html = format!(
        "<!doctype html><html lang=\"de\"><head><title>t</title></head><body><main><h1>Titel</h1>{}</main></body></html>",
        rendered.html
    );
    let page = quartier::render::RenderedPage {
        file: "de/districts/district-a/index.html".into(),
        lang: Some("de".into()),
        html,
        markdown_links: vec![(file.to_path_buf(), rendered.links)],
    };
    let languages: BTreeSet<String> = ["de".to_string(), "ar".to_string()].into();
    if let Ok(processed) = quartier::postprocess::postprocess_page(page, &languages, quartier::postprocess::Collect::SearchText) {
        let pages: HashSet<String> = [processed.file.clone()].into();
        let (_, deferred) = quartier::links::check_page(&processed, &pages, &HashSet::new());
        let summary = quartier::links::PageSummary::of(&processed);
        let _ = quartier::links::check_deferred(&deferred, &[summary], &Default::default());
    }
});
