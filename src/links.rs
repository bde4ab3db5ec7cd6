//! Stage 7: `check_links` — every internal link and `#fragment` must lead somewhere.
//!
//! All broken links are collected before the build fails. A link written in Markdown is
//! reported at its line in the Markdown file; a link made by a template names the page.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::postprocess::{LinkRef, ProcessedPage};

/// What the last checks need to keep of a page once it is written: its size, the stylesheets
/// and scripts it loads, and its ids (for `#fragment` links from other pages).
pub struct PageSummary {
    /// Output file.
    pub file: String,
    /// HTML bytes.
    pub html: usize,
    /// `.css` and `.js` files it loads, each once.
    pub resources: Vec<String>,
    /// Its ids, sorted, one per line (compact: a site may have 100,000 pages).
    pub ids: String,
}

impl PageSummary {
    /// The summary of `page`.
    pub fn of(page: &ProcessedPage) -> Self {
        let mut resources: Vec<String> = page
            .links
            .iter()
            .filter(|l| l.target.ends_with(".css") || l.target.ends_with(".js"))
            .map(|l| l.target.clone())
            .collect();
        resources.sort();
        resources.dedup();
        PageSummary {
            file: page.file.clone(),
            html: page.html.len(),
            resources,
            ids: page.ids.iter().map(String::as_str).collect::<Vec<_>>().join("\n"),
        }
    }

    /// Whether the page has the id `id`: a binary search over the sorted lines of `ids` (a list
    /// page may have thousands of ids, and thousands of links into another one).
    fn has_id(&self, id: &str) -> bool {
        let ids = self.ids.as_bytes();
        let id = id.as_bytes();
        let (mut low, mut high) = (0, ids.len());
        while low < high {
            let middle = (low + high) / 2;
            let start = ids[..middle].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let end = ids[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(ids.len(), |p| start + p);
            match ids[start..end].cmp(id) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => low = end + 1,
                std::cmp::Ordering::Greater => high = start,
            }
        }
        false
    }
}

/// The weight of each page: HTML plus the stylesheets and scripts it loads, uncompressed, in
/// bytes, by output file. `sizes` holds the size of every output file.
pub fn page_weights<'a>(
    pages: impl IntoIterator<Item = &'a PageSummary>,
    sizes: &BTreeMap<String, usize>,
) -> BTreeMap<String, (usize, usize, usize)> {
    let size = |file: &str| sizes.get(file).copied();
    pages
        .into_iter()
        .map(|p| (p.file.clone(), page_weight(p, &size)))
        .collect()
}

/// The weight of one page: (HTML, CSS, JS) bytes; `size` gives an output file's size.
pub fn page_weight(page: &PageSummary, size: &dyn Fn(&str) -> Option<usize>) -> (usize, usize, usize) {
    let mut css = 0;
    let mut js = 0;
    for target in &page.resources {
        let bytes = size(target).unwrap_or(0);
        if target.ends_with(".css") {
            css += bytes;
        } else {
            js += bytes;
        }
    }
    (page.html, css, js)
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

/// A link that can only be checked once every page is made: to a `#fragment` of another page,
/// or to a file not known yet (search data, PDFs).
pub struct Deferred {
    page: String,
    link: LinkRef,
    written_at: Option<(PathBuf, Position)>,
}

/// Checks the links of one page as far as possible while the site is being made: `pages` are
/// all pages the build makes, `files` the other files known so far. Returns the problems found
/// and the links to check at the end with [`check_deferred`].
pub fn check_page(
    page: &ProcessedPage,
    pages: &HashSet<String>,
    files: &HashSet<String>,
) -> (Diagnostics, Vec<Deferred>) {
    let mut diags = Diagnostics::new();
    let mut deferred = Vec::new();
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
            Diagnostic::error(
                format!("public/{}", page.file),
                None,
                format!("the id `{id}` is used more than once on this page"),
            )
            .with_help(
                "two headings with the same `{#id}`, or a heading id that a template also uses; give one another id",
            ),
        );
    }
    for link in &page.links {
        let fragment = link.fragment.as_deref().filter(|f| !f.is_empty());
        let written_at = || {
            page.markdown_links.iter().find_map(|(file, links)| {
                links
                    .iter()
                    .find(|l| l.href == link.written)
                    .map(|l| (file.clone(), l.position))
            })
        };
        // A link within the page is checked now; one to another page's `#anchor`, or to a file
        // not made yet, at the end.
        let later = if link.target == page.file {
            if let Some(f) = fragment.filter(|f| !page.ids.contains(*f)) {
                diags.push(link_diagnostic(&page.file, link, written_at(), no_section(link, f)));
            }
            false
        } else if pages.contains(&link.target) {
            // A page that exists only while the content says so (a leaflet's version) is
            // checked at the end, so that the preview, which keeps pages between rebuilds,
            // notices when it is gone.
            fragment.is_some() || crate::pages::routes::may_vanish(&link.target)
        } else {
            !files.contains(&link.target)
        };
        if later {
            deferred.push(Deferred {
                page: page.file.clone(),
                link: link.clone(),
                written_at: written_at(),
            });
        }
    }
    (diags, deferred)
}

