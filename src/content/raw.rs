//! The raw values of content files, as written: what `serde` reads from YAML and front matter
//! before anything is checked (`RawOffice` here, `Office` after validation).

use super::*;

/// Whether an office is open to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OfficeStatus {
    /// Open and advising.
    Active,
    /// Decided or in preparation, not yet open.
    Planned,
    /// Closed for a while.
    TemporarilyClosed,
}

/// Who runs an office together with the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperatorRole {
    /// The city administration.
    City,
    /// A welfare association (Wohlfahrtsverband).
    WelfareAssociation,
    /// A registered association (e.V.) or initiative.
    Association,
}

/// Main office or outpost (a weekly consultation hour elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// The office itself.
    Main,
    /// A consultation hour in another place.
    Outpost,
}

/// Kinds of local partners, in the order the directory shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnerCategory {
    /// Counselling services.
    Counselling,
    /// Day care for children.
    Kita,
    /// Schools.
    School,
    /// Youth clubs and children's meeting points.
    Youth,
    /// Sports clubs.
    Sports,
    /// Health services.
    Health,
    /// Migrant self-organisations.
    MigrantOrganisation,
    /// Volunteer initiatives.
    Volunteers,
    /// Public administration.
    Administration,
    /// Anything else.
    Other,
}

impl PartnerCategory {
    /// The key of the category's UI string (`category.kita`).
    pub fn key(self) -> &'static str {
        match self {
            PartnerCategory::Counselling => "counselling",
            PartnerCategory::Kita => "kita",
            PartnerCategory::School => "school",
            PartnerCategory::Youth => "youth",
            PartnerCategory::Sports => "sports",
            PartnerCategory::Health => "health",
            PartnerCategory::MigrantOrganisation => "migrant_organisation",
            PartnerCategory::Volunteers => "volunteers",
            PartnerCategory::Administration => "administration",
            PartnerCategory::Other => "other",
        }
    }
}

/// A postal address. German, as written on the door.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// Postcode, when known.
    #[serde(default)]
    pub postcode: Option<String>,
    /// City.
    pub city: String,
}

/// Coordinates (WGS 84).
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Phone, e-mail and web address.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone number, written as dialled in Germany.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Web address.
    #[serde(default)]
    pub web: Option<String>,
}

/// One operator of an office.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Name per language.
    pub name: I18n,
    /// City, welfare association or association.
    pub role: OperatorRole,
}

/// One place where an office advises.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    /// Id of the location inside its office (`main`, `lanstrop`).
    pub id: String,
    /// Main office or outpost.
    pub kind: LocationKind,
    /// Name per language.
    pub name: I18n,
    /// Postal address.
    pub address: Address,
    /// Coordinates.
    #[serde(default)]
    pub geo: Option<Geo>,
    /// How to get there.
    #[serde(default)]
    pub transport: Option<I18n>,
    /// Step-free access, toilets, hearing loop…
    #[serde(default)]
    pub accessibility: Option<I18n>,
}

/// `content/offices/<id>.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOffice {
    /// Name per language.
    pub name: I18n,
    /// Active, planned or temporarily closed.
    pub status: OfficeStatus,
    /// What to tell readers about the status (e.g. when it is expected to open).
    #[serde(default)]
    pub status_note: Option<I18n>,
    /// Year the office opened.
    #[serde(default)]
    pub since: Option<u16>,
    /// Ids of the districts it serves.
    pub districts: Vec<String>,
    /// Who runs it.
    #[serde(default)]
    pub operators: Vec<Operator>,
    /// What the office does, per language.
    #[serde(default)]
    pub description: Option<I18n>,
    /// Main office and outposts.
    #[serde(default)]
    pub locations: Vec<RawLocation>,
    /// How to reach the team.
    #[serde(default)]
    pub contact: Contact,
    /// Languages advice is given in (tags).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Services offered, one text per language each.
    #[serde(default)]
    pub services: Vec<I18n>,
    /// What to bring to a consultation, one text per language each (shown on the view to show
    /// at the counter).
    #[serde(default)]
    pub bring: Vec<I18n>,
    /// Date (YYYY-MM-DD) the entry was last checked.
    #[serde(default)]
    pub last_verified: Option<String>,
    /// A draft: shown in the preview with a banner, left out of `build` (`quartier new`
    /// writes `draft: true`; delete the line to publish).
    #[serde(default)]
    pub draft: bool,
}

