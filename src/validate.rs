//! Stage 3: `validate_content` — [`RawContent`] into checked [`Content`], or every problem.
//!
//! Checks required German texts, language tags, ids, dates, contact formats and all
//! cross-references (office ↔ districts, partner → districts, hours → office/location,
//! district → office, translations → German source). Markdown is rendered here once, because
//! rendering is where its problems (raw HTML, missing alt text) are found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::content::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, SourceLink};
use crate::yaml::KeyPositions;
use chrono::NaiveDate;

use crate::diagnostics::Position;
use crate::hours::{self, Closure, Hours, Slot};

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
    /// Provenance of a translation (`None` for German sources).
    pub translation: Option<Provenance>,
    /// Rendered body.
    pub html: String,
    /// Links written in the body, with their lines.
    pub links: Vec<SourceLink>,
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
}

/// The hash that identifies a version of a German text: the first 12 hex digits of the
/// SHA-256 of the body without leading and trailing white space. A translation records it as
/// `source_hash`; when the German text changes, the hash changes and the translation is
/// reported as outdated. Content, not file times, decides.
pub fn content_hash(body: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body.trim().as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

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
}

/// A content page (about, imprint…) per language; German always present.
#[derive(Debug, Clone)]
pub struct Page {
    /// Id.
    pub id: String,
    /// Versions per language tag.
    pub versions: BTreeMap<String, Document>,
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
    /// Links to other websites, with where each is written (for `check --external`).
    pub external_links: Vec<ExternalLink>,
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

fn collect_external_links(
    raw: &RawContent,
    pages: &BTreeMap<String, Page>,
    districts: &BTreeMap<String, District>,
) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    let web = |value: &Option<String>| {
        value
            .as_ref()
            .filter(|w| w.starts_with("http") && !is_placeholder(w))
            .cloned()
    };
    for o in &raw.offices {
        if let Some(url) = web(&o.value.contact.web) {
            links.push(ExternalLink {
                url,
                file: o.file.clone(),
                position: o.positions.value_at("contact.web"),
            });
        }
    }
    for p in &raw.partners {
        if let Some(url) = web(&p.value.contact.web) {
            links.push(ExternalLink {
                url,
                file: p.file.clone(),
                position: p.positions.value_at("contact.web"),
            });
        }
    }
    let documents = pages
        .values()
        .flat_map(|p| p.versions.values())
        .chain(districts.values().flat_map(|d| d.guide.values()));
    for doc in documents {
        for link in doc
            .links
            .iter()
            .filter(|l| l.href.starts_with("http://") || l.href.starts_with("https://"))
        {
            links.push(ExternalLink {
                url: link.href.clone(),
                file: doc.file.clone(),
                position: link.position,
            });
        }
    }
    links.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
    links
}

/// Page ids that would clash with generated sections.
const RESERVED_PAGE_IDS: &[&str] = &["districts", "offices", "partners", "assets", "search", "leaflets"];

/// Collects diagnostics for one YAML file.
struct FileCheck<'a> {
    file: &'a Path,
    positions: &'a KeyPositions,
    config: &'a SiteConfig,
    diags: &'a mut Diagnostics,
}

