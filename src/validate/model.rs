//! The checked values: what validation gives the later stages. A leaf: it knows the raw
//! content types it is built from, nothing of the stages after it.

use super::*;

/// A place where an office advises, with its weekly hours.
#[derive(Debug, Clone)]
pub struct Location {
    /// Id inside the office.
    pub id: String,
    /// Main office or outpost.
    pub kind: LocationKind,
    /// Name per language.
    pub name: I18n,
    /// Postal address.
    pub address: Address,
    /// Coordinates.
    pub geo: Option<Geo>,
    /// How to get there.
    pub transport: Option<I18n>,
    /// Accessibility.
    pub accessibility: Option<I18n>,
    /// Checked weekly hours with holidays and closures; `None` while unknown.
    pub hours: Option<crate::hours::Hours>,
    /// Note on the hours, per language.
    pub hours_note: Option<I18n>,
}

/// A checked office.
#[derive(Debug, Clone)]
pub struct Office {
    /// Id (file name).
    pub id: String,
    /// Name per language.
    pub name: I18n,
    /// Status.
    pub status: OfficeStatus,
    /// Note on the status.
    pub status_note: Option<I18n>,
    /// Year it opened.
    pub since: Option<u16>,
    /// Districts served (ids, all existing).
    pub districts: Vec<String>,
    /// Operators.
    pub operators: Vec<Operator>,
    /// Description.
    pub description: Option<I18n>,
    /// Main office first, then outposts.
    pub locations: Vec<Location>,
    /// Contact.
    pub contact: Contact,
    /// Languages of advice.
    pub languages: Vec<String>,
    /// Services.
    pub services: Vec<I18n>,
    /// What to bring to a consultation.
    pub bring: Vec<I18n>,
    /// A draft (`draft: true`): only in the preview, with a banner.
    pub draft: bool,
}

/// A checked local partner.
#[derive(Debug, Clone)]
pub struct Partner {
    /// Id (file name).
    pub id: String,
    /// Name per language.
    pub name: I18n,
    /// Category.
    pub category: PartnerCategory,
    /// Districts (ids, all existing).
    pub districts: Vec<String>,
    /// Offer per language.
    pub offer: I18n,
    /// Address.
    pub address: Option<Address>,
    /// Contact.
    pub contact: Contact,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Opening hours as written.
    pub opening_hours: Option<String>,
    /// Accessibility.
    pub accessibility: Option<I18n>,
    /// Whether it is on leaflets.
    pub on_leaflet: bool,
}

/// A Markdown document in one language, rendered.
#[derive(Debug, Clone)]
pub struct Document {
    /// Language tag.
    pub lang: String,
    /// Source file.
    pub file: PathBuf,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// Titles in languages the page is not translated into (from the German source).
    pub titles: I18n,
    /// Provenance of a translation (`None` for German sources).
    pub translation: Option<Provenance>,
    /// Rendered body (shared with the preview's memo of rendered Markdown).
    pub html: std::sync::Arc<str>,
    /// Links written in the body, with their lines.
    pub links: std::sync::Arc<[SourceLink]>,
    /// Navigation place (pages).
    pub nav: NavPlace,
    /// Navigation order.
    pub order: i32,
    /// Hash of this document's body (see [`content_hash`]).
    pub body_hash: String,
    /// The `source_hash` a translation declares, with where it is written.
    pub source_hash: Option<(String, Position)>,
    /// Where the front matter's `title` is (for notes about the whole translation).
    pub title_position: Position,
    /// A draft (`draft: true`): only in the preview, with a banner.
    pub draft: bool,
}

pub use crate::markdown::content_hash;

/// A checked district with its guide in each language that has one.
#[derive(Debug, Clone)]
pub struct District {
    /// Id (folder name).
    pub id: String,
    /// Name per language.
    pub name: I18n,
    /// Stadtteile.
    pub stadtteile: Vec<String>,
    /// Responsible office id, if one is responsible yet.
    pub office: Option<String>,
    /// Guide per language tag; German always present.
    pub guide: BTreeMap<String, Document>,
    /// A draft (`draft: true`): only in the preview, with a banner.
    pub draft: bool,
}

/// A content page (about, imprint…) per language; German always present.
#[derive(Debug, Clone)]
pub struct Page {
    /// Id.
    pub id: String,
    /// Versions per language tag.
    pub versions: BTreeMap<String, Document>,
}

/// One step of a journey, checked.
#[derive(Debug, Clone)]
pub struct Step {
    /// Id inside the journey.
    pub id: String,
    /// Whether it goes with the step before ("and", "or") instead of having its own number.
    pub with_previous: Option<StepJoin>,
    /// A place to go that is not an office or partner of the site.
    pub place: Option<I18n>,
    /// Partners who help with it (ids, all existing).
    pub partners: Vec<String>,
    /// Kinds of partners of the reader's district who help with it.
    pub partner_categories: Vec<PartnerCategory>,
    /// What to bring.
    pub bring: Vec<I18n>,
}

