//! Stage 6: `postprocess_page` — one pass over each rendered page.
//!
//! In that single pass it collects every `id`, resolves every link: site-absolute links
//! (`/offices/x/`, language prefix added when missing) become relative links to `index.html`
//! files so the site works from `file://`; external links are marked `rel="external"`; any
//! resource that would be loaded from another host is an error. For a page that goes into the
//! search index ([`Collect::SearchText`]) the same pass reads its search text.
//!
//! The pass is the quick scan of `scan.rs` for the HTML quartier writes, and lol_html
//! (`reference.rs`) for a page whose markup the scan does not follow; both feed `Found`, so
//! what is done with an id, a link or a text is written once.

use std::collections::BTreeSet;

mod reference;
mod scan;

use crate::render::RenderedPage;

/// A link found in a page, resolved to an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The link as written in the template or Markdown.
    pub written: String,
    /// The output file it points to.
    pub target: String,
    /// The `#fragment`, if any.
    pub fragment: Option<String>,
}

/// A page after post-processing.
pub struct ProcessedPage {
    /// The page as rendered (file, language, Markdown link positions).
    pub file: String,
    /// The final HTML.
    pub html: String,
    /// Every `id` in the page.
    pub ids: BTreeSet<String>,
    /// Ids that occur more than once.
    pub duplicate_ids: BTreeSet<String>,
    /// Internal links.
    pub links: Vec<LinkRef>,
    /// Resources that would be fetched from another host.
    pub foreign_resources: Vec<String>,
    /// Links written in Markdown shown on this page.
    pub markdown_links: Vec<(std::path::PathBuf, std::sync::Arc<[crate::markdown::SourceLink]>)>,
    /// The text of `<main>` for the search index: title, headings, body (scripts left out).
    pub text: crate::search::PageText,
}

/// What a link points at.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Another website.
    External,
    /// `mailto:`, `tel:`, `data:` and similar.
    Other,
    /// A file of this site: (output file, fragment, href to write).
    Internal(String, Option<String>, Option<String>),
}

/// What the pass reads besides ids and links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collect {
    /// Nothing more: [`ProcessedPage::text`] stays empty.
    LinksAndIds,
    /// The search text and the `<meta name="description">` too.
    SearchText,
}

/// Post-processes one page. `language_paths` are the URL prefixes of configured languages.
///
/// The quick pass (`scan.rs`) reads the page when it is HTML of the kind quartier writes; a page
/// it is not sure about (markup it does not follow, see its module) is read by the reference
/// pass (`reference.rs`, lol_html) instead. Both give the same result on any page the quick
/// pass takes (`tests/postprocess.rs` holds it to that, on the default site and on thousands
/// of generated documents).
pub fn postprocess_page(
    page: RenderedPage,
    language_paths: &BTreeSet<String>,
    collect: Collect,
) -> Result<ProcessedPage, String> {
    let (html, found) = match scan::pass(
        &page.html,
        collect,
        Found::of(&page.file, page.lang.is_some(), language_paths),
    ) {
        Some(done) => done,
        None => reference::pass(
            &page.html,
            collect,
            Found::of(&page.file, page.lang.is_some(), language_paths),
        )
        .map_err(|e| format!("{}: {e}", page.file))?,
    };
    let file = page.file.clone();
    Ok(found.into_page(file, html, page.markdown_links))
}

/// Runs only the reference pass (lol_html); for tests that hold the quick pass to it.
#[doc(hidden)]
pub fn postprocess_reference(
    page: &RenderedPage,
    language_paths: &BTreeSet<String>,
    collect: Collect,
) -> Result<ProcessedPage, String> {
    let (html, found) = reference::pass(
        &page.html,
        collect,
        Found::of(&page.file, page.lang.is_some(), language_paths),
    )?;
    Ok(found.into_page(page.file.clone(), html, page.markdown_links.clone()))
}

/// Runs only the quick pass; `None` when it leaves the page to the reference pass.
#[doc(hidden)]
pub fn postprocess_quick(
    page: &RenderedPage,
    language_paths: &BTreeSet<String>,
    collect: Collect,
) -> Option<ProcessedPage> {
    let (html, found) = scan::pass(
        &page.html,
        collect,
        Found::of(&page.file, page.lang.is_some(), language_paths),
    )?;
    Some(found.into_page(page.file.clone(), html, page.markdown_links.clone()))
}