impl FileCheck<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, Some(self.positions.at(path)), message).with_help(help));
    }

    fn warning(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.file, Some(self.positions.at(path)), message).with_help(help));
    }

    /// German is required; every key must be a configured language; no empty texts.
    fn i18n(&mut self, path: &str, text: &I18n) {
        let default = self.config.default_language.clone();
        match text.get(&default) {
            None => {
                let key = path
                    .rsplit('.')
                    .find(|k| !k.chars().all(|c| c.is_ascii_digit()))
                    .unwrap_or(path);
                self.error(
                    path,
                    format!("`{key}` has no German text (`{default}:`)"),
                    format!(
                        "German is the source language and always required; add a line `{default}: …` under `{key}:`"
                    ),
                )
            }
            Some(t) if crate::content::is_blank(t) => self.error(
                &format!("{path}.{default}"),
                format!("the German text of `{path}` is empty{}", blank_detail(t)),
                "write the text after the colon; German is always required",
            ),
            Some(_) => {}
        }
        for (tag, value) in text {
            if self.config.language(tag).is_none() {
                let tags = self
                    .config
                    .languages
                    .iter()
                    .map(|l| l.tag.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    &format!("{path}.{tag}"),
                    format!("`{tag}` is not a configured language"),
                    format!("{}; configured languages: {tags}", crate::config::tag_help(tag)),
                );
            } else if crate::content::is_blank(value) && *tag != default {
                self.warning(
                    &format!("{path}.{tag}"),
                    format!("the `{tag}` text of `{path}` is empty{}", blank_detail(value)),
                    "write the translation or delete the line; the German text is shown meanwhile",
                );
            }
        }
    }

    fn i18n_opt(&mut self, path: &str, text: &Option<I18n>) {
        if let Some(text) = text {
            self.i18n(path, text);
        }
    }

    fn spoken_languages(&mut self, path: &str, tags: &[String]) {
        for (i, tag) in tags.iter().enumerate() {
            if !self.config.spoken_languages.contains_key(tag) {
                self.error(
                    &format!("{path}.{i}"),
                    format!("language `{tag}` is not listed under `spoken_languages` in site-config.yaml"),
                    format!(
                        "{}; or add `{tag}: <its own name>` to `spoken_languages`",
                        crate::config::tag_help(tag)
                    ),
                );
            }
        }
    }

    fn districts(&mut self, path: &str, ids: &[String], known: &BTreeSet<String>) {
        if ids.is_empty() {
            self.error(
                path,
                format!("`{path}` lists no district"),
                "name at least one district id, e.g. `[scharnhorst]`",
            );
        }
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id) {
                self.error(
                    &format!("{path}.{i}"),
                    format!("unknown district `{id}`"),
                    format!(
                        "use the name of a folder under content/districts/: {}",
                        closest(id, known)
                    ),
                );
            }
        }
    }

    fn contact(&mut self, path: &str, contact: &Contact) {
        if let Some(phone) = &contact.phone
            && !is_placeholder(phone)
            && !phone.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c))
        {
            self.error(
                &format!("{path}.phone"),
                format!("phone number `{phone}` contains characters other than digits, spaces and + - / ( )"),
                "write the number as dialled, e.g. `0231 123456` or `+49 231 123456`",
            );
        }
        if let Some(email) = &contact.email
            && !is_placeholder(email)
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            self.error(
                &format!("{path}.email"),
                format!("`{email}` is not an e-mail address"),
                "write it as name@example.org",
            );
        }
        if let Some(web) = &contact.web
            && !is_placeholder(web)
            && !(web.starts_with("https://") || web.starts_with("http://"))
        {
            self.error(
                &format!("{path}.web"),
                format!("`{web}` is not a web address"),
                "write the full address starting with https://",
            );
        }
    }

    /// An error at a column inside the value of `path` (1-based column in the value).
    fn error_in_value(&mut self, path: &str, column: usize, message: impl Into<String>, help: impl Into<String>) {
        let p = self.positions.value_at(path);
        let at = Position::new(p.line, p.column + column.saturating_sub(1));
        self.diags
            .push(Diagnostic::error(self.file, Some(at), message).with_help(help));
    }

    /// Parses and checks an `opening_hours` expression at `path`.
    fn expression(&mut self, path: &str, expression: &str) -> Option<opening_hours::OpeningHours> {
        const HELP: &str = "write days and times like `Mo,We 09:00-12:00; Th 08:30-11:30; PH off` (days Mo Tu We Th Fr Sa Su, times HH:MM-HH:MM, `PH off` closes on public holidays)";
        let parsed = match hours::parse_expression(expression) {
            Ok(p) => p,
            Err(e) => {
                self.error_in_value(path, e.column, e.message, HELP);
                return None;
            }
        };
        let problems = hours::check_expression(expression);
        let ok = problems.is_empty();
        for p in problems {
            let help = p.help.unwrap_or(
                "write the earlier time first, and each time span of a day only once, e.g. `Mo 09:00-12:00,14:00-16:00`",
            );
            self.error_in_value(path, p.column, p.message, help);
        }
        ok.then_some(parsed)
    }

    fn parse_date(&mut self, path: &str, text: &str) -> Option<NaiveDate> {
        match crate::dates::parse_date(text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error(path, message, crate::dates::DATE_HELP);
                None
            }
        }
    }

    /// Checks closures; past ones are warnings (they can be deleted).
    fn closures(&mut self, path: &str, raw: &[RawClosure], today: NaiveDate) -> Vec<(usize, Closure)> {
        let mut out = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            let at = format!("{path}.{i}");
            self.i18n(&format!("{at}.reason"), &c.reason);
            let Some(from) = self.parse_date(&format!("{at}.from"), &c.from) else {
                continue;
            };
            let to = match &c.to {
                Some(t) => match self.parse_date(&format!("{at}.to"), t) {
                    Some(t) => t,
                    None => continue,
                },
                None => from,
            };
            if to < from {
                self.error(
                    &format!("{at}.to"),
                    format!("the closure ends ({to}) before it starts ({from})"),
                    "swap `from` and `to`",
                );
                continue;
            }
            if to < today {
                self.warning(
                    &at,
                    format!("the closure {from} – {to} is in the past"),
                    "delete it; past closures are no longer shown",
                );
            }
            out.push((
                i,
                Closure {
                    from,
                    to,
                    reason: c.reason.clone(),
                },
            ));
        }
        out
    }

    /// Checks the hours of one location and builds them.
    fn location_hours(
        &mut self,
        id: &str,
        raw: &RawLocationHours,
        office_closures: &[(usize, Closure)],
        office_languages: &[String],
        today: NaiveDate,
    ) -> Option<Hours> {
        let at = format!("locations.{id}");
        let languages = if raw.languages.is_empty() {
            office_languages.to_vec()
        } else {
            raw.languages.clone()
        };
        self.spoken_languages(&format!("{at}.languages"), &raw.languages);
        let own_closures = self.closures(&format!("{at}.closures"), &raw.closures, today);
        let mut slots = Vec::new();
        for (i, slot) in raw.slots.iter().enumerate() {
            self.spoken_languages(&format!("{at}.slots.{i}.languages"), &slot.languages);
            if let Some(when) = self.expression(&format!("{at}.slots.{i}.when"), &slot.when) {
                slots.push(Slot {
                    when,
                    when_text: slot.when.clone(),
                    mode: slot.mode.unwrap_or(raw.mode),
                    languages: slot.languages.clone(),
                });
            }
        }
        let expression = raw.hours.as_deref()?;
        if expression.trim().is_empty() {
            self.error(
                &format!("{at}.hours"),
                "the hours are empty",
                "write them as e.g. `Mo,We 09:00-12:00; PH off`, or `hours: null` while unknown",
            );
            return None;
        }
        let parsed = self.expression(&format!("{at}.hours"), expression)?;
        let mut closures: Vec<Closure> = own_closures.iter().map(|(_, c)| c.clone()).collect();
        closures.extend(office_closures.iter().map(|(_, c)| c.clone()));
        closures.extend(self.config.closures.iter().cloned());
        let hours = Hours::new(
            expression,
            parsed,
            raw.mode,
            languages,
            slots,
            closures,
            raw.temporarily_closed.clone(),
        );
        for i in hours.slots_outside_hours(today) {
            self.error(
                &format!("{at}.slots.{i}.when"),
                format!("the slot `{}` lies outside the hours `{expression}`", raw.slots[i].when),
                "a slot only describes part of the hours; make it fit inside them or extend `hours`",
            );
        }
        for (i, closure) in &own_closures {
            let mut day = closure.from;
            let mut open_on_some_day = false;
            while day <= closure.to && !open_on_some_day {
                open_on_some_day = !hours.regular_ranges(day).is_empty();
                day += chrono::Duration::days(1);
            }
            if !open_on_some_day {
                self.warning(
                    &format!("{at}.closures.{i}"),
                    format!("the location has no hours on {} anyway", closure.from),
                    "check the date; a closure is only needed on days with office hours",
                );
            }
        }
        Some(hours)
    }

    /// Coordinates: inside the range of the earth, and a warning when outside the site's
    /// region (a swapped pair or a mistyped digit puts the map marker in another country).
    fn geo(&mut self, path: &str, geo: &Option<Geo>) {
        let Some(geo) = geo else { return };
        let (lat, lon) = (geo.lat, geo.lon);
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            self.error(
                &format!("{path}.lat"),
                format!("latitude `{lat}` is not between -90 and 90"),
                "write the latitude in decimal degrees, e.g. `lat: 51.5136` for Dortmund",
            );
        } else if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            self.error(
                &format!("{path}.lon"),
                format!("longitude `{lon}` is not between -180 and 180"),
                "write the longitude in decimal degrees, e.g. `lon: 7.4653` for Dortmund",
            );
        } else if let Some(region) = self.config.region
            && !region.contains(lat, lon)
        {
            let help = if region.contains(lon, lat) {
                "latitude and longitude seem swapped: `lat` is the first number of a map link (north), `lon` the second (east)"
            } else {
                "check the digits; copy the coordinates from a map link of the place"
            };
            self.warning(
                path,
                format!("the place ({lat}, {lon}) lies outside the site's region in site-config.yaml"),
                help,
            );
        }
    }

    fn date(&mut self, path: &str, date: &Option<String>) {
        if let Some(d) = date {
            self.parse_date(path, d);
        }
    }
}