/// A part of the hours with its own mode or languages.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSlot {
    /// When, as an `opening_hours` expression inside the location's hours (`Tu 13:00-16:00`).
    pub when: String,
    /// Mode in this slot (default: the location's mode).
    #[serde(default)]
    pub mode: Option<crate::hours::Mode>,
    /// Languages in this slot (default: the location's languages).
    #[serde(default)]
    pub languages: Vec<String>,
}

/// Weekly hours of one location, in `content/opening-hours/<office>.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLocationHours {
    /// OpenStreetMap `opening_hours` expression; `null` while unknown.
    #[serde(default)]
    pub hours: Option<String>,
    /// How advice is given outside the slots (default: walk-in).
    #[serde(default)]
    pub mode: crate::hours::Mode,
    /// Languages of advice outside the slots (default: the office's languages).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Parts of the hours with another mode or other languages.
    #[serde(default)]
    pub slots: Vec<RawSlot>,
    /// Days this location is closed.
    #[serde(default)]
    pub closures: Vec<RawClosure>,
    /// Closed until further notice, with this message.
    #[serde(default)]
    pub temporarily_closed: Option<I18n>,
    /// A note shown under the table, per language.
    #[serde(default)]
    pub note: Option<I18n>,
}

/// `content/opening-hours/<office>.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHoursFile {
    /// Hours per location id of the office.
    pub locations: BTreeMap<String, RawLocationHours>,
    /// Days every location of the office is closed.
    #[serde(default)]
    pub closures: Vec<RawClosure>,
}

/// `content/partners/<id>.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPartner {
    /// Name per language.
    pub name: I18n,
    /// What kind of partner.
    pub category: PartnerCategory,
    /// Ids of the districts it works in.
    pub districts: Vec<String>,
    /// What it offers, per language.
    pub offer: I18n,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Coordinates.
    #[serde(default)]
    pub geo: Option<Geo>,
    /// Phone, e-mail, web.
    #[serde(default)]
    pub contact: Contact,
    /// Languages spoken (tags).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Opening hours, OpenStreetMap syntax.
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// Accessibility, per language.
    #[serde(default)]
    pub accessibility: Option<I18n>,
    /// Whether the partner appears on printed leaflets.
    #[serde(default)]
    pub on_leaflet: bool,
    /// Date (YYYY-MM-DD) the entry was last checked.
    #[serde(default)]
    pub last_verified: Option<String>,
    /// A draft: shown in the preview with a banner, left out of `build` (`quartier new`
    /// writes `draft: true`; delete the line to publish).
    #[serde(default)]
    pub draft: bool,
}

/// `content/districts/<id>/district.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    /// Name per language.
    pub name: I18n,
    /// The Stadtteile (quarters) of the district, German names.
    #[serde(default)]
    pub stadtteile: Vec<String>,
    /// Id of the responsible office; `null` while no office is responsible yet.
    #[serde(default)]
    pub office: Option<String>,
    /// A draft: shown in the preview with a banner, left out of `build` (`quartier new`
    /// writes `draft: true`; delete the line to publish).
    #[serde(default)]
    pub draft: bool,
}

/// How a step of a journey joins the one before it: done as well, or instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepJoin {
    /// Do this step as well as the one before (same number, "and").
    And,
    /// Do this step or the one before, whichever fits (same number, "or").
    Or,
}