/// What a pass found in a page; both passes feed it the same way, so what is done with an id,
/// a link or a piece of text is written once.
pub(crate) struct Found<'a> {
    page_file: &'a str,
    lang_path: Option<&'a str>,
    language_paths: &'a BTreeSet<String>,
    ids: BTreeSet<String>,
    duplicate_ids: BTreeSet<String>,
    links: Vec<LinkRef>,
    foreign: Vec<String>,
    /// Text of `main h1`, as written.
    title: String,
    /// Text nodes of `main h2, main h3`, each followed by a space.
    headings: String,
    /// Text nodes of `main` outside scripts and `[data-search-skip]`, each followed by a space.
    body: String,
    /// The `content` of `head meta[name=description]`.
    description: String,
}

/// The attribute a link's element gets instead of what it had.
pub(crate) enum Rewrite {
    /// The link attribute itself (`href` or `src`): the relative link.
    Link(String),
    /// `rel`: marked external.
    Rel(String),
}

impl<'a> Found<'a> {
    /// Nothing found yet in the page `page_file`; a page in a language has its language's
    /// folder first.
    fn of(page_file: &'a str, in_language: bool, language_paths: &'a BTreeSet<String>) -> Self {
        Found {
            page_file,
            lang_path: in_language.then(|| page_file.split('/').next()).flatten(),
            language_paths,
            ids: BTreeSet::new(),
            duplicate_ids: BTreeSet::new(),
            links: Vec::new(),
            foreign: Vec::new(),
            title: String::new(),
            headings: String::new(),
            body: String::new(),
            description: String::new(),
        }
    }

    /// An element's `id`.
    fn id(&mut self, id: &str) {
        if !self.ids.insert(id.to_string()) {
            self.duplicate_ids.insert(id.to_string());
        }
    }

    /// The link `href` in the link attribute of element `tag` (lowercase), whose `rel` is `rel`
    /// (empty when it has none). Returns the attribute to change, if any.
    fn link(&mut self, tag: &str, href: &str, rel: &str) -> Option<Rewrite> {
        let is_resource = tag != "a" && !(tag == "link" && (rel.contains("alternate") || rel.contains("canonical")));
        match resolve(href, self.page_file, self.lang_path, self.language_paths) {
            Target::External => {
                if is_resource {
                    self.foreign.push(href.to_string());
                    None
                } else if tag == "a" {
                    Some(Rewrite::Rel(if rel.is_empty() {
                        "external".to_string()
                    } else {
                        format!("{rel} external")
                    }))
                } else {
                    None
                }
            }
            Target::Other => None,
            Target::Internal(target, fragment, rewritten) => {
                self.links.push(LinkRef {
                    written: href.to_string(),
                    target,
                    fragment,
                });
                rewritten.map(Rewrite::Link)
            }
        }
    }

    fn into_page(
        self,
        file: String,
        html: String,
        markdown_links: Vec<(std::path::PathBuf, std::sync::Arc<[crate::markdown::SourceLink]>)>,
    ) -> ProcessedPage {
        let words = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
        ProcessedPage {
            file,
            html,
            ids: self.ids,
            duplicate_ids: self.duplicate_ids,
            links: self.links,
            foreign_resources: self.foreign,
            markdown_links,
            text: crate::search::PageText {
                title: words(self.title),
                headings: words(self.headings),
                body: words(self.body),
                summary: words(self.description),
            },
        }
    }
}

