//! `sitemap.xml` with `hreflang` alternates for every page.

use crate::config::SiteConfig;
use crate::html::escape_html;
use crate::pages::{PageKey, alternates};

/// The sitemap of all pages in all languages, each with its alternates.
pub fn sitemap(config: &SiteConfig, keys: &[PageKey]) -> String {
    use std::fmt::Write;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let x_default = format!(
        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
        escape_html(&config.base_url)
    );
    let mut links = String::new();
    for key in keys {
        // The alternates are the same for every language of a page: written once per page.
        links.clear();
        for (hreflang, href) in alternates(config, &key.suffix) {
            // Writing into a String cannot fail.
            let _ = writeln!(
                links,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_html(&hreflang),
                escape_html(&href)
            );
        }
        links.push_str(&x_default);
        for lang in &config.languages {
            let loc = format!("{}{}/{}", config.base_url, lang.path, key.suffix);
            let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", escape_html(&loc));
            if lang.hreflang {
                out.push_str(&links);
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}