/// Checks the links left by [`check_page`] against all pages and all output files.
pub fn check_deferred<'a>(
    deferred: impl IntoIterator<Item = &'a Deferred>,
    pages: impl IntoIterator<Item = &'a PageSummary>,
    sizes: &'a BTreeMap<String, usize>,
) -> Diagnostics {
    LinkTargets::new(pages, Box::new(|file| sizes.contains_key(file))).check(deferred)
}

/// Finds the page an output file is, if it is one.
pub type FindPage<'a> = Box<dyn Fn(&str) -> Option<&'a PageSummary> + 'a>;

/// What deferred links can point at: every page made and every file written.
pub struct LinkTargets<'a> {
    page: FindPage<'a>,
    exists: Box<dyn Fn(&str) -> bool + 'a>,
}

impl<'a> LinkTargets<'a> {
    /// The targets: `pages` with their ids, and the other output files (`exists`).
    pub fn new(pages: impl IntoIterator<Item = &'a PageSummary>, exists: Box<dyn Fn(&str) -> bool + 'a>) -> Self {
        let pages: std::collections::HashMap<&'a str, &'a PageSummary> =
            pages.into_iter().map(|p| (p.file.as_str(), p)).collect();
        LinkTargets::found_by(Box::new(move |file| pages.get(file).copied()), exists)
    }

    /// The targets: the page an output file is (`page`, `None` when it is none), and the
    /// other output files (`exists`); for a caller that keeps pages by file already.
    pub fn found_by(page: FindPage<'a>, exists: Box<dyn Fn(&str) -> bool + 'a>) -> Self {
        LinkTargets { page, exists }
    }

    /// The broken links among `deferred`.
    pub fn check<'b>(&self, deferred: impl IntoIterator<Item = &'b Deferred>) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for d in deferred {
            let problem = match (self.page)(d.link.target.as_str()) {
                Some(target) => match d.link.fragment.as_deref() {
                    Some(f) if !f.is_empty() && !target.has_id(f) => no_section(&d.link, f),
                    _ => continue,
                },
                None if (self.exists)(&d.link.target) => continue,
                None => format!("there is no page {}", shown(&d.link)),
            };
            diags.push(link_diagnostic(&d.page, &d.link, d.written_at.clone(), problem));
        }
        diags
    }
}

impl Deferred {
    /// The output file the link points at.
    pub fn target(&self) -> &str {
        &self.link.target
    }
}

/// The link's page as the reader wrote it: "`/x/`" or "this page".
fn shown(link: &LinkRef) -> String {
    let path = link.written.split('#').next().unwrap_or("");
    if path.is_empty() {
        "this page".to_string()
    } else {
        format!("`{path}`")
    }
}

fn no_section(link: &LinkRef, fragment: &str) -> String {
    format!("{} has no section `#{fragment}`", shown(link))
}

/// A broken link, reported at its line in the Markdown file when it was written there.
fn link_diagnostic(page: &str, link: &LinkRef, written_at: Option<(PathBuf, Position)>, problem: String) -> Diagnostic {
    match written_at {
        Some((file, position)) => Diagnostic::error(file, Some(position), format!("broken link `{}`: {problem}", link.written))
            .with_help("link to an existing page without the language, e.g. `/offices/brackel-aplerbeck/` or `/districts/eving/#strom`"),
        None => Diagnostic::error(format!("public/{page}"), None, format!("broken link `{}` made by the theme: {problem}", link.written))
            .with_help("check the link in the theme template that renders this page"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(ids: &[&str]) -> PageSummary {
        let ids: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        PageSummary {
            file: "de/x/index.html".into(),
            html: 0,
            resources: Vec::new(),
            ids: ids.into_iter().collect::<Vec<_>>().join("\n"),
        }
    }

    #[test]
    fn has_id_finds_every_id_and_nothing_else() {
        let ids = [
            "a",
            "b",
            "district-1",
            "district-10",
            "district-2",
            "main",
            "partner-ä",
            "z",
        ];
        for n in 0..=ids.len() {
            let page = summary(&ids[..n]);
            for (i, id) in ids.iter().enumerate() {
                assert_eq!(page.has_id(id), i < n, "{id} among {:?}", &ids[..n]);
            }
            for missing in [
                "",
                "0",
                "c",
                "district",
                "district-",
                "district-3",
                "mai",
                "mains",
                "zz",
                "ä",
            ] {
                assert!(!page.has_id(missing), "{missing} among {:?}", &ids[..n]);
            }
        }
    }
}