/// Why a blank text counts as empty, when a person could not see it.
fn blank_detail(text: &str) -> &'static str {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        ""
    } else if matches!(trimmed, "~" | "null" | "Null" | "NULL") {
        " (`~` and `null` mean \"no value\" in YAML)"
    } else {
        " (it holds only invisible characters such as zero-width spaces or direction marks)"
    }
}

/// Whether a text is a visible placeholder for a fact the network still has to supply.
pub fn is_placeholder(text: &str) -> bool {
    text.trim_start().starts_with(PLACEHOLDER_PREFIX)
}

/// How a placeholder text starts in the content files.
pub const PLACEHOLDER_PREFIX: &str = "PLATZHALTER";

/// The known ids, with the most similar one first, for a help line.
fn closest(id: &str, known: &BTreeSet<String>) -> String {
    let mut ids: Vec<&String> = known.iter().collect();
    ids.sort_by_key(|k| (strsim::levenshtein(id, k), k.to_string()));
    ids.iter().take(12).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

/// Checks everything and returns the content, or all diagnostics when there are errors.
/// Warnings are returned in both cases.
pub fn validate_content(
    raw: RawContent,
    config: &SiteConfig,
    today: NaiveDate,
    editorial: bool,
) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let broken = |section: &str| -> Vec<String> {
        raw.broken
            .iter()
            .filter_map(|b| b.strip_prefix(section).map(str::to_string))
            .collect()
    };
    // Ids of files that failed to parse count as known, so one mistake is reported once.
    let district_ids: BTreeSet<String> = raw
        .districts
        .iter()
        .map(|d| d.id.clone())
        .chain(broken("districts/"))
        .collect();
    let office_ids: BTreeSet<String> = raw
        .offices
        .iter()
        .map(|o| o.id.clone())
        .chain(broken("offices/"))
        .collect();

    let mut hours_by_office: BTreeMap<String, &Loaded<RawHoursFile>> = BTreeMap::new();
    for h in &raw.hours {
        if !office_ids.contains(&h.id) {
            diags.push(
                Diagnostic::error(&h.file, None, format!("opening hours for unknown office `{}`", h.id)).with_help(
                    format!(
                        "name the file after an office in content/offices/: {}",
                        closest(&h.id, &office_ids)
                    ),
                ),
            );
        } else {
            hours_by_office.insert(h.id.clone(), h);
        }
    }

    let mut offices = BTreeMap::new();
    for loaded in &raw.offices {
        let o = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &o.name);
        c.i18n_opt("status_note", &o.status_note);
        c.i18n_opt("description", &o.description);
        if !(o.districts.is_empty() && o.status == OfficeStatus::Planned) {
            c.districts("districts", &o.districts, &district_ids);
        }
        for (i, op) in o.operators.iter().enumerate() {
            c.i18n(&format!("operators.{i}.name"), &op.name);
        }
        for (i, s) in o.services.iter().enumerate() {
            c.i18n(&format!("services.{i}"), s);
        }
        c.spoken_languages("languages", &o.languages);
        c.contact("contact", &o.contact);
        c.date("last_verified", &o.last_verified);
        let mut location_ids = BTreeSet::new();
        for (i, l) in o.locations.iter().enumerate() {
            let at = format!("locations.{i}");
            if !is_valid_id(&l.id) {
                c.error(
                    &format!("{at}.id"),
                    format!("`{}` is not a valid location id", l.id),
                    format!("use lowercase letters, digits and `-`, e.g. `{}`", suggest_id(&l.id)),
                );
            }
            if !location_ids.insert(l.id.clone()) {
                c.error(
                    &format!("{at}.id"),
                    format!("location id `{}` is used twice in this office", l.id),
                    "give each location its own id",
                );
            }
            c.i18n(&format!("{at}.name"), &l.name);
            c.i18n_opt(&format!("{at}.transport"), &l.transport);
            c.i18n_opt(&format!("{at}.accessibility"), &l.accessibility);
            c.geo(&format!("{at}.geo"), &l.geo);
        }
        let mains = o.locations.iter().filter(|l| l.kind == LocationKind::Main).count();
        if o.status != OfficeStatus::Planned && mains != 1 {
            c.error(
                "locations",
                format!("an office that is not `planned` needs exactly one location with `kind: main` (found {mains})"),
                "mark the office itself `kind: main` and every other place `kind: outpost`",
            );
        }
        let hours = hours_by_office.get(&loaded.id);
        let mut checked_hours = BTreeMap::new();
        if let Some(h) = hours {
            for id in h.value.locations.keys() {
                if !location_ids.contains(id) {
                    diags.push(
                        Diagnostic::error(
                            &h.file,
                            Some(h.positions.at(&format!("locations.{id}"))),
                            format!("office `{}` has no location `{id}`", loaded.id),
                        )
                        .with_help(format!(
                            "use a location id from {}: {}",
                            loaded.file.display(),
                            location_ids.iter().cloned().collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
            }
            let mut hc = FileCheck {
                file: &h.file,
                positions: &h.positions,
                config,
                diags: &mut diags,
            };
            let office_closures = hc.closures("closures", &h.value.closures, today);
            for (id, lh) in &h.value.locations {
                hc.i18n_opt(&format!("locations.{id}.note"), &lh.note);
                hc.i18n_opt(&format!("locations.{id}.temporarily_closed"), &lh.temporarily_closed);
                if let Some(checked) = hc.location_hours(id, lh, &office_closures, &o.languages, today) {
                    checked_hours.insert(id.clone(), checked);
                }
            }
        } else if o.status == OfficeStatus::Active && !raw.broken.contains(&format!("opening-hours/{}", loaded.id)) {
            diags.push(
                Diagnostic::warning(
                    &loaded.file,
                    None,
                    format!("office `{}` has no opening-hours file", loaded.id),
                )
                .with_help(format!("create content/opening-hours/{}.yaml", loaded.id)),
            );
        }
        let mut locations: Vec<Location> = o
            .locations
            .iter()
            .map(|l| {
                let lh = hours.and_then(|h| h.value.locations.get(&l.id));
                Location {
                    id: l.id.clone(),
                    kind: l.kind,
                    name: l.name.clone(),
                    address: l.address.clone(),
                    geo: l.geo,
                    transport: l.transport.clone(),
                    accessibility: l.accessibility.clone(),
                    hours: checked_hours.remove(&l.id),
                    hours_note: lh.and_then(|h| h.note.clone()),
                }
            })
            .collect();
        locations.sort_by_key(|l| l.kind != LocationKind::Main);
        offices.insert(
            loaded.id.clone(),
            Office {
                id: loaded.id.clone(),
                name: o.name.clone(),
                status: o.status,
                status_note: o.status_note.clone(),
                since: o.since,
                districts: o.districts.clone(),
                operators: o.operators.clone(),
                description: o.description.clone(),
                locations,
                contact: o.contact.clone(),
                languages: o.languages.clone(),
                services: o.services.clone(),
            },
        );
    }

    let mut partners = BTreeMap::new();
    for loaded in &raw.partners {
        let p = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &p.name);
        c.i18n("offer", &p.offer);
        c.i18n_opt("accessibility", &p.accessibility);
        c.districts("districts", &p.districts, &district_ids);
        c.spoken_languages("languages", &p.languages);
        c.contact("contact", &p.contact);
        c.geo("geo", &p.geo);
        c.date("last_verified", &p.last_verified);
        partners.insert(
            loaded.id.clone(),
            Partner {
                id: loaded.id.clone(),
                name: p.name.clone(),
                category: p.category,
                districts: p.districts.clone(),
                offer: p.offer.clone(),
                address: p.address.clone(),
                contact: p.contact.clone(),
                languages: p.languages.clone(),
                opening_hours: p.opening_hours.clone(),
                accessibility: p.accessibility.clone(),
                on_leaflet: p.on_leaflet,
            },
        );
    }

    // Markdown is rendered in parallel; everything else below is cheap.
    let render_all = |docs: &[LoadedMarkdown]| -> Vec<(markdown::RenderedMarkdown, Vec<Diagnostic>)> {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|md| markdown::render(&md.body, &md.file, md.body_line_offset))
            .collect()
    };
    let mut rendered_guides = render_all(&raw.guides).into_iter();
    let mut rendered_pages = render_all(&raw.pages).into_iter();
    let mut guides: BTreeMap<String, BTreeMap<String, Document>> = BTreeMap::new();
    for md in &raw.guides {
        let rendered = rendered_guides.next().unwrap_or_default();
        if !district_ids.contains(&md.id) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    None,
                    format!("guide for district `{}`, which has no district.yaml", md.id),
                )
                .with_help(format!("create content/districts/{}/district.yaml", md.id)),
            );
            continue;
        }
        let doc = document(md, rendered, config, &mut diags);
        guides.entry(md.id.clone()).or_default().insert(md.lang.clone(), doc);
    }

    let mut districts = BTreeMap::new();
    for loaded in &raw.districts {
        let d = &loaded.value;
        let mut c = FileCheck {
            file: &loaded.file,
            positions: &loaded.positions,
            config,
            diags: &mut diags,
        };
        c.i18n("name", &d.name);
        let named = d.office.clone().unwrap_or_default();
        match raw.offices.iter().find(|o| Some(&o.id) == d.office.as_ref()) {
            None if d.office.is_none() || office_ids.contains(&named) => {}
            None => c.error(
                "office",
                format!("unknown office `{named}`"),
                format!(
                    "use the file name (without .yaml) of an office in content/offices/, or `office: null` while none is responsible: {}",
                    closest(&named, &office_ids)
                ),
            ),
            Some(office) if !office.value.districts.contains(&loaded.id) => c.error(
                "office",
                format!(
                    "office `{named}` does not list district `{}` under `districts`",
                    loaded.id
                ),
                format!(
                    "add `{}` to `districts` in {}, or name the office that does serve it",
                    loaded.id,
                    office.file.display()
                ),
            ),
            Some(_) => {}
        }
        let guide = guides.remove(&loaded.id).unwrap_or_default();
        if !guide.contains_key(&config.default_language) {
            diags.push(
                Diagnostic::error(
                    &loaded.file,
                    None,
                    format!("district `{}` has no German guide", loaded.id),
                )
                .with_help(format!(
                    "create content/districts/{}/guide.{}.md; every page needs its German text",
                    loaded.id, config.default_language
                )),
            );
        }
        districts.insert(
            loaded.id.clone(),
            District {
                id: loaded.id.clone(),
                name: d.name.clone(),
                stadtteile: d.stadtteile.clone(),
                office: d.office.clone(),
                guide,
            },
        );
    }
    // Each office's districts must name it as responsible, so the two files agree.
    for loaded in &raw.offices {
        for (i, id) in loaded.value.districts.iter().enumerate() {
            if let Some(d) = raw.districts.iter().find(|d| &d.id == id)
                && d.value.office.as_ref() != Some(&loaded.id)
            {
                diags.push(
                    Diagnostic::error(
                        &loaded.file,
                        Some(loaded.positions.at(&format!("districts.{i}"))),
                        format!(
                            "district `{id}` names office `{}` as responsible, not `{}`",
                            d.value.office.as_deref().unwrap_or("null"),
                            loaded.id
                        ),
                    )
                    .with_help(format!(
                        "remove `{id}` here, or change `office:` in {}",
                        d.file.display()
                    )),
                );
            }
        }
    }

    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    for md in &raw.pages {
        let rendered = rendered_pages.next().unwrap_or_default();
        if RESERVED_PAGE_IDS.contains(&md.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    &md.file,
                    None,
                    format!("`{}` is reserved for a generated section", md.id),
                )
                .with_help("rename the page file, e.g. `about-us`"),
            );
            continue;
        }
        let doc = document(md, rendered, config, &mut diags);
        pages
            .entry(md.id.clone())
            .or_insert_with(|| Page {
                id: md.id.clone(),
                versions: BTreeMap::new(),
            })
            .versions
            .insert(md.lang.clone(), doc);
    }
    for page in pages.values() {
        if !page.versions.contains_key(&config.default_language) {
            let any = page
                .versions
                .values()
                .next()
                .map(|d| d.file.clone())
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(any, None, format!("page `{}` has no German version", page.id)).with_help(format!(
                    "create content/pages/{}.{}.md; translations are made from the German text",
                    page.id, config.default_language
                )),
            );
        }
    }

    if editorial {
        for d in districts.values() {
            translation_report(&d.guide, config, &mut diags);
        }
        for p in pages.values() {
            translation_report(&p.versions, config, &mut diags);
        }
        let offices = raw
            .offices
            .iter()
            .map(|l| (&l.file, &l.positions, &l.value.last_verified));
        let partners = raw
            .partners
            .iter()
            .map(|l| (&l.file, &l.positions, &l.value.last_verified));
        for (file, positions, last_verified) in offices.chain(partners) {
            stale_check(file, positions, last_verified, config, today, &mut diags);
        }
    }
    let external_links = collect_external_links(&raw, &pages, &districts);
    let content = Content {
        external_links,
        offices,
        partners,
        districts,
        pages,
    };
    if diags.has_errors() {
        (None, diags)
    } else {
        (Some(content), diags)
    }
}

