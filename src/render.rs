//! Stage 5: `render_pages` — every [`crate::pages::LocalizedPage`] through its tera template.

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::html::file_of_url;
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
    pub markdown_links: Vec<(PathBuf, std::sync::Arc<[SourceLink]>)>,
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
