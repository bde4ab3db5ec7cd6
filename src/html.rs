//! HTML written by quartier itself: escaping, the Content-Security-Policy of every page, and
//! where a URL's file lies. A leaf: every stage that writes HTML uses it.

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

/// The text of HTML with every tag replaced by a space (entities left as they are): enough to
/// count words or compare what a page says.
pub fn text_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
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