/// The output file of the "page not found" page.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// Resolves `href` found on `page_file`.
fn resolve(href: &str, page_file: &str, lang_path: Option<&str>, language_paths: &BTreeSet<String>) -> Target {
    let starts_with_ignore_case =
        |prefix: &str| href.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix));
    if starts_with_ignore_case("http://") || starts_with_ignore_case("https://") || href.starts_with("//") {
        return Target::External;
    }
    if let Some(colon) = href.find(':')
        && !href[..colon].contains(['/', '?', '#'])
    {
        return Target::Other;
    }
    let (path_part, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let page_dir = page_file.rsplit_once('/').map_or("", |(d, _)| d);
    if path_part.is_empty() {
        return Target::Internal(page_file.to_string(), fragment.map(str::to_string), None);
    }
    if let Some(site_path) = path_part.strip_prefix('/') {
        let first = site_path.split('/').next().unwrap_or("");
        let is_root_level = language_paths.contains(first)
            || first == "assets"
            || (!site_path.contains('/') && site_path.contains('.'));
        // The path from the site root, with the page's language when the link has none, then
        // the file it is (`index.html` of a folder).
        let mut target = String::with_capacity(site_path.len() + 16);
        if let (false, Some(lang)) = (is_root_level, lang_path) {
            target.push_str(lang);
            target.push('/');
        }
        target.push_str(site_path.trim_start_matches('/'));
        let full = target.len();
        if target.is_empty() || target.ends_with('/') {
            target.push_str("index.html");
        }
        // The 404 page is served under any missing path (a web server's ErrorDocument, the
        // preview): its links and styles must not depend on where it is shown.
        let mut relative = if page_file == NOT_FOUND_PAGE {
            format!("/{}", &target[..full])
        } else {
            relative_path(page_dir, &target)
        };
        if let Some(f) = fragment {
            relative.push('#');
            relative.push_str(f);
        }
        return Target::Internal(target, fragment.map(str::to_string), Some(relative));
    }
    // A relative link: resolve against the page's folder.
    let mut parts: Vec<&str> = if page_dir.is_empty() {
        Vec::new()
    } else {
        page_dir.split('/').collect()
    };
    for seg in path_part.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if path_part.ends_with('/') || target.is_empty() {
        target = if target.is_empty() {
            "index.html".into()
        } else {
            format!("{target}/index.html")
        };
    }
    Target::Internal(target, fragment.map(str::to_string), None)
}

/// The relative href from folder `from_dir` to file `to_file` (both relative to the site root).
pub fn relative_path(from_dir: &str, to_file: &str) -> String {
    // The folders both paths start with (never the file's own name), counted and measured.
    let last = to_file.matches('/').count();
    let mut to = to_file.split('/');
    let (mut ups, mut common, mut common_len) = (0, 0, 0);
    let mut same = true;
    for folder in from_dir.split('/').filter(|s| !s.is_empty()) {
        if same && common < last && to.next() == Some(folder) {
            common += 1;
            common_len += folder.len() + 1;
        } else {
            same = false;
            ups += 1;
        }
    }
    let rest = &to_file[common_len..];
    let mut out = String::with_capacity(ups * 3 + rest.len());
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> BTreeSet<String> {
        ["de", "ar"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn site_links_become_relative_with_language() {
        assert_eq!(
            resolve("/offices/x/#hours", "ar/districts/y/index.html", Some("ar"), &langs()),
            Target::Internal(
                "ar/offices/x/index.html".into(),
                Some("hours".into()),
                Some("../../offices/x/index.html#hours".into())
            )
        );
        assert_eq!(
            resolve("/de/", "ar/index.html", Some("ar"), &langs()),
            Target::Internal("de/index.html".into(), None, Some("../de/index.html".into()))
        );
        assert_eq!(
            resolve("/assets/style.css", "index.html", None, &langs()),
            Target::Internal("assets/style.css".into(), None, Some("assets/style.css".into()))
        );
        assert_eq!(
            resolve("tel:+49231", "de/index.html", Some("de"), &langs()),
            Target::Other
        );
        assert_eq!(
            resolve("https://x.example", "de/index.html", Some("de"), &langs()),
            Target::External
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path("de/offices/x", "de/offices/x/index.html"), "index.html");
        assert_eq!(relative_path("", "de/index.html"), "de/index.html");
        assert_eq!(relative_path("de", "ar/index.html"), "../ar/index.html");
        assert_eq!(relative_path("de/a", "de/a/b/index.html"), "b/index.html");
        assert_eq!(relative_path("de/a/b", "de/x/index.html"), "../../x/index.html");
        // A file's own name is never a folder in common.
        assert_eq!(relative_path("a/b", "a"), "../../a");
        assert_eq!(relative_path("a/b", "a/b"), "../b");
        assert_eq!(relative_path("/de//", "de/index.html"), "index.html");
    }

    #[test]
    fn one_pass_collects_ids_links_and_marks_external() {
        let page = RenderedPage {
            file: "de/x/index.html".into(),
            lang: Some("de".into()),
            html: r#"<h2 id="a">A</h2><a href="/y/#b">y</a><a href="https://example.org">e</a><p id="a"></p>"#.into(),
            markdown_links: Vec::new(),
        };
        let out = postprocess_page(page, &langs(), Collect::LinksAndIds).unwrap();
        assert!(out.ids.contains("a"));
        assert!(out.duplicate_ids.contains("a"));
        assert_eq!(out.links[0].target, "de/y/index.html");
        assert!(out.html.contains(r#"href="../y/index.html#b""#));
        assert!(out.html.contains(r#"rel="external""#));
    }
}
