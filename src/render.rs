//! Stage 5: `render_pages` — every [`crate::pages::LocalizedPage`] through its tera template.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::markdown::SourceLink;
use crate::pages::LocalizedPage;
use crate::theme::{Theme, template_diagnostic};

/// A page rendered to HTML, before post-processing.
pub struct RenderedPage {
    /// Output file, relative to the output folder (`de/offices/x/index.html`).
    pub file: String,
    /// Language tag; `None` for language-neutral pages (the language chooser).
    pub lang: Option<String>,
    /// The HTML.
    pub html: String,
    /// Links written in Markdown shown on this page.
    pub markdown_links: Vec<(PathBuf, Vec<SourceLink>)>,
}

/// The Content-Security-Policy every page carries (as a `<meta http-equiv>`; templates write
/// it from `content_security_policy`): scripts, styles, images and connections only from the
/// site itself, no inline script or style, no plugins, no `<base>`, forms only to the site. A
/// page that an attacker managed to put markup into still cannot run script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML and XML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// The output file of a site-absolute URL: `/de/x/` → `de/x/index.html`.
pub fn file_of_url(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Renders one page through its template; a template error names the template and place.
pub fn render_page(page: LocalizedPage, theme: &Theme) -> Result<RenderedPage, crate::diagnostics::Diagnostic> {
    let html = theme
        .tera
        .render(page.template, &page.context)
        .map_err(|e| template_diagnostic(&theme.dir, &e, Some(&page.url)))?;
    Ok(RenderedPage {
        file: file_of_url(&page.url),
        lang: Some(page.lang),
        html,
        markdown_links: page.markdown_links,
    })
}

/// Renders the language-neutral pages: the language chooser (`index.html`) and `404.html`.
pub fn render_root_pages(root: &tera::Context, theme: &Theme) -> (Vec<RenderedPage>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (template, file) in [("root.html", "index.html"), ("404.html", "404.html")] {
        match theme.tera.render(template, root) {
            Ok(html) => out.push(RenderedPage {
                file: file.to_string(),
                lang: None,
                html,
                markdown_links: Vec::new(),
            }),
            Err(e) => diags.push(template_diagnostic(&theme.dir, &e, Some(file))),
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_index_files() {
        assert_eq!(file_of_url("/de/"), "de/index.html");
        assert_eq!(file_of_url("/de/offices/x/"), "de/offices/x/index.html");
        assert_eq!(file_of_url("/sitemap.xml"), "sitemap.xml");
    }
}
