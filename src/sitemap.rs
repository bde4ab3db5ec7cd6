//! `sitemap.xml` with `hreflang` alternates for every page.

use crate::config::SiteConfig;
use crate::html::escape_html;
use crate::pages::{PageKey, alternates};

/// The sitemap of all pages in all languages, each with its alternates.
pub fn sitemap(config: &SiteConfig, keys: &[PageKey]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for key in keys {
        let alts = alternates(config, &key.suffix);
        for lang in &config.languages {
            let loc = format!("{}{}/{}", config.base_url, lang.path, key.suffix);
            out.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape_html(&loc)));
            if lang.hreflang {
                for (hreflang, href) in &alts {
                    out.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        escape_html(hreflang),
                        escape_html(href)
                    ));
                }
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                    escape_html(&config.base_url)
                ));
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}
