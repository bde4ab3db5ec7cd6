//! Stage 7: `check_links` — every internal link and `#fragment` must lead somewhere.
//!
//! All broken links are collected before the build fails. A link written in Markdown is
//! reported at its line in the Markdown file; a link made by a template names the page.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::postprocess::ProcessedPage;

/// The weight of each page: HTML plus the stylesheets and scripts it loads, uncompressed, in
/// bytes, by output file.
pub fn page_weights(
    pages: &[ProcessedPage],
    files: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, (usize, usize, usize)> {
    pages
        .iter()
        .map(|p| {
            let mut css = 0;
            let mut js = 0;
            let mut seen = std::collections::BTreeSet::new();
            for link in &p.links {
                if !seen.insert(&link.target) {
                    continue;
                }
                let size = files.get(&link.target).map_or(0, Vec::len);
                if link.target.ends_with(".css") {
                    css += size;
                } else if link.target.ends_with(".js") {
                    js += size;
                }
            }
            (p.file.clone(), (p.html.len(), css, js))
        })
        .collect()
}

/// A warning for every page above `budget_kb`.
pub fn check_page_weight(weights: &BTreeMap<String, (usize, usize, usize)>, budget_kb: u32) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (file, (html, css, js)) in weights {
        let total = html + css + js;
        if total > budget_kb as usize * 1024 {
            diags.push(
                Diagnostic::warning(format!("public/{file}"), None, format!("the page weighs {} KB (HTML {} KB, CSS {} KB, JS {} KB), above the budget of {budget_kb} KB", total / 1024, html / 1024, css / 1024, js / 1024))
                    .with_help("readers pay for every kilobyte on prepaid data; split long lists or shorten the page (the budget is `page_weight_budget_kb` in site-config.yaml)"),
            );
        }
    }
    diags
}

/// Checks the links of `pages` against the pages' ids and the other output files.
pub fn check_links(pages: &[ProcessedPage], other_files: &BTreeSet<String>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let ids: BTreeMap<&str, &BTreeSet<String>> = pages.iter().map(|p| (p.file.as_str(), &p.ids)).collect();
    for page in pages {
        for href in &page.foreign_resources {
            diags.push(
                Diagnostic::error(
                    format!("public/{}", page.file),
                    None,
                    format!("`{href}` would be loaded from another website"),
                )
                .with_help("readers' devices must not contact other hosts; ship the file with the theme under static/"),
            );
        }
        for id in &page.duplicate_ids {
            diags.push(
                Diagnostic::error(format!("public/{}", page.file), None, format!("the id `{id}` is used more than once on this page"))
                    .with_help("two headings with the same `{#id}`, or a heading id that a template also uses; give one another id"),
            );
        }
        for link in &page.links {
            let shown = {
                let path = link.written.split('#').next().unwrap_or("");
                if path.is_empty() {
                    "this page".to_string()
                } else {
                    format!("`{path}`")
                }
            };
            let problem = match ids.get(link.target.as_str()) {
                None if other_files.contains(&link.target) => None,
                None => Some(format!("there is no page {shown}")),
                Some(page_ids) => match &link.fragment {
                    Some(f) if !f.is_empty() && !page_ids.contains(f) => Some(format!("{shown} has no section `#{f}`")),
                    _ => None,
                },
            };
            let Some(problem) = problem else { continue };
            let written_in_markdown = page.markdown_links.iter().find_map(|(file, links)| {
                links
                    .iter()
                    .find(|l| l.href == link.written)
                    .map(|l| (file, l.position))
            });
            let diagnostic = match written_in_markdown {
                Some((file, position)) => Diagnostic::error(file, Some(position), format!("broken link `{}`: {problem}", link.written))
                    .with_help("link to an existing page without the language, e.g. `/offices/brackel-aplerbeck/` or `/districts/eving/#strom`"),
                None => Diagnostic::error(format!("public/{}", page.file), None, format!("broken link `{}` made by the theme: {problem}", link.written))
                    .with_help("check the link in the theme template that renders this page"),
            };
            diags.push(diagnostic);
        }
    }
    diags
}