/// One step of a journey: where to go, who helps, what to bring. Its title and text are the
/// `## Title {#id}` section of the journey's Markdown file in each language.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    /// Id of the step inside its journey (`anmelden`): the `{#id}` of its section.
    pub id: String,
    /// `and` or `or`: this step goes with the one before instead of getting its own number.
    #[serde(default)]
    pub with_previous: Option<StepJoin>,
    /// The place to go that is not a lokal willkommen office or partner (`Bürgerdienste der
    /// Stadt`), per language.
    #[serde(default)]
    pub place: Option<I18n>,
    /// Partners who help with this step (ids), shown to readers of every district.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Kinds of partners who help with this step: those of the reader's district are shown.
    #[serde(default)]
    pub partner_categories: Vec<PartnerCategory>,
    /// What to bring, one text per language each: the boxes to tick on the checklist.
    #[serde(default)]
    pub bring: Vec<I18n>,
}

/// `content/journeys/<id>/journey.yaml`: the steps of a journey in order. Each step points to
/// the lokal willkommen office of the reader's district.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawJourney {
    /// The steps, in the order they are done.
    pub steps: Vec<RawStep>,
    /// A draft: shown in the preview with a banner, left out of `build` (`quartier new`
    /// writes `draft: true`; delete the line to publish).
    #[serde(default)]
    pub draft: bool,
}

/// One place of an office as a printed leaflet named it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintedPlace {
    /// Its name (German).
    pub name: String,
    /// Its address as printed.
    pub address: String,
    /// The regular week as printed, one line per day (German).
    #[serde(default)]
    pub hours: Vec<String>,
}

/// What a printed leaflet said, in German: everything whose change makes it outdated. Its hash
/// is the leaflet's version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintedFacts {
    /// The responsible office's name.
    #[serde(default)]
    pub office: Option<String>,
    /// Its places with address and hours.
    #[serde(default)]
    pub places: Vec<PrintedPlace>,
    /// Its phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Its e-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// The partners on the leaflet.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Closures that were still ahead (dates and reason).
    #[serde(default)]
    pub closures: Vec<String>,
    /// The emergency and help numbers.
    #[serde(default)]
    pub emergency: Vec<String>,
}

impl PrintedFacts {
    /// The version of a leaflet that says this: the first 8 hex digits of the SHA-256 of its
    /// JSON form.
    pub fn version(&self) -> String {
        use sha2::Digest;
        let json = serde_json::to_string(self).unwrap_or_default();
        let digest = sha2::Sha256::digest(json.as_bytes());
        digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
    }
}

/// One language of a leaflet version printed on a day.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintedCopy {
    /// The leaflet's language (tag).
    pub language: String,
    /// The day it was printed (YYYY-MM-DD).
    pub date: String,
}

/// `content/printed-leaflets/<district>/<version>.yaml`: a leaflet version that was printed,
/// written by `quartier build --pdf`, so that every later build can say whether it is still
/// up to date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLeafletRecord {
    /// The version (the hash of `said`).
    pub version: String,
    /// The district (folder name).
    pub district: String,
    /// When it was printed, in which languages.
    pub printed: Vec<PrintedCopy>,
    /// What it said.
    pub said: PrintedFacts,
}

/// Who made a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Translated by a person.
    Human,
    /// Machine translation, not reviewed.
    Machine,
    /// Machine translation reviewed by a person.
    MachineReviewed,
}

/// The YAML front matter of a guide or page.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// Page title (the `h1`).
    pub title: String,
    /// One or two sentences for lists and search results.
    #[serde(default)]
    pub summary: Option<String>,
    /// The title in other languages, for a page that is not translated into them yet (German
    /// source only): links, the page heading and search show it in the reader's language,
    /// marked "only in German".
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    /// Who made this translation (not for German sources).
    #[serde(default)]
    pub translation: Option<Provenance>,
    /// Hash of the German source the translation was made from.
    #[serde(default)]
    pub source_hash: Option<String>,
    /// Where a content page is linked from: `header`, `footer` or `none`.
    #[serde(default)]
    pub nav: Option<NavPlace>,
    /// Order in navigation (small first).
    #[serde(default)]
    pub order: Option<i32>,
    /// A draft: shown in the preview with a banner, left out of `build` (`quartier new`
    /// writes `draft: true`; delete the line to publish).
    #[serde(default)]
    pub draft: bool,
}