/// The section of one step in one language.
#[derive(Debug, Clone)]
pub struct StepText {
    /// The heading as plain text (without `{#id}`).
    pub title: String,
    /// The heading as HTML.
    pub title_html: String,
    /// The section's text as HTML.
    pub html: String,
}

/// A journey: steps in order, and per language its text (the [`Document`] holds the title,
/// summary and intro; `sections` each step's text).
#[derive(Debug, Clone)]
pub struct Journey {
    /// Id (folder name).
    pub id: String,
    /// The steps in order.
    pub steps: Vec<Step>,
    /// Title, summary and intro per language tag; German always present.
    pub versions: BTreeMap<String, Document>,
    /// The steps' sections per language tag, then step id.
    pub sections: BTreeMap<String, BTreeMap<String, StepText>>,
    /// A draft (`draft: true`): only in the preview, with a banner.
    pub draft: bool,
}

/// A printed leaflet version, as recorded by `build --pdf`.
#[derive(Debug, Clone)]
pub struct LeafletRecord {
    /// The district.
    pub district: String,
    /// The version (the hash of `said`).
    pub version: String,
    /// The record's file.
    pub file: PathBuf,
    /// The languages printed and the day of each.
    pub printed: Vec<(String, NaiveDate)>,
    /// What it said.
    pub said: PrintedFacts,
}

/// All content, checked. Maps are sorted by id so output is deterministic.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Offices by id.
    pub offices: BTreeMap<String, Office>,
    /// Partners by id.
    pub partners: BTreeMap<String, Partner>,
    /// Districts by id.
    pub districts: BTreeMap<String, District>,
    /// Content pages by id.
    pub pages: BTreeMap<String, Page>,
    /// Journeys by id.
    pub journeys: BTreeMap<String, Journey>,
    /// Printed leaflet versions by (district, version).
    pub leaflet_records: BTreeMap<(String, String), LeafletRecord>,
    /// Links to other websites, with where each is written (for `check --external`).
    pub external_links: Vec<ExternalLink>,
    /// Drafts left out of this build (`offices/x` → its file), to explain links to them.
    pub drafts: BTreeMap<String, std::path::PathBuf>,
}

/// A link to another website and the place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The address.
    pub url: String,
    /// The file.
    pub file: PathBuf,
    /// Where in the file.
    pub position: Position,
}

/// The state of one translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TranslationStatus {
    /// Made from the current German text, by a person or reviewed.
    UpToDate,
    /// Made from the current German text by a machine, not reviewed.
    Machine,
    /// The German text has changed since, or the translation does not record which German
    /// text it was made from (then no one can say it is current).
    Outdated,
    /// Not translated.
    Missing,
}

/// The one rule for a translation's state: `translation` (if there is one) against the German
/// `source`. Used by the pages (the "outdated" notice), `check` and `report` alike.
pub fn translation_status(translation: Option<&Document>, source: &Document) -> TranslationStatus {
    let Some(doc) = translation else {
        return TranslationStatus::Missing;
    };
    match &doc.source_hash {
        Some((hash, _)) if *hash == source.body_hash => match doc.translation {
            Some(Provenance::Machine) => TranslationStatus::Machine,
            _ => TranslationStatus::UpToDate,
        },
        _ => TranslationStatus::Outdated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lang: &str, hash: Option<&str>, translation: Option<Provenance>) -> Document {
        Document {
            lang: lang.into(),
            file: PathBuf::from(format!("guide.{lang}.md")),
            title: "T".into(),
            summary: None,
            titles: I18n::new(),
            html: "".into(),
            body_hash: "aaaaaaaaaaaa".into(),
            source_hash: hash.map(|h| (h.to_string(), Position::new(2, 14))),
            translation,
            nav: NavPlace::None,
            order: 0,
            title_position: Position::new(2, 1),
            links: Vec::new().into(),
            draft: false,
        }
    }

    #[test]
    fn one_rule_for_the_state_of_a_translation() {
        let source = doc("de", None, None);
        let status = |d: Option<&Document>| translation_status(d, &source);
        assert_eq!(status(None), TranslationStatus::Missing);
        assert_eq!(
            status(Some(&doc("ar", Some("aaaaaaaaaaaa"), Some(Provenance::Human)))),
            TranslationStatus::UpToDate
        );
        assert_eq!(
            status(Some(&doc(
                "ar",
                Some("aaaaaaaaaaaa"),
                Some(Provenance::MachineReviewed)
            ))),
            TranslationStatus::UpToDate
        );
        assert_eq!(
            status(Some(&doc("ar", Some("aaaaaaaaaaaa"), Some(Provenance::Machine)))),
            TranslationStatus::Machine
        );
        assert_eq!(
            status(Some(&doc("ar", Some("bbbbbbbbbbbb"), Some(Provenance::Human)))),
            TranslationStatus::Outdated
        );
        // No recorded source: no one can say it is current.
        assert_eq!(
            status(Some(&doc("ar", None, Some(Provenance::Human)))),
            TranslationStatus::Outdated
        );
    }
}