fn document(
    md: &LoadedMarkdown,
    rendered: (markdown::RenderedMarkdown, Vec<Diagnostic>),
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Document {
    let (rendered, problems) = rendered;
    for p in problems {
        diags.push(p);
    }
    let is_source = md.lang == config.default_language;
    let mut c = FileCheck {
        file: &md.file,
        positions: &md.front_positions,
        config,
        diags,
    };
    if crate::content::is_blank(&md.front.title) {
        c.error(
            "title",
            format!("the title is empty{}", blank_detail(&md.front.title)),
            "write the page title after `title:`",
        );
    }
    if !is_source && md.front.translation.is_none() {
        c.error(
            "title",
            "a translation must say who made it",
            "add `translation: human`, `translation: machine` or `translation: machine-reviewed` to the front matter",
        );
    }
    if is_source && md.front.translation.is_some() {
        c.warning(
            "translation",
            "the German source is not a translation; `translation:` is ignored",
            "delete the `translation:` line",
        );
    }
    Document {
        lang: md.lang.clone(),
        file: md.file.clone(),
        title: md.front.title.clone(),
        summary: md.front.summary.clone(),
        translation: md.front.translation,
        html: rendered.html,
        links: rendered.links,
        nav: md.front.nav.unwrap_or(NavPlace::None),
        order: md.front.order.unwrap_or(100),
        body_hash: content_hash(&md.body),
        source_hash: md
            .front
            .source_hash
            .clone()
            .map(|h| (h, md.front_positions.value_at("source_hash"))),
        title_position: md.front_positions.at("title"),
    }
}

/// Entries not verified within the review interval (or never).
fn stale_check(
    file: &Path,
    positions: &KeyPositions,
    last_verified: &Option<String>,
    config: &SiteConfig,
    today: NaiveDate,
    diags: &mut Diagnostics,
) {
    let interval = config.review_interval_days;
    match last_verified.as_deref().and_then(|d| crate::dates::parse_date(d).ok()) {
        None if last_verified.is_none() => diags.push(
            Diagnostic::warning(file, None, "this entry has never been verified (no `last_verified`)").with_help(
                format!("check address, contact and offer with the people there, then add `last_verified: {today}`"),
            ),
        ),
        None => {}
        Some(date) if (today - date).num_days() > i64::from(interval) => diags.push(
            Diagnostic::warning(
                file,
                Some(positions.value_at("last_verified")),
                format!("last verified on {date}, more than {interval} days ago"),
            )
            .with_help(format!(
                "check address, contact and offer again, then write `last_verified: {today}`"
            )),
        ),
        Some(_) => {}
    }
}

/// Editorial checks for `quartier check`: translations missing or made from an older German
/// text, per set of versions of one document.
fn translation_report(versions: &BTreeMap<String, Document>, config: &SiteConfig, diags: &mut Diagnostics) {
    let Some(source) = versions.get(&config.default_language) else {
        return;
    };
    let missing: Vec<&str> = config
        .languages
        .iter()
        .filter(|l| l.tag != config.default_language && !versions.contains_key(&l.tag))
        .map(|l| l.tag.as_str())
        .collect();
    if !missing.is_empty() {
        let stem = source
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .replace(&format!(".{}.md", config.default_language), "");
        diags.push(
            Diagnostic::warning(&source.file, None, format!("not translated yet into: {}", missing.join(", ")))
                .with_help(format!(
                    "readers of these languages see the German text, marked; to translate, create {stem}.<lang>.md next to this file with `source_hash: {}`",
                    source.body_hash
                )),
        );
    }
    for doc in versions.values().filter(|d| d.lang != config.default_language) {
        match &doc.source_hash {
            None => diags.push(
                Diagnostic::warning(&doc.file, Some(doc.title_position), "the translation does not say which German text it was made from")
                    .with_help(format!("if it matches the current German text, add `source_hash: {}` to the front matter", source.body_hash)),
            ),
            Some((hash, at)) if *hash != source.body_hash => diags.push(
                Diagnostic::warning(&doc.file, Some(*at), format!("outdated: the German text has changed since this translation was made (it was made from {hash}, the German text is now {})", source.body_hash))
                    .with_help(format!("compare with {}, update the translation, then write `source_hash: {}`", source.file.display(), source.body_hash)),
            ),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_first() {
        let known: BTreeSet<String> = ["eving", "scharnhorst", "brackel"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(closest("scharnhost", &known).starts_with("scharnhorst"));
    }
}
