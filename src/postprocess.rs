//! Stage 6: `postprocess_page` — one lol_html pass over each rendered page.
//!
//! In that single pass it collects every `id`, resolves every link: site-absolute links
//! (`/offices/x/`, language prefix added when missing) become relative links to `index.html`
//! files so the site works from `file://`; external links are marked `rel="external"`; any
//! resource that would be loaded from another host is an error. For a page that goes into the
//! search index ([`Collect::SearchText`]) the same pass reads its search text; every handler
//! costs lol_html a share of the pass, so the other pages (most of them: leaflets, views to
//! show, version pages) are read without those.

use std::collections::BTreeSet;

use lol_html::{RewriteStrSettings, element, rewrite_str, text};

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
pub fn postprocess_page(
    page: RenderedPage,
    language_paths: &BTreeSet<String>,
    collect: Collect,
) -> Result<ProcessedPage, String> {
    let lang_path = page
        .lang
        .as_ref()
        .and_then(|_| page.file.split('/').next().map(str::to_string));
    let mut ids = BTreeSet::new();
    let mut duplicate_ids = BTreeSet::new();
    let mut links = Vec::new();
    let mut foreign = Vec::new();
    let file = page.file.clone();
    let in_script = std::rc::Rc::new(std::cell::Cell::new(false));
    let title = std::cell::RefCell::new(String::new());
    let headings = std::cell::RefCell::new(String::new());
    let body = std::cell::RefCell::new(String::new());
    let description = std::cell::RefCell::new(String::new());
    let html = {
        let mut on_link = |el: &mut lol_html::html_content::Element, attr: &str| {
            let Some(href) = el.get_attribute(attr) else { return };
            let tag = el.tag_name();
            let rel = el.get_attribute("rel").unwrap_or_default();
            let is_resource =
                tag != "a" && !(tag == "link" && (rel.contains("alternate") || rel.contains("canonical")));
            match resolve(&href, &file, lang_path.as_deref(), language_paths) {
                Target::External => {
                    if is_resource {
                        foreign.push(href);
                    } else if tag == "a" {
                        let rel = if rel.is_empty() {
                            "external".to_string()
                        } else {
                            format!("{rel} external")
                        };
                        // Attribute names are static and valid.
                        let _ = el.set_attribute("rel", &rel);
                    }
                }
                Target::Other => {}
                Target::Internal(target, fragment, rewritten) => {
                    if let Some(new_href) = rewritten {
                        let _ = el.set_attribute(attr, &new_href);
                    }
                    links.push(LinkRef {
                        written: href,
                        target,
                        fragment,
                    });
                }
            }
        };
        let mut settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("[id]", |el| {
                if let Some(id) = el.get_attribute("id")
                    && !ids.insert(id.clone())
                {
                    duplicate_ids.insert(id);
                }
                Ok(())
            }))
            .append_element_content_handler(element!(
                "a[href], link[href], img[src], script[src], source[src], iframe[src]",
                |el| {
                    let attr = if el.has_attribute("href") { "href" } else { "src" };
                    on_link(el, attr);
                    Ok(())
                }
            ));
        if collect == Collect::SearchText {
            settings = settings
                // Scripts, and views that repeat what the page already says (the phone list of the
                // hours table, marked `data-search-skip`), are not search text.
                .append_element_content_handler(element!("main script, main [data-search-skip]", |el| {
                    in_script.set(true);
                    let flag = std::rc::Rc::clone(&in_script);
                    if let Some(handlers) = el.end_tag_handlers() {
                        handlers.push(Box::new(move |_end: &mut lol_html::html_content::EndTag<'_>| {
                            flag.set(false);
                            Ok(())
                        }) as lol_html::EndTagHandler<'static>);
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!("head meta[name=description]", |el| {
                    *description.borrow_mut() = el.get_attribute("content").unwrap_or_default();
                    Ok(())
                }))
                .append_element_content_handler(text!("main h1", |t| {
                    title.borrow_mut().push_str(t.as_str());
                    Ok(())
                }))
                .append_element_content_handler(text!("main h2, main h3", |t| {
                    headings.borrow_mut().push_str(t.as_str());
                    if t.last_in_text_node() {
                        headings.borrow_mut().push(' ');
                    }
                    Ok(())
                }))
                .append_element_content_handler(text!("main", |t| {
                    if !in_script.get() {
                        body.borrow_mut().push_str(t.as_str());
                        if t.last_in_text_node() {
                            body.borrow_mut().push(' ');
                        }
                    }
                    Ok(())
                }));
        }
        rewrite_str(&page.html, settings).map_err(|e| format!("{}: {e}", page.file))?
    };
    Ok(ProcessedPage {
        file: page.file,
        html,
        ids,
        duplicate_ids,
        links,
        foreign_resources: foreign,
        markdown_links: page.markdown_links,
        text: crate::search::PageText {
            title: title.into_inner().split_whitespace().collect::<Vec<_>>().join(" "),
            headings: headings.into_inner().split_whitespace().collect::<Vec<_>>().join(" "),
            body: body.into_inner().split_whitespace().collect::<Vec<_>>().join(" "),
            summary: description
                .into_inner()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        },
    })
}

/// Resolves `href` found on `page_file`.
/// The output file of the "page not found" page.
pub const NOT_FOUND_PAGE: &str = "404.html";

fn resolve(href: &str, page_file: &str, lang_path: Option<&str>, language_paths: &BTreeSet<String>) -> Target {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || href.starts_with("//") {
        return Target::External;
    }
    if let Some(colon) = href.find(':')
        && !href[..colon].contains(['/', '?', '#'])
    {
        return Target::Other;
    }
    let (path_part, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let page_dir = page_file.rsplit_once('/').map_or("", |(d, _)| d);
    if path_part.is_empty() {
        return Target::Internal(page_file.to_string(), fragment, None);
    }
    if let Some(site_path) = path_part.strip_prefix('/') {
        let first = site_path.split('/').next().unwrap_or("");
        let is_root_level = language_paths.contains(first)
            || first == "assets"
            || (!site_path.contains('/') && site_path.contains('.'));
        let full = match (is_root_level, lang_path) {
            (false, Some(lang)) => format!("{lang}/{site_path}"),
            _ => site_path.to_string(),
        };
        let target = crate::html::file_of_url(&format!("/{full}"));
        // The 404 page is served under any missing path (a web server's ErrorDocument, the
        // preview): its links and styles must not depend on where it is shown.
        let mut relative = if page_file == NOT_FOUND_PAGE {
            format!("/{full}")
        } else {
            relative_path(page_dir, &target)
        };
        if let Some(f) = &fragment {
            relative.push('#');
            relative.push_str(f);
        }
        return Target::Internal(target, fragment, Some(relative));
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
    Target::Internal(target, fragment, None)
}

/// The relative href from folder `from_dir` to file `to_file` (both relative to the site root).
pub fn relative_path(from_dir: &str, to_file: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to_file.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
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
