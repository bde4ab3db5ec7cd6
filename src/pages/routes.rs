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

/// An office's view to show at the counter ("Im Büro zeigen").
pub(crate) fn show_office(id: &str) -> String {
    format!("{}show/", office(id))
}

/// A partner's view to show at the counter.
pub(crate) fn show_partner(id: &str) -> String {
    format!("partners/{id}/show/")
}

/// The list of the languages advice is given in.
pub(crate) fn spoken_languages() -> String {
    "languages/".into()
}

/// Who advises in the spoken language `tag`.
pub(crate) fn spoken_language(tag: &str) -> String {
    format!("languages/{tag}/")
}

/// The calendar file of one location of an office.
pub(crate) fn calendar(office: &str, location: &str) -> String {
    format!("offices/{office}/{location}.ics")
}

/// The open-now data of one location of an office: a script that the office's pages and the
/// pages showing its hours load (cached by the browser, and it works from `file://`).
pub(crate) fn open_now(office: &str, location: &str) -> String {
    format!("offices/{office}/{location}-hours.js")
}

/// A content page (about, imprint …).
pub(crate) fn page(id: &str) -> String {
    format!("{id}/")
}

/// A journey, the district still to choose.
pub(crate) fn journey(id: &str) -> String {
    format!("journeys/{id}/")
}

/// A journey for one district: its office and partners named in each step.
pub(crate) fn journey_in(id: &str, district: &str) -> String {
    format!("journeys/{id}/{district}/")
}

/// The printable checklist of a journey for one district.
pub(crate) fn checklist(id: &str, district: &str) -> String {
    format!("{}checklist/", journey_in(id, district))
}

/// A checklist printed to PDF, beside its page; the file name says what it is.
pub(crate) fn checklist_pdf(id: &str, district: &str, lang_path: &str) -> String {
    format!("{}{id}-{district}-{lang_path}.pdf", checklist(id, district))
}

/// A district's leaflet page.
pub(crate) fn leaflet(district: &str) -> String {
    format!("leaflets/{district}/")
}

/// The page a printed leaflet's QR code leads to: whether that version is still up to date.
pub(crate) fn leaflet_version(district: &str, version: &str) -> String {
    format!("{}v/{version}/", leaflet(district))
}

/// Whether the output file `file` is a page that exists only while the content says so: a
/// leaflet's version page (`<lang>/leaflets/<district>/v/<version>/index.html`), which a
/// change of hours or partners replaces by another.
pub(crate) fn may_vanish(file: &str) -> bool {
    let parts: Vec<&str> = file.split('/').collect();
    matches!(parts.as_slice(), [_, "leaflets", _, "v", _, "index.html"])
}

/// A district's leaflet printed to PDF, beside its leaflet page.
pub(crate) fn leaflet_pdf(district: &str, lang_path: &str) -> String {
    format!("{}{}", leaflet(district), pdf_file_name(district, lang_path))
}

/// The file at the root of the output that says when the site was built and until when its
/// open-now data reaches (`quartier check` warns before it runs out).
pub const BUILD_INFO: &str = "quartier-build.json";

/// The content of [`BUILD_INFO`].
pub fn build_info(built: chrono::NaiveDate) -> Vec<u8> {
    let until = built + chrono::Duration::days(super::OPEN_NOW_DAYS.into());
    format!("{{\"built\":\"{built}\",\"open_now_until\":\"{until}\"}}\n").into_bytes()
}

/// Reads [`BUILD_INFO`] of a published folder: (built, open-now data until).
pub fn read_build_info(published: &std::path::Path) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let text = std::fs::read_to_string(published.join(BUILD_INFO)).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let date = |key: &str| value[key].as_str().and_then(|d| crate::dates::parse_date(d).ok());
    Some((date("built")?, date("open_now_until")?))
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
        assert_eq!(open_now("nordstadt", "main"), "offices/nordstadt/main-hours.js");
        assert_eq!(page("about"), "about/");
        assert_eq!(journey_in("umzug", "eving"), "journeys/umzug/eving/");
        assert_eq!(
            checklist_pdf("umzug", "eving", "ar"),
            "journeys/umzug/eving/checklist/umzug-eving-ar.pdf"
        );
        assert_eq!(
            leaflet_pdf("eving", "ar"),
            "leaflets/eving/lokal-willkommen-eving-ar.pdf"
        );
    }
}