/// Where a content page is linked from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NavPlace {
    /// In the header, next to the language switcher.
    Header,
    /// In the footer.
    Footer,
    /// Not linked from navigation.
    None,
}

/// A loaded YAML file: its id (from the file name), path and value with positions.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The id, from the file or folder name.
    pub id: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The parsed value.
    pub value: T,
    /// Where each key was written.
    pub positions: KeyPositions,
}

/// A loaded Markdown file with front matter.
#[derive(Debug, Clone)]
pub struct LoadedMarkdown {
    /// District or page id.
    pub id: String,
    /// Language tag from the file name.
    pub lang: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The front matter.
    pub front: RawFrontMatter,
    /// Where each front-matter key was written (real file lines).
    pub front_positions: KeyPositions,
    /// The Markdown body (shared: the preview's file cache keeps it between rebuilds).
    pub body: std::sync::Arc<str>,
    /// Number of lines above the body (front matter and its fences).
    pub body_line_offset: usize,
}

/// The whole `content/` folder as written.
#[derive(Debug, Default, Clone)]
pub struct RawContent {
    /// `offices/*.yaml`.
    pub offices: Vec<Loaded<RawOffice>>,
    /// `opening-hours/*.yaml`.
    pub hours: Vec<Loaded<RawHoursFile>>,
    /// `partners/*.yaml`.
    pub partners: Vec<Loaded<RawPartner>>,
    /// `districts/<id>/district.yaml`.
    pub districts: Vec<Loaded<RawDistrict>>,
    /// `districts/<id>/guide.<lang>.md`.
    pub guides: Vec<LoadedMarkdown>,
    /// `pages/<id>.<lang>.md`.
    pub pages: Vec<LoadedMarkdown>,
    /// `journeys/<id>/journey.yaml`.
    pub journeys: Vec<Loaded<RawJourney>>,
    /// `journeys/<id>/journey.<lang>.md`.
    pub journey_texts: Vec<LoadedMarkdown>,
    /// `printed-leaflets/<district>/<version>.yaml` (the id is `<district>/<version>`).
    pub leaflet_records: Vec<Loaded<RawLeafletRecord>>,
    /// Ids of offices, districts, partners and journeys whose file exists but could not be read or
    /// parsed (`offices/x`, `districts/y`); references to them are not reported again.
    pub broken: std::collections::BTreeSet<String>,
    /// Drafts set aside by [`RawContent::set_drafts_aside`] (`offices/x`, `districts/y`,
    /// `partners/z`, `pages/p`) with their file: a reference to one is an error that says so.
    pub drafts: std::collections::BTreeMap<String, std::path::PathBuf>,
}

