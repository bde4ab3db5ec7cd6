//! The one place that knows the URL layout: where each page and file of a language lives,
//! as the part after the language prefix (`/de/` + `offices/eving-scharnhorst/`). Every page,
//! link, calendar, leaflet PDF and sitemap entry is placed through these functions.

/// The site-absolute URL of the page at `suffix` in the language published under `lang_path`.
pub(crate) fn in_language(lang_path: &str, suffix: &str) -> String {
    format!("/{lang_path}/{suffix}")
}

/// The home page of a language.
pub(crate) fn home() -> String {
    String::new()
}

/// The partner directory.
pub(crate) fn partners() -> String {
    "partners/".into()
}

/// The search page.
pub(crate) fn search() -> String {
    "search/".into()
}

/// A district page.
pub(crate) fn district(id: &str) -> String {
    format!("districts/{id}/")
}

/// An office page.
pub(crate) fn office(id: &str) -> String {
    format!("offices/{id}/")
}

/// The calendar file of one location of an office.
pub(crate) fn calendar(office: &str, location: &str) -> String {
    format!("offices/{office}/{location}.ics")
}

/// A content page (about, imprint …).
pub(crate) fn page(id: &str) -> String {
    format!("{id}/")
}

/// A district's leaflet page.
pub(crate) fn leaflet(district: &str) -> String {
    format!("leaflets/{district}/")
}

/// A district's leaflet printed to PDF, beside its leaflet page.
pub(crate) fn leaflet_pdf(district: &str, lang_path: &str) -> String {
    format!("{}{}", leaflet(district), pdf_file_name(district, lang_path))
}

/// The file name of a leaflet's PDF: names the district and the language, so a downloaded
/// file says what it is.
pub fn pdf_file_name(district: &str, lang_path: &str) -> String {
    format!("lokal-willkommen-{district}-{lang_path}.pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_layout() {
        assert_eq!(home(), "");
        assert_eq!(district("eving"), "districts/eving/");
        assert_eq!(office("nordstadt"), "offices/nordstadt/");
        assert_eq!(calendar("nordstadt", "main"), "offices/nordstadt/main.ics");
        assert_eq!(page("about"), "about/");
        assert_eq!(
            leaflet_pdf("eving", "ar"),
            "leaflets/eving/lokal-willkommen-eving-ar.pdf"
        );
    }
}