impl RawContent {
    /// Takes the drafts out (what `build` publishes has none): offices with their hours,
    /// districts with their guides, partners, and pages whose German version is a draft (or
    /// single translations marked as drafts).
    pub fn set_drafts_aside(&mut self) {
        let mut drafts = std::collections::BTreeMap::new();
        let mut take = |kind: &str, id: &str, file: &std::path::Path| {
            drafts.insert(format!("{kind}/{id}"), file.to_path_buf());
        };
        self.offices.retain(|o| {
            !o.value.draft || {
                take("offices", &o.id, &o.file);
                false
            }
        });
        self.partners.retain(|p| {
            !p.value.draft || {
                take("partners", &p.id, &p.file);
                false
            }
        });
        self.districts.retain(|d| {
            !d.value.draft || {
                take("districts", &d.id, &d.file);
                false
            }
        });
        self.journeys.retain(|j| {
            !j.value.draft || {
                take("journeys", &j.id, &j.file);
                false
            }
        });
        let draft_pages: Vec<(String, std::path::PathBuf)> = self
            .pages
            .iter()
            .filter(|p| p.front.draft && p.lang == "de")
            .map(|p| (p.id.clone(), p.file.clone()))
            .collect();
        for (id, file) in &draft_pages {
            take("pages", id, file);
        }
        self.pages
            .retain(|p| !p.front.draft && !draft_pages.iter().any(|(id, _)| *id == p.id));
        self.guides.retain(|g| !g.front.draft);
        let gone = |kind: &str, id: &str| drafts.contains_key(&format!("{kind}/{id}"));
        self.hours.retain(|h| !gone("offices", &h.id));
        self.guides.retain(|g| !gone("districts", &g.id));
        self.journey_texts
            .retain(|t| !t.front.draft && !gone("journeys", &t.id));
        self.drafts = drafts;
    }

    /// Puts `new`, the parse of `file` read again, in the place of its entries; `false` (and
    /// nothing changed) when `new` does not have as many entries of each kind as `file` had.
    pub(super) fn patch(&mut self, file: &std::path::Path, new: &RawContent) -> bool {
        fn places<T>(all: &[T], file: &std::path::Path, of: impl Fn(&T) -> &std::path::Path) -> Vec<usize> {
            (0..all.len()).filter(|&i| of(&all[i]) == file).collect()
        }
        fn put<T: Clone>(all: &mut [T], at: Vec<usize>, new: &[T]) {
            for (i, value) in at.into_iter().zip(new) {
                all[i] = value.clone();
            }
        }
        let offices = places(&self.offices, file, |l| &l.file);
        let hours = places(&self.hours, file, |l| &l.file);
        let partners = places(&self.partners, file, |l| &l.file);
        let districts = places(&self.districts, file, |l| &l.file);
        let guides = places(&self.guides, file, |m| &m.file);
        let pages = places(&self.pages, file, |m| &m.file);
        let journeys = places(&self.journeys, file, |l| &l.file);
        let journey_texts = places(&self.journey_texts, file, |m| &m.file);
        let records = places(&self.leaflet_records, file, |l| &l.file);
        let same = offices.len() == new.offices.len()
            && hours.len() == new.hours.len()
            && partners.len() == new.partners.len()
            && districts.len() == new.districts.len()
            && guides.len() == new.guides.len()
            && pages.len() == new.pages.len()
            && journeys.len() == new.journeys.len()
            && journey_texts.len() == new.journey_texts.len()
            && records.len() == new.leaflet_records.len()
            && new.broken.is_empty()
            && new.drafts.is_empty();
        if same {
            put(&mut self.offices, offices, &new.offices);
            put(&mut self.hours, hours, &new.hours);
            put(&mut self.partners, partners, &new.partners);
            put(&mut self.districts, districts, &new.districts);
            put(&mut self.guides, guides, &new.guides);
            put(&mut self.pages, pages, &new.pages);
            put(&mut self.journeys, journeys, &new.journeys);
            put(&mut self.journey_texts, journey_texts, &new.journey_texts);
            put(&mut self.leaflet_records, records, &new.leaflet_records);
        }
        same
    }

    pub(super) fn merge(&mut self, other: RawContent) {
        self.offices.extend(other.offices);
        self.hours.extend(other.hours);
        self.partners.extend(other.partners);
        self.districts.extend(other.districts);
        self.guides.extend(other.guides);
        self.pages.extend(other.pages);
        self.journeys.extend(other.journeys);
        self.journey_texts.extend(other.journey_texts);
        self.leaflet_records.extend(other.leaflet_records);
        self.broken.extend(other.broken);
    }
}
